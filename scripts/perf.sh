#!/usr/bin/env bash
# Whole-process figures for issue 11, on release builds and generated plans (12 periods,
# seed 1): `ragboard check` against a bare parse of the same file (examples/bare_parse.rs:
# read + ron::from_str into ragboard's types on one thread, with the same allocator), at
# 1k, 10k, 20k and 100k actions; peak memory; the 20k/10k ratio; and the time to the
# meeting view's first frame at 100k (in a 200x50 tmux terminal). Each figure is the
# median of RUNS runs.
#
#   scripts/perf.sh              # RUNS=5, plans in a temporary folder
#   RUNS=3 SIZES="1000 10000" scripts/perf.sh
#
# Needs GNU time (/usr/bin/time; `apt-get install time`) and, for the first frame, tmux.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
SIZES=${SIZES:-"1000 10000 20000 100000"}
FIRST_FRAME_AT=${FIRST_FRAME_AT:-100000}

if [ ! -x /usr/bin/time ]; then
  echo "perf.sh: /usr/bin/time (GNU time) is missing: apt-get install time" >&2
  exit 1
fi

cargo build --release --quiet --bin ragboard --example bare_parse
BIN=target/release/ragboard
BARE=target/release/examples/bare_parse
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# measure CMD...: runs it under /usr/bin/time -v; prints "wall_seconds peak_kib". The wall
# time is bash's microsecond clock around the run (GNU time's own is in hundredths).
measure() {
  local out="$WORK/time.txt" start end
  start=$EPOCHREALTIME
  /usr/bin/time -v -o "$out" "$@" >/dev/null 2>"$WORK/stderr" || {
    echo "perf.sh: failed: $*" >&2
    cat "$WORK/stderr" >&2
    exit 1
  }
  end=$EPOCHREALTIME
  awk -v s="$start" -v e="$end" -F': ' '
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.4f %d\n", e - s, rss }' "$out"
}

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "machine: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runs per figure: $RUNS (median wall time; peak memory of check, the largest of the runs)"
echo
printf '%8s %9s %10s %10s %7s %10s\n' actions "file MB" "check s" "bare s" ratio "check MiB"
declare -A CHECK
for n in $SIZES; do
  plan="$WORK/plan-$n.ron"
  "$BIN" gen --actions "$n" --periods 12 --seed 1 -o "$plan" >/dev/null
  mb=$(awk -v b="$(stat -c %s "$plan")" 'BEGIN { printf "%.1f", b / 1e6 }')
  # Check and bare parse take turns, so both meet the same load on a shared machine.
  checks=() bares=() peak=0
  for _ in $(seq "$RUNS"); do
    read -r w m < <(measure "$BIN" check "$plan")
    checks+=("$w")
    [ "$m" -gt "$peak" ] && peak=$m
    read -r w _ < <(measure "$BARE" "$plan")
    bares+=("$w")
  done
  check=$(median "${checks[@]}")
  bare=$(median "${bares[@]}")
  CHECK[$n]=$check
  ratio=$(awk -v c="$check" -v b="$bare" 'BEGIN { printf "%.2f", c / b }')
  printf '%8s %9s %10s %10s %7s %10s\n' "$n" "$mb" "$check" "$bare" "$ratio" \
    "$(awk -v k="$peak" 'BEGIN { printf "%.1f", k / 1024 }')"
done

if [ -n "${CHECK[10000]:-}" ] && [ -n "${CHECK[20000]:-}" ]; then
  echo
  echo "20k/10k check time ratio: $(awk -v a="${CHECK[20000]}" -v b="${CHECK[10000]}" 'BEGIN { printf "%.2f", a / b }') (target <= 2.2)"
fi

if command -v tmux >/dev/null 2>&1 && [[ " $SIZES " == *" $FIRST_FRAME_AT "* ]]; then
  plan="$WORK/plan-$FIRST_FRAME_AT.ron"
  # The last period is the meeting's own, so no "start a period?" question comes first.
  period=$(grep -o 'id: "[0-9][0-9]-[0-9][0-9]"' "$plan" | head -11 | tail -1 | cut -d'"' -f2)
  frames=() wholes=() walls=()
  for _ in $(seq "$RUNS"); do
    session="ragboard-perf-$$"
    start=$EPOCHREALTIME
    tmux new-session -d -s "$session" -x 200 -y 50 \
      "'$PWD/$BIN' --first-frame-exit --user perf --period '$period' '$plan' 2>'$WORK/ff.err'"
    while tmux has-session -t "$session" 2>/dev/null; do sleep 0.02; done
    end=$EPOCHREALTIME
    # The app's own clock, from start to the frame drawn (tmux start-up not counted).
    frames+=("$(awk '/first frame after/ { print $4 }' "$WORK/ff.err")")
    wholes+=("$(awk '/whole plan open after/ { print $5 }' "$WORK/ff.err")")
    walls+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')")
  done
  whole=$(median "${wholes[@]}")
  echo "first frame at $FIRST_FRAME_AT actions (200x50 tmux; the plan's beginning): $(median "${frames[@]}") s (target <= 0.5)"
  echo "the whole plan open in the meeting view: $whole s, $(awk -v w="$whole" -v c="${CHECK[$FIRST_FRAME_AT]}" 'BEGIN { printf "%.2f", w / c }') x check (target <= 1.2)"
  echo "  to the process's exit after that frame, tmux included: $(median "${walls[@]}") s"
fi
