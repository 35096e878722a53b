#!/usr/bin/env bash
# How long a key takes to show on screen in the meeting view (issue 25), through tmux: the
# release build on a generated plan, one key sent, then the screen polled every 2 ms until it
# shows what the key should bring (tmux's own capture time, a few ms, is included). Prints
# each round and the median, in milliseconds.
#
#   scripts/key-latency.sh [ACTIONS]      # default 100000; ROUNDS=9; BIN=another build
#   PLAN=data/plan.ron scripts/key-latency.sh   # a plan of your own (copied; not changed)
#
# Measures the first frame, the dashboard's opening and closing, search letters, a cursor
# move, and a save (a rating, then C-s until "Saved to"; this meeting's period started).
#
# Needs tmux.
set -euo pipefail
ACTIONS=${1:-100000}
ROUNDS=${ROUNDS:-9}
. "$(dirname "$0")/common.sh" keys
if [[ -n ${PLAN:-} ]]; then
  cp "$PLAN" "$WORK/plan.ron"
else
  "$BIN" gen --actions "$ACTIONS" --periods 12 --seed 1 -o "$WORK/plan.ron" >/dev/null
fi

# Send keys, then wait until the screen has (or, with !, no longer has) the text; print ms.
timed() { # keys... -- text
  local keys=() text
  while [[ $1 != -- ]]; do keys+=("$1"); shift; done
  text=$2
  local start; start=$(now_ms)
  t send-keys -t m "${keys[@]}"
  for _ in $(seq 1 5000); do
    local screen; screen=$(t capture-pane -p -t m)
    if [[ $text == !* ]]; then
      grep -qF -- "${text#!}" <<<"$screen" || { echo $(( $(now_ms) - start )); return; }
    else
      grep -qF -- "$text" <<<"$screen" && { echo $(( $(now_ms) - start )); return; }
    fi
    sleep 0.002
  done
  echo "timed out waiting for '$text'" >&2; t capture-pane -p -t m >&2; exit 1
}
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }

start=$(now_ms)
t new-session -d -s m -x 200 -y 50 -c "$WORK" "$BIN plan.ron --user ann"
for _ in $(seq 1 5000); do
  t capture-pane -p -t m | grep -qF "Item 1 of" && break
  sleep 0.005
done
echo "first frame: $(( $(now_ms) - start )) ms"
t send-keys -t m Escape
sleep 1

open=(); close=(); search=()
for _ in $(seq 1 "$ROUNDS"); do
  open+=("$(timed D -- "Dashboard ·")")
  close+=("$(timed Escape -- "!Dashboard ·")")
done
echo "dashboard open (ms): ${open[*]} · median $(median "${open[@]}")"
echo "dashboard close (ms): ${close[*]} · median $(median "${close[@]}")"
second=(); fourth=()
for _ in $(seq 1 "$ROUNDS"); do
  t send-keys -t m /
  sleep 0.3
  search+=("$(timed s -- "/s▏")")
  sleep 0.2
  second+=("$(timed u -- "/su▏")")
  sleep 0.2
  t send-keys -t m p
  sleep 0.2
  fourth+=("$(timed p -- "/supp▏")")
  sleep 0.2
  t send-keys -t m Escape Escape
  sleep 0.3
done
echo "first search letter (ms): ${search[*]} · median $(median "${search[@]}")"
echo "second search letter (ms): ${second[*]} · median $(median "${second[@]}")"
echo "fourth search letter (ms): ${fourth[*]} · median $(median "${fourth[@]}")"
down=(); up=()
for _ in $(seq 1 "$ROUNDS"); do
  down+=("$(timed j -- "Item 2 of ")")
  sleep 0.1
  up+=("$(timed k -- "Item 1 of ")")
  sleep 0.1
done
echo "cursor down (ms): ${down[*]} · median $(median "${down[@]}")"
echo "cursor up (ms): ${up[*]} · median $(median "${up[@]}")"
# Start this meeting's period (the last choice of the periods dialog, then its label), go
# to the first action, and save after each rating.
t send-keys -t m v
sleep 0.5
for _ in $(seq 1 40); do t send-keys -t m Down; done
sleep 0.3
t send-keys -t m Enter
sleep 0.5
t send-keys -t m Enter
sleep 0.5
t send-keys -t m j j
sleep 0.5
saves=()
for i in $(seq 1 "$ROUNDS"); do
  timed $(( i % 2 + 2 )) -- "!Saved to" >/dev/null
  sleep 0.2
  saves+=("$(timed C-s -- "Saved to")")
  sleep 0.3
done
echo "a save, C-s to \"Saved to\" (ms): ${saves[*]} · median $(median "${saves[@]}")"
