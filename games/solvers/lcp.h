// lcp: Lemke-Howson paths to Nash equilibria of a two-player game, in exact
// integer arithmetic.
//
// Method (Gambit's "lcp" for strategic games; Lemke and Howson 1964, "Equilibrium
// points of bimatrix games", SIAM J. Appl. Math. 12; the formulation of von
// Stengel 2002, "Computing equilibria for two-person games", Handbook of Game
// Theory 3, ch. 45): with payoffs shifted to be positive, the path starts at
// the artificial equilibrium (0, 0) of the best-response polytopes
//   P = {x >= 0 : B^T x <= 1}, Q = {y >= 0 : A y <= 1},
// drops the starting label k (row strategy k < m, column strategy k - m
// otherwise) and pivots alternately in the two tableaus, each time bringing
// in the variable carrying the label that just became duplicate, until label
// k is picked up again: the endpoint, normalised, is a Nash equilibrium.
// Pivots are fraction-free (Bareiss) on integer tableaus, and the leaving
// row is chosen by the lexicographic minimum-ratio test over the columns of
// the initial slack basis (the basis inverse), which makes every ratio test
// decisive, so the path is unique and cannot cycle on degenerate games.
// Each path is first followed in doubles with the same lexicographic rule
// (ties and clear signs decided by scale-relative thresholds); its end basis
// is then verified exactly (the basic variables solved in rationals, checked
// non-negative and non-zero), and the fractions reported come from that exact
// solve. A path whose double run meets an unsure comparison, or whose end
// fails the check, is redone exactly: Bareiss pivots in machine integers
// (int64 entries, __int128 products, range-checked), and in GMP if an entry
// would leave that range. Every reported equilibrium is exact either way.
//
// Options: start_label in [0, m + n), or -1 to run from every label (m + n
// paths). The result is never complete: Lemke-Howson finds some equilibria,
// not all (Savani and von Stengel 2006 give games where every path is long
// and some equilibria are unreachable).
#pragma once

#include "games/normal_form.h"
#include "games/solvers/equilibrium.h"

namespace geostrat {

// Limits. Up front: a tableau of max(m, n) x (m + n + 1) integers at most
// kMaxLcpTableauCells. During the run, shared by all its paths: at most
// kMaxLcpFloatWork tableau entries updated in doubles and kMaxLcpExactWork
// in exact integers (each a few seconds); a path that would exceed
// what is left is stopped and its label skipped, said in `warning`. If every
// path is stopped, NotApplicable.
inline constexpr double kMaxLcpTableauCells = 4e6;
inline constexpr double kMaxLcpFloatWork = 2e9;
inline constexpr double kMaxLcpExactWork = 2e7;

// Distinct equilibria reached (compared exactly), in order of first
// reaching; each equilibrium's detail is {"labels": [starting labels that
// reached it], "pivots": [path length from each of those labels]}. Labels are
// 0-based: row strategies 0..m-1, then column strategies m..m+n-1. Throws NotApplicable unless the
// game has two players, and std::invalid_argument for a start label out of range.
SolveResult LemkeHowson(const NormalForm& game, int start_label = -1);

}  // namespace geostrat
