"""enummixed against lrslib's lrsnash (Avis), the reference enumerator of
all extreme equilibria of two-player games: on random games, nondegenerate
and degenerate, both must list exactly the same set of equilibria in exact
rationals. lrslib is a Debian package scripts/setup.sh installs."""

import shutil
import subprocess
from fractions import Fraction

import numpy as np
import pytest

import geostrat


def lrsnash_equilibria(tmp_path, a, b):
    """The set of (x, y) that lrsnash prints: each block lists one x (a line
    starting with 1) with the y's it pairs with (lines starting with 2)."""
    binary = shutil.which("lrsnash")
    assert binary, "lrsnash is not installed (Debian: lrslib; scripts/setup.sh installs it)"
    m, n = a.shape
    path = tmp_path / "game.txt"
    rows = lambda mat: "\n".join(" ".join(str(v) for v in row) for row in mat)
    path.write_text(f"{m} {n}\n\n{rows(a)}\n\n{rows(b)}\n")
    out = subprocess.run([binary, str(path)], capture_output=True, text=True, check=True).stdout
    found = set()
    ys = []
    for line in out.splitlines():
        fields = line.split()
        if not fields or fields[0].startswith("*"):
            ys = [] if not fields else ys
            continue
        if fields[0] == "2":
            ys.append(tuple(Fraction(f) for f in fields[1:1 + n]))
        elif fields[0] == "1":
            x = tuple(Fraction(f) for f in fields[1:1 + m])
            for y in ys:
                found.add((x, y))
            ys = []
    return found


def geostrat_equilibria(a, b, threads):
    result = geostrat.solve([a.tolist(), b.tolist()], method="enummixed", threads=threads)
    assert result["complete"]
    return {(tuple(eq["profile"][0]), tuple(eq["profile"][1])) for eq in result["equilibria"]}


GAMES = (
    # (rows, columns, payoffs drawn from range(high), seeds): random games,
    # then degenerate ones (few distinct payoffs: ties in best responses,
    # vertices with more labels than their dimension, continua).
    [(m, n, 100, seed) for (m, n) in [(2, 2), (3, 3), (4, 6), (6, 4), (7, 7), (9, 9)]
     for seed in range(4)]
    + [(m, n, 3, seed) for (m, n) in [(3, 3), (4, 4), (5, 5), (6, 3)] for seed in range(6)]
    + [(5, 5, 2, seed) for seed in range(6)]
)


@pytest.mark.parametrize("m,n,high,seed", GAMES)
def test_enummixed_lists_the_equilibria_lrsnash_lists(tmp_path, m, n, high, seed):
    rng = np.random.default_rng(1000 * m + 100 * n + 10 * high + seed)
    a = rng.integers(0, high, size=(m, n))
    b = rng.integers(0, high, size=(m, n))
    reference = lrsnash_equilibria(tmp_path, a, b)
    assert reference, "lrsnash printed no equilibrium"
    assert geostrat_equilibria(a, b, threads=1) == reference
    assert geostrat_equilibria(a, b, threads=2) == reference
