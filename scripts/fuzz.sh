#!/usr/bin/env bash
# Fuzzes geostrat's readers with libFuzzer under AddressSanitizer and
# UndefinedBehaviorSanitizer (docs/limits.md, "Fuzzing").
#
#   scripts/fuzz.sh TARGET SECONDS [LIBFUZZER FLAGS...]
#   scripts/fuzz.sh all SECONDS [LIBFUZZER FLAGS...]   every target, SECONDS each
#
# Targets: config nfg observed checkpoint snapshot save seminar_command.
# Builds build-fuzz/ with clang if needed (GEOSTRAT_FUZZ=ON), replays the
# target's saved regressions (tests/fuzz_regressions/TARGET/), then fuzzes a
# fresh copy of its seed corpus and prints executions per second and the
# coverage reached (libFuzzer's cov: and ft:). Exits non-zero if any input
# crashed, hung or broke a sanitizer; the input is kept in
# build-fuzz/crashes/TARGET/ (copy it into tests/fuzz_regressions/TARGET/
# once the cause is fixed).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${GEOSTRAT_FUZZ_BUILD:-$root/build-fuzz}"
all_targets=(config nfg observed checkpoint snapshot save seminar_command)

usage() {
  echo "usage: scripts/fuzz.sh TARGET|all SECONDS [libFuzzer flags...]" >&2
  echo "targets: ${all_targets[*]}" >&2
  exit 64
}
[ $# -ge 2 ] || usage
which="$1"
seconds="$2"
shift 2
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -ge 1 ] || usage
if [ "$which" = all ]; then
  targets=("${all_targets[@]}")
else
  [[ " ${all_targets[*]} " == *" $which "* ]] || usage
  targets=("$which")
fi

# The largest input worth mutating: the biggest seed of each kind fits
# (history-2018-2025.json, the largest config, is 26 kB).
max_len() {
  case "$1" in
    config) echo 32768 ;;
    nfg) echo 4096 ;;
    observed) echo 8192 ;;
    checkpoint) echo 8192 ;;
    snapshot) echo 16384 ;;
    save) echo 8192 ;;
    seminar_command) echo 512 ;;
  esac
}

# ---- build ----
if [ ! -f "$build/CMakeCache.txt" ]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -DGEOSTRAT_FUZZ=ON \
    -DGEOSTRAT_TESTS=OFF -DGEOSTRAT_BENCH=OFF -DGEOSTRAT_MPI=OFF -DGEOSTRAT_WERROR=ON "${launcher[@]}"
fi
build_targets=()
for t in "${targets[@]}"; do build_targets+=("fuzz_$t"); done
cmake --build "$build" -j"${GEOSTRAT_FUZZ_JOBS:-2}" --target "${build_targets[@]}"

# ---- seed corpus: a fresh copy for every run ----
# Hand-made seeds (fuzz/corpus/TARGET/), the saved regressions, files of
# experiments/ for the text formats, and for the binary formats valid files
# the target writes itself (fuzz/harness.h, BinarySeeds).
assemble() {
  local t="$1" corpus="$2" exe="$3" limit
  limit="$(max_len "$t")"
  mkdir -p "$corpus"
  cp "$root/fuzz/corpus/$t/"* "$corpus/" 2>/dev/null || true
  # Saved regressions are good seeds once they pass (a failing one would stop
  # the run before it starts; it is reported on its own).
  [ "$regressions" = ok ] && cp "$root/tests/fuzz_regressions/$t/"* "$corpus/" 2>/dev/null || true
  case "$t" in
    config)
      find "$root/experiments" -name '*.json' -size -"$limit"c | while read -r f; do
        cp "$f" "$corpus/$(echo "${f#"$root/"}" | tr / _)"
      done ;;
    observed) cp "$root/experiments/history/"*.md "$corpus/" ;;
    checkpoint | snapshot | save) GEOSTRAT_FUZZ_SEEDS="$corpus" "$exe" >/dev/null ;;
  esac
}

