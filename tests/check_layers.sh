#!/usr/bin/env bash
# The engine's layers (docs/architecture.md): a file may include its own part
# and the parts below it, never a part above or beside it. The lower
# libraries (engine/core, agents, games, policies, games/solvers) include no
# engine part but engine/core. Fails naming every include that breaks a rule.
# Usage: check_layers.sh SOURCE_DIR
set -euo pipefail
cd "$1"

declare -A rank=([core]=0 [run]=1 [analysis]=2 [sweep]=3 [history]=3 [report]=4 [seminar]=4 [cli]=5)
violations=0
checked=0

# The part of the engine a path belongs to ("" outside the engine's parts).
part_of() {
  case "$1" in
    engine/*/*) local p=${1#engine/}; echo "${p%%/*}" ;;
    *) echo "" ;;
  esac
}

while IFS= read -r file; do
  from=$(part_of "$file")
  if [[ -z $from ]]; then
    from_rank=0  # agents, games, policies: below the engine, beside engine/core
    from=lower
  else
    [[ -n ${rank[$from]+x} ]] || { echo "check_layers: $file is in an unknown part '$from'" >&2; exit 1; }
    from_rank=${rank[$from]}
  fi
  while IFS= read -r line; do
    included=${line#*\"}
    included=${included%\"*}
    to=$(part_of "$included")
    [[ -n $to ]] || continue
    checked=$((checked + 1))
    [[ $to == "$from" ]] && continue
    if [[ -z ${rank[$to]+x} ]]; then
      echo "check_layers: $file includes $included, in an unknown part '$to'" >&2
      violations=$((violations + 1))
    elif ((rank[$to] > from_rank)) || { ((rank[$to] == from_rank)) && [[ $to != core ]]; }; then
      echo "check_layers: $file ($from) includes $included ($to): a part may include only the parts below it" >&2
      violations=$((violations + 1))
    fi
  done < <(grep -E '^#include "engine/[a-z_]+/' "$file" || true)
done < <(git ls-files 'engine/*.h' 'engine/*.cc' 'agents/*.h' 'agents/*.cc' 'games/*.h' 'games/*.cc' \
           'policies/*.h' 'policies/*.cc' 2>/dev/null || find engine agents games policies -name '*.h' -o -name '*.cc')

# An engine file outside every part would escape the check.
while IFS= read -r file; do
  [[ $file == engine/version.h.in ]] && continue
  case "$file" in engine/*/*) ;; engine/*) echo "check_layers: $file is in no part" >&2; violations=$((violations + 1)) ;; esac
done < <(git ls-files 'engine/*.h' 'engine/*.cc' 2>/dev/null || true)

((checked > 100)) || { echo "check_layers: only $checked includes checked; is SOURCE_DIR right?" >&2; exit 1; }
if ((violations > 0)); then
  echo "check_layers: $violations include(s) break the layering" >&2
  exit 1
fi
echo "check_layers: ok ($checked includes of engine parts checked)"
