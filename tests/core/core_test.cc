// Random streams, statistics and parameter priors.
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/core/config_node.h"
#include "engine/core/error.h"
#include "engine/core/names.h"
#include "engine/core/param.h"
#include "engine/core/rng.h"
#include "engine/core/stats.h"

namespace geostrat {
namespace {

TEST_CASE("Rng streams are keyed by seed, replicate, stream and substream", "[core]") {
  Rng a(42, 7, 3, 1), b(42, 7, 3, 1);
  for (int i = 0; i < 100; ++i) REQUIRE(a.Bits() == b.Bits());
  Rng other_rep(42, 8, 3, 1), other_stream(42, 7, 4, 1), other_sub(42, 7, 3, 2), other_seed(43, 7, 3, 1);
  Rng base(42, 7, 3, 1);
  const uint32_t first = base.Bits();
  CHECK(other_rep.Bits() != first);
  CHECK(other_stream.Bits() != first);
  CHECK(other_sub.Bits() != first);
  CHECK(other_seed.Bits() != first);
}

TEST_CASE("Rng uniform and normal have the right moments", "[core]") {
  Rng rng(1, 0, 0, 0);
  const int n = 200000;
  double sum = 0, sum_n = 0, sum_n2 = 0;
  for (int i = 0; i < n; ++i) {
    const double u = rng.Uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    sum += u;
    const double z = rng.Normal();
    sum_n += z;
    sum_n2 += z * z;
  }
  CHECK(sum / n == Approx(0.5).margin(0.005));
  CHECK(sum_n / n == Approx(0.0).margin(0.01));
  CHECK(sum_n2 / n == Approx(1.0).margin(0.02));
}

TEST_CASE("Rng Poisson matches its mean", "[core]") {
  Rng rng(5, 0, 0, 0);
  double total = 0;
  for (int i = 0; i < 100000; ++i) total += rng.Poisson(0.3);
  CHECK(total / 100000 == Approx(0.3).margin(0.01));
}

TEST_CASE("Wilson interval matches the closed form", "[core]") {
  // 30 of 100: centre (0.3 + 1.92/100) / (1 + 3.84/100), known value [0.2189, 0.3958].
  const Interval ci = WilsonInterval(30, 100);
  CHECK(ci.low == Approx(0.2189).margin(1e-4));
  CHECK(ci.high == Approx(0.3958).margin(1e-4));
  const Interval zero = WilsonInterval(0, 2000);
  CHECK(zero.low == 0.0);
  CHECK(zero.high == Approx(0.00192).margin(1e-4));
}

TEST_CASE("Quantiles interpolate like R type 7", "[core]") {
  const std::vector<double> v = {1, 2, 3, 4, 10};
  CHECK(QuantileSorted(v, 0.0) == 1);
  CHECK(QuantileSorted(v, 0.5) == 3);
  CHECK(QuantileSorted(v, 0.9) == Approx(7.6));
  CHECK(QuantileSorted(v, 1.0) == 10);
}

TEST_CASE("Histogram quantiles are within one bin and merge exactly", "[core]") {
  Histogram a(0, 1, 1000), b(0, 1, 1000), all(0, 1, 1000);
  Rng rng(9, 0, 0, 0);
  std::vector<double> values;
  for (int i = 0; i < 10000; ++i) {
    const double x = rng.Uniform();
    values.push_back(x);
    (i % 2 ? a : b).Add(x);
    all.Add(x);
  }
  a.Merge(b);
  std::sort(values.begin(), values.end());
  for (double q : {0.05, 0.25, 0.5, 0.75, 0.95}) {
    CHECK(a.Quantile(q) == all.Quantile(q));
    CHECK(a.Quantile(q) == Approx(QuantileSorted(values, q)).margin(0.0011));
  }
}

TEST_CASE("Triangular priors stay in their support and have the right mean", "[core]") {
  const ParamSpec spec{"x", 1, 0, 10, "", "", ""};
  const Json j = Json::parse(R"({"triangular": [1, 2, 6]})");
  const Prior prior = ReadPrior(spec, ConfigNode::Root(j, "t.json"));
  Rng rng(3, 0, 0, 0);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    const double x = prior.Draw(rng);
    REQUIRE(x >= 1);
    REQUIRE(x <= 6);
    sum += x;
  }
  CHECK(sum / 100000 == Approx(3.0).margin(0.02));  // (1 + 2 + 6) / 3
}

TEST_CASE("Log-triangular priors are triangular in log space", "[core]") {
  const ParamSpec spec{"x", 1, 1, 100, "", "", ""};
  const Prior prior =
      ReadPrior(spec, ConfigNode::Root(Json::parse(R"({"log_triangular": [1, 10, 100]})"), "t"));
  Rng rng(4, 0, 0, 0);
  int below_mode = 0;
  for (int i = 0; i < 20000; ++i) below_mode += prior.Draw(rng) < 10;
  CHECK(below_mode / 20000.0 == Approx(0.5).margin(0.02));  // symmetric in log space
}

TEST_CASE("Parameter draws use one substream each", "[core]") {
  const std::vector<ParamSpec> specs = {{"a", 1, 0, 10, "", "", ""}, {"b", 1, 0, 10, "", "", ""}};
  const Json both = Json::parse(R"({"a": {"uniform": [0, 10]}, "b": {"uniform": [0, 10]}})");
  const Json only_b = Json::parse(R"({"b": {"uniform": [0, 10]}})");
  const ConfigNode n1 = ConfigNode::Root(both, "t"), n2 = ConfigNode::Root(only_b, "t");
  const auto v1 = ParamSet::Read(specs, &n1).Draw(11, 5, 0);
  const auto v2 = ParamSet::Read(specs, &n2).Draw(11, 5, 0);
  // Making `a` uncertain does not shift `b`'s draw (common random numbers).
  CHECK(v1[1] == v2[1]);
  CHECK(v2[0] == 1);
}

TEST_CASE("Nearest names come first", "[core]") {
  const auto names = NearestFirst("tit_for_tatt", {"fixed", "grim_trigger", "tit_for_tat"});
  CHECK(names.front() == "tit_for_tat");
  CHECK(EditDistance("kitten", "sitting") == 3);
}

}  // namespace
}  // namespace geostrat
