#!/usr/bin/env bash
# The cost of calling geostrat from Python against the CLI: the same config,
# replicates and threads run through `geostrat run` and `geostrat.run(...)`,
# each writing its folder, alternately REPEAT times; prints each wall time and
# the ratio of the medians (Python / CLI), and checks that both wrote the same
# summary.json.
# Usage: bench/python_vs_cli.sh BUILD_DIR [CONFIG] [REPLICATES] [THREADS] [REPEAT]
set -euo pipefail
build=$1
config=${2:-experiments/baseline.json}
replicates=${3:-10000}
threads=${4:-2}
repeat=${5:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python=${PYTHON:-/usr/bin/python3}

wall() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
cli=() py=()
for ((k = 0; k < repeat; k++)); do
  rm -rf "$work/cli" "$work/py"
  cli+=("$(wall "$build/geostrat" run "$config" --replicates "$replicates" --threads "$threads" --out "$work/cli" -q)")
  py+=("$(wall env PYTHONPATH="$build/python" "$python" -c \
    "import sys, geostrat; geostrat.run(sys.argv[1], replicates=int(sys.argv[2]), threads=int(sys.argv[3]), out=sys.argv[4])" \
    "$config" "$replicates" "$threads" "$work/py")")
  cmp -s "$work/cli/summary.json" "$work/py/summary.json" || { echo "summary.json differs" >&2; exit 1; }
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
mc=$(median "${cli[@]}") mp=$(median "${py[@]}")
echo "cli    (s): ${cli[*]}"
echo "python (s): ${py[*]}"
printf 'python / cli, medians: %.3f (%s, %s replicates, %s threads)\n' "$(echo "$mp / $mc" | bc -l)" \
  "$config" "$replicates" "$threads"
