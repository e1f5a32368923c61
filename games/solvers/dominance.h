// Iterated elimination of strictly dominated strategies for n players, as
// Gambit's "dominance" step (gambit-enumpure -D / the GUI's elimination).
//
// Method: in each round every player's strategies are checked against the
// strategies that survived the previous round (the player's own and the
// opponents'); all strictly dominated ones are removed together, and rounds
// repeat until none is. For strict dominance the surviving set does not depend
// on the order of elimination (Gilboa, Kalai and Zemel 1990), so removing all
// at once is as good as one at a time.
//
// Options:
//   mixed = false  dominance by pure strategies only; payoffs are compared
//                  exactly, as stored.
//   mixed = true   also by mixed strategies (Pearce 1984; Myerson 1991 ch. 3):
//                  one GLPK LP per remaining strategy s of player p,
//                    max eps  s.t.  sum_t sigma_t u_p(t, o) - u_p(s, o) >= eps
//                    for every surviving opponent profile o, sigma in the
//                    simplex over p's other surviving strategies;
//                  s is dominated when the mixture the LP finds beats s by more
//                  than 1e-9 of p's payoff range against every o (recomputed
//                  here, not trusted from the LP), so near-ties are not
//                  eliminated. The LP is built on p's payoffs mapped onto
//                  [0, 1] (the same dominance), so GLPK sees coefficients it
//                  can scale whatever the payoffs' units; a GLPK internal
//                  error is a std::runtime_error, never an abort.
//
// Result: surviving[p] lists player p's surviving strategy indices; note
// describes the reduced game and each round's eliminations; equilibria is
// empty (every equilibrium of the game lives in the reduced game).
#pragma once

#include "games/normal_form.h"
#include "games/solvers/equilibrium.h"

namespace geostrat {

// The worst-case work of an elimination (rounds x comparisons per round),
// and the weight of mixed dominance's LPs relative to pure comparisons.
inline constexpr double kMaxDominanceWork = 2e9;
inline constexpr double kMixedDominanceFactor = 200;

// Throws NotApplicable when the game's worst case is beyond kMaxDominanceWork.
void CheckDominanceLimits(const NormalForm& game, bool mixed);

SolveResult IteratedDominance(const NormalForm& game, bool mixed = false);

}  // namespace geostrat
