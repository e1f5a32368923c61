// Pure-strategy Nash equilibria of an n-player game by enumeration, as
// Gambit's gambit-enumpure (McKelvey, McLennan and Turocy, Gambit).
//
// Method: every pure profile is checked; it is an equilibrium iff no player
// has a pure deviation that pays strictly more. The comparison is exact on the
// game's own payoff numbers (no arithmetic is done on them), so the list is
// exactly the set of pure equilibria of the game as stored. No options.
// complete = true: every pure equilibrium is listed, in profile order (first
// player fastest).
#pragma once

#include "games/normal_form.h"
#include "games/solvers/equilibrium.h"

namespace geostrat {

SolveResult EnumPure(const NormalForm& game);

}  // namespace geostrat
