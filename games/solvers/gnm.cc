#include "games/solvers/gnm.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "games/solvers/multilinear.h"

namespace geostrat {
namespace {

// LU factors of a square row-major matrix with partial pivoting: solves
// systems and gives the sign of the determinant (0 when singular).
class DenseLu {
 public:
  DenseLu(std::vector<double> a, int m) : a_(std::move(a)), perm_(m), m_(m) {
    WorkDone() += static_cast<double>(m) * m * m / 3.0;
    double scale = 0.0;
    for (double v : a_) scale = std::max(scale, std::fabs(v));
    for (int r = 0; r < m; ++r) perm_[r] = r;
    for (int col = 0; col < m; ++col) {
      int pivot = col;
      for (int r = col + 1; r < m; ++r) {
        if (std::fabs(a_[r * m + col]) > std::fabs(a_[pivot * m + col])) pivot = r;
      }
      if (!(std::fabs(a_[pivot * m + col]) > 1e-13 * std::max(scale, 1e-300))) {
        sign_ = 0;
        return;
      }
      if (pivot != col) {
        for (int c = 0; c < m; ++c) std::swap(a_[col * m + c], a_[pivot * m + c]);
        std::swap(perm_[col], perm_[pivot]);
        sign_ = -sign_;
      }
      if (a_[col * m + col] < 0) sign_ = -sign_;
      for (int r = col + 1; r < m; ++r) {
        const double f = a_[r * m + col] / a_[col * m + col];
        a_[r * m + col] = f;
        if (f == 0.0) continue;
        for (int c = col + 1; c < m; ++c) a_[r * m + c] -= f * a_[col * m + c];
      }
    }
  }
  bool singular() const { return sign_ == 0; }
  int determinant_sign() const { return sign_; }
  std::vector<double> Solve(const std::vector<double>& b) const {
    std::vector<double> x(m_);
    for (int r = 0; r < m_; ++r) {
      double s = b[perm_[r]];
      for (int c = 0; c < r; ++c) s -= a_[r * m_ + c] * x[c];
      x[r] = s;
    }
    for (int r = m_ - 1; r >= 0; --r) {
      double s = x[r];
      for (int c = r + 1; c < m_; ++c) s -= a_[r * m_ + c] * x[c];
      x[r] = s / a_[r * m_ + r];
    }
    return x;
  }

 private:
  std::vector<double> a_;
  std::vector<int> perm_;
  int m_;
  int sign_ = 1;
};

double NormInf(const std::vector<double>& v) {
  double m = 0.0;
  for (double x : v) m = std::max(m, std::fabs(x));
  return m;
}

// A cell of the path: which strategies are in the support of r(z), one
// flag per strategy. Within a cell r is affine and H polynomial.
using Cell = std::vector<char>;

// H(z, lambda) = z - r(z) - V(r(z)) - lambda g on the game with payoffs
// divided by `scale`, and its derivatives. A point x is (z, lambda): N + 1
// numbers, N = all players' strategies.
class Homotopy {
 public:
  Homotopy(const NormalForm& game, const StrategyLayout& layout, double scale,
           std::vector<double> bonus)
      : game_(game), layout_(layout), scale_(scale), g_(std::move(bonus)),
        n_(layout.total), players_(game.num_players()) {}

  int size() const { return n_; }

  // The cell of r(z): per player the Euclidean projection onto the simplex
  // keeps the strategies with z_i > theta_p.
  Cell CellOf(const double* z) const {
    Cell cell(n_, 0);
    for (int p = 0; p < players_; ++p) {
      const int k = game_.num_strategies(p);
      const int o = layout_.offset[p];
      std::vector<double> sorted(z + o, z + o + k);
      std::sort(sorted.begin(), sorted.end(), std::greater<double>());
      double cumulative = 0.0, theta = sorted[0] - 1.0;
      for (int i = 0; i < k; ++i) {
        cumulative += sorted[i];
        const double t = (cumulative - 1.0) / (i + 1);
        if (sorted[i] - t > 0.0) theta = t;
      }
      for (int i = 0; i < k; ++i) cell[o + i] = z[o + i] - theta > 0.0;
    }
    return cell;
  }

