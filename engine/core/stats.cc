#include "engine/core/stats.h"

#include <algorithm>
#include <cmath>

#include "engine/core/error.h"

namespace geostrat {

Interval WilsonInterval(uint64_t successes, uint64_t trials, double z) {
  if (trials == 0) return {0.0, 1.0};
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double center = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  // The bounds are exactly 0 and 1 at the edges (no rounding residue).
  return {successes == 0 ? 0.0 : std::max(0.0, center - half),
          successes == trials ? 1.0 : std::min(1.0, center + half)};
}

double QuantileSorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) throw InternalError("quantile of an empty sample");
  const double h = (static_cast<double>(sorted.size()) - 1) * q;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

Moments MeanSd(const std::vector<double>& values) {
  Moments m;
  if (values.empty()) return m;
  double sum = 0;
  for (double v : values) sum += v;
  m.mean = sum / static_cast<double>(values.size());
  if (values.size() > 1) {
    double ss = 0;
    for (double v : values) ss += (v - m.mean) * (v - m.mean);
    m.sd = std::sqrt(ss / static_cast<double>(values.size() - 1));
  }
  return m;
}

void Histogram::Add(double x) {
  const int bins = static_cast<int>(counts_.size());
  // Clamped as a double before the cast: a NaN or infinite x (which the run
  // reports afterwards) must not be converted to int, which is undefined.
  const double pos = std::floor((x - lo_) / (hi_ - lo_) * bins);
  const int b = !(pos >= 0) ? 0 : pos >= bins - 1 ? bins - 1 : static_cast<int>(pos);
  ++counts_[b];
  ++total_;
}

void Histogram::Merge(const Histogram& other) {
  if (counts_.size() != other.counts_.size()) throw InternalError("histogram shapes differ");
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  total_ += other.total_;
}

double Histogram::Quantile(double q) const {
  if (total_ == 0) return std::nan("");
  const double target = q * static_cast<double>(total_);
  const double width = (hi_ - lo_) / static_cast<double>(counts_.size());
  double seen = 0;
  for (size_t i = 0; i < counts_.size(); ++i) {
    const double c = static_cast<double>(counts_[i]);
    if (c > 0 && seen + c >= target) {
      const double inside = (target - seen) / c;
      return lo_ + width * (static_cast<double>(i) + inside);
    }
    seen += c;
  }
  return hi_;
}

}  // namespace geostrat
