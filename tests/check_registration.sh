#!/usr/bin/env bash
# Fails unless the test cases ctest would run are exactly those the test
# binary lists: same names, same count. Extra ctest tests that are not Catch2
# cases (scripts such as play_in_tmux) are listed in NON_CATCH below.
set -euo pipefail
binary=$1
build_dir=$2
NON_CATCH=(play_in_tmux play_in_tmux_sizes sweep_mpi_equivalence ctest_registers_every_test_case engine_layers engine_layers_control python_module notebooks)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Catch2 exits with the number of names listed, so its status says nothing.
# It quotes a listed name that starts with '#'; none may (tests/main.cc).
{ "$binary" --list-test-names-only || true; } | sed '/^$/d' | LC_ALL=C sort > "$tmp/binary"
ctest --test-dir "$build_dir" -N | sed -n 's/^ *Test *#[0-9]*: //p' | LC_ALL=C sort > "$tmp/ctest.all"
printf '%s\n' "${NON_CATCH[@]}" | LC_ALL=C sort > "$tmp/non_catch"
LC_ALL=C comm -23 "$tmp/ctest.all" "$tmp/non_catch" > "$tmp/ctest"

status=0
missing=$(LC_ALL=C comm -23 "$tmp/binary" "$tmp/ctest")
extra=$(LC_ALL=C comm -13 "$tmp/binary" "$tmp/ctest")
if [ -n "$missing" ]; then
  echo "test cases the binary lists but ctest does not run:"; printf '  %s\n' "$missing"; status=1
fi
if [ -n "$extra" ]; then
  echo "ctest tests that are not test cases of the binary:"; printf '  %s\n' "$extra"; status=1
fi
nb=$(wc -l < "$tmp/binary"); nc=$(wc -l < "$tmp/ctest")
echo "test cases: $nb listed by the binary, $nc registered with ctest"
[ "$nb" -eq "$nc" ] || status=1
[ "$nb" -gt 0 ] || { echo "the binary lists no test case"; status=1; }
exit $status
