// Equilibrium selection: when a game has several equilibria, which one a
// study reports is the user's explicit choice, never buried in a solver.
//
//   payoff_dominance  the equilibrium whose payoffs are at least as high for
//                     every player as every other's (Harsanyi and Selten
//                     1988); none if no equilibrium dominates all others.
//   risk_dominance    two-player games: the equilibrium with the largest
//                     product of the players' deviation losses (Harsanyi and
//                     Selten 1988, for 2x2 games with two strict equilibria;
//                     here the product of each player's loss from its best
//                     unilateral deviation, its natural generalisation).
//   max_welfare       the largest sum of expected payoffs.
//   logit_limit       the limit of the principal branch of the logit QRE
//                     (McKelvey and Palfrey 1995): the equilibrium play
//                     converges to as rationality grows.
//   learning          where learning dynamics from uniform play end (the
//                     fictitious-play frequencies), matched to the nearest
//                     listed equilibrium.
#pragma once

#include <string>
#include <vector>

#include "games/solvers/equilibrium.h"

namespace geostrat {

const std::vector<std::string>& SelectionRules();

// Throws NotApplicable when `rule` cannot be applied to `game`:
// risk_dominance needs two players; logit_limit and learning run logit and
// fictitious play with their default options, whose limits apply. Cheap; for
// checking before a method runs.
void CheckSelectionRule(const NormalForm& game, const std::string& rule);

// The index into `equilibria` chosen by `rule`, or -1 when the rule picks
// none (e.g. no equilibrium payoff-dominates all others). logit_limit and
// learning need the game and match their point to the nearest listed one.
int SelectEquilibrium(const NormalForm& game, const std::vector<Equilibrium>& equilibria,
                      const std::string& rule);

}  // namespace geostrat
