#include "games/solvers/liap.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include "engine/core/rng.h"
#include "games/solvers/multilinear.h"

namespace geostrat {
namespace {

// Euclidean projection of v onto the probability simplex (Duchi et al. 2008).
void ProjectToSimplex(double* v, int k) {
  std::vector<double> sorted(v, v + k);
  std::sort(sorted.begin(), sorted.end(), std::greater<double>());
  double cumulative = 0.0, theta = 0.0;
  for (int i = 0; i < k; ++i) {
    cumulative += sorted[i];
    const double t = (cumulative - 1.0) / (i + 1);
    if (sorted[i] - t > 0.0) theta = t;
  }
  for (int i = 0; i < k; ++i) v[i] = std::max(0.0, v[i] - theta);
}

class Lyapunov {
 public:
  Lyapunov(const NormalForm& game) : game_(game), layout_(MakeStrategyLayout(game, "liap")) {}
  const StrategyLayout& layout() const { return layout_; }

  // L(sigma), and its gradient when `gradient` is non-null.
  double Value(const std::vector<double>& sigma, std::vector<double>* gradient) {
    const int total = layout_.total;
    const int n = game_.num_players();
    PayoffDerivatives(game_, layout_, sigma, values_, cross_);
    std::vector<double> expected(n, 0.0), gain_sum(n, 0.0), gain(total);
    for (int i = 0; i < total; ++i) expected[layout_.owner[i]] += sigma[i] * values_[i];
    double value = 0.0;
    for (int i = 0; i < total; ++i) {
      gain[i] = std::max(0.0, values_[i] - expected[layout_.owner[i]]);
      gain_sum[layout_.owner[i]] += gain[i];
      value += gain[i] * gain[i];
    }
    if (gradient == nullptr) return value;
    gradient->assign(total, 0.0);
    for (int j = 0; j < total; ++j) {
      const int q = layout_.owner[j];
      double g = -gain_sum[q] * values_[j];  // d u_q(sigma) / d sigma_j = u_j
      for (int i = 0; i < total; ++i) {
        const int p = layout_.owner[i];
        if (p == q) continue;
        const double c = cross_[static_cast<size_t>(i) * total + j];
        // d u_i / d sigma_j, and sigma_i's share of d u_p(sigma) / d sigma_j.
        g += (gain[i] - gain_sum[p] * sigma[i]) * c;
      }
      (*gradient)[j] = 2.0 * g;
    }
    return value;
  }

  // Newton on the support's indifference equations: u_i = v_p for every
  // used strategy i of p, and each player's used probabilities sum to one.
  bool Polish(std::vector<double>& sigma, double threshold) {
    const int total = layout_.total;
    const int n = game_.num_players();
    std::vector<int> used;
    for (int i = 0; i < total; ++i) {
      if (sigma[i] > threshold) used.push_back(i);
    }
    const int k = static_cast<int>(used.size());
    const int m = k + n;
    std::vector<double> x = sigma;
    for (int i = 0; i < total; ++i) {
      if (sigma[i] <= threshold) x[i] = 0.0;
    }
    PayoffDerivatives(game_, layout_, x, values_, cross_);
    std::vector<double> v(n, 0.0);
    for (int i : used) v[layout_.owner[i]] += x[i] * values_[i];
    for (int iter = 0; iter < 50; ++iter) {
      PayoffDerivatives(game_, layout_, x, values_, cross_);
      std::vector<double> f(m, 0.0), a(static_cast<size_t>(m) * m, 0.0);
      for (int r = 0; r < k; ++r) {
        const int i = used[r];
        const int p = layout_.owner[i];
        f[r] = values_[i] - v[p];
        for (int c = 0; c < k; ++c) {
          const int j = used[c];
          if (layout_.owner[j] != p) a[r * m + c] = cross_[static_cast<size_t>(i) * total + j];
        }
        a[r * m + k + p] = -1.0;
      }
      for (int p = 0; p < n; ++p) {
        f[k + p] = -1.0;
        for (int c = 0; c < k; ++c) {
          if (layout_.owner[used[c]] == p) {
            f[k + p] += x[used[c]];
            a[(k + p) * m + c] = 1.0;
          }
        }
      }
      double residual = 0.0;
      for (double r : f) residual = std::max(residual, std::fabs(r));
      if (residual < 1e-14 * (1.0 + std::fabs(scale_))) return true;
      if (!SolveLinearSystem(std::move(a), f, m, 1e-12)) return false;
      double move = 0.0;
      for (int c = 0; c < k; ++c) {
        x[used[c]] -= f[c];
        move = std::max(move, std::fabs(f[c]));
      }
      for (int p = 0; p < n; ++p) v[p] -= f[k + p];
      if (move > 0.5) return false;  // wandered off: not a nearby solution
      if (move < 1e-15) break;
    }
    for (double p : x) {
      if (p < -1e-9) return false;
    }
    for (int p = 0; p < n; ++p) {
      double sum = 0.0;
      for (int s = 0; s < game_.num_strategies(p); ++s) {
        double& w = x[layout_.offset[p] + s];
        w = std::max(0.0, w);
        sum += w;
      }
      for (int s = 0; s < game_.num_strategies(p); ++s) x[layout_.offset[p] + s] /= sum;
    }
    sigma = x;
    return true;
  }

