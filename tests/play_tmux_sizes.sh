#!/usr/bin/env bash
# The seminar mode on a projector's terminal: `geostrat play` in detached tmux
# panes of 100 x 30 and 80 x 24 on a private server. After every screen the
# dashboard's first line (the "geostrat play | ..." title) must be on screen
# together with the prompt (nothing scrolled away), and no line may reach
# the last column (no line wraps: the screen captured with wrapped lines
# joined equals the plain capture). Polls the screen instead of sleeping a
# fixed time (at most 60 s per step).
# Usage: play_tmux_sizes.sh GEOSTRAT_BINARY SOURCE_DIR
set -euo pipefail
binary=$1
source_dir=$2
command -v tmux >/dev/null || {
  echo "play_tmux_sizes: tmux is not installed (scripts/setup.sh installs it)" >&2
  exit 1
}

# One private server per size: a server that is shutting down may still own
# its socket when the next session would start on it.
socket=""
work=$(mktemp -d)
tmx() { tmux -L "$socket" "$@"; }
cleanup() {
  for s in 100x30 80x24; do tmux -L "geostrat-play-sizes-$$-$s" kill-server 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
config="$source_dir/experiments/seminar/play-export-dilemma.json"

size=""
screen() { tmx capture-pane -p -t 0; }
fail() {
  echo "play_tmux_sizes ($size): $1" >&2
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
wait_gone() {
  local deadline=$((SECONDS + 60))
  while screen | grep -qF -- "$1"; do
    ((SECONDS <= deadline)) || fail "timed out waiting for the screen to lose: $1"
    sleep 0.2
  done
}
expect() { screen | grep -qF -- "$1" || fail "the screen lacks: $1"; }

# The whole dashboard is on screen: its title on the first line, the prompt
# on the last line written, and no line that wraps.
fits() {
  local columns=$1 prompt=$2
  wait_for "$prompt"
  screen | head -n 1 | grep -q '^geostrat play | ' || fail "the title is not the first line"
  screen | grep -qF -- "$prompt" || fail "the prompt is not on screen"
  local longest
  longest=$(screen | awk '{ if (length($0) > n) n = length($0) } END { print n + 0 }')
  ((longest < columns)) || fail "a line is $longest columns wide in a $columns-column pane"
  # -J joins wrapped lines (and keeps trailing spaces, dropped here).
  [[ "$(tmx capture-pane -p -J -t 0 | sed 's/ *$//')" == "$(screen | sed 's/ *$//')" ]] ||
    fail "a line wraps"
}

play_at() {
  local columns=$1 rows=$2
  size="${columns}x${rows}"
  socket="geostrat-play-sizes-$$-$size"
  env -u NO_COLOR -u COLUMNS -u LINES tmux -L "$socket" -f /dev/null new-session -d \
    -x "$columns" -y "$rows" \
    "cd '$work' && '$binary' play '$config' --as us --transcript class-$size; echo \"play exited with status \$?\"; sleep 600"
  fits "$columns" "[2026Q1] us>"
  expect "YOUR MOVES FOR 2026Q1"
  expect "[11] offtake*"

  tmx send-keys -t 0 "3" Enter
  fits "$columns" "[2026Q2] us>"
  expect "WHAT HAPPENED IN 2026Q1, AND WHY"
  expect "The US tightened the red line to H20-class chips"

  tmx send-keys -t 0 Enter
  fits "$columns" "[2026Q3] us>"
  expect "controller ban"
  if ((rows >= 30)); then
    expect "China banned gallium, germanium and antimony exports to the US"
  else
    # What happened is cut to the rows left, and the screen says so.
    expect "more lines: 'more' shows them all)"
  fi

  tmx send-keys -t 0 "undo" Enter
  wait_for "undone: back to 2026Q2"
  fits "$columns" "[2026Q2] us>"

  # `more` prints what happened in full below; `show` draws a fresh screen.
  tmx send-keys -t 0 "more" Enter
  wait_for "[2026Q2] us> more"
  wait_for "end-state check:"
  tmx send-keys -t 0 "show" Enter
  wait_gone "[2026Q2] us> more"
  fits "$columns" "[2026Q2] us>"

  tmx send-keys -t 0 "quit" Enter
  wait_for "play exited with status 0"
  grep -q '^2026Q1,export_control.restrictor,us,tight,human,license,' "$work/class-$size.csv" ||
    fail "the transcript lacks the quarter played"
  ! grep -q '^2026Q2,' "$work/class-$size.csv" || fail "the transcript keeps the undone quarter"
  grep -qF "## 2026Q1" "$work/class-$size.md" || fail "the Markdown transcript lacks 2026Q1"
}

play_at 100 30
play_at 80 24
echo "play_tmux_sizes: ok"
