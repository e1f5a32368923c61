#include "games/solvers/correlated.h"

#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include "games/solvers/glpk_guard.h"

namespace geostrat {
namespace {

std::vector<size_t> Strides(const NormalForm& game) {
  std::vector<size_t> stride(game.num_players(), 1);
  for (int p = 1; p < game.num_players(); ++p) {
    stride[p] = stride[p - 1] * game.num_strategies(p - 1);
  }
  return stride;
}

void CheckJoint(const NormalForm& game, const std::vector<double>& joint) {
  if (joint.size() != game.num_profiles()) {
    throw std::invalid_argument("joint distribution has " + std::to_string(joint.size()) +
                                " entries; the game has " + std::to_string(game.num_profiles()) +
                                " profiles");
  }
}

}  // namespace

double CorrelatedRegret(const NormalForm& game, const std::vector<double>& joint) {
  CheckJoint(game, joint);
  const std::vector<size_t> stride = Strides(game);
  double worst = 0.0;
  for (int p = 0; p < game.num_players(); ++p) {
    const int m = game.num_strategies(p);
    // gain[s * m + t]: sum over a with a_p = s of z_a (u_p(t, a_-p) - u_p(a)).
    std::vector<double> gain(static_cast<size_t>(m) * m, 0.0);
    for (size_t index = 0; index < game.num_profiles(); ++index) {
      if (joint[index] == 0.0) continue;
      const int s = static_cast<int>((index / stride[p]) % m);
      const size_t base = index - s * stride[p];
      for (int t = 0; t < m; ++t) {
        gain[s * m + t] +=
            joint[index] * (game.Payoff(base + t * stride[p], p) - game.Payoff(index, p));
      }
    }
    for (double g : gain) worst = std::max(worst, g);
  }
  return worst;
}

double CoarseCorrelatedRegret(const NormalForm& game, const std::vector<double>& joint) {
  CheckJoint(game, joint);
  const std::vector<size_t> stride = Strides(game);
  double worst = 0.0;
  for (int p = 0; p < game.num_players(); ++p) {
    const int m = game.num_strategies(p);
    std::vector<double> gain(m, 0.0);
    for (size_t index = 0; index < game.num_profiles(); ++index) {
      if (joint[index] == 0.0) continue;
      const int s = static_cast<int>((index / stride[p]) % m);
      const size_t base = index - s * stride[p];
      for (int t = 0; t < m; ++t) {
        gain[t] += joint[index] * (game.Payoff(base + t * stride[p], p) - game.Payoff(index, p));
      }
    }
    for (double g : gain) worst = std::max(worst, g);
  }
  return worst;
}

MixedProfile Marginals(const NormalForm& game, const std::vector<double>& joint) {
  CheckJoint(game, joint);
  MixedProfile marginals(game.num_players());
  for (int p = 0; p < game.num_players(); ++p) marginals[p].assign(game.num_strategies(p), 0.0);
  for (size_t index = 0; index < game.num_profiles(); ++index) {
    const std::vector<int> pure = game.ProfileAt(index);
    for (int p = 0; p < game.num_players(); ++p) marginals[p][pure[p]] += joint[index];
  }
  return marginals;
}

void CheckCorrelatedLimits(const NormalForm& game) {
  // Counted in doubles: no product can overflow.
  const double profiles = static_cast<double>(game.num_profiles());
  double nonzeros = profiles, rows = 1;
  for (int p = 0; p < game.num_players(); ++p) {
    const double m = game.num_strategies(p);
    nonzeros += profiles * (m - 1);
    rows += m * (m - 1);
  }
  if (profiles > kMaxCorrelatedProfiles || nonzeros > kMaxCorrelatedNonzeros ||
      rows * profiles > kMaxCorrelatedSize) {
    char buf[400];
    std::snprintf(buf, sizeof buf,
                  "correlated: the LP of this game has %.0f variables (pure profiles), %.0f rows "
                  "and up to %.0f nonzeros; the limits are %.0f variables, %.0f nonzeros and "
                  "%.0f rows x variables, what GLPK's simplex method solves in seconds",
                  profiles, rows, nonzeros, kMaxCorrelatedProfiles, kMaxCorrelatedNonzeros,
                  kMaxCorrelatedSize);
    throw NotApplicable(buf);
  }
}

SolveResult CorrelatedEquilibrium(const NormalForm& game) {
  SolveResult result;
  result.method = "correlated";
  result.parameters = {{"objective", "max_welfare"}};
  result.complete = false;
  const int n = game.num_players();
  const size_t profiles = game.num_profiles();
  CheckCorrelatedLimits(game);
  const std::vector<size_t> stride = Strides(game);
  // The LP is built on each player's payoffs mapped onto [0, 1]: every
  // incentive row of player p is then its original row divided by p's
  // payoff range (the same constraint), so the coefficients lie in [-1, 1]
  // whatever the payoffs' units (GLPK aborts on payoffs of 1e-200 or 1e200
  // otherwise). The objective, the sum of the original payoffs, is divided
  // by its largest magnitude: the same maximiser.
  const NormalForm unit = NormalisedPayoffs(game);
  std::vector<double> welfare(profiles, 0.0);
  double largest = 0.0;
  for (size_t a = 0; a < profiles; ++a) {
    for (int p = 0; p < n; ++p) welfare[a] += game.Payoff(a, p);
    largest = std::max(largest, std::fabs(welfare[a]));
  }

  GlpkProb lp(glp_create_prob());
  glp_set_obj_dir(lp.get(), GLP_MAX);
  glp_add_cols(lp.get(), static_cast<int>(profiles));
  for (size_t a = 0; a < profiles; ++a) {
    const int col = static_cast<int>(a) + 1;
    glp_set_col_bnds(lp.get(), col, GLP_LO, 0.0, 0.0);
    glp_set_obj_coef(lp.get(), col, largest > 0.0 ? welfare[a] / largest : 0.0);
  }
  std::vector<int> ia(1), ja(1);
  std::vector<double> ar(1);
  int row = 0;
  for (int p = 0; p < n; ++p) {
    const int m = game.num_strategies(p);
    for (int s = 0; s < m; ++s) {
      for (int t = 0; t < m; ++t) {
        if (t == s) continue;
        row = glp_add_rows(lp.get(), 1);
        glp_set_row_bnds(lp.get(), row, GLP_LO, 0.0, 0.0);
        for (size_t a = 0; a < profiles; ++a) {
          if (static_cast<int>((a / stride[p]) % m) != s) continue;
          const size_t deviation = a + (static_cast<size_t>(t) - s) * stride[p];
          const double coef = unit.Payoff(a, p) - unit.Payoff(deviation, p);
          if (coef == 0.0) continue;  // structural zero: keep the matrix sparse
          ia.push_back(row);
          ja.push_back(static_cast<int>(a) + 1);
          ar.push_back(coef);
        }
      }
    }
  }
  row = glp_add_rows(lp.get(), 1);
  glp_set_row_bnds(lp.get(), row, GLP_FX, 1.0, 1.0);
  for (size_t a = 0; a < profiles; ++a) {
    ia.push_back(row);
    ja.push_back(static_cast<int>(a) + 1);
    ar.push_back(1.0);
  }
  glp_load_matrix(lp.get(), static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());

  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.presolve = GLP_ON;
  int code = 0;
  if (!GuardedSimplex(lp, parm, code)) {
    throw std::runtime_error("correlated: GLPK stopped with an internal error on this game's LP");
  }
  const int status = glp_get_status(lp.get());
  // A correlated equilibrium always exists (every Nash equilibrium is one)
  // and welfare is bounded, so a non-optimal status is a solver failure.
  if (code != 0 || status != GLP_OPT) {
    throw std::runtime_error(
        "correlated: GLPK did not find an optimal solution (glp_simplex code " +
        std::to_string(code) + ", status " + std::to_string(status) + ")");
  }

  Equilibrium eq;
  eq.joint.assign(profiles, 0.0);
  double total = 0.0;
  for (size_t a = 0; a < profiles; ++a) {
    // Clip the simplex's rounding (tiny negatives) and renormalise.
    const double z = glp_get_col_prim(lp.get(), static_cast<int>(a) + 1);
    eq.joint[a] = std::isfinite(z) ? std::max(0.0, z) : 0.0;
    total += eq.joint[a];
  }
  if (!(total > 0.0) || !std::isfinite(total)) {
    throw std::runtime_error("correlated: GLPK returned no distribution");
  }
  for (double& z : eq.joint) z /= total;
  eq.profile = Marginals(game, eq.joint);
  eq.payoffs.assign(n, 0.0);
  for (size_t a = 0; a < profiles; ++a) {
    for (int p = 0; p < n; ++p) eq.payoffs[p] += eq.joint[a] * game.Payoff(a, p);
  }
  double total_welfare = 0.0;
  for (double v : eq.payoffs) total_welfare += v;
  eq.max_regret = CorrelatedRegret(game, eq.joint);
  // Never report a distribution the LP's tolerances let through: its
  // incentive violations, in units of each player's payoff range, must be
  // small.
  const double relative = CorrelatedRegret(unit, eq.joint);
  if (!(relative <= kNashRelativeTolerance)) {
    throw std::runtime_error("correlated: GLPK's solution violates an incentive constraint by " +
                             std::to_string(relative) + " of a payoff range");
  }
  eq.detail = {{"welfare", total_welfare},
               {"coarse_regret", CoarseCorrelatedRegret(game, eq.joint)},
               {"nash_regret_of_marginals", MaxRegret(game, eq.profile)},
               {"regret_kind", "max CE incentive violation"}};
  result.equilibria.push_back(std::move(eq));
  return result;
}

}  // namespace geostrat