  // r(z) by the affine formula of `cell`: theta_p = (sum of z over the
  // support - 1) / |S_p|, sigma_i = z_i - theta_p in the support, 0 outside.
  // Equal to the projection inside the cell and continuous across its
  // boundary, so the path can be followed up to the boundary in one formula.
  void Retract(const double* z, const Cell& cell) {
    sigma_.assign(n_, 0.0);
    theta_.assign(players_, 0.0);
    support_size_.assign(players_, 0);
    for (int i = 0; i < n_; ++i) {
      if (!cell[i]) continue;
      theta_[layout_.owner[i]] += z[i];
      ++support_size_[layout_.owner[i]];
    }
    for (int p = 0; p < players_; ++p) theta_[p] = (theta_[p] - 1.0) / support_size_[p];
    for (int i = 0; i < n_; ++i) {
      if (cell[i]) sigma_[i] = z[i] - theta_[layout_.owner[i]];
    }
  }

  // H at x in `cell`; with `jacobian`, also dH/d(z, lambda) as an
  // N x (N + 1) row-major matrix.
  void Evaluate(const std::vector<double>& x, const Cell& cell, std::vector<double>& h,
                std::vector<double>* jacobian) {
    Retract(x.data(), cell);
    PayoffDerivatives(game_, layout_, sigma_, values_, cross_);
    const double lambda = x[n_];
    h.resize(n_);
    for (int i = 0; i < n_; ++i) h[i] = x[i] - sigma_[i] - values_[i] / scale_ - lambda * g_[i];
    if (jacobian == nullptr) return;
    // dr/dz = P: within a player's support delta_ij - 1/|S_p|, zero
    // elsewhere; dH/dz = I - (I + C) P with C = dV/dsigma (no own-player
    // terms, payoffs being multilinear).
    const int m = n_ + 1;
    jacobian->assign(static_cast<size_t>(n_) * m, 0.0);
    std::vector<double> support_sum(players_);
    for (int i = 0; i < n_; ++i) {
      const double* c = cross_.data() + static_cast<size_t>(i) * n_;
      std::fill(support_sum.begin(), support_sum.end(), 0.0);
      for (int k = 0; k < n_; ++k) {
        if (cell[k]) support_sum[layout_.owner[k]] += c[k];
      }
      double* row = jacobian->data() + static_cast<size_t>(i) * m;
      row[i] = 1.0;
      for (int j = 0; j < n_; ++j) {
        if (!cell[j]) continue;
        const int q = layout_.owner[j];
        const double size = support_size_[q];
        const double p_ij = (layout_.owner[i] == q && cell[i]) ? (i == j) - 1.0 / size : 0.0;
        row[j] -= p_ij + (c[j] - support_sum[q] / size) / scale_;
      }
      row[n_] = -g_[i];
    }
  }

  // For each strategy, its level in `cell` at the point last retracted and
  // the rate at which direction t changes it: in the support, its
  // probability z_i - theta_p (the cell ends where it falls to 0); outside,
  // the gap z_i - theta_p (negative; the cell ends where it rises to 0).
  struct Boundary {
    double distance = std::numeric_limits<double>::infinity();
    int strategy = -1;
  };
  Boundary NextBoundary(const std::vector<double>& x, const Cell& cell,
                        const std::vector<double>& t) const {
    Boundary next;
    std::vector<double> dtheta(players_, 0.0);
    for (int i = 0; i < n_; ++i) {
      if (cell[i]) dtheta[layout_.owner[i]] += t[i];
    }
    for (int p = 0; p < players_; ++p) dtheta[p] /= support_size_[p];
    for (int i = 0; i < n_; ++i) {
      const double level = Level(x, i);
      const double rate = t[i] - dtheta[layout_.owner[i]];
      const bool leaving = cell[i] ? rate < 0 : rate > 0;
      if (!leaving) continue;
      const double distance = std::max(0.0, -level / rate);
      if (distance < next.distance) next = {distance, i};
    }
    return next;
  }

  // Whether direction t moves strategy i (just toggled into or out of the
  // support of `cell`) into the cell's interior.
  bool Enters(const Cell& cell, const std::vector<double>& t, int i) const {
    const int p = layout_.owner[i];
    double dtheta = 0.0;
    for (int j = 0; j < n_; ++j) {
      if (cell[j] && layout_.owner[j] == p) dtheta += t[j];
    }
    dtheta /= support_size_[p];
    const double rate = t[i] - dtheta;
    return cell[i] ? rate > 0 : rate < 0;
  }

  const std::vector<double>& sigma() const { return sigma_; }
  // z_i - theta_p at the point last retracted: strategy i's probability in
  // the support, its (non-positive) gap outside it.
  double Level(const std::vector<double>& x, int i) const { return x[i] - theta_[layout_.owner[i]]; }

