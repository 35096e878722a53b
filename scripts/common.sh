# Sourced by the scripts that drive the release build in tmux (key-latency, memory,
# follow-latency); not run on its own. Sets BIN (built unless given: BIN=another build
# measures that one), WORK (a scratch folder) and a tmux server of the script's own,
# all cleaned up on exit; `t` runs tmux on that server, `wait_for PANE TEXT` waits (60 s
# at most) until the pane shows the text, `now_ms` is the clock in milliseconds.
#
#   . "$(dirname "$0")/common.sh" NAME      # NAME: the tmux server's, for ps and logs

cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -z ${BIN:-} ]]; then
  cargo build --release --quiet --bin ragboard
  BIN=$PWD/target/release/ragboard
fi
WORK=$(mktemp -d)
SOCK="ragboard-$1-$$"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT

t() { tmux -L "$SOCK" "$@"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
wait_for() { # pane text
  local until=$(( SECONDS + 60 ))
  until t capture-pane -p -t "$1" | grep -qF -- "$2"; do
    if (( SECONDS > until )); then
      echo "timed out waiting for '$2' in $1" >&2
      t capture-pane -p -t "$1" >&2
      exit 1
    fi
    sleep 0.005
  done
}
