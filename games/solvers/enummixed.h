// enummixed: every extreme Nash equilibrium of a two-player game, and the
// maximal convex sets of equilibria they span, in exact arithmetic.
//
// Method (Gambit's "enummixed"; Avis, Rosenberg, Savani and von Stengel 2010,
// "Enumeration of Nash equilibria for two-player games", Economic Theory 42):
// with payoffs shifted to be positive, the best-response polytopes are
//   P = {x >= 0 : B^T x <= 1}  and  Q = {y >= 0 : A y <= 1},
// labelled by the constraints they make tight (row strategy i: x_i = 0 or
// (A y)_i = 1; column strategy j: (B^T x)_j = 1 or y_j = 0). The extreme
// equilibria are exactly the completely labelled vertex pairs (x, y) other
// than (0, 0), normalised to sum 1. Every vertex of each polytope is found by
// walking the graph of its feasible bases from the origin basis with exact
// integer (Bareiss) pivots, taking every tied leaving row of each ratio test,
// and visiting each basis once; the feasible bases of a polytope are connected
// under such pivots, so this is complete on degenerate games too, where one
// vertex has many bases (the walk can then take time exponential in the
// degeneracy). Maximal bicliques of the graph linking the x and y of each
// equilibrium (Bron and Kerbosch 1973) give the convex sets: every mix of
// the x's of a clique against every mix of its y's is an equilibrium, and
// the union of the cliques' hulls is the whole equilibrium set.
//
// Options: none. The result is complete (every extreme equilibrium).
#pragma once

#include "games/normal_form.h"
#include "games/solvers/equilibrium.h"

namespace geostrat {

// Limits: the bases reached in each polytope times the integers of a
// tableau (constraints x (variables + 1)) at most kMaxEnumMixedCells, which
// keeps a run to seconds (a random 15x15 game with payoffs 0-99 takes about
// 4 s and 260 MB; 16x16 is past the limit; a degenerate game can have
// exponentially many bases per vertex), and the extreme equilibria at most
// kMaxListedProbabilities / (m + n), with at most kMaxEnumMixedGraph pairs
// of their x's and y's for the clique search.
inline constexpr double kMaxEnumMixedCells = 4e7;
inline constexpr double kMaxEnumMixedGraph = 1e7;

// Throws NotApplicable unless the game has two players, or when a limit is
// reached (enumeration stops there: nothing partial is returned). result.equilibria are
// the extreme equilibria (profile, exact fractions, payoffs, max regret);
// result.cliques lists, per maximal clique, the indices of its equilibria.
SolveResult EnumMixed(const NormalForm& game);

}  // namespace geostrat
