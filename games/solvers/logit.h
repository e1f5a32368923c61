// Logit quantal response equilibrium (Gambit name "logit").
//
// Method: the principal branch of the logit QRE correspondence
//   sigma_ps = exp(lambda u_ps(sigma)) / sum_t exp(lambda u_pt(sigma)),
// traced from lambda = 0 (uniform play) by a predictor-corrector homotopy in
// (log-probabilities, lambda): Euler predictor along the curve's tangent,
// Newton corrector orthogonal to it, step length adapted from the corrector's
// first distance and contraction rate (Allgower and Georg 1990, ch. 6).
// In log-probabilities the curve stays inside the simplex by construction,
// and as lambda grows the probabilities of unused strategies go to zero
// linearly in the log, so the curve is nearly straight and long steps are
// possible.
//
// Sources: McKelvey and Palfrey (1995), "Quantal response equilibria for
// normal form games", GEB 10; Turocy (2005), "A dynamic homotopy
// interpretation of the logistic quantal response equilibrium
// correspondence", GEB 51; Gambit's gambit-logit (same equations: one
// normalisation per player and log-ratio equations against each player's
// first strategy).
//
// Options: report_lambdas (lambda values at which QRE points are reported),
// max_lambda (where tracing stops; its point is reported as the limit, the
// logit-limit selection of a Nash equilibrium), initial_step, max_step,
// step control (max_corrector_distance, max_contraction, max_acceleration),
// corrector_tolerance, max_steps.
//
// Limitations: for a branch that bends back in lambda, a requested lambda is
// reported at its first crossing only. For a degenerate game the branch may
// hit a bifurcation; the tracer keeps the orientation of the tangent.
#pragma once

#include <vector>

#include "games/normal_form.h"
#include "games/solvers/equilibrium.h"

namespace geostrat {

struct LogitOptions {
  std::vector<double> report_lambdas = {0.5, 1, 2, 5};
  double max_lambda = 1e6;
  double initial_step = 0.03;
  double max_step = 1e5;             // arclength units (log-probabilities, lambda)
  double max_corrector_distance = 0.4;  // first Newton step larger: halve the step
  double max_contraction = 0.6;       // Newton step ratio larger: halve the step
  double max_acceleration = 2.0;      // step grows at most by this factor
  double corrector_tolerance = 1e-10;  // relative to max(1, |x|)
  int max_steps = 100000;
};

// The branch is traced on the game's payoffs shifted per player and divided
// by the largest player's payoff range S (the same branch, lambda scaled by
// S), so no payoff units can overflow it. In those units it is traced to
// lambda = max_lambda * max(S, 1), at most kMaxScaledLambda.
inline constexpr double kMaxScaledLambda = 1e8;

// Limits. Each corrector step evaluates payoffs and derivatives (profiles x
// players^3 operations) and solves a dense system of the strategies' size
// ((strategies + 1)^3 / 3). Tracing stops at kMaxLogitWork operations
// (counted by WorkDone(), a few seconds): the last point reached is then
// the limit, and `warning` says so. Up front: at most kMaxLogitStrategies
// strategies in all, and a game where kLogitMinEvaluations steps fit in the
// work limit.
inline constexpr int kMaxLogitStrategies = 200;
inline constexpr double kLogitMinEvaluations = 1000;
inline constexpr double kMaxLogitWork = 2e9;

// Throws NotApplicable when the game is beyond those limits.
void CheckLogitLimits(const NormalForm& game);

// One point of the branch.
struct LogitPoint {
  double lambda = 0;
  MixedProfile profile;
};

// The traced branch: every accepted point from lambda = 0 to max_lambda (the
// last point is exactly at max_lambda unless tracing failed). Throws
// NotApplicable for a game with a player without strategies.
std::vector<LogitPoint> TraceLogit(const NormalForm& game, const LogitOptions& options = {});

// One Equilibrium per requested lambda (detail {"lambda": L}; max_regret is
// measured against Nash) and a last one at max_lambda (detail {"lambda":
// max_lambda, "limit": true}). complete = false.
SolveResult Logit(const NormalForm& game, const LogitOptions& options = {});

}  // namespace geostrat
