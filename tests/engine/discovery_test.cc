// Scenario discovery: PRIM recovers a planted box, and a sweep's "discovery"
// writes discovery.json from its scenario.csv.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/analysis/discovery.h"
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

TEST_CASE("CART splits where the Gini impurity falls most, computed by hand", "[discovery]") {
  // y = 0 0 0 1 1 0 over x = 1..6. Weighted Gini n*2p(1-p): the root 8/3;
  // a cut at 3.5 leaves 0 + 4/3, the best of the five cuts (at 2.5: 2, at
  // 4.5: 5/2, at 1.5 and 5.5: 12/5). Its right side {4, 5, 6} splits at 5.5
  // into two pure leaves; the left side is pure already.
  const std::vector<std::vector<double>> x = {{1}, {2}, {3}, {4}, {5}, {6}};
  const std::vector<bool> y = {false, false, false, true, true, false};
  TreeOptions options;
  options.max_depth = 3;
  options.min_leaf = 0;
  const TreeResult t = Cart({"x"}, x, y, options);
  REQUIRE(t.nodes.size() == 5);
  CHECK(t.nodes[0].input == 0);
  CHECK(t.nodes[0].threshold == 3.5);
  CHECK(t.nodes[0].left == 1);
  CHECK(t.nodes[0].right == 2);
  CHECK(t.nodes[1].input == -1);
  CHECK(t.nodes[1].runs == 3);
  CHECK(t.nodes[1].hits == 0);
  CHECK(t.nodes[2].threshold == 5.5);
  CHECK(t.nodes[3].runs == 2);
  CHECK(t.nodes[3].density == 1.0);
  CHECK(t.nodes[4].runs == 1);
  CHECK(t.importance[0] == 1.0);
  // Densest first; among the empty leaves the larger first.
  CHECK(LeavesByDensity(t) == std::vector<size_t>{3, 1, 4});
  CHECK(NodeConditions(t, 3) == std::vector<std::string>{"3.5 < x <= 5.5"});
  CHECK(NodeConditions(t, 1) == std::vector<std::string>{"x <= 3.5"});
  CHECK(NodeConditions(t, 0).empty());

  // min_leaf: each side must keep 40% of the runs (3 of 6), so only the cut
  // at 3.5 is allowed and its children cannot split again.
  options.min_leaf = 0.4;
  const TreeResult small = Cart({"x"}, x, y, options);
  REQUIRE(small.nodes.size() == 3);
  CHECK(small.nodes[0].threshold == 3.5);
  // max_depth 1: one split at most.
  options.min_leaf = 0;
  options.max_depth = 1;
  CHECK(Cart({"x"}, x, y, options).nodes.size() == 3);

  const Json j = TreeJson(t, "hits", options);
  CHECK(j["nodes"][0]["split"]["threshold"] == 3.5);
  CHECK(j["nodes"][1]["split"].is_null());
  CHECK(j["leaves_by_density"][0] == 3);
  CHECK(j["nodes"][3]["coverage"] == 1.0);
  CHECK(TreeText(t, "hits") ==
        "discovery (CART) of hits: a tree of depth 2 with 3 leaves; the densest leaves:\n"
        "  density 1.000, coverage 1.000, 2 runs: 3.5 < x <= 5.5\n");
  // Nothing to separate: one leaf, said so.
  const TreeResult none = Cart({"x"}, x, std::vector<bool>(6, false), options);
  CHECK(none.nodes.size() == 1);
  CHECK_THAT(TreeText(none, "never"), Contains("no split separates the outcome"));
}