  void set_scale(double scale) { scale_ = scale; }

 private:
  const NormalForm& game_;
  StrategyLayout layout_;
  std::vector<double> values_, cross_;
  double scale_ = 1.0;
};

}  // namespace

void CheckLiapLimits(const NormalForm& game, int starts) {
  if (starts < 1) throw NotApplicable("liap: starts must be at least 1");
  int total = 0;
  for (int p = 0; p < game.num_players(); ++p) total += game.num_strategies(p);
  const double n = game.num_players();
  const double per_evaluation =
      static_cast<double>(game.num_profiles()) * n * n * n + static_cast<double>(total) * total;
  if (total > kMaxLiapStrategies || per_evaluation * kLiapMinEvaluations > kMaxLiapWork) {
    char buf[400];
    std::snprintf(buf, sizeof buf,
                  "liap: this game has %zu profiles and %d strategies in all; the limits are %d "
                  "strategies in all and %.0f evaluations of the Lyapunov function within the "
                  "work limit of %.3g operations (one evaluation here: about %.3g)",
                  game.num_profiles(), total, kMaxLiapStrategies, kLiapMinEvaluations, kMaxLiapWork,
                  per_evaluation);
    throw NotApplicable(buf);
  }
}

SolveResult Liap(const NormalForm& original, const LiapOptions& options) {
  CheckLiapLimits(original, options.starts);
  // Minimised on payoffs divided by the largest one (the same equilibria),
  // so squared regrets neither overflow (payoffs of 1e300) nor underflow
  // (1e-200); regrets are reported in the original game.
  const double largest = MaxAbsPayoff(original);
  const NormalForm game = ScaledPayoffs(original, largest > 0.0 ? 1.0 / largest : 1.0);
  SolveResult result;
  result.method = "liap";
  result.parameters = {{"starts", options.starts},
                       {"seed", options.seed},
                       {"max_iterations", options.max_iterations},
                       {"regret_tolerance", options.regret_tolerance},
                       {"dedup_tolerance", options.dedup_tolerance},
                       {"support_threshold", options.support_threshold}};
  result.complete = false;
  result.note = "equilibria found from " + std::to_string(options.starts) +
                " seeded starts by Lyapunov-function minimisation; not necessarily all";
  Lyapunov lyapunov(game);
  const StrategyLayout& layout = lyapunov.layout();
  const int total = layout.total;
  const double tolerance = PayoffTolerance(game, options.regret_tolerance);
  const double scale = 1.0;  // payoffs are at most 1 in magnitude
  lyapunov.set_scale(scale);

  const double deadline = WorkDone() + kMaxLiapWork;
  int started = 0;
  bool stopped = false;
  for (int start = 0; start < options.starts && !stopped; ++start) {
    ++started;
    // Uniform on each simplex: normalised exponentials.
    Rng rng(options.seed, 0, 0, static_cast<uint32_t>(start));
    std::vector<double> sigma(total);
    for (int p = 0; p < game.num_players(); ++p) {
      double sum = 0.0;
      for (int s = 0; s < game.num_strategies(p); ++s) {
        sigma[layout.offset[p] + s] = -std::log(rng.OpenUniform());
        sum += sigma[layout.offset[p] + s];
      }
      for (int s = 0; s < game.num_strategies(p); ++s) sigma[layout.offset[p] + s] /= sum;
    }

    // Projected gradient with an Armijo backtracking line search; the step
    // doubles after each success so flat stretches are crossed quickly.
    std::vector<double> gradient, trial(total);
    double value = lyapunov.Value(sigma, &gradient);
    double alpha = 1.0 / (scale * scale);
    for (int iter = 0; iter < options.max_iterations && !stopped; ++iter) {
      if (WorkDone() > deadline) stopped = true;  // this start is dropped below
      if (value < 1e-30 * scale * scale) break;
      bool moved = false;
      for (int tries = 0; tries < 60; ++tries) {
        for (int i = 0; i < total; ++i) trial[i] = sigma[i] - alpha * gradient[i];
        for (int p = 0; p < game.num_players(); ++p) {
          ProjectToSimplex(&trial[layout.offset[p]], game.num_strategies(p));
        }
        double decrease = 0.0;
        for (int i = 0; i < total; ++i) decrease += gradient[i] * (trial[i] - sigma[i]);
        const double trial_value = lyapunov.Value(trial, nullptr);
        if (trial_value <= value + 1e-4 * decrease && trial_value < value) {
          moved = true;
          break;
        }
        alpha *= 0.5;
      }
      if (!moved) break;  // stationary (a local minimum, possibly not zero)
      sigma = trial;
      value = lyapunov.Value(sigma, &gradient);
      alpha *= 2.0;
    }

    if (stopped) break;
    Equilibrium eq;
    eq.profile = ToProfile(layout, sigma);
    Evaluate(game, eq);
    if (!IsMixedProfile(game, eq.profile) || !std::isfinite(eq.max_regret)) continue;
    bool polished = false;
    std::vector<double> refined = sigma;
    if (lyapunov.Polish(refined, options.support_threshold)) {
      const MixedProfile candidate = ToProfile(layout, refined);
      const double regret = MaxRegret(game, candidate);
      if (regret <= eq.max_regret) {
        eq.profile = candidate;
        Evaluate(game, eq);
        polished = true;
      }
    }
    if (!(eq.max_regret <= tolerance)) continue;  // never report unverified points
    if (!IsMixedProfile(game, eq.profile)) continue;
    // Also in each player's own units (see gnm.cc).
    if (!(RelativeRegret(game, eq.profile) <= kNashRelativeTolerance)) continue;
    Evaluate(original, eq);  // payoffs and regret in the game's own units
    bool seen = false;
    for (const Equilibrium& other : result.equilibria) {
      if (MaxDifference(other.profile, eq.profile) <= options.dedup_tolerance) seen = true;
    }
    if (seen) continue;
    eq.detail = {{"start", start}, {"polished", polished}};
    result.equilibria.push_back(std::move(eq));
  }
  if (stopped) {
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "the work limit (%.3g operations) stopped the search during start %d of %d; "
                  "the equilibria found before are listed",
                  kMaxLiapWork, started, options.starts);
    result.warning = buf;
    result.note += std::string("; ") + buf;
  }
  return result;
}

}  // namespace geostrat
