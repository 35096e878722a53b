#!/usr/bin/env bash
# How long a rating takes to reach a follower's screen (issue 20): two release builds of
# the meeting view on one plan in two tmux terminals, the writer and a read-only follower.
# Each round sends one rating key to the writer and times until the follower's screen shows
# it, polling the follower's screen every 5 ms (tmux's own capture time is included). The
# rating alternates between two levels so each round is a change. Prints every round and
# the median, in milliseconds.
#
#   scripts/follow-latency.sh           # ROUNDS=21; BIN=another build
#
# Needs tmux.
set -euo pipefail
ROUNDS=${ROUNDS:-21}
. "$(dirname "$0")/common.sh" latency
cp data/csc-development-plan-2017-19.ron "$WORK/plan.ron"

run="$BIN plan.ron --date 2018-02-01 --period 01-18"
t new-session -d -s writer -x 120 -y 36 -c "$WORK" "$run --user ann"
wait_for writer "Item 1 of 113"
t new-session -d -s follower -x 120 -y 36 -c "$WORK" "$run --user bob"
wait_for follower "following ann (live)"
# Both on action 1.1.1 (rated 4 in the file; 4 asks for a note, so 3 and 2 alternate).
t send-keys -t writer n n
t send-keys -t follower n n
wait_for follower "Action 1.1.1"

times=()
for i in $(seq 1 "$ROUNDS"); do
  if (( i % 2 )); then value=3; else value=2; fi
  start=$(now_ms)
  t send-keys -t writer "$value"
  # The follower's detail pane: the active period's row shows the new rating.
  wait_for follower "◆ RAG 01/18     $value"
  times+=($(( $(now_ms) - start )))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(( (ROUNDS + 1) / 2 ))p")
echo "rounds (ms): ${times[*]}"
echo "median: ${median} ms over $ROUNDS rounds (writer key sent -> follower screen shows it)"
