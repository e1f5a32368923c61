// Correlated equilibria (Aumann 1974) of an n-player game.
//
// CorrelatedEquilibrium ("correlated"): the maximum-welfare correlated
// equilibrium by linear programming with GLPK (Gilboa and Zemel 1989;
// Papadimitriou and Roughgarden 2008 for the n-player LP):
//   variables  z_a >= 0 for every pure profile a, sum_a z_a = 1;
//   incentives for every player p and ordered pair s != t of p's strategies:
//              sum_{a: a_p = s} z_a (u_p(a) - u_p(t, a_-p)) >= 0
//              (told s, p does not gain by playing t instead);
//   objective  max sum_a z_a sum_p u_p(a) (the sum of expected payoffs).
// The joint distribution is returned in Equilibrium.joint (NormalForm profile
// order) and its marginals in profile. max_regret is the largest CE incentive
// violation CorrelatedRegret(joint) (0 up to the LP's rounding), not a Nash
// regret; payoffs are expected payoffs under the joint distribution. detail
// holds "welfare", "coarse_regret" and "nash_regret_of_marginals" (how far
// the product of the marginals is from a Nash equilibrium). complete = false:
// one CE, while the CE set is a polytope. No options. GLPK runs silently and
// anything but an optimal status throws std::runtime_error.
//
// CorrelatedRegret and CoarseCorrelatedRegret measure any joint distribution
// (e.g. the empirical play of regret matching, Hart and Mas-Colell 2000).
#pragma once

#include <vector>

#include "games/normal_form.h"
#include "games/solvers/equilibrium.h"

namespace geostrat {

// The LP's size limits: GLPK's simplex takes seconds at about these sizes
// (its time grows faster than rows x variables: a 30x30 game, 1741 rows x
// 900 variables, takes about 2 s; 40x40, 3121 x 1600, about 15 s).
inline constexpr double kMaxCorrelatedProfiles = 100'000;
inline constexpr double kMaxCorrelatedNonzeros = 2'000'000;
inline constexpr double kMaxCorrelatedSize = 2'000'000;  // rows x variables

// Throws NotApplicable when the game's LP is beyond those limits.
void CheckCorrelatedLimits(const NormalForm& game);

// Throws NotApplicable beyond the limits, std::runtime_error if GLPK fails
// (never aborts the process). The reported distribution is checked: its
// incentive violations are at most kNashRelativeTolerance of each player's
// payoff range.
SolveResult CorrelatedEquilibrium(const NormalForm& game);

// max over p, s != t of sum_{a: a_p = s} z_a (u_p(t, a_-p) - u_p(a)), and 0
// at least: the largest gain of a player from a rule "when told s, play t".
// Unconditional on being told s (not divided by P(s)), as in the LP.
double CorrelatedRegret(const NormalForm& game, const std::vector<double>& joint);
// max over p, t of sum_a z_a (u_p(t, a_-p) - u_p(a)), and 0 at least: the
// gain from ignoring the recommendation and always playing t (Hannan;
// Moulin and Vial 1978). 0 exactly on the coarse correlated equilibria.
double CoarseCorrelatedRegret(const NormalForm& game, const std::vector<double>& joint);
// Marginal distribution of each player under a joint distribution.
MixedProfile Marginals(const NormalForm& game, const std::vector<double>& joint);

}  // namespace geostrat
