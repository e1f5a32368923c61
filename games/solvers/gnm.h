// Equilibria of n-player games by the global Newton method of Govindan and
// Wilson (2003), "A global Newton method to compute Nash equilibria", JET
// 110; Gambit's name "gnm".
//
// Method. Perturb the game by a bonus lambda * g_i for playing pure strategy
// i, with g drawn at random (one direction per start). By the structure
// theorem of Kohlberg and Mertens (1986), the equilibria of every perturbed
// game are the zeros of
//   H(z, lambda) = z - r(z) - V(r(z)) - lambda g,
// where z has one coordinate per pure strategy, r retracts z onto the
// product of simplices (per player, the Euclidean projection: sigma_i =
// max(0, z_i - v_p)) and V(sigma)_i is the expected payoff of strategy i
// against sigma. For lambda large the bonus is strictly dominant and the
// only zero is the pure profile that g favours; for lambda very negative the
// one it disfavours. Generically the zeros form a one-dimensional manifold,
// and the component through the first runs to the second, crossing
// lambda = 0 an odd number of times, once at each equilibrium on the path.
//
// The path is piecewise smooth: within a cell (a fixed support of r(z)) r is
// affine and H polynomial, payoffs being multilinear. It is followed cell by
// cell: an Euler predictor along the tangent, a Newton corrector with the
// Moore-Penrose step (Allgower and Georg 1990, ch. 5-6), the step cut at the
// next cell boundary (where a strategy enters or leaves a support), located
// exactly by Newton's method on H = 0 and the entering strategy's level;
// there the path continues along the next cell's own tangent. A step is
// halved when the tangent turns sharply within a cell, the corrector moves
// far or the point leaves its cell, so that the tracer cannot jump to
// another stretch of the path. The tangent is oriented by the sign of the
// augmented Jacobian's determinant, which stays constant along the path,
// across cells too (Eaves 1976), so the tracer never turns back. At
// each crossing of lambda = 0 the point is refined by Newton's method on
// H(z, 0) = 0 in its cell and kept only if its max regret in the original
// game is within tolerance. Its index, the sign of det dH/dz (+1 for a strict
// pure equilibrium; the indices of a regular game's equilibria sum to +1),
// is reported with it.
//
// Options: starts (random directions g), seed, max_steps per path,
// regret_tolerance (relative to the largest payoff, see PayoffTolerance),
// dedup_tolerance (max difference of probabilities).
//
// Limitations: one path finds the equilibria it crosses, so the result is
// "equilibria found" (complete = false); more starts find more. A degenerate
// game or an unlucky direction may make a path singular; such a path is
// abandoned (counted in the result's detail) and the other starts go on.
#pragma once

#include <cstdint>

#include "games/normal_form.h"
#include "games/solvers/equilibrium.h"

namespace geostrat {

struct GnmOptions {
  int starts = 10;
  uint64_t seed = 1;
  int max_steps = 20000;
  double regret_tolerance = 1e-9;  // times max(1, max |payoff|)
  double dedup_tolerance = 1e-6;
};

// Limits. Each step of a path evaluates the payoffs and their derivatives
// (profiles x players^3 operations) and factors dense systems of the
// strategies' size ((strategies + 1)^3 / 3 each). A run stops at
// kMaxGnmWork operations (counted by WorkDone(), a few seconds), listing
// what it found and saying so in `warning`. Up front: at most
// kMaxGnmStrategies strategies in all, and a game where kGnmMinSteps steps
// fit in the work limit.
inline constexpr int kMaxGnmStrategies = 100;
inline constexpr double kGnmMinSteps = 1000;
inline constexpr double kMaxGnmWork = 2e9;

// Throws NotApplicable when `starts` is below 1 or the game is beyond the
// limits.
void CheckGnmLimits(const NormalForm& game, int starts);

// Method "gnm". detail of each equilibrium: {"start": the first start whose
// path crossed it, "index": +1 or -1 (0 when dH/dz is singular there)}. The
// note says how many paths reached their far end and how many crossings of
// lambda = 0 they made.
SolveResult GlobalNewton(const NormalForm& game, const GnmOptions& options = {});

}  // namespace geostrat