TEST_CASE("CART finds the planted box and gives the noise input no weight", "[discovery]") {
  Rng rng(7, 0, 0, 0);
  std::vector<std::vector<double>> x;
  std::vector<bool> y;
  for (int i = 0; i < 4000; ++i) {
    const double a = rng.Uniform(), b = rng.Uniform(), c = rng.Uniform();
    x.push_back({a, b, c});
    y.push_back(a > 0.7 && b < 0.3);
  }
  TreeOptions options;
  options.max_depth = 2;
  const TreeResult t = Cart({"x0", "x1", "x2"}, x, y, options);
  const size_t densest = LeavesByDensity(t).front();
  const TreeNode& leaf = t.nodes[densest];
  CHECK(leaf.density == 1.0);
  CHECK(leaf.hits == t.hits);  // the whole outcome, nothing else
  CHECK(leaf.low[0] == Approx(0.7).margin(0.01));
  CHECK(leaf.high[1] == Approx(0.3).margin(0.01));
  CHECK(leaf.low[2] == t.data_low[2]);
  CHECK(leaf.high[2] == t.data_high[2]);
  CHECK(t.importance[2] == 0.0);
  CHECK(t.importance[0] + t.importance[1] == Approx(1.0));
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
  CHECK_THAT(r.out, Contains("discovery (CART) of contested_transition: a tree of depth "));
  CHECK(d["tree"]["options"]["max_depth"] == 3);
  CHECK(d["tree"]["nodes"][0]["runs"] == 400);
  const auto report = RunGeostrat("report " + dir + "/s");
  REQUIRE(report.status == 0);
  const std::string html = ReadFile(dir + "/s/report.html");
  CHECK_THAT(html, Contains("id=\"table-discovery\""));
  CHECK_THAT(html, Contains("Scenario discovery (PRIM)"));
  // The tree: its leaves densest first, each node, and the inputs' shares.
  CHECK_THAT(html, Contains("Scenario discovery (CART)"));
  CHECK_THAT(html, Contains("id=\"table-tree-leaves\""));
  CHECK_THAT(html, Contains("id=\"table-tree\""));
  const size_t leaf = d["tree"]["leaves_by_density"][0].get<size_t>();
  CHECK_THAT(html, Contains("data-key=\"discovery.json#/tree/nodes/" + std::to_string(leaf) +
                            "/density\""));

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
  const std::string deep = WriteFile(dir, "deep.json", R"({
    "extends": ")" + SourcePath("experiments/smoke.json") + R"(", "name": "deep",
    "sweep": {"levers": [{"name": "cuda_lockin", "pointer": "/scenario/parameters/cuda_lockin",
                          "range": [0.5, 1.5]}], "design": {"kind": "latin_hypercube", "points": 4},
              "discovery": {"outcome": "contested_transition", "tree": {"depth": 4}}}})");
  const auto dp = RunGeostrat("sweep " + deep + " --out " + dir + "/dp");
  CHECK(dp.status == 2);
  CHECK_THAT(dp.out, Contains("deep.json: at /sweep/discovery/tree/depth: expected a known key "
                              "name, found 'depth'; valid: max_depth, min_leaf"));
  const std::string zero = WriteFile(dir, "zero.json", R"({
    "extends": ")" + SourcePath("experiments/smoke.json") + R"(", "name": "zero",
    "sweep": {"levers": [{"name": "cuda_lockin", "pointer": "/scenario/parameters/cuda_lockin",
                          "range": [0.5, 1.5]}], "design": {"kind": "latin_hypercube", "points": 4},
              "discovery": {"outcome": "contested_transition", "tree": {"max_depth": 0}}}})");
  const auto z = RunGeostrat("sweep " + zero + " --out " + dir + "/z");
  CHECK(z.status == 2);
  CHECK_THAT(z.out, Contains("zero.json: at /sweep/discovery/tree/max_depth: expected an integer "
                             "in [1, 8], found the number 0"));
  const auto o = RunGeostrat("sweep " + off + " --out " + dir + "/o");
  CHECK(o.status == 2);
  CHECK_THAT(o.out, Contains("off.json: at /sweep/discovery: expected scenario.csv to search "
                             "(\"scenario_csv\": true, the default), found \"scenario_csv\": false"));
}

}  // namespace
}  // namespace geostrat
