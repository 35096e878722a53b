#!/usr/bin/env bash
# Peak memory (VmHWM) of the meeting view on a large plan (issue 25, point 5: at most twice
# the file's size), through tmux: the release build on a generated plan at 200x50, read
# from /proc after the first frame, after six idle seconds (the dashboard's figures and
# the search index are made then), after a search and the dashboard, after a rating, and
# after a save. Prints each in KiB beside the target.
#
#   scripts/memory.sh [ACTIONS]      # default 100000; RUNS=3; BIN=another build
#
# Linux only (/proc); needs tmux.
set -euo pipefail
ACTIONS=${1:-100000}
RUNS=${RUNS:-3}
. "$(dirname "$0")/common.sh" memory
"$BIN" gen --actions "$ACTIONS" --periods 12 --seed 1 -o "$WORK/gen.ron" >/dev/null
size=$(stat -c %s "$WORK/gen.ron")
echo "plan: $ACTIONS actions, $size bytes; target 2x the file: $(( size * 2 / 1024 )) KiB"

hwm() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }

for run in $(seq 1 "$RUNS"); do
  cp "$WORK/gen.ron" "$WORK/plan.ron"
  rm -f "$WORK"/plan.ron.*
  # The meeting records into the plan's 11th period, its own: no question on opening.
  t new-session -d -s m -x 200 -y 50 -c "$WORK" \
    "exec '$BIN' plan.ron --user mem --period 11-19"
  wait_for m "Item 1 of"
  pid=$(t list-panes -t m -F '#{pane_pid}')
  first=$(hwm "$pid")
  sleep 6
  idle=$(hwm "$pid")
  t send-keys -t m / s u p p Enter
  sleep 1
  t send-keys -t m D
  sleep 1
  t send-keys -t m Escape
  sleep 1
  browsed=$(hwm "$pid")
  # The plan's second action (1.1.2, rated 2 in that period), rated 3, then saved.
  t send-keys -t m Home
  sleep 0.3
  t send-keys -t m j j j 3
  wait_for m "1 unsaved"
  sleep 1
  rated=$(hwm "$pid")
  t send-keys -t m C-s
  wait_for m "Saved to"
  saved=$(hwm "$pid")
  echo "run $run: first frame $first · after idle $idle · after a search and the dashboard $browsed · after a rating $rated · and a save $saved KiB"
  t kill-session -t m
  sleep 0.5
done
