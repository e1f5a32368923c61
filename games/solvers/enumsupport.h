// enumsupport: Nash equilibria of a two-player game by support enumeration,
// in exact arithmetic; the simple cross-check for the vertex method.
//
// Method (support enumeration, as Gambit's enumpoly does for n players, here
// in the two-player case where the systems are linear; Dickhaut and Kaplan
// 1991, "A program for finding Nash equilibria", Mathematica Journal 1; von
// Stengel 2002, Handbook of Game Theory 3, ch. 45, section 2.4): for every
// pair of supports I (rows) and J (columns) of equal size k, solve exactly
//   sum_{j in J} a[i][j] y_j = v (i in I),  sum_{j in J} y_j = 1,
//   sum_{i in I} b[i][j] x_i = u (j in J),  sum_{i in I} x_i = 1,
// keep the solution when both square systems are nonsingular, every
// probability on the support is positive, and no strategy outside the
// support does strictly better. Unequal supports are not tried: one of their
// two systems then has more unknowns than equations, so it never determines a
// unique point.
//
// Guarantees: on a nondegenerate game (no mixed strategy with support size k
// has more than k pure best responses) every equilibrium has equal-size
// supports and nonsingular systems, so the list is all equilibria. On a
// degenerate game it lists exactly those equilibria (x, y) for which the
// systems of their own supports are nonsingular; equilibria in a continuum,
// and extreme equilibria pinned down only by a best response outside the
// support, are missed. The method cannot cheaply certify that a game is
// nondegenerate, so `complete` is always false; use enummixed for a complete
// list. Cost: C(m + n, m) support pairs, so it is limited to kMaxSupportPairs of them.
//
// Options: none.
#pragma once

#include "games/normal_form.h"
#include "games/solvers/equilibrium.h"

namespace geostrat {

// The most support pairs enumsupport tries (C(m + n, m) - 1 for an m x n
// game): about 1e5 pairs of exact solves take a few seconds, and a 12 x 12
// game's 2.7 million would take minutes.
inline constexpr unsigned long long kMaxSupportPairs = 100'000;

// Throws NotApplicable unless the game has two players and at most
// kMaxSupportPairs support pairs (e.g. 9x9, 7x12, 5x20, 3x50, 2x300). Equilibria are in
// order of support size, then of the supports (as bit sets) of row and column.
SolveResult EnumSupport(const NormalForm& game);

}  // namespace geostrat
