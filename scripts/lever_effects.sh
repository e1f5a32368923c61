#!/usr/bin/env bash
# The lever-effect table of docs/model.md §9: the baseline with one lever set
# by a fixed policy or parameter, REPLICATES replicates each (default 4000),
# printing the end-of-run means of X_chip and S_CN, the US government's
# discounted utility and P(symbiotic_bifurcation).
#   bash scripts/lever_effects.sh [REPLICATES]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
reps="${1:-4000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
geostrat="$root/build/geostrat"
[ -x "$geostrat" ] || { echo "build first: $geostrat is missing" >&2; exit 1; }

run() {  # NAME JSON-MEMBERS
  printf '{"extends": "%s", "name": "%s", "replicates": %s, %s}\n' \
    "$root/experiments/status-quo.json" "$1" "$reps" "$2" > "$work/$1.json"
  "$geostrat" run "$work/$1.json" --out "$work/out-$1" -q
  python3 - "$1" "$work/out-$1/summary.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[2]))
e, u = d["end_indicators"], d["discounted_utility"]["us"]
print("%-10s X_chip %.3f  S_CN %.3f  US utility %.1f  P(symbiotic) %.4f" % (
    sys.argv[1], e["X_chip"]["mean"], e["S_CN"]["mean"], u["mean"] if isinstance(u, dict) else u,
    d["outcomes"]["symbiotic_bifurcation"]["p"]))
PY
}

license='"policies": {"export_control.restrictor": {"name": "fixed", "action": "license"}'
mid='"license_fee.seller": {"name": "fixed", "action": "mid"}}'
run fee0 "$license, $mid, \"scenario\": {\"games\": {\"license_fee\": {\"params\": {\"fee_mid\": {\"value\": 0}}}}}"
run fee100 "$license, $mid, \"scenario\": {\"games\": {\"license_fee\": {\"params\": {\"fee_mid\": {\"value\": 1}}}}}"
for f in 0.05 0.999 1.0; do
  run "f-${f/./-}" "$license}, \"scenario\": {\"games\": {\"export_control\": {\"params\": {\"f_license\": {\"value\": $f}}}}}"
done
guide='"policies": {"license_fee.buyer": {"name": "fixed", "action": "guide"}}'
for b in 0 0.9; do
  run "block-${b/./-}" "$guide, \"scenario\": {\"games\": {\"license_fee\": {\"params\": {\"block_guide\": {\"value\": $b, \"triangular\": null}}}}}"
done
run minerals-licensing '"policies": {"mineral_retaliation.controller": {"name": "fixed", "action": "licensing"}}'
run minerals-ban '"policies": {"mineral_retaliation.controller": {"name": "fixed", "action": "ban"}}'
