#!/usr/bin/env bash
# P(CLASS) by quintile of each uncertain parameter of a run folder, most
# influential first (the spread between its highest and lowest quintile).
#   bash scripts/prior_quintiles.sh RUN_DIR [CLASS] [TOP]
# CLASS defaults to symbiotic_bifurcation, TOP (rows printed) to 5.
set -euo pipefail
dir="${1:?usage: prior_quintiles.sh RUN_DIR [CLASS] [TOP]}"
cls="${2:-symbiotic_bifurcation}"
top="${3:-5}"
[ -f "$dir/outcomes.csv" ] || { echo "no outcomes.csv in $dir (a folder written by geostrat run)" >&2; exit 1; }
python3 - "$dir/outcomes.csv" "$cls" "$top" <<'PY'
import csv, sys
path, cls, top = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = list(csv.DictReader(open(path)))
names = [k for k in rows[0] if k.startswith(("parameters/", "games/", "policies/", "agents/"))]
if not names:
    sys.exit("no uncertain parameters in " + path)
table = []
for name in names:
    ordered = sorted(rows, key=lambda r: float(r[name]))
    n = len(ordered)
    q = [ordered[i * n // 5:(i + 1) * n // 5] for i in range(5)]
    p = [sum(r["outcome"] == cls for r in part) / len(part) for part in q]
    edges = [float(part[-1][name]) for part in q[:4]]
    table.append((max(p) - min(p), name, p, edges))
table.sort(key=lambda t: -t[0])
print("P(%s) by quintile of each uncertain parameter (%d replicates), largest spread first" % (cls, len(rows)))
print("%-52s %8s %8s %8s %8s %8s  quintile edges" % ("parameter", "Q1", "Q2", "Q3", "Q4", "Q5"))
for spread, name, p, edges in table[:top]:
    print("%-52s %s  %s" % (name, " ".join("%8.4f" % x for x in p), ", ".join("%.4g" % e for e in edges)))
PY