 private:
  const NormalForm& game_;
  const StrategyLayout& layout_;
  double scale_;
  std::vector<double> g_;
  int n_, players_;
  std::vector<double> sigma_, theta_, values_, cross_;
  std::vector<int> support_size_;
};

// The augmented matrix [A; t^T] of an N x (N + 1) Jacobian A.
std::vector<double> Augmented(const std::vector<double>& a, const std::vector<double>& t) {
  std::vector<double> m = a;
  m.insert(m.end(), t.begin(), t.end());
  return m;
}

void Normalise(std::vector<double>& v) {
  double s = 0.0;
  for (double e : v) s += e * e;
  s = std::sqrt(s);
  for (double& e : v) e /= s;
}

// The unit kernel vector of an N x (N + 1) Jacobian a on the side of
// `reference` (the solution of [a; reference^T] k = e_{N+1}, normalised),
// flipped if need be so that det [a; k^T] has the sign `orientation`.
// Empty when the augmented matrix is singular.
std::vector<double> OrientedKernel(const std::vector<double>& a, const std::vector<double>& reference,
                                   int orientation) {
  const int m = static_cast<int>(reference.size());
  const DenseLu lu(Augmented(a, reference), m);
  if (lu.singular()) return {};
  std::vector<double> rhs(m, 0.0);
  rhs[m - 1] = 1.0;
  std::vector<double> k = lu.Solve(rhs);
  Normalise(k);
  // det [a; reference^T] = (reference . k) det [a; k^T], and reference . k > 0.
  if (orientation != 0 && lu.determinant_sign() != orientation) {
    for (double& v : k) v = -v;
  }
  return k;
}

struct PathReport {
  int crossings = 0;
  bool reached_end = false;
  bool stopped = false;  // by the work limit
};

class Tracer {
 public:
  Tracer(const NormalForm& game, const StrategyLayout& layout, double scale,
         const GnmOptions& options, double tolerance)
      : game_(game), layout_(layout), scale_(scale), options_(options), tolerance_(tolerance) {}

