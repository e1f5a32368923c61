#!/usr/bin/env bash
# The seminar mode in a real terminal: starts `geostrat play` in a detached
# tmux session of 120 x 40 on a private server, types moves and checks what
# the screen shows. It polls the screen instead of sleeping a fixed time, so a
# slow machine only waits longer (at most 60 s per step).
# Usage: play_tmux.sh GEOSTRAT_BINARY SOURCE_DIR
set -euo pipefail
binary=$1
source_dir=$2
command -v tmux >/dev/null || {
  echo "play_tmux: tmux is not installed (scripts/setup.sh installs it)" >&2
  exit 1
}

socket="geostrat-play-test-$$"
work=$(mktemp -d)
tmx() { tmux -L "$socket" "$@"; }
cleanup() {
  tmx kill-server 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

config="$source_dir/experiments/seminar/play-export-dilemma.json"
# No user configuration, and colours allowed (NO_COLOR unset).
env -u NO_COLOR tmux -L "$socket" -f /dev/null new-session -d -x 120 -y 40 \
  "cd '$work' && '$binary' play '$config' --as us; echo \"play exited with status \$?\"; sleep 600"

screen() { tmx capture-pane -p -t 0; }
fail() {
  echo "play_tmux: $1" >&2
  echo "---- screen ----" >&2
  screen >&2
  exit 1
}
wait_for() {
  local deadline=$((SECONDS + 60))
  until screen | grep -qF -- "$1"; do
    ((SECONDS <= deadline)) || fail "timed out waiting for: $1"
    sleep 0.2
  done
}
expect() { screen | grep -qF -- "$1" || fail "the screen lacks: $1"; }
reject() { ! screen | grep -qF -- "$1" || fail "the screen still shows: $1"; }

wait_for "[2026Q1] us>"
expect "geostrat play | play-export-dilemma | replicate 0 | you are us"
expect "INDICATORS at the start"
expect "export frontier F                0.440         | > us          restrictor license"
expect "  export_control.restrictor   [1] open         [2] license*     [3] tight        [4] ban"
tmx capture-pane -p -e -t 0 | grep -q $'\e\\[' || fail "no colours on a terminal"
# Nothing wider than the 120-column pane: no line wraps onto the next.
expect "  mineral_retaliation.target  [9] absorb       [10] stockpile   [11] offtake*"

tmx send-keys -t 0 "3" Enter
wait_for "[2026Q2] us>"
expect "The US tightened the red line to H20-class chips: your move."
reject "INDICATORS at the start"  # a fresh screen each quarter

tmx send-keys -t 0 Enter
wait_for "[2026Q3] us>"
expect "China banned gallium, germanium and antimony exports to the US: answering the US's move"

tmx send-keys -t 0 "undo" Enter
wait_for "undone: back to 2026Q2"
expect "[2026Q2] us>"

tmx send-keys -t 0 "tite" Enter
wait_for "error: 'tite' is neither a command nor a move"

tmx send-keys -t 0 "best" Enter
wait_for "best moves together this quarter:"

tmx send-keys -t 0 "quit" Enter
wait_for "play exited with status 0"
expect "STOPPED after 2026Q1 (1 of 12 quarters played)"
echo "play_tmux: ok"
