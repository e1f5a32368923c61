// Small, deterministic statistics: everything is computed serially in index
// order, so results do not depend on thread count.
#pragma once

#include <cstdint>
#include <vector>

namespace geostrat {

struct Interval {
  double low = 0, high = 0;
};

// Wilson score interval for a binomial proportion (95% by default).
Interval WilsonInterval(uint64_t successes, uint64_t trials, double z = 1.959963984540054);

// Sample quantile, linear interpolation between order statistics (R type 7).
// `sorted` must be sorted ascending and non-empty.
double QuantileSorted(const std::vector<double>& sorted, double q);

struct Moments {
  double mean = 0, sd = 0;
};
Moments MeanSd(const std::vector<double>& values);  // sd with n - 1

// Fixed-range histogram with integer counts. Counts merge exactly in any order,
// so per-thread histograms combine into the same result for any thread count.
// Quantiles are read by linear interpolation inside a bin: resolution is
// (hi - lo) / bins; values outside [lo, hi] fall in the edge bins.
class Histogram {
 public:
  Histogram() = default;
  Histogram(double lo, double hi, int bins) : lo_(lo), hi_(hi), counts_(bins, 0) {}
  void Add(double x);
  void Merge(const Histogram& other);
  uint64_t total() const { return total_; }
  double Quantile(double q) const;

 private:
  double lo_ = 0, hi_ = 1;
  std::vector<uint64_t> counts_;
  uint64_t total_ = 0;
};

}  // namespace geostrat
