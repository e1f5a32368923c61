#include "games/solvers/dominance.h"

#include <glpk.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "games/solvers/glpk_guard.h"

namespace geostrat {
namespace {

// The surviving-strategy sets and the index arithmetic over them.
struct Reduced {
  const NormalForm& game;
  std::vector<std::vector<bool>> alive;  // alive[p][s]
  std::vector<size_t> stride;            // profile-index stride per player

  explicit Reduced(const NormalForm& g) : game(g) {
    const int n = g.num_players();
    alive.resize(n);
    stride.assign(n, 1);
    for (int p = 0; p < n; ++p) alive[p].assign(g.num_strategies(p), true);
    for (int p = 1; p < n; ++p) stride[p] = stride[p - 1] * g.num_strategies(p - 1);
  }

  // Profile indices with player p at strategy 0 and every opponent at a
  // surviving strategy: one per surviving opponent profile o. Adding
  // s * stride[p] gives the profile (s, o).
  std::vector<size_t> OpponentBases(int p) const {
    std::vector<size_t> bases;
    const int n = game.num_players();
    std::vector<int> pure(n, 0);  // the profile of `index`, kept in step
    for (size_t index = 0; index < game.num_profiles(); ++index) {
      if (index > 0) {
        for (int q = 0; q < n; ++q) {
          if (++pure[q] < game.num_strategies(q)) break;
          pure[q] = 0;
        }
      }
      if (pure[p] != 0) continue;
      bool ok = true;
      for (int q = 0; q < n && ok; ++q) {
        if (q != p && !alive[q][pure[q]]) ok = false;
      }
      if (ok) bases.push_back(index);
    }
    return bases;
  }

