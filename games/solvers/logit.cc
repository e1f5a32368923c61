#include "games/solvers/logit.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "games/solvers/multilinear.h"

namespace geostrat {
namespace {

// The QRE equations at z = (x, lambda), x the log-probabilities:
//   row offset[p]:       sum_s exp(x_ps) - 1 = 0
//   row offset[p] + s:   x_ps - x_p0 - lambda (u_ps - u_p0) = 0   (s >= 1)
// and their N x (N + 1) Jacobian (row-major).
class QreSystem {
 public:
  QreSystem(const NormalForm& game) : game_(game), layout_(MakeStrategyLayout(game, "logit")) {}
  int size() const { return layout_.total; }

  void Evaluate(const std::vector<double>& z, std::vector<double>& h,
                std::vector<double>& jac) {
    const int total = layout_.total;
    const double lambda = z[total];
    sigma_.resize(total);
    for (int i = 0; i < total; ++i) sigma_[i] = std::exp(z[i]);
    PayoffDerivatives(game_, layout_, sigma_, values_, cross_);
    h.assign(total, 0.0);
    jac.assign(static_cast<size_t>(total) * (total + 1), 0.0);
    const int cols = total + 1;
    for (int p = 0; p < game_.num_players(); ++p) {
      const int o = layout_.offset[p];
      const int k = game_.num_strategies(p);
      double sum = 0.0;
      for (int s = 0; s < k; ++s) {
        sum += sigma_[o + s];
        jac[static_cast<size_t>(o) * cols + o + s] = sigma_[o + s];
      }
      h[o] = sum - 1.0;
      for (int s = 1; s < k; ++s) {
        const int row = o + s;
        h[row] = z[o + s] - z[o] - lambda * (values_[o + s] - values_[o]);
        double* jr = &jac[static_cast<size_t>(row) * cols];
        jr[o + s] += 1.0;
        jr[o] -= 1.0;
        for (int j = 0; j < total; ++j) {
          if (layout_.owner[j] == p) continue;
          const double d = cross_[static_cast<size_t>(o + s) * total + j] -
                           cross_[static_cast<size_t>(o) * total + j];
          jr[j] -= lambda * d * sigma_[j];  // d sigma_j / d x_j = sigma_j
        }
        jr[total] = -(values_[o + s] - values_[o]);
      }
    }
  }

  MixedProfile Profile(const std::vector<double>& z) const {
    MixedProfile profile(game_.num_players());
    for (int p = 0; p < game_.num_players(); ++p) {
      double sum = 0.0;
      for (int s = 0; s < game_.num_strategies(p); ++s) {
        profile[p].push_back(std::exp(z[layout_.offset[p] + s]));
        sum += profile[p].back();
      }
      // Renormalise away the corrector's residual (at most its tolerance).
      for (double& v : profile[p]) v /= sum;
    }
    return profile;
  }

  std::vector<double> Start() const {
    std::vector<double> z(layout_.total + 1, 0.0);
    for (int i = 0; i < layout_.total; ++i) {
      z[i] = -std::log(static_cast<double>(game_.num_strategies(layout_.owner[i])));
    }
    return z;
  }

