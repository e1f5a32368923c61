// Designs of experiments, Sobol' indices and the crossing search, each against
// known answers: published Sobol' points, the Ishigami function's analytic
// indices, a linear model's exact indices and a logistic model's known crossing.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "engine/core/rng.h"
#include "engine/core/sampling.h"

namespace geostrat {
namespace {

TEST_CASE("The Sobol' sequence starts with the Joe-Kuo points and skips exactly", "[sampling]") {
  // Joe and Kuo's first points in three dimensions, without the all-zero point
  // (Boost's documentation lists the same two-dimensional beginning).
  const UnitPoints expected = {{0.5, 0.5, 0.5},       {0.75, 0.25, 0.25},  {0.25, 0.75, 0.75},
                               {0.375, 0.375, 0.625}, {0.875, 0.875, 0.125}, {0.625, 0.125, 0.875},
                               {0.125, 0.625, 0.375}};
  const UnitPoints points = SobolSequence(7, 3);
  REQUIRE(points == expected);

  const UnitPoints skipped = SobolSequence(3, 3, 4);
  REQUIRE(skipped == UnitPoints(expected.begin() + 4, expected.end()));

  // The first 2^10 - 1 points of every one-dimensional projection are the
  // multiples of 2^-10 other than zero, each once: the net property.
  const UnitPoints net = SobolSequence(1023, 5);
  for (int j = 0; j < 5; ++j) {
    std::set<double> seen;
    for (const auto& p : net) {
      REQUIRE(p[j] >= 0.0);
      REQUIRE(p[j] < 1.0);
      REQUIRE(p[j] * 1024 == std::floor(p[j] * 1024));
      seen.insert(p[j]);
    }
    CHECK(seen.size() == 1023);
    CHECK(seen.count(0.0) == 0);
  }
}

TEST_CASE("A Latin hypercube holds every stratum exactly once per dimension", "[sampling]") {
  const int n = 97, d = 4;
  const UnitPoints points = LatinHypercube(n, d, 12345);
  REQUIRE(points.size() == static_cast<size_t>(n));
  for (int j = 0; j < d; ++j) {
    std::vector<int> count(n, 0);
    for (const auto& p : points) {
      REQUIRE(p.size() == static_cast<size_t>(d));
      REQUIRE(p[j] >= 0.0);
      REQUIRE(p[j] < 1.0);
      ++count[static_cast<int>(std::floor(p[j] * n))];
    }
    for (int k = 0; k < n; ++k) REQUIRE(count[k] == 1);
  }
  CHECK(LatinHypercube(n, d, 12345) == points);
  const UnitPoints other = LatinHypercube(n, d, 12346);
  CHECK(other != points);
  // A dimension's column depends on its index and the seed only.
  const UnitPoints wider = LatinHypercube(n, d + 1, 12345);
  for (int k = 0; k < n; ++k) {
    for (int j = 0; j < d; ++j) REQUIRE(wider[k][j] == points[k][j]);
  }
  // The dimensions are permuted independently, not in lockstep.
  int same_stratum = 0;
  for (const auto& p : points) same_stratum += std::floor(p[0] * n) == std::floor(p[1] * n);
  CHECK(same_stratum < 10);
  // One point fills the one stratum.
  const UnitPoints single = LatinHypercube(1, 2, 7);
  CHECK(single.size() == 1);
}

TEST_CASE("The Saltelli design crosses A and B column by column", "[sampling]") {
  const SaltelliDesign design = MakeSaltelliDesign(8, 3);
  const UnitPoints base = SobolSequence(8, 6);
  REQUIRE(design.a.size() == 8);
  REQUIRE(design.b.size() == 8);
  for (int k = 0; k < 8; ++k) {
    REQUIRE(design.a[k] == std::vector<double>(base[k].begin(), base[k].begin() + 3));
    REQUIRE(design.b[k] == std::vector<double>(base[k].begin() + 3, base[k].end()));
  }
  const UnitPoints points = design.Points();
  REQUIRE(points.size() == 8 * 5);
  for (int k = 0; k < 8; ++k) {
    CHECK(points[k] == design.a[k]);
    CHECK(points[8 + k] == design.b[k]);
    for (int i = 0; i < 3; ++i) {
      const auto& ab = points[(2 + i) * 8 + k];
      for (int j = 0; j < 3; ++j) CHECK(ab[j] == (j == i ? design.b[k][j] : design.a[k][j]));
    }
  }
}

std::vector<double> Evaluate(const UnitPoints& points,
                             const std::function<double(const std::vector<double>&)>& f) {
  std::vector<double> y;
  y.reserve(points.size());
  for (const auto& p : points) y.push_back(f(p));
  return y;
}

TEST_CASE("Sobol' indices of the Ishigami function match the analytic values", "[sampling]") {
  const double pi = 3.141592653589793, a = 7, b = 0.1;
  const auto ishigami = [&](const std::vector<double>& u) {
    const double x1 = -pi + 2 * pi * u[0], x2 = -pi + 2 * pi * u[1], x3 = -pi + 2 * pi * u[2];
    return std::sin(x1) + a * std::sin(x2) * std::sin(x2) +
           b * std::pow(x3, 4) * std::sin(x1);
  };
  // Analytic values (Ishigami and Homma 1990; Sobol' and Levitan 1999).
  const double v = a * a / 8 + b * std::pow(pi, 4) / 5 + b * b * std::pow(pi, 8) / 18 + 0.5;
  const double v1 = 0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2);
  const double v2 = a * a / 8;
  const double v13 = b * b * std::pow(pi, 8) * (1.0 / 18 - 1.0 / 50);
  const std::vector<double> first = {v1 / v, v2 / v, 0};
  const std::vector<double> total = {(v1 + v13) / v, v2 / v, v13 / v};
  CHECK(first[0] == Approx(0.3139).margin(1e-4));
  CHECK(first[1] == Approx(0.4424).margin(1e-4));
  CHECK(total[0] == Approx(0.5576).margin(1e-4));
  CHECK(total[2] == Approx(0.2437).margin(1e-4));

