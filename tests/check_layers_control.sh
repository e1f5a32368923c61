#!/usr/bin/env bash
# The control of check_layers.sh: on a copy of the sources with one include
# upward (run including report) and one sideways (sweep including history),
# the check must fail and name both; on the copy as it is, pass.
# Usage: check_layers_control.sh SOURCE_DIR
set -euo pipefail
src=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src/engine" "$src/agents" "$src/games" "$src/policies" "$work/"
bash "$src/tests/check_layers.sh" "$work" >/dev/null || { echo "control: the clean copy fails" >&2; exit 1; }
printf '#include "engine/report/svg.h"\n' >>"$work/engine/run/runner.cc"
printf '#include "engine/history/replay.h"\n' >>"$work/engine/sweep/sweep.cc"
if out=$(bash "$src/tests/check_layers.sh" "$work" 2>&1); then
  echo "control: check_layers passed a tree with includes that break the layering" >&2
  exit 1
fi
grep -qF "engine/run/runner.cc (run) includes engine/report/svg.h (report)" <<<"$out" ||
  { echo "control: the upward include is not named: $out" >&2; exit 1; }
grep -qF "engine/sweep/sweep.cc (sweep) includes engine/history/replay.h (history)" <<<"$out" ||
  { echo "control: the sideways include is not named: $out" >&2; exit 1; }
echo "check_layers_control: ok"