  double U(int p, size_t base, int s) const {
    return game.Payoff(base + static_cast<size_t>(s) * stride[p], p);
  }
  // The same payoff in `unit`, the game with each player's payoffs mapped
  // onto [0, 1] (for the LP).
  double Unit(const NormalForm& unit, int p, size_t base, int s) const {
    return unit.Payoff(base + static_cast<size_t>(s) * stride[p], p);
  }
};

// A pure strategy of p that strictly dominates s against every base, or -1.
int PureDominator(const Reduced& r, int p, int s, const std::vector<size_t>& bases) {
  for (int t = 0; t < r.game.num_strategies(p); ++t) {
    if (t == s || !r.alive[p][t]) continue;
    bool dominates = true;
    for (size_t base : bases) {
      if (!(r.U(p, base, t) > r.U(p, base, s))) {  // exact: stored payoffs
        dominates = false;
        break;
      }
    }
    if (dominates) return t;
  }
  return -1;
}

// A mixture of p's other surviving strategies that strictly dominates s by
// more than `tol` (in units of p's payoff range) against every base; empty
// if the LP finds none. The LP and the check use `unit`, the game with each
// player's payoffs mapped onto [0, 1]: the same dominance, and coefficients
// GLPK can scale whatever the payoffs' units.
std::vector<std::pair<int, double>> MixedDominator(const Reduced& r, const NormalForm& unit, int p,
                                                   int s, const std::vector<size_t>& bases,
                                                   double tol) {
  std::vector<int> others;
  for (int t = 0; t < r.game.num_strategies(p); ++t) {
    if (t != s && r.alive[p][t]) others.push_back(t);
  }
  if (others.size() < 2) return {};  // one other: the pure check already decided
  GlpkProb lp(glp_create_prob());
  glp_set_obj_dir(lp.get(), GLP_MAX);
  const int k = static_cast<int>(others.size());
  // Columns 1..k: sigma_t in [0, 1]; column k + 1: eps, free.
  glp_add_cols(lp.get(), k + 1);
  for (int j = 1; j <= k; ++j) glp_set_col_bnds(lp.get(), j, GLP_DB, 0.0, 1.0);
  glp_set_col_bnds(lp.get(), k + 1, GLP_FR, 0.0, 0.0);
  glp_set_obj_coef(lp.get(), k + 1, 1.0);
  const int rows = static_cast<int>(bases.size()) + 1;
  glp_add_rows(lp.get(), rows);
  std::vector<int> ia(1), ja(1);
  std::vector<double> ar(1);
  for (int i = 0; i < static_cast<int>(bases.size()); ++i) {
    // sum_t sigma_t u(t, o) - eps >= u(s, o)
    glp_set_row_bnds(lp.get(), i + 1, GLP_LO, r.Unit(unit, p, bases[i], s), 0.0);
    for (int j = 0; j < k; ++j) {
      ia.push_back(i + 1);
      ja.push_back(j + 1);
      ar.push_back(r.Unit(unit, p, bases[i], others[j]));
    }
    ia.push_back(i + 1);
    ja.push_back(k + 1);
    ar.push_back(-1.0);
  }
  glp_set_row_bnds(lp.get(), rows, GLP_FX, 1.0, 1.0);
  for (int j = 0; j < k; ++j) {
    ia.push_back(rows);
    ja.push_back(j + 1);
    ar.push_back(1.0);
  }
  glp_load_matrix(lp.get(), static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  int code = 0;
  if (!GuardedSimplex(lp, parm, code)) {
    throw std::runtime_error("dominance: GLPK stopped with an internal error on a mixed-dominance LP");
  }
  // The LP is always feasible and bounded (eps <= payoff range), so anything
  // but an optimum is a solver failure, not an answer.
  if (code != 0 || glp_get_status(lp.get()) != GLP_OPT) {
    throw std::runtime_error("dominance: GLPK failed on the mixed-dominance LP (code " +
                             std::to_string(code) + ", status " +
                             std::to_string(glp_get_status(lp.get())) + ")");
  }
  if (glp_get_obj_val(lp.get()) <= tol) return {};
  // Re-check the mixture in plain arithmetic after clipping and normalising,
  // so elimination never rests on the LP's own tolerances.
  std::vector<std::pair<int, double>> mix;
  double total = 0.0;
  for (int j = 0; j < k; ++j) {
    const double w = std::max(0.0, glp_get_col_prim(lp.get(), j + 1));
    total += w;
    mix.push_back({others[j], w});
  }
  if (!(total > 0.0)) return {};
  for (auto& [t, w] : mix) w /= total;
  for (size_t base : bases) {
    double value = 0.0;
    for (const auto& [t, w] : mix) value += w * r.Unit(unit, p, base, t);
    if (!(value - r.Unit(unit, p, base, s) > tol)) return {};
  }
  std::erase_if(mix, [](const auto& tw) { return tw.second == 0.0; });
  return mix;
}

std::string Num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", x);
  return buf;
}

}  // namespace

void CheckDominanceLimits(const NormalForm& game, bool mixed) {
  // Worst case: one strategy eliminated per round, so up to (sum of
  // strategies - players + 1) rounds, each comparing every pair of a
  // player's strategies against every opponent profile (or, mixed, solving
  // one LP of opponent-profile rows per strategy).
  const double profiles = static_cast<double>(game.num_profiles());
  double rounds = 1, per_round = 0;
  for (int p = 0; p < game.num_players(); ++p) {
    const double m = game.num_strategies(p);
    rounds += m - 1;
    per_round += profiles * (m + game.num_players());
  }
  const double work = rounds * per_round * (mixed ? kMixedDominanceFactor : 1.0);
  if (work > kMaxDominanceWork) {
    char buf[300];
    std::snprintf(buf, sizeof buf,
                  "dominance%s: this game (%zu profiles) may take up to %.0f elimination rounds, "
                  "%.3g payoff comparisons in all; the limit is %.3g (a few seconds)",
                  mixed ? " --mixed" : "", game.num_profiles(), rounds, work, kMaxDominanceWork);
    throw NotApplicable(buf);
  }
}

SolveResult IteratedDominance(const NormalForm& game, bool mixed) {
  SolveResult result;
  result.method = "dominance";
  result.parameters = {{"mixed", mixed}};
  result.complete = false;
  const int n = game.num_players();
  CheckDominanceLimits(game, mixed);
  // Mixed dominance by more than 1e-9 of the player's payoff range.
  const double tol = 1e-9;
  const NormalForm unit = mixed ? NormalisedPayoffs(game) : NormalForm();
  Reduced reduced(game);
  std::string rounds_text;
  int rounds = 0;
  for (;;) {
    // Decide every elimination of this round against the same surviving
    // sets, then apply them together.
    std::vector<std::pair<int, int>> removed;
    std::string round_text;
    for (int p = 0; p < n; ++p) {
      const std::vector<size_t> bases = reduced.OpponentBases(p);
      for (int s = 0; s < game.num_strategies(p); ++s) {
        if (!reduced.alive[p][s]) continue;
        std::string by;
        const int t = PureDominator(reduced, p, s, bases);
        if (t >= 0) {
          by = game.strategies(p)[t];
        } else if (mixed) {
          const auto mix = MixedDominator(reduced, unit, p, s, bases, tol);
          for (const auto& [u, w] : mix) {
            by += (by.empty() ? "" : " + ") + Num(w) + " " + game.strategies(p)[u];
          }
        }
        if (by.empty()) continue;
        removed.push_back({p, s});
        round_text += (round_text.empty() ? "" : ", ") + game.players()[p] + " " +
                      game.strategies(p)[s] + " by " + by;
      }
    }
    if (removed.empty()) break;
    ++rounds;
    for (const auto& [p, s] : removed) reduced.alive[p][s] = false;
    rounds_text += "; round " + std::to_string(rounds) + ": " + round_text;
  }

  result.surviving.resize(n);
  std::string reduced_text;
  bool solvable = true;
  for (int p = 0; p < n; ++p) {
    std::string names;
    for (int s = 0; s < game.num_strategies(p); ++s) {
      if (!reduced.alive[p][s]) continue;
      result.surviving[p].push_back(s);
      names += (names.empty() ? "" : ", ") + game.strategies(p)[s];
    }
    if (result.surviving[p].size() != 1) solvable = false;
    reduced_text += (p == 0 ? "" : "; ") + game.players()[p] + ": {" + names + "}";
  }
  result.note = "reduced game " + reduced_text + " after " + std::to_string(rounds) +
                " round(s) of strict " + (mixed ? "pure-or-mixed" : "pure") + " dominance" +
                rounds_text;
  if (solvable) result.note += "; dominance solvable: its unique equilibrium is the survivor";
  return result;
}

}  // namespace geostrat
