#include "games/solvers/multilinear.h"

#include <algorithm>
#include <cmath>

#include "games/solvers/equilibrium.h"

namespace geostrat {

StrategyLayout MakeStrategyLayout(const NormalForm& game, const std::string& method) {
  StrategyLayout layout;
  for (int p = 0; p < game.num_players(); ++p) {
    if (game.num_strategies(p) < 1) throw NotApplicable(method + ": a player has no strategies");
    layout.offset.push_back(layout.total);
    for (int s = 0; s < game.num_strategies(p); ++s) layout.owner.push_back(p);
    layout.total += game.num_strategies(p);
  }
  for (size_t index = 0; index < game.num_profiles(); ++index) {
    const std::vector<int> profile = game.ProfileAt(index);
    layout.pure.insert(layout.pure.end(), profile.begin(), profile.end());
  }
  return layout;
}

double& WorkDone() {
  thread_local double work = 0.0;
  return work;
}

MixedProfile ToProfile(const StrategyLayout& layout, const std::vector<double>& sigma) {
  const int n = static_cast<int>(layout.offset.size());
  MixedProfile profile(n);
  for (int p = 0; p < n; ++p) {
    const int end = p + 1 < n ? layout.offset[p + 1] : layout.total;
    profile[p].assign(sigma.begin() + layout.offset[p], sigma.begin() + end);
  }
  return profile;
}

// values[i]: expected payoff of strategy i to its owner against sigma;
// cross[i * N + j] (j of another player): its derivative in sigma_j (exact,
// payoffs being multilinear).
void PayoffDerivatives(const NormalForm& game, const StrategyLayout& layout, const std::vector<double>& sigma,
                 std::vector<double>& values, std::vector<double>& cross) {
  const int n = game.num_players();
  const int total = layout.total;
  WorkDone() += static_cast<double>(game.num_profiles()) * n * n * n + static_cast<double>(total) * total;
  values.assign(total, 0.0);
  cross.assign(static_cast<size_t>(total) * total, 0.0);
  for (size_t index = 0; index < game.num_profiles(); ++index) {
    const int* pure = &layout.pure[index * n];
    for (int p = 0; p < n; ++p) {
      const double payoff = game.Payoff(index, p);
      if (payoff == 0.0) continue;  // exact zero contributes nothing
      const int i = layout.offset[p] + pure[p];
      double w = 1.0;
      for (int r = 0; r < n; ++r) {
        if (r != p) w *= sigma[layout.offset[r] + pure[r]];
      }
      values[i] += w * payoff;
      for (int q = 0; q < n; ++q) {
        if (q == p) continue;
        double wq = 1.0;
        for (int r = 0; r < n; ++r) {
          if (r != p && r != q) wq *= sigma[layout.offset[r] + pure[r]];
        }
        cross[static_cast<size_t>(i) * total + layout.offset[q] + pure[q]] += wq * payoff;
      }
    }
  }
}

// Gaussian elimination with partial pivoting; false when singular.
bool SolveLinearSystem(std::vector<double> a, std::vector<double>& b, int m,
                       double relative_singularity) {
  WorkDone() += static_cast<double>(m) * m * m / 3.0;
  double scale = 0.0;
  for (double v : a) scale = std::max(scale, std::fabs(v));
  for (int col = 0; col < m; ++col) {
    int pivot = col;
    for (int r = col + 1; r < m; ++r) {
      if (std::fabs(a[r * m + col]) > std::fabs(a[pivot * m + col])) pivot = r;
    }
    if (!(std::fabs(a[pivot * m + col]) > std::max(1e-300, relative_singularity * scale))) {
      return false;
    }
    if (pivot != col) {
      for (int c = 0; c < m; ++c) std::swap(a[col * m + c], a[pivot * m + c]);
      std::swap(b[col], b[pivot]);
    }
    for (int r = col + 1; r < m; ++r) {
      const double f = a[r * m + col] / a[col * m + col];
      if (f == 0.0) continue;
      for (int c = col; c < m; ++c) a[r * m + c] -= f * a[col * m + c];
      b[r] -= f * b[col];
    }
  }
  for (int r = m - 1; r >= 0; --r) {
    double s = b[r];
    for (int c = r + 1; c < m; ++c) s -= a[r * m + c] * b[c];
    b[r] = s / a[r * m + r];
    if (!std::isfinite(b[r])) return false;
  }
  return true;
}

}  // namespace geostrat