  // Follows the path of bonus direction g from lambda = +large to -large,
  // adding every verified equilibrium it crosses to `found`.
  PathReport Follow(const std::vector<double>& g, int start, std::vector<Equilibrium>& found,
                    double deadline) {
    PathReport report;
    Homotopy homotopy(game_, layout_, scale_, g);
    const int n = homotopy.size();
    const int m = n + 1;

    // The pure profiles g favours and disfavours, and bounds beyond which
    // the bonus strictly dominates (normalised payoffs lie in [-1, 1]).
    Cell cell(n, 0);
    double min_gap_top = std::numeric_limits<double>::infinity();
    double min_gap_bottom = min_gap_top;
    for (int p = 0; p < game_.num_players(); ++p) {
      const auto first = g.begin() + layout_.offset[p];
      const auto last = first + game_.num_strategies(p);
      const int best = static_cast<int>(std::max_element(first, last) - first);
      const int worst = static_cast<int>(std::min_element(first, last) - first);
      cell[layout_.offset[p] + best] = 1;
      for (auto it = first; it != last; ++it) {
        if (it - first != best) min_gap_top = std::min(min_gap_top, first[best] - *it);
        if (it - first != worst) min_gap_bottom = std::min(min_gap_bottom, *it - first[worst]);
      }
    }
    if (!(min_gap_top > 0) || !(min_gap_bottom > 0)) return report;  // ties: no regular path
    const double lambda_top = std::isinf(min_gap_top) ? 1.0 : 2.0 / min_gap_top + 1.0;
    const double lambda_bottom = std::isinf(min_gap_bottom) ? 1.0 : 2.0 / min_gap_bottom + 1.0;

    // Start on the ray of the favoured profile b: z = e_b + V(e_b) + lambda
    // g stays in its cell while lambda (g_b - g_i) > V_i - V_b.
    std::vector<double> sigma0(cell.begin(), cell.end());
    std::vector<double> values, cross;
    PayoffDerivatives(game_, layout_, sigma0, values, cross);
    double lambda = 0.0;
    for (int i = 0; i < n; ++i) {
      if (cell[i]) continue;
      const int p = layout_.owner[i];
      int b = layout_.offset[p];
      while (!cell[b]) ++b;
      lambda = std::max(lambda, (values[i] - values[b]) / scale_ / (g[b] - g[i]));
    }
    lambda = std::min(lambda + 1.0, lambda_top);
    std::vector<double> x(m);
    for (int i = 0; i < n; ++i) x[i] = sigma0[i] + values[i] / scale_ + lambda * g[i];
    x[n] = lambda;

    // In the start cell dH/dz = I, so the tangent towards smaller lambda is
    // -(g, 1); its augmented determinant fixes the orientation of the path.
    std::vector<double> h, a;
    homotopy.Evaluate(x, cell, h, &a);
    std::vector<double> t(m);
    for (int i = 0; i < n; ++i) t[i] = -g[i];
    t[n] = -1.0;
    Normalise(t);
    const int orientation = DenseLu(Augmented(a, t), m).determinant_sign();
    if (orientation == 0) return report;

    double step = 0.1;
    const double max_step = lambda_top + lambda_bottom;
    // A rejected step is retried at half the length; below this the path is
    // taken to be singular and abandoned.
    const double min_step = 1e-12;
    for (int iteration = 0; iteration < options_.max_steps; ++iteration) {
      if (WorkDone() > deadline) {
        report.stopped = true;
        break;
      }
      if (x[n] < -lambda_bottom) {
        report.reached_end = true;
        break;
      }
      if (x[n] > lambda_top + 1.0) break;  // numerically lost: back on the start ray
      homotopy.Retract(x.data(), cell);
      const Homotopy::Boundary boundary = homotopy.NextBoundary(x, cell, t);
      const double scale = 1.0 + NormInf(x);
      const bool to_boundary = boundary.distance <= step;
      const double trial = to_boundary ? boundary.distance : step;

      std::vector<double> y(m);
      for (int i = 0; i < m; ++i) y[i] = x[i] + trial * t[i];
      int corrector_steps = 0;
      bool accepted = Correct(homotopy, cell, t, y, scale, corrector_steps) &&
                      (!to_boundary || LocateBoundary(homotopy, cell, boundary.strategy, y, scale));
      // The step was too long if the tangent turned by more than about 8
      // degrees, the corrector moved the point far, or it left the cell: a
      // long step could otherwise jump to another stretch of the path.
      std::vector<double> next;
      if (accepted) {
        homotopy.Evaluate(y, cell, h, &a);
        next = OrientedKernel(a, t, orientation);
        double cosine = 0.0, moved = 0.0;
        for (int i = 0; !next.empty() && i < m; ++i) cosine += next[i] * t[i];
        for (int i = 0; i < m; ++i) moved = std::max(moved, std::fabs(y[i] - x[i] - trial * t[i]));
        accepted = !next.empty() && cosine >= 0.99 && moved <= 0.1 * trial + 1e-12 * scale &&
                   Inside(homotopy, y, cell);
      }
      if (!accepted) {
        step = trial / 2;
        if (step < min_step) break;
        continue;
      }
      // A crossing of lambda = 0 between x and y is an equilibrium.
      if ((x[n] > 0) != (y[n] > 0)) {
        ++report.crossings;
        Refine(homotopy, cell, x, y, start, found);
      }
      x = y;
      t = next;
      if (to_boundary) {
        // Into the neighbouring cell, along its own tangent at the boundary.
        cell[boundary.strategy] = !cell[boundary.strategy];
        homotopy.Evaluate(x, cell, h, &a);
        next = OrientedKernel(a, t, orientation);
        if (next.empty() || !homotopy.Enters(cell, next, boundary.strategy)) break;
        t = next;
      } else if (corrector_steps <= 2) {
        step = std::min(2 * step, max_step);
      }
    }
    return report;
  }

 private:
  // Whether y (the point last retracted, in `cell`) lies in the cell up to
  // rounding: every probability of the support non-negative, every gap
  // outside it non-positive.
  static bool Inside(const Homotopy& homotopy, const std::vector<double>& y, const Cell& cell) {
    const double slack = 1e-9 * (1.0 + NormInf(y));
    for (size_t i = 0; i < cell.size(); ++i) {
      const double level = homotopy.Level(y, static_cast<int>(i));
      if (cell[i] ? level < -slack : level > slack) return false;
    }
    return true;
  }