  const int n = 1 << 13, d = 3;
  const SaltelliDesign design = MakeSaltelliDesign(n, d);
  const std::vector<double> y = Evaluate(design.Points(), ishigami);
  const SobolIndices s = EstimateSobolIndices(y, n, d, 200, 0.95, 99);
  CHECK(s.variance == Approx(v).epsilon(0.01));
  for (int i = 0; i < d; ++i) {
    INFO("input " << i);
    CHECK(s.first[i] == Approx(first[i]).margin(0.01));
    CHECK(s.total[i] == Approx(total[i]).margin(0.01));
    CHECK(s.first_low[i] <= first[i]);
    CHECK(first[i] <= s.first_high[i]);
    CHECK(s.total_low[i] <= total[i]);
    CHECK(total[i] <= s.total_high[i]);
    // The intervals are informative, not the whole line.
    CHECK(s.first_high[i] - s.first_low[i] < 0.1);
    CHECK(s.total_high[i] - s.total_low[i] < 0.1);
  }
  // Same outputs, same seed: the same intervals.
  const SobolIndices again = EstimateSobolIndices(y, n, d, 200, 0.95, 99);
  CHECK(again.first_low == s.first_low);
  CHECK(again.total_high == s.total_high);
}

TEST_CASE("Sobol' indices of a linear additive function are its variance shares", "[sampling]") {
  // f = x0 + 2 x1 + 3 x2 + 0 x3 on the unit cube: V_i = c_i^2 / 12 and no
  // interactions, so first and total indices both equal c_i^2 / 14.
  const std::vector<double> c = {1, 2, 3, 0};
  const auto linear = [&](const std::vector<double>& u) {
    double sum = 0;
    for (size_t i = 0; i < c.size(); ++i) sum += c[i] * u[i];
    return sum;
  };
  const int n = 1 << 12, d = 4;
  const std::vector<double> y = Evaluate(MakeSaltelliDesign(n, d).Points(), linear);
  const SobolIndices s = EstimateSobolIndices(y, n, d, 100, 0.9, 3);
  CHECK(s.variance == Approx(14.0 / 12).epsilon(0.005));
  for (int i = 0; i < d; ++i) {
    INFO("input " << i);
    CHECK(s.first[i] == Approx(c[i] * c[i] / 14).margin(0.01));
    CHECK(s.total[i] == Approx(c[i] * c[i] / 14).margin(0.005));
  }
  // An input that does nothing has a total index of exactly zero: AB_3 = A.
  CHECK(s.total[3] == 0.0);
  CHECK(s.total_high[3] == 0.0);

  // A constant output has no variance to apportion.
  const SobolIndices flat = EstimateSobolIndices(std::vector<double>(n * (d + 2), 1.0), n, d, 10, 0.9, 3);
  CHECK(flat.variance == 0.0);
  CHECK(std::isnan(flat.first[0]));
  CHECK(std::isnan(flat.total_high[0]));
}

// A Bernoulli model with p(x) = logistic((x - x0) / s), common random numbers
// across x: replicate k's uniform is the same at every lever value.
struct LogisticModel {
  double x0, s;
  bool decreasing = false;
  int calls = 0;
  uint64_t operator()(double x, int replicates) {
    ++calls;
    double p = 1 / (1 + std::exp(-(x - x0) / s));
    if (decreasing) p = 1 - p;
    uint64_t events = 0;
    for (int k = 0; k < replicates; ++k) events += Rng(2024, static_cast<uint32_t>(k), 0, 0).Uniform() < p;
    return events;
  }
};

TEST_CASE("The crossing search brackets a logistic model's known threshold", "[sampling]") {
  LogisticModel model{0.37, 0.05};
  CrossingOptions options;
  options.lo = 0;
  options.hi = 1;
  options.threshold = 0.5;
  options.replicates = 500;
  options.max_replicates = 8000;
  options.tolerance = 0.002;
  const Crossing c = FindCrossing([&](double x, int r) { return model(x, r); }, options);
  REQUIRE(c.found);
  CHECK(c.increasing);
  CHECK(c.low < 0.37);
  CHECK(0.37 < c.high);
  CHECK(c.estimate == Approx((c.low + c.high) / 2));
  CHECK(c.estimate == Approx(0.37).margin(0.01));
  // Near the threshold the replicates doubled; the ends are significant.
  uint64_t most = 0;
  for (const auto& e : c.evaluations) most = std::max(most, e.trials);
  CHECK(most > 500);
  for (const auto& e : c.evaluations) {
    REQUIRE(e.trials <= 8000);
    REQUIRE(e.ci_low <= e.p);
    REQUIRE(e.p <= e.ci_high);
    if (e.x == c.low) CHECK(e.ci_high < 0.5);
    if (e.x == c.high) CHECK(e.ci_low > 0.5);
  }
  CHECK(static_cast<int>(c.evaluations.size()) <= options.max_evaluations);

  // Another threshold: p = 0.8 at x0 + s ln 4.
  options.threshold = 0.8;
  const Crossing c8 = FindCrossing([&](double x, int r) { return model(x, r); }, options);
  const double x8 = 0.37 + 0.05 * std::log(4.0);
  REQUIRE(c8.found);
  CHECK(c8.low < x8);
  CHECK(x8 < c8.high);
}

TEST_CASE("The crossing search follows a decreasing probability", "[sampling]") {
  LogisticModel model{0.6, 0.08, true};
  CrossingOptions options;
  options.lo = -1;
  options.hi = 2;
  options.threshold = 0.5;
  const Crossing c = FindCrossing([&](double x, int r) { return model(x, r); }, options);
  REQUIRE(c.found);
  CHECK_FALSE(c.increasing);
  CHECK(c.low < 0.6);
  CHECK(0.6 < c.high);
  CHECK(c.high - c.low < 0.1);
  CHECK(c.evaluations[0].x == -1.0);
  CHECK(c.evaluations[1].x == 2.0);
  CHECK(c.evaluations[0].p > 0.5);
}

TEST_CASE("The crossing search reports no crossing when the ends agree", "[sampling]") {
  // p stays below 0.5 over the whole range.
  LogisticModel model{5.0, 0.5};
  CrossingOptions options;
  options.lo = 0;
  options.hi = 3;
  options.threshold = 0.5;
  const Crossing c = FindCrossing([&](double x, int r) { return model(x, r); }, options);
  CHECK_FALSE(c.found);
  CHECK(c.evaluations.size() == 2);
  CHECK(c.low == 0.0);
  CHECK(c.high == 3.0);
  CHECK(c.increasing);

  // An end that cannot be told apart from the threshold is no crossing either.
  LogisticModel at_end{0.0, 0.1};
  options.max_replicates = 2000;
  const Crossing undecided = FindCrossing([&](double x, int r) { return at_end(x, r); }, options);
  CHECK_FALSE(undecided.found);
  CHECK(undecided.evaluations[0].trials == 2000);
}

TEST_CASE("The crossing search stops at its evaluation budget", "[sampling]") {
  LogisticModel model{0.5, 0.1};
  CrossingOptions options;
  options.max_evaluations = 5;
  options.tolerance = 1e-9;
  const Crossing c = FindCrossing([&](double x, int r) { return model(x, r); }, options);
  REQUIRE(c.found);
  CHECK(c.evaluations.size() == 5);
  CHECK(c.low < 0.5);
  CHECK(0.5 < c.high);
}

}  // namespace
}  // namespace geostrat
