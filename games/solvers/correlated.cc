#include "games/solvers/correlated.h"

#include <glpk.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

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

struct ProbDeleter {
  void operator()(glp_prob* lp) const { glp_delete_prob(lp); }
};

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

SolveResult CorrelatedEquilibrium(const NormalForm& game) {
  SolveResult result;
  result.method = "correlated";
  result.parameters = {{"objective", "max_welfare"}};
  result.complete = false;
  const int n = game.num_players();
  const size_t profiles = game.num_profiles();
  if (profiles == 0) throw NotApplicable("correlated: the game has no profiles");
  // GLPK indexes columns and nonzeros with int.
  if (profiles > 1000000) {
    throw NotApplicable("correlated: " + std::to_string(profiles) +
                        " pure profiles is too many LP variables (limit 1000000)");
  }
  const std::vector<size_t> stride = Strides(game);

  std::unique_ptr<glp_prob, ProbDeleter> lp(glp_create_prob());
  glp_set_obj_dir(lp.get(), GLP_MAX);
  glp_add_cols(lp.get(), static_cast<int>(profiles));
  for (size_t a = 0; a < profiles; ++a) {
    const int col = static_cast<int>(a) + 1;
    glp_set_col_bnds(lp.get(), col, GLP_LO, 0.0, 0.0);
    double welfare = 0.0;
    for (int p = 0; p < n; ++p) welfare += game.Payoff(a, p);
    glp_set_obj_coef(lp.get(), col, welfare);
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
          const double coef = game.Payoff(a, p) - game.Payoff(deviation, p);
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
  const int previous = glp_term_out(GLP_OFF);
  const int code = glp_simplex(lp.get(), &parm);
  glp_term_out(previous);
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
    eq.joint[a] = std::max(0.0, glp_get_col_prim(lp.get(), static_cast<int>(a) + 1));
    total += eq.joint[a];
  }
  for (double& z : eq.joint) z /= total;
  eq.profile = Marginals(game, eq.joint);
  eq.payoffs.assign(n, 0.0);
  for (size_t a = 0; a < profiles; ++a) {
    for (int p = 0; p < n; ++p) eq.payoffs[p] += eq.joint[a] * game.Payoff(a, p);
  }
  double welfare = 0.0;
  for (double v : eq.payoffs) welfare += v;
  eq.max_regret = CorrelatedRegret(game, eq.joint);
  eq.detail = {{"welfare", welfare},
               {"coarse_regret", CoarseCorrelatedRegret(game, eq.joint)},
               {"nash_regret_of_marginals", MaxRegret(game, eq.profile)},
               {"regret_kind", "max CE incentive violation"}};
  result.equilibria.push_back(std::move(eq));
  return result;
}

}  // namespace geostrat