 private:
  const NormalForm& game_;
  StrategyLayout layout_;
  std::vector<double> sigma_, values_, cross_;
};

double InfNorm(const std::vector<double>& v) {
  double m = 0.0;
  for (double x : v) m = std::max(m, std::fabs(x));
  return m;
}

// The unit tangent at z (null vector of the Jacobian), oriented to agree with
// `previous`: solves [J; previous^T] t = e_last, which both fixes the
// orientation and keeps the system square.
bool Tangent(const std::vector<double>& jac, const std::vector<double>& previous, int total,
             std::vector<double>& t) {
  const int m = total + 1;
  std::vector<double> a(jac);
  a.insert(a.end(), previous.begin(), previous.end());
  t.assign(m, 0.0);
  t[total] = 1.0;
  if (!SolveLinearSystem(std::move(a), t, m)) return false;
  double norm = 0.0;
  for (double v : t) norm += v * v;
  norm = std::sqrt(norm);
  for (double& v : t) v /= norm;
  return true;
}

// Newton at fixed lambda (the square part of the Jacobian), to land exactly
// on a requested lambda from an interpolated point.
bool CorrectAtLambda(QreSystem& system, std::vector<double>& z, double tolerance) {
  const int total = system.size();
  std::vector<double> h, jac;
  for (int iter = 0; iter < 50; ++iter) {
    system.Evaluate(z, h, jac);
    std::vector<double> a(static_cast<size_t>(total) * total);
    for (int r = 0; r < total; ++r) {
      for (int c = 0; c < total; ++c) a[r * total + c] = jac[static_cast<size_t>(r) * (total + 1) + c];
    }
    if (!SolveLinearSystem(std::move(a), h, total)) return false;
    for (int i = 0; i < total; ++i) z[i] -= h[i];
    if (InfNorm(h) < tolerance * std::max(1.0, InfNorm(z))) return true;
  }
  return false;
}

// Traces the branch; for each target lambda (sorted ascending) stores the
// point at its first crossing in hits (lambda < 0 entries: not reached).
std::vector<LogitPoint> Trace(const NormalForm& game, const LogitOptions& options,
                              const std::vector<double>& targets,
                              std::vector<LogitPoint>& hits) {
  QreSystem system(game);
  const int total = system.size();
  const int m = total + 1;
  std::vector<double> z = system.Start();
  std::vector<LogitPoint> path = {{0.0, system.Profile(z)}};
  hits.assign(targets.size(), LogitPoint{-1.0, {}});
  size_t next_target = 0;
  auto record_hits_at_start = [&]() {
    while (next_target < targets.size() && targets[next_target] <= 0.0) {
      hits[next_target] = {0.0, system.Profile(z)};
      ++next_target;
    }
  };
  record_hits_at_start();

  std::vector<double> h, jac, t;
  std::vector<double> previous(m, 0.0);
  previous[total] = 1.0;  // leave lambda = 0 increasing
  double step = options.initial_step;
  system.Evaluate(z, h, jac);
  const double deadline = WorkDone() + kMaxLogitWork;
  for (int iteration = 0; iteration < options.max_steps && next_target < targets.size() &&
                          WorkDone() <= deadline;
       ++iteration) {
    if (!Tangent(jac, previous, total, t)) break;
    std::vector<double> y;
    double first_distance = 0.0, contraction = 0.0;
    bool accepted = false;
    while (!accepted && step > 1e-12) {
      y = z;
      for (int i = 0; i < m; ++i) y[i] += step * t[i];
      bool rejected = false;
      double last = 0.0;
      first_distance = 0.0;
      contraction = 0.0;
      for (int iter = 0; iter < 20 && !rejected; ++iter) {
        std::vector<double> hy, jy;
        system.Evaluate(y, hy, jy);
        // Newton step orthogonal to the tangent: [J; t^T] d = [H; 0].
        std::vector<double> a(jy);
        a.insert(a.end(), t.begin(), t.end());
        hy.push_back(0.0);
        if (!SolveLinearSystem(std::move(a), hy, m)) {
          rejected = true;
          break;
        }
        double dist = 0.0;
        for (double v : hy) dist += v * v;
        dist = std::sqrt(dist);
        if (iter == 0) {
          first_distance = dist;
          if (dist > options.max_corrector_distance) rejected = true;
        } else if (last > 0.0) {
          const double ratio = dist / last;
          if (iter == 1) contraction = ratio;
          if (ratio > options.max_contraction && dist > 1e-12 * std::max(1.0, InfNorm(y))) {
            rejected = true;
          }
        }
        if (rejected) break;
        for (int i = 0; i < m; ++i) y[i] -= hy[i];
        last = dist;
        if (dist < options.corrector_tolerance * std::max(1.0, InfNorm(y))) {
          accepted = true;
          break;
        }
      }
      if (!accepted) step *= 0.5;
    }
    if (!accepted) break;

    // Requested lambdas crossed by this step: interpolate linearly in lambda
    // and correct at fixed lambda.
    while (next_target < targets.size() && y[total] >= targets[next_target]) {
      const double target = targets[next_target];
      const double span = y[total] - z[total];
      const double f = span > 0.0 ? (target - z[total]) / span : 1.0;
      std::vector<double> w(m);
      for (int i = 0; i < m; ++i) w[i] = z[i] + f * (y[i] - z[i]);
      w[total] = target;
      if (!CorrectAtLambda(system, w, options.corrector_tolerance)) {
        w = (f < 0.5) ? z : y;  // fall back to the nearer traced point
      }
      hits[next_target] = {w[total], system.Profile(w)};
      ++next_target;
    }

    // Step length for the next step (Allgower and Georg's deceleration
    // factor): shrink when the corrector had far to go or converged slowly.
    double factor = std::max(std::sqrt(first_distance / options.max_corrector_distance),
                             std::sqrt(contraction / options.max_contraction));
    factor = std::max(factor, 1.0 / options.max_acceleration);
    step = std::min(step / factor, options.max_step);
    previous = t;
    z = y;
    system.Evaluate(z, h, jac);
    path.push_back({z[total], system.Profile(z)});
    if (z[total] >= targets.back()) break;
  }
  // Replace the last point by the point exactly at max_lambda when reached.
  if (!hits.empty() && hits.back().lambda >= 0.0 && path.back().lambda > hits.back().lambda) {
    path.back() = hits.back();
  }
  return path;
}

// The game the branch is traced on: each player's payoffs shifted to start
// at 0 and all divided by the largest player's payoff range S. The QRE at
// lambda of the game is the QRE at lambda * S of this one (shifts cancel in
// the log-ratio equations), and its payoffs lie in [0, 1] whatever the
// game's units, so no product lambda * payoff overflows.
struct LogitUnits {
  NormalForm game;
  double scale = 1.0;  // S; 1 when every payoff range is 0
};

LogitUnits Units(const NormalForm& game) {
  LogitUnits units;
  double largest = 0.0;
  for (double r : PayoffRanges(game)) largest = std::max(largest, r);
  units.scale = largest > 0.0 ? largest : 1.0;
  units.game = ScaledPayoffs(game, 1.0);
  for (int p = 0; p < game.num_players(); ++p) {
    double low = game.Payoff(0, p);
    for (size_t index = 0; index < game.num_profiles(); ++index) low = std::min(low, game.Payoff(index, p));
    for (size_t index = 0; index < game.num_profiles(); ++index) {
      // Payoffs are at most 1e300 in magnitude, so the difference is finite.
      units.game.SetPayoff(index, p, (game.Payoff(index, p) - low) / units.scale);
    }
  }
  return units;
}

// Where the branch is traced to, in the scaled game's lambda: max_lambda
// times S, but for games whose payoff range is below 1 at least max_lambda
// itself (so the limit is as close to Nash as for a game of range 1), and at
// most kMaxScaledLambda (beyond it the point no longer moves in doubles).
double ScaledLimit(const LogitOptions& options, double scale) {
  return std::min(options.max_lambda * std::max(scale, 1.0), kMaxScaledLambda);
}

std::vector<double> Targets(const LogitOptions& options, double scale) {
  const double limit = ScaledLimit(options, scale);
  std::vector<double> targets;
  for (double l : options.report_lambdas) {
    if (l * scale < limit) targets.push_back(l * scale);
  }
  std::sort(targets.begin(), targets.end());
  targets.push_back(limit);
  return targets;
}

}  // namespace

void CheckLogitLimits(const NormalForm& game) {
  int total = 0;
  for (int p = 0; p < game.num_players(); ++p) total += game.num_strategies(p);
  const double n = game.num_players();
  const double per_evaluation = static_cast<double>(game.num_profiles()) * n * n * n +
                                static_cast<double>(total + 1) * (total + 1) * (total + 1);
  if (total > kMaxLogitStrategies || per_evaluation * kLogitMinEvaluations > kMaxLogitWork) {
    char buf[300];
    std::snprintf(buf, sizeof buf,
                  "logit: this game has %zu profiles and %d strategies in all; the limits are %d "
                  "strategies in all and %.0f corrector steps within the work limit of %.3g "
                  "operations (one step here: about %.3g)",
                  game.num_profiles(), total, kMaxLogitStrategies, kLogitMinEvaluations,
                  kMaxLogitWork, per_evaluation);
    throw NotApplicable(buf);
  }
}

std::vector<LogitPoint> TraceLogit(const NormalForm& game, const LogitOptions& options) {
  CheckLogitLimits(game);
  const LogitUnits units = Units(game);
  std::vector<LogitPoint> hits;
  std::vector<LogitPoint> path = Trace(units.game, options, Targets(options, units.scale), hits);
  for (LogitPoint& point : path) point.lambda /= units.scale;
  return path;
}

SolveResult Logit(const NormalForm& game, const LogitOptions& options) {
  CheckLogitLimits(game);
  SolveResult result;
  result.method = "logit";
  result.parameters = {{"report_lambdas", options.report_lambdas},
                       {"max_lambda", options.max_lambda},
                       {"initial_step", options.initial_step},
                       {"max_step", options.max_step},
                       {"corrector_tolerance", options.corrector_tolerance},
                       {"max_steps", options.max_steps}};
  result.complete = false;
  const LogitUnits units = Units(game);
  const double scale = units.scale;
  const std::vector<double> targets = Targets(options, scale);
  std::vector<LogitPoint> hits;
  const std::vector<LogitPoint> path = Trace(units.game, options, targets, hits);
  for (size_t i = 0; i + 1 < targets.size(); ++i) {
    if (hits[i].lambda < 0.0) continue;
    Equilibrium eq;
    eq.profile = hits[i].profile;
    Evaluate(game, eq);
    eq.detail = {{"lambda", hits[i].lambda / scale}};
    result.equilibria.push_back(std::move(eq));
  }
  // The limit: the point at max_lambda, or the last traced point if tracing
  // stopped early (said in the note).
  const LogitPoint& last = hits.back().lambda >= 0.0 ? hits.back() : path.back();
  Equilibrium limit;
  limit.profile = last.profile;
  Evaluate(game, limit);
  limit.detail = {{"lambda", last.lambda / scale}, {"limit", true}};
  result.equilibria.push_back(std::move(limit));
  result.note = "QRE points on the principal logit branch; the last entry (limit) approximates "
                "the logit-limit Nash equilibrium";
  char buf[160];
  if (hits.back().lambda < 0.0) {
    std::snprintf(buf, sizeof buf, "tracing stopped at lambda = %g before the limit", last.lambda / scale);
    result.note += std::string("; ") + buf;
    result.warning = buf;
  }
  // Requested lambdas the branch did not reach: beyond the limit, or
  // beyond where tracing stopped.
  std::string missed;
  for (double l : options.report_lambdas) {
    bool reported = false;
    for (size_t i = 0; i + 1 < targets.size(); ++i) {
      reported = reported || (hits[i].lambda >= 0.0 && targets[i] == l * scale);
    }
    if (!reported) {
      std::snprintf(buf, sizeof buf, "%s%g", missed.empty() ? "" : ", ", l);
      missed += buf;
    }
  }
  if (!missed.empty()) {
    std::snprintf(buf, sizeof buf, "%g", ScaledLimit(options, scale) / scale);
    const std::string text = "no QRE point reported for lambda " + missed +
                             ": beyond the branch traced (to lambda " + buf + ")";
    result.note += "; " + text;
    result.warning += (result.warning.empty() ? "" : "; ") + text;
  }
  return result;
}

}  // namespace geostrat
