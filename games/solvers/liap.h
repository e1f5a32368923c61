// Equilibria of n-player games from many seeded starts: Gambit's "liap"
// (Lyapunov-function minimisation). The global method for n players is
// gnm.h; this local one complements it (it may find equilibria that no
// global Newton path crosses).
//
// Method: minimise the Lyapunov function
//   L(sigma) = sum_p sum_s max(0, u_p(s, sigma_-p) - u_p(sigma))^2,
// which is zero exactly at Nash equilibria (McKelvey 1998, "A Liapunov
// function for Nash equilibria"; McKelvey and McLennan 1996, "Computation of
// equilibria in finite games", section 6), over the product of simplices by
// projected gradient descent with an Armijo line search, from seeded random
// starts (uniform on each simplex; counter-based Rng). A point with small L
// is then polished by Newton's method on the indifference equations of its
// support, and kept only if its max regret is within tolerance; distinct
// equilibria are deduplicated.
//
// Options: starts, seed, max_iterations per start, regret_tolerance (relative
// to the largest payoff, see PayoffTolerance), dedup_tolerance (max
// difference of probabilities), support_threshold (probability above which a
// strategy counts as used when polishing).
//
// Limitations: a local method, so "equilibria found" (complete = false); it
// may miss equilibria, and in degenerate games returns points of a
// continuum without polishing them.
#pragma once

#include <cstdint>

#include "games/normal_form.h"
#include "games/solvers/equilibrium.h"

namespace geostrat {

struct LiapOptions {
  int starts = 100;
  uint64_t seed = 1;
  int max_iterations = 5000;
  double regret_tolerance = 1e-9;  // times max(1, max |payoff|)
  double dedup_tolerance = 1e-6;
  double support_threshold = 1e-5;
};

// Limits. Each evaluation of the Lyapunov function and its gradient costs
// profiles x players^3 + strategies^2 operations. A run stops at
// kMaxLiapWork operations (counted by WorkDone(), a few seconds), listing
// what the finished starts found and saying so in `warning`. Up front: at
// most kMaxLiapStrategies strategies in all, and a game where
// kLiapMinEvaluations evaluations fit in the work limit.
inline constexpr int kMaxLiapStrategies = 200;
inline constexpr double kLiapMinEvaluations = 1000;
inline constexpr double kMaxLiapWork = 2e9;

// Throws NotApplicable when `starts` is below 1 or the game is beyond the
// limits.
void CheckLiapLimits(const NormalForm& game, int starts);

// Method "liap". detail of each equilibrium: {"start": index of the first
// start that found it, "polished": whether Newton polishing was applied}.
SolveResult Liap(const NormalForm& game, const LiapOptions& options = {});

}  // namespace geostrat