  // Moves y (on the path, near the boundary where strategy k enters or
  // leaves the support) onto the boundary itself: Newton's method on
  // H(y) = 0 together with level_k(y) = 0, the level being linear in z.
  bool LocateBoundary(Homotopy& homotopy, const Cell& cell, int k, std::vector<double>& y,
                      double scale) const {
    const int n = homotopy.size();
    const int m = n + 1;
    const int p = layout_.owner[k];
    int size = 0;
    for (int j = 0; j < n; ++j) size += cell[j] && layout_.owner[j] == p;
    std::vector<double> h, a;
    for (int iter = 0; iter < 12; ++iter) {
      homotopy.Evaluate(y, cell, h, &a);
      // level_k = y_k - (sum of y over p's support - 1) / |S_p|.
      std::vector<double> gradient(m, 0.0);
      double level = y[k];
      double theta = -1.0;
      for (int j = 0; j < n; ++j) {
        if (cell[j] && layout_.owner[j] == p) {
          theta += y[j];
          gradient[j] -= 1.0 / size;
        }
      }
      level -= theta / size;
      gradient[k] += 1.0;
      if (NormInf(h) < 1e-12 * scale && std::fabs(level) < 1e-13 * scale) return true;
      const DenseLu lu(Augmented(a, gradient), m);
      if (lu.singular()) return false;
      std::vector<double> rhs(m);
      for (int i = 0; i < n; ++i) rhs[i] = -h[i];
      rhs[n] = -level;
      const std::vector<double> delta = lu.Solve(rhs);
      for (int i = 0; i < m; ++i) y[i] += delta[i];
      if (!(NormInf(delta) < 1.0)) return false;  // wandered off
      if (NormInf(delta) < 1e-14 * scale) return true;
    }
    homotopy.Evaluate(y, cell, h, nullptr);
    return NormInf(h) < 1e-10 * scale;
  }

  // Newton's method on H = 0 in `cell` with the Moore-Penrose step: each
  // correction is orthogonal to the kernel at the current iterate.
  bool Correct(Homotopy& homotopy, const Cell& cell, const std::vector<double>& t,
               std::vector<double>& y, double scale, int& steps) const {
    const int n = homotopy.size();
    const int m = n + 1;
    std::vector<double> h, a;
    double previous = std::numeric_limits<double>::infinity();
    for (steps = 0; steps < 12; ++steps) {
      homotopy.Evaluate(y, cell, h, &a);
      if (NormInf(h) < 1e-12 * scale) return true;
      const std::vector<double> kernel = OrientedKernel(a, t, 0);
      if (kernel.empty()) return false;
      const DenseLu lu(Augmented(a, kernel), m);
      if (lu.singular()) return false;
      std::vector<double> rhs(m, 0.0);
      for (int i = 0; i < n; ++i) rhs[i] = -h[i];
      const std::vector<double> delta = lu.Solve(rhs);
      const double size = NormInf(delta);
      if (!std::isfinite(size)) return false;
      for (int i = 0; i < m; ++i) y[i] += delta[i];
      // Converged to rounding level, or not contracting (a step too long).
      if (size < 1e-13 * scale) break;
      if (size > 0.5 * previous) return false;
      previous = size;
    }
    homotopy.Evaluate(y, cell, h, nullptr);
    return NormInf(h) < 1e-10 * scale;
  }

  // The equilibrium between x and y (lambda of opposite signs, both in
  // `cell`): Newton on H(z, 0) = 0 from the linear interpolation, then
  // verified in the original game.
  void Refine(Homotopy& homotopy, const Cell& cell, const std::vector<double>& x,
              const std::vector<double>& y, int start, std::vector<Equilibrium>& found) const {
    const int n = homotopy.size();
    const int m = n + 1;
    const double f = x[n] / (x[n] - y[n]);
    std::vector<double> z(m);
    for (int i = 0; i < m; ++i) z[i] = x[i] + f * (y[i] - x[i]);
    z[n] = 0.0;
    std::vector<double> h, a;
    int index = 0;
    for (int iter = 0; iter < 30; ++iter) {
      homotopy.Evaluate(z, cell, h, &a);
      std::vector<double> jz(static_cast<size_t>(n) * n);
      for (int i = 0; i < n; ++i) {
        std::copy_n(a.begin() + static_cast<size_t>(i) * m, n, jz.begin() + static_cast<size_t>(i) * n);
      }
      const DenseLu lu(std::move(jz), n);
      index = lu.determinant_sign();
      if (NormInf(h) < 1e-15 * (1.0 + NormInf(z)) || lu.singular()) break;
      std::vector<double> rhs(n);
      for (int i = 0; i < n; ++i) rhs[i] = -h[i];
      const std::vector<double> delta = lu.Solve(rhs);
      for (int i = 0; i < n; ++i) z[i] += delta[i];
      if (NormInf(delta) < 1e-16 * (1.0 + NormInf(z))) break;
    }
    // The profile is the projection itself (never a negative probability).
    homotopy.Retract(z.data(), homotopy.CellOf(z.data()));
    Equilibrium eq;
    eq.profile = ToProfile(layout_, homotopy.sigma());
    // Never report an unverified point: a distribution per player, with a
    // small regret in the original game.
    if (!IsMixedProfile(game_, eq.profile)) return;
    Evaluate(game_, eq);
    if (!(eq.max_regret <= tolerance_)) return;
    // Also in each player's own units: a player whose payoffs are far
    // smaller than the largest could otherwise keep a large regret.
    if (!(RelativeRegret(game_, eq.profile) <= kNashRelativeTolerance)) return;
    for (const Equilibrium& other : found) {
      if (MaxDifference(other.profile, eq.profile) <= options_.dedup_tolerance) return;
    }
    eq.detail = {{"start", start}, {"index", index}};
    found.push_back(std::move(eq));
  }