# ---- run ----
summary=()
status=0
for t in "${targets[@]}"; do
  exe="$build/fuzz/fuzz_$t"
  work="$build/fuzz-runs/$t"
  crashes="$build/crashes/$t"
  rm -rf "$work"
  mkdir -p "$work/tmp" "$crashes"
  export TMPDIR="$work/tmp"
  # An input running 30 s is a hang (a loaded machine stalls for seconds);
  # one asking for more than 2 GB of memory is a finding.
  flags=(-max_len="$(max_len "$t")" -timeout=30 -report_slow_units=30 -rss_limit_mb=2048
         -print_final_stats=1)
  [ -f "$root/fuzz/dict/$t.dict" ] && flags+=(-dict="$root/fuzz/dict/$t.dict")
  # Inputs that once crashed must still be read cleanly.
  regressions=ok
  mapfile -t saved < <(find "$root/tests/fuzz_regressions/$t" -type f 2>/dev/null | sort)
  if [ ${#saved[@]} -gt 0 ] &&
    ! "$exe" "${flags[@]}" -artifact_prefix="$work/" "${saved[@]}" >"$work/regressions.log" 2>&1; then
    regressions=FAILED
    status=1
    echo "fuzz $t: a saved regression fails; see $work/regressions.log" >&2
  fi

  assemble "$t" "$work/corpus" "$exe"

  echo "== fuzz $t: ${seconds}s, corpus of $(ls "$work/corpus" | wc -l) seeds"
  found() { find "$crashes" -type f ! -name 'slow-unit-*' | wc -l; }
  before="$(found)"
  start=$SECONDS
  set +e
  "$exe" "${flags[@]}" -artifact_prefix="$crashes/" -max_total_time="$seconds" "$@" "$work/corpus" \
    >"$work/fuzz.log" 2>&1
  code=$?
  set -e
  elapsed=$(( SECONDS - start ))
  # The last status line (cov, ft, corp, exec/s) and the final statistics.
  last="$(grep -E '^#[0-9]+.* cov: ' "$work/fuzz.log" | tail -n 1 || true)"
  # (-fork mode prints "#N: cov: .. exec/s N" and no final statistics.)
  field() { echo "$last" | sed -nE "s|.* $1:? ([^ ]+).*|\1|p"; }
  final_stat() { sed -nE "s/^stat::$1: *([0-9]+).*/\1/p" "$work/fuzz.log" | tail -n 1; }
  execs="$(final_stat number_of_executed_units)"
  [ -n "$execs" ] || execs="$(echo "$last" | sed -nE 's/^#([0-9]+).*/\1/p')"
  per_second="$(final_stat average_exec_per_sec)"
  [ -n "$per_second" ] || per_second="$(field exec/s)"
  new_crashes=$(( $(found) - before ))
  result=ok
  if [ "$code" -ne 0 ] || [ "$new_crashes" -gt 0 ]; then
    result="CRASH ($new_crashes saved)"
    status=1
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|==[0-9]+== ERROR|.*uncaught exception|.*deadly signal|ALARM)' \
      "$work/fuzz.log" | head -n 5 >&2 || true
    for f in $(ls -t "$crashes" | grep -v '^slow-unit-' | head -n "$new_crashes"); do
      echo "fuzz $t: crashing input saved: $crashes/$f (reproduce: $exe $crashes/$f)" >&2
    done
    echo "fuzz $t: full log: $work/fuzz.log" >&2
  fi
  [ "$regressions" = ok ] || result="$result, regressions FAILED"
  summary+=("$(printf '%-16s %5ss %10s %8s %7s %7s %7s  %s' "$t" "$elapsed" "${execs:-?}" \
    "${per_second:-?}" "$(field cov)" "$(field ft)" "$(ls "$work/corpus" | wc -l)" "$result")")
done

printf '%-16s %6s %10s %8s %7s %7s %7s  %s\n' target time execs exec/s cov ft corpus result
printf '%s\n' "${summary[@]}"
exit "$status"
