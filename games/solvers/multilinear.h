// Shared numerics of the methods that work on mixed profiles as one vector
// of probabilities (logit, liap): the layout of all players' strategies, the
// expected payoffs with their exact derivatives (payoffs are multilinear in
// the profile), and a small dense linear solver.
#pragma once

#include <string>
#include <vector>

#include "games/normal_form.h"
#include "games/solvers/equilibrium.h"

namespace geostrat {

// Strategies of all players in one vector: player p's strategy s is at
// offset[p] + s.
struct StrategyLayout {
  std::vector<int> offset;
  std::vector<int> owner;
  int total = 0;
  std::vector<int> pure;  // every pure profile, num_players entries each
};

// sigma cut into one mixed strategy per player.
MixedProfile ToProfile(const StrategyLayout& layout, const std::vector<double>& sigma);

// Throws NotApplicable naming `method` if a player has no strategies.
StrategyLayout MakeStrategyLayout(const NormalForm& game, const std::string& method);

// values[i]: expected payoff of strategy i to its owner against sigma;
// cross[i * N + j] (j of another player): its derivative in sigma_j, exact
// because payoffs are multilinear.
void PayoffDerivatives(const NormalForm& game, const StrategyLayout& layout,
                       const std::vector<double>& sigma, std::vector<double>& values,
                       std::vector<double>& cross);

// Floating-point work done on this thread by PayoffDerivatives and
// SolveLinearSystem (and, in gnm, its own factorisations), in operations
// (profiles x players^3 + strategies^2 per derivative evaluation, m^3 / 3
// per m x m solve). The iterative methods (liap, gnm, logit) stop at a fixed
// amount of it: a bound on their running time that, unlike a clock, gives
// the same result on every machine.
double& WorkDone();

// Solves a * x = b in place (a is m x m, row-major) by Gaussian elimination
// with partial pivoting; false when a is singular: a pivot no larger than
// relative_singularity x the largest entry (liap gives up on a continuum of
// equilibria this way), or than 1e-300 when relative_singularity is 0 (the
// logit path, whose Jacobian entries grow with lambda).
bool SolveLinearSystem(std::vector<double> a, std::vector<double>& b, int m,
                       double relative_singularity = 0.0);

}  // namespace geostrat