  const NormalForm& game_;
  const StrategyLayout& layout_;
  double scale_;
  const GnmOptions& options_;
  double tolerance_;
};

}  // namespace

void CheckGnmLimits(const NormalForm& game, int starts) {
  if (starts < 1) throw NotApplicable("gnm: starts must be at least 1");
  int total = 0;
  for (int p = 0; p < game.num_players(); ++p) total += game.num_strategies(p);
  const double n = game.num_players();
  const double per_step = static_cast<double>(game.num_profiles()) * n * n * n +
                          static_cast<double>(total + 1) * (total + 1) * (total + 1);
  if (total > kMaxGnmStrategies || per_step * kGnmMinSteps > kMaxGnmWork) {
    char buf[400];
    std::snprintf(buf, sizeof buf,
                  "gnm: this game has %zu profiles and %d strategies in all; the limits are %d "
                  "strategies in all and %.0f steps of a path within the work limit of %.3g "
                  "operations (one step here: about %.3g)",
                  game.num_profiles(), total, kMaxGnmStrategies, kGnmMinSteps, kMaxGnmWork,
                  per_step);
    throw NotApplicable(buf);
  }
}

SolveResult GlobalNewton(const NormalForm& game, const GnmOptions& options) {
  CheckGnmLimits(game, options.starts);
  SolveResult result;
  result.method = "gnm";
  result.parameters = {{"starts", options.starts},
                       {"seed", options.seed},
                       {"max_steps", options.max_steps},
                       {"regret_tolerance", options.regret_tolerance},
                       {"dedup_tolerance", options.dedup_tolerance}};
  result.complete = false;
  const StrategyLayout layout = MakeStrategyLayout(game, "gnm");
  // Paths are traced on payoffs divided by the largest, so step lengths and
  // tolerances mean the same whatever the game's units.
  const double largest = MaxAbsPayoff(game);
  const double scale = largest > 0.0 ? largest : 1.0;
  const double tolerance = PayoffTolerance(game, options.regret_tolerance);
  Tracer tracer(game, layout, scale, options, tolerance);

  int crossings = 0, complete_paths = 0, followed = 0;
  bool stopped = false;
  const double deadline = WorkDone() + kMaxGnmWork;
  for (int start = 0; start < options.starts && !stopped; ++start) {
    // A random bonus direction: independent standard normals.
    Rng rng(options.seed, 0, 0, static_cast<uint32_t>(start));
    std::vector<double> g(layout.total);
    for (double& v : g) v = rng.Normal();
    const PathReport path = tracer.Follow(g, start, result.equilibria, deadline);
    crossings += path.crossings;
    complete_paths += path.reached_end;
    followed += 1;
    stopped = path.stopped || WorkDone() > deadline;
  }
  if (stopped) {
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "the work limit (%.3g operations) stopped the search during path %d of %d; "
                  "the equilibria found before are listed",
                  kMaxGnmWork, followed, options.starts);
    result.warning = buf;
  }
  result.note = "equilibria found on " + std::to_string(options.starts) +
                " global Newton paths (" + std::to_string(complete_paths) +
                " followed to their far end, " + std::to_string(crossings) +
                " crossings of lambda = 0); not necessarily all" +
                (result.warning.empty() ? std::string() : "; " + result.warning);
  return result;
}

}  // namespace geostrat
