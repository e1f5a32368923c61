// Scenario discovery: PRIM recovers a planted box, and a sweep's "discovery"
// writes discovery.json from its scenario.csv.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/discovery.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

using Catch::Contains;
using testing::ReadFile;
using testing::RunGeostrat;
using testing::SourcePath;
using testing::TempDir;
using testing::WriteFile;

TEST_CASE("PRIM finds a planted box and prunes the input that does not matter", "[discovery]") {
  // y = 1 exactly where x0 > 0.7 and x1 < 0.3 (9% of the runs); x2 is noise.
  Rng rng(7, 0, 0, 0);
  std::vector<std::vector<double>> x;
  std::vector<bool> y;
  for (int i = 0; i < 4000; ++i) {
    const double a = rng.Uniform(), b = rng.Uniform(), c = rng.Uniform();
    x.push_back({a, b, c});
    y.push_back(a > 0.7 && b < 0.3);
  }
  const PrimResult r = Prim({"x0", "x1", "x2"}, x, y, PrimOptions{});
  CHECK(r.base_rate == Approx(0.09).margin(0.015));
  CHECK(r.trajectory[0].density == r.base_rate);
  CHECK(r.trajectory[0].coverage == 1.0);
  for (size_t s = 1; s < r.trajectory.size(); ++s) CHECK(r.trajectory[s].runs < r.trajectory[s - 1].runs);
  CHECK(r.trajectory.back().mass >= 0.05);
  // The box: x0 from about 0.7 up, x1 up to about 0.3, x2 free.
  CHECK(r.box.density > 0.9);
  CHECK(r.box.coverage >= 0.5);
  CHECK(r.box.low[0] == Approx(0.7).margin(0.05));
  CHECK(r.box.high[0] == r.data_high[0]);
  CHECK(r.box.high[1] == Approx(0.3).margin(0.05));
  CHECK(r.box.low[1] == r.data_low[1]);
  CHECK(r.box.low[2] == r.data_low[2]);
  CHECK(r.box.high[2] == r.data_high[2]);
  // Each restriction matters: without it the box is far less dense.
  CHECK(r.density_without[0] < 0.6);
  CHECK(r.density_without[1] < 0.6);

  const Json j = PrimJson(r, "planted", PrimOptions{});
  REQUIRE(j["box"]["restricted"].size() == 2);
  CHECK(j["hits"] == r.hits);
  CHECK_THAT(PrimText(r, "planted"), Contains("x0 in ["));

  // An outcome no run has: no box beats the whole.
  const PrimResult none = Prim({"x0", "x1", "x2"}, x, std::vector<bool>(x.size(), false), {});
  CHECK(none.box.runs == x.size());
  CHECK_THAT(PrimText(none, "never"), Contains("no input restricted"));
}

TEST_CASE("A sweep's discovery member writes discovery.json", "[discovery][sweep]") {
  const std::string dir = TempDir("discovery");
  const std::string config = WriteFile(dir, "d.json", R"({
    "extends": ")" + SourcePath("experiments/smoke.json") + R"(", "name": "d",
    "sweep": {"levers": [{"name": "cuda_lockin", "pointer": "/scenario/parameters/cuda_lockin",
                          "range": [0.5, 1.5]}],
              "design": {"kind": "latin_hypercube", "points": 20}, "replicates": 20,
              "discovery": {"outcome": "contested_transition", "coverage": 0.3}}})");
  const auto r = RunGeostrat("sweep " + config + " --out " + dir + "/s");
  INFO(r.out);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Contains("discovery (PRIM) of contested_transition: "));
  const Json d = Json::parse(ReadFile(dir + "/s/discovery.json"));
  CHECK(d["runs"] == 400);
  CHECK(d["options"]["coverage"] == 0.3);
  CHECK(d["trajectory"][0]["mass"] == 1.0);
  const auto report = RunGeostrat("report " + dir + "/s");
  REQUIRE(report.status == 0);
  const std::string html = ReadFile(dir + "/s/report.html");
  CHECK_THAT(html, Contains("id=\"table-discovery\""));
  CHECK_THAT(html, Contains("Scenario discovery (PRIM)"));

  const std::string bad = WriteFile(dir, "bad.json", R"({
    "extends": ")" + SourcePath("experiments/smoke.json") + R"(", "name": "bad",
    "sweep": {"levers": [{"name": "cuda_lockin", "pointer": "/scenario/parameters/cuda_lockin",
                          "range": [0.5, 1.5]}], "design": {"kind": "latin_hypercube", "points": 4},
              "discovery": {"outcome": "symbiotic"}}})");
  const auto e = RunGeostrat("sweep " + bad + " --out " + dir + "/b");
  CHECK(e.status == 2);
  CHECK_THAT(e.out, Contains("bad.json: at /sweep/discovery/outcome: expected a known outcome class "
                             "name, found 'symbiotic'; valid: "));
  CHECK_THAT(e.out, Contains("symbiotic_bifurcation"));
  const std::string off = WriteFile(dir, "off.json", R"({
    "extends": ")" + SourcePath("experiments/smoke.json") + R"(", "name": "off",
    "sweep": {"levers": [{"name": "cuda_lockin", "pointer": "/scenario/parameters/cuda_lockin",
                          "range": [0.5, 1.5]}], "design": {"kind": "latin_hypercube", "points": 4},
              "scenario_csv": false, "discovery": {"outcome": "contested_transition"}}})");
  const auto o = RunGeostrat("sweep " + off + " --out " + dir + "/o");
  CHECK(o.status == 2);
  CHECK_THAT(o.out, Contains("off.json: at /sweep/discovery: expected scenario.csv to search "
                             "(\"scenario_csv\": true, the default), found \"scenario_csv\": false"));
}

}  // namespace
}  // namespace geostrat
