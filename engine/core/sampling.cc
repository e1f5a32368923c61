#include "engine/core/sampling.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <string>

#include "engine/core/error.h"
#include "engine/core/rng.h"
#include "engine/core/stats.h"

namespace geostrat {

namespace {

void Require(bool ok, const std::string& what) {
  if (!ok) throw InternalError("sampling: " + what);
}

// The two-sided normal quantile for a confidence level (0.95 -> 1.959963985).
double NormalQuantile(double confidence) {
  return boost::math::quantile(boost::math::normal(), 0.5 + confidence / 2);
}

}  // namespace

UnitPoints SobolSequence(int n, int d, uint64_t skip) {
  Require(n >= 0, "Sobol' sequence needs n >= 0, got " + std::to_string(n));
  Require(d >= 1 && d <= kMaxSobolDimension,
          "Sobol' sequence needs 1 <= d <= " + std::to_string(kMaxSobolDimension) + ", got " +
              std::to_string(d));
  // Boost skips the all-zero first point, so point 0 here is (0.5, ..., 0.5).
  boost::random::sobol engine(static_cast<std::size_t>(d));
  engine.discard(skip * static_cast<uint64_t>(d));
  UnitPoints points(static_cast<size_t>(n), std::vector<double>(static_cast<size_t>(d)));
  for (auto& point : points) {
    for (double& x : point) {
      // 64-bit fractions; the top 53 bits convert exactly, so x < 1 always.
      x = static_cast<double>(engine() >> 11) * 0x1.0p-53;
    }
  }
  return points;
}

UnitPoints LatinHypercube(int n, int d, uint64_t seed) {
  Require(n >= 1 && n <= (1 << 20), "Latin hypercube needs 1 <= n <= 2^20, got " + std::to_string(n));
  Require(d >= 1, "Latin hypercube needs d >= 1, got " + std::to_string(d));
  UnitPoints points(static_cast<size_t>(n), std::vector<double>(static_cast<size_t>(d)));
  std::vector<int> stratum(static_cast<size_t>(n));
  for (int j = 0; j < d; ++j) {
    // One stream per dimension, so adding a dimension leaves the others unchanged.
    Rng rng(seed, 0, static_cast<uint32_t>(j), 0);
    for (int k = 0; k < n; ++k) stratum[k] = k;
    for (int k = n - 1; k > 0; --k) std::swap(stratum[k], stratum[rng.Below(k + 1)]);
    for (int k = 0; k < n; ++k) {
      // 32-bit offsets in (0, 1) keep at least 2^-33 from the stratum's upper
      // edge, so (stratum + offset) / n can never round into the next stratum.
      const double offset = (static_cast<double>(rng.Bits()) + 0.5) * 0x1.0p-32;
      points[k][j] = (stratum[k] + offset) / n;
    }
  }
  return points;
}

UnitPoints SaltelliDesign::Points() const {
  UnitPoints points;
  points.reserve(static_cast<size_t>(n) * (d + 2));
  points.insert(points.end(), a.begin(), a.end());
  points.insert(points.end(), b.begin(), b.end());
  for (int i = 0; i < d; ++i) {
    for (int k = 0; k < n; ++k) {
      std::vector<double> row = a[k];
      row[i] = b[k][i];
      points.push_back(std::move(row));
    }
  }
  return points;
}

SaltelliDesign MakeSaltelliDesign(int n, int d, uint64_t skip) {
  Require(n >= 2, "Saltelli design needs n >= 2, got " + std::to_string(n));
  Require(2 * d <= kMaxSobolDimension, "Saltelli design needs 2d <= " +
                                           std::to_string(kMaxSobolDimension) + ", got d = " +
                                           std::to_string(d));
  const UnitPoints base = SobolSequence(n, 2 * d, skip);
  SaltelliDesign design;
  design.n = n;
  design.d = d;
  for (const auto& row : base) {
    design.a.emplace_back(row.begin(), row.begin() + d);
    design.b.emplace_back(row.begin() + d, row.end());
  }
  return design;
}

namespace {

// The indices from the base rows `rows` (indices into 0..n-1, repeats allowed).
// Sums run in row order, so a resample gives the same result on any machine.
void IndicesOver(const std::vector<double>& y, int n, int d, const std::vector<int>& rows,
                 std::vector<double>& first, std::vector<double>& total, double& variance) {
  const double* fa = y.data();
  const double* fb = y.data() + n;
  double sum = 0;
  for (int k : rows) sum += fa[k] + fb[k];
  const double m = static_cast<double>(rows.size());
  const double mean = sum / (2 * m);
  double ss = 0;
  for (int k : rows) ss += (fa[k] - mean) * (fa[k] - mean) + (fb[k] - mean) * (fb[k] - mean);
  variance = ss / (2 * m);
  first.assign(d, std::nan(""));
  total.assign(d, std::nan(""));
  // A constant output has no variance to apportion: the indices stay NaN.
  if (!(variance > 0)) return;
  for (int i = 0; i < d; ++i) {
    const double* fab = y.data() + static_cast<size_t>(2 + i) * n;
    double s = 0, t = 0;
    for (int k : rows) {
      // f(B) centred on the sample mean: the same expectation, as
      // E[f(AB_i) - f(A)] = 0, but a far smaller variance when the output's
      // mean is large against its spread (a probability near 0.5 that moves
      // by a few points), as SALib does by standardising the outputs.
      s += (fb[k] - mean) * (fab[k] - fa[k]);
      t += (fa[k] - fab[k]) * (fa[k] - fab[k]);
    }
    first[i] = s / m / variance;
    total[i] = t / (2 * m) / variance;
  }
}

}  // namespace

SobolIndices EstimateSobolIndices(const std::vector<double>& y, int n, int d, int bootstrap,
                                  double confidence, uint64_t seed) {
  Require(n >= 2 && d >= 1, "Sobol' indices need n >= 2 and d >= 1");
  Require(y.size() == static_cast<size_t>(n) * (d + 2),
          "Sobol' indices need n * (d + 2) = " + std::to_string(static_cast<size_t>(n) * (d + 2)) +
              " outputs, got " + std::to_string(y.size()));
  Require(bootstrap >= 0, "Sobol' indices need bootstrap >= 0");
  Require(confidence > 0 && confidence < 1, "Sobol' indices need 0 < confidence < 1");
  SobolIndices out;
  std::vector<int> rows(static_cast<size_t>(n));
  for (int k = 0; k < n; ++k) rows[k] = k;
  IndicesOver(y, n, d, rows, out.first, out.total, out.variance);
  out.first_low = out.first_high = out.first;
  out.total_low = out.total_high = out.total;
  if (bootstrap == 0) return out;

  // Resample b draws its n rows from Rng(seed, b, 0, 0): each resample is
  // fixed by the seed alone, whatever the order they are computed in.
  std::vector<std::vector<double>> firsts(d), totals(d);
  std::vector<double> first, total;
  double variance = 0;
  for (int b = 0; b < bootstrap; ++b) {
    Rng rng(seed, static_cast<uint32_t>(b), 0, 0);
    for (int& k : rows) k = static_cast<int>(rng.Below(static_cast<uint32_t>(n)));
    IndicesOver(y, n, d, rows, first, total, variance);
    for (int i = 0; i < d; ++i) {
      if (!std::isnan(first[i])) firsts[i].push_back(first[i]);
      if (!std::isnan(total[i])) totals[i].push_back(total[i]);
    }
  }
  const double q_low = (1 - confidence) / 2, q_high = (1 + confidence) / 2;
  auto percentile = [&](std::vector<double>& values, double& low, double& high) {
    if (values.empty()) return;  // every resample constant: no interval
    std::sort(values.begin(), values.end());
    low = QuantileSorted(values, q_low);
    high = QuantileSorted(values, q_high);
  };
  for (int i = 0; i < d; ++i) {
    percentile(firsts[i], out.first_low[i], out.first_high[i]);
    percentile(totals[i], out.total_low[i], out.total_high[i]);
  }
  return out;
}

Crossing FindCrossing(const std::function<uint64_t(double x, int replicates)>& trials,
                      const CrossingOptions& options) {
  const CrossingOptions& o = options;
  Require(o.lo < o.hi, "crossing search needs lo < hi");
  Require(o.threshold > 0 && o.threshold < 1, "crossing search needs 0 < threshold < 1");
  Require(o.replicates >= 1 && o.max_replicates >= o.replicates,
          "crossing search needs 1 <= replicates <= max_replicates");
  Require(o.max_evaluations >= 2, "crossing search needs max_evaluations >= 2");
  Require(o.confidence > 0 && o.confidence < 1, "crossing search needs 0 < confidence < 1");
  Require(o.tolerance >= 0, "crossing search needs tolerance >= 0");
  const double z = NormalQuantile(o.confidence);
  const double tolerance = o.tolerance > 0 ? o.tolerance : (o.hi - o.lo) / 1000;

  Crossing out;
  // -1: significantly below the threshold, +1: significantly above, 0: the
  // interval still holds the threshold after max_replicates.
  auto evaluate = [&](double x) {
    int r = o.replicates;
    for (;;) {
      const uint64_t events = trials(x, r);
      if (events > static_cast<uint64_t>(r)) {
        throw InternalError("crossing search: " + std::to_string(events) + " events in " +
                            std::to_string(r) + " trials");
      }
      const Interval ci = WilsonInterval(events, static_cast<uint64_t>(r), z);
      const bool straddles = ci.low <= o.threshold && o.threshold <= ci.high;
      if (!straddles || r == o.max_replicates) {
        out.evaluations.push_back({x, events, static_cast<uint64_t>(r),
                                   static_cast<double>(events) / r, ci.low, ci.high});
        return straddles ? 0 : (ci.low > o.threshold ? 1 : -1);
      }
      r = static_cast<int>(std::min<int64_t>(2 * static_cast<int64_t>(r), o.max_replicates));
    }
  };

  const int side_lo = evaluate(o.lo);
  const int side_hi = evaluate(o.hi);
  out.increasing = out.evaluations[1].p >= out.evaluations[0].p;
  out.low = o.lo;
  out.high = o.hi;
  out.estimate = (o.lo + o.hi) / 2;
  if (side_lo == 0 || side_hi == 0 || side_lo == side_hi) return out;
  out.found = true;
  out.increasing = side_hi > side_lo;

  // Invariant: side(low) = side_lo and side(high) = side_hi, both significant.
  // Points found undecided (interval still straddling at max_replicates) lie
  // in [inner_low, inner_high]; the search then tightens the two gaps
  // [low, inner_low] and [inner_high, high] separately, since no amount of
  // bisection can decide inside the undecided zone.
  double low = o.lo, high = o.hi;
  bool undecided = false;
  double inner_low = 0, inner_high = 0;
  auto done = [&] {
    if (!undecided) return high - low <= tolerance;
    return inner_low - low <= tolerance && high - inner_high <= tolerance;
  };
  while (!done() && static_cast<int>(out.evaluations.size()) < o.max_evaluations) {
    double x;
    if (!undecided) {
      x = (low + high) / 2;
    } else {
      x = inner_low - low >= high - inner_high ? (low + inner_low) / 2 : (inner_high + high) / 2;
    }
    const int side = evaluate(x);
    if (side == side_lo) {
      low = x;
      // Sampling noise may decide a point beyond the undecided ones: they are
      // then outside the bracket and forgotten.
      if (undecided && x >= inner_high) undecided = false;
    } else if (side == side_hi) {
      high = x;
      if (undecided && x <= inner_low) undecided = false;
    } else if (!undecided) {
      undecided = true;
      inner_low = inner_high = x;
    } else {
      inner_low = std::min(inner_low, x);
      inner_high = std::max(inner_high, x);
    }
  }
  out.low = low;
  out.high = high;
  out.estimate = (low + high) / 2;
  return out;
}

}  // namespace geostrat
