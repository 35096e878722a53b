#!/usr/bin/env bash
# Whole-process figures for issue 11, on release builds and generated plans (12 periods,
# seed 1): `ragboard check` against a bare parse of the same file, at 1k, 10k, 20k and
# 100k actions; peak memory; the 20k/10k ratio; and the time to the meeting view's first
# frame at 100k (in a 200x50 tmux terminal). Each figure is the median of RUNS runs.
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

# measure CMD...: runs it under /usr/bin/time -v; prints "wall_seconds peak_kib".
measure() {
  local out="$WORK/time.txt"
  /usr/bin/time -v -o "$out" "$@" >/dev/null 2>"$WORK/stderr" || {
    echo "perf.sh: failed: $*" >&2
    cat "$WORK/stderr" >&2
    exit 1
  }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; wall = s }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.3f %d\n", wall, rss }' "$out"
}

# median_of RUNS CMD...: the median wall time and the largest peak memory of RUNS runs.
median_of() {
  local runs=$1
  shift
  local walls=() peak=0 w m
  for _ in $(seq "$runs"); do
    read -r w m < <(measure "$@")
    walls+=("$w")
    [ "$m" -gt "$peak" ] && peak=$m
  done
  printf '%s\n' "${walls[@]}" | sort -n | awk -v peak="$peak" '
    { v[NR] = $1 } END { printf "%.3f %d\n", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), peak }'
}

echo "machine: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "runs per figure: $RUNS (median wall time; peak memory is the largest of the runs)"
echo
printf '%8s %9s %10s %10s %7s %10s\n' actions "file MB" "check s" "bare s" ratio "peak MiB"
declare -A CHECK
for n in $SIZES; do
  plan="$WORK/plan-$n.ron"
  "$BIN" gen --actions "$n" --periods 12 --seed 1 -o "$plan" >/dev/null
  mb=$(awk -v b="$(stat -c %s "$plan")" 'BEGIN { printf "%.1f", b / 1e6 }')
  read -r check peak < <(median_of "$RUNS" "$BIN" check "$plan")
  read -r bare _ < <(median_of "$RUNS" "$BARE" "$plan")
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
  period=$(grep -o 'id: "[0-9][0-9]-[0-9][0-9]"' "$plan" | head -12 | tail -1 | cut -d'"' -f2)
  walls=()
  frames=()
  for _ in $(seq "$RUNS"); do
    session="ragboard-perf-$$"
    tmux new-session -d -s "$session" -x 200 -y 50 \
      "/usr/bin/time -v -o '$WORK/ff.txt' '$PWD/$BIN' --first-frame-exit --user perf --period '$period' '$plan' 2>'$WORK/ff.err'"
    while tmux has-session -t "$session" 2>/dev/null; do sleep 0.05; done
    frames+=("$(awk '/first frame after/ { print $4 }' "$WORK/ff.err")")
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.3f", s }' "$WORK/ff.txt")")
  done
  med() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
  echo "first frame of the meeting view at $FIRST_FRAME_AT actions (200x50 tmux): $(med "${frames[@]}") s (target <= 1.5)"
  echo "  whole process to exit after that frame (teardown included): $(med "${walls[@]}") s"
fi
