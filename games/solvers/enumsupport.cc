#include "games/solvers/enumsupport.h"

#include <algorithm>
#include <optional>

#include "games/solvers/exact.h"

namespace geostrat {

namespace {

// Solves the square system M z = rhs exactly by Gaussian elimination; nullopt
// when M is singular.
std::optional<std::vector<Rational>> Solve(RationalMatrix m, std::vector<Rational> rhs) {
  const size_t n = m.size();
  for (size_t col = 0; col < n; ++col) {
    size_t pivot = col;
    while (pivot < n && m[pivot][col] == 0) ++pivot;
    if (pivot == n) return std::nullopt;
    std::swap(m[pivot], m[col]);
    std::swap(rhs[pivot], rhs[col]);
    for (size_t r = 0; r < n; ++r) {
      if (r == col || m[r][col] == 0) continue;
      const Rational f = m[r][col] / m[col][col];
      for (size_t c = col; c < n; ++c) m[r][c] -= f * m[col][c];
      rhs[r] -= f * rhs[col];
    }
  }
  for (size_t r = 0; r < n; ++r) rhs[r] /= m[r][r];
  return rhs;
}

// The mix over `own` (indices into the player's strategies, num_own of them)
// that makes the opponent indifferent over `theirs`, as a full-length vector,
// provided it is unique, strictly positive on `own`, and leaves nothing
// outside `theirs` strictly better for the opponent. payoff(own_s, their_s)
// is the opponent's payoff.
template <typename Payoff>
std::optional<std::vector<Rational>> IndifferenceMix(const std::vector<int>& own,
                                                     const std::vector<int>& theirs, int num_own,
                                                     int num_theirs, const Payoff& payoff) {
  const size_t k = own.size();
  // Unknowns: mix over own (k), then the opponent's value.
  RationalMatrix m(k + 1, std::vector<Rational>(k + 1, Rational(0)));
  std::vector<Rational> rhs(k + 1, Rational(0));
  for (size_t e = 0; e < k; ++e) {
    for (size_t u = 0; u < k; ++u) m[e][u] = payoff(own[u], theirs[e]);
    m[e][k] = -1;
  }
  for (size_t u = 0; u < k; ++u) m[k][u] = 1;
  rhs[k] = 1;
  const auto z = Solve(std::move(m), std::move(rhs));
  if (!z) return std::nullopt;
  std::vector<Rational> mix(num_own, Rational(0));
  for (size_t u = 0; u < k; ++u) {
    if ((*z)[u] <= 0) return std::nullopt;
    mix[own[u]] = (*z)[u];
  }
  const Rational value = (*z)[k];
  std::vector<bool> in_support(num_theirs, false);
  for (int s : theirs) in_support[s] = true;
  for (int s = 0; s < num_theirs; ++s) {
    if (in_support[s]) continue;
    Rational v = 0;
    for (int o : own) v += mix[o] * payoff(o, s);
    if (v > value) return std::nullopt;
  }
  return mix;
}

// The next k-subset of {0, ..., size - 1} after `c` (sorted) in colex order,
// the order of their bit sets as numbers: false after the last.
bool NextSubset(std::vector<int>& c, int size) {
  const int k = static_cast<int>(c.size());
  for (int i = 0; i < k; ++i) {
    const int limit = i + 1 < k ? c[i + 1] : size;
    if (c[i] + 1 < limit) {
      ++c[i];
      for (int j = 0; j < i; ++j) c[j] = j;
      return true;
    }
  }
  return false;
}

std::vector<int> FirstSubset(int k) {
  std::vector<int> c(k);
  for (int i = 0; i < k; ++i) c[i] = i;
  return c;
}

}  // namespace

SolveResult EnumSupport(const NormalForm& game) {
  RequireTwoPlayers(game, "enumsupport");
  const int m = game.num_strategies(0), n = game.num_strategies(1);
  // Equal-size support pairs: sum_k C(m, k) C(n, k) = C(m + n, m) - 1, each
  // costing two exact linear solves. Counted without overflow (the product
  // is checked against the limit before every step).
  unsigned long long pairs = 1;  // C(m + n, i) for growing i, up to C(m + n, min(m, n))
  const int small = std::min(m, n);
  for (int i = 1; i <= small && pairs <= kMaxSupportPairs + 1; ++i) {
    pairs = pairs * static_cast<unsigned long long>(m + n - small + i) / i;
  }
  if (pairs - 1 > kMaxSupportPairs) {
    throw NotApplicable("enumsupport tries every pair of equal-size supports, C(m + n, m) - 1 = " +
                        (pairs > kMaxSupportPairs + 1 ? "more than " + std::to_string(kMaxSupportPairs)
                                                      : std::to_string(pairs - 1)) +
                        " of them for this " + std::to_string(m) + "x" + std::to_string(n) +
                        " game; its limit is " + std::to_string(kMaxSupportPairs) +
                        " (a 9x9 game has 48619), so that it ends within seconds; use enummixed or "
                        "lcp");
  }
  const ExactBimatrix g = ExactPayoffMatrices(game);
  SolveResult result;
  result.method = "enumsupport";
  result.complete = false;
  result.note =
      "all equilibria if the game is nondegenerate; on a degenerate game only those whose "
      "supports give nonsingular indifference systems";
  // Supports of each size k, in the order of their bit sets as numbers.
  for (int k = 1; k <= std::min(m, n); ++k) {
    for (std::vector<int> rows = FirstSubset(k); ; ) {
      for (std::vector<int> cols = FirstSubset(k); ; ) {
        // y makes the row player indifferent over `rows`.
        const auto y = IndifferenceMix(cols, rows, n, m,
                                       [&](int c, int r) -> const Rational& { return g.a[r][c]; });
        const auto x = y ? IndifferenceMix(rows, cols, m, n,
                                           [&](int r, int c) -> const Rational& { return g.b[r][c]; })
                         : std::nullopt;
        if (!x) {
          if (!NextSubset(cols, n)) break;
          continue;
        }
        Equilibrium eq;
        eq.profile.resize(2);
        eq.exact.resize(2);
        for (int player = 0; player < 2; ++player) {
          for (const Rational& c : player == 0 ? *x : *y) {
            eq.profile[player].push_back(c.convert_to<double>());
            eq.exact[player].push_back(FractionString(c));
          }
        }
        Evaluate(game, eq);
        result.equilibria.push_back(std::move(eq));
        if (!NextSubset(cols, n)) break;
      }
      if (!NextSubset(rows, m)) break;
    }
  }
  return result;
}

}  // namespace geostrat
