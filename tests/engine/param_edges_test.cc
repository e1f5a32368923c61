// Every declared parameter range is safe to its ends: a short simulation at
// each end point of every model and agent parameter ends with finite
// indicators and utilities. A run that produces a non-finite number anyway is
// an error naming the replicate and its seed, never a results folder of NaN.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "agents/agent.h"
#include "engine/core/error.h"
#include "engine/run/experiment.h"
#include "engine/run/runner.h"
#include "engine/run/simulation.h"
#include "games/model_params.h"
#include "games/stage_game.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;
using Catch::Equals;
using testing::SourcePath;

// The baseline with the tariffs, countermeasures and negotiation games added (so their
// parameters are read), 4
// replicates; with `random`, every seat plays at random so that every action
// (a margin SKU, a tight red line...) meets every parameter.
Json EdgeBase(bool random) {
  Json j = Json::parse(testing::ReadFile(SourcePath("experiments/status-quo.json")));
  j["replicates"] = 4;
  j["scenario"]["games"]["tariffs"] = Json::object();
  j["policies"]["tariffs.us"] = {{"name", "random"}};
  j["policies"]["tariffs.china"] = {{"name", "random"}};
  j["scenario"]["games"]["countermeasures"] = Json::object();
  for (const char* seat : {"regulator", "listing", "purchases"})
    j["policies"][std::string("countermeasures.") + seat] = {{"name", "random"}};
  j["scenario"]["games"]["negotiation"] = Json::object();
  for (const char* seat : {"us", "china"})
    j["policies"][std::string("negotiation.") + seat] = {{"name", "random"}};
  if (random) {
    for (auto it = j["policies"].begin(); it != j["policies"].end(); ++it) {
      *it = {{"name", "random"}};
    }
  }
  return j;
}

Experiment FromJson(const Json& json) {
  MergedConfig merged{json, std::make_shared<SourceMap>()};
  merged.sources->Record("", "edge.json");
  return ExperimentFromConfig(merged, "edge.json");
}

struct Edge {
  std::string pointer;  // of the parameter's value
  ParamSpec spec;
};

// Every scenario, game and agent parameter of the edge config.
std::vector<Edge> Edges(const Json& base) {
  std::vector<Edge> edges;
  for (const auto& f : WorldParamFields()) {
    edges.push_back({"/scenario/parameters/" + f.spec.name, f.spec});
  }
  for (const auto& g : StageGames()) {
    for (const auto& f : GameParamFields(g.name)) {
      edges.push_back({"/scenario/games/" + g.name + "/params/" + f.spec.name, f.spec});
    }
  }
  const Json& agents = base["scenario"]["agents"];
  for (auto it = agents.begin(); it != agents.end(); ++it) {
    for (const auto& kind : AgentKinds()) {
      if (kind.name != (*it)["kind"]) continue;
      for (const auto& spec : kind.params) {
        edges.push_back({"/scenario/agents/" + it.key() + "/params/" + spec.name, spec});
      }
    }
  }
  return edges;
}

TEST_CASE("Every parameter at each end of its range gives finite results", "[model][limits]") {
  for (bool random : {false, true}) {
    const Json base = EdgeBase(random);
    const std::vector<Edge> edges = Edges(base);
    REQUIRE(edges.size() > 150);
    for (const auto& edge : edges) {
      for (double v : {edge.spec.lo, edge.spec.hi}) {
        Json j = base;
        j[Json::json_pointer(edge.pointer)] =
            edge.spec.integer ? Json(static_cast<long>(v)) : Json(v);
        INFO(edge.pointer << " = " << v << (random ? " (random policies)" : ""));
        const Experiment e = FromJson(j);
        const Simulation simulation(e);
        for (uint32_t rep = 0; rep < e.replicates; ++rep) {
          ReplicateOutcome r;
          // Summarise throws if anything is not finite; checked here as well.
          REQUIRE_NOTHROW(r = simulation.Summarise(simulation.Run(rep), rep));
          for (const auto& ind : SeriesIndicators()) CHECK(std::isfinite(r.end.*(ind.field)));
          for (double u : r.utility) CHECK(std::isfinite(u));
        }
      }
    }
  }
}

TEST_CASE("margin_perf 0 and f_tight 0 give finite results", "[model][limits]") {
  // The tester's inputs: NaN in end_G_US and every utility, exit 0.
  for (const char* pointer : {"/scenario/games/lobbying/params/margin_perf",
                              "/scenario/games/export_control/params/f_tight"}) {
    Json j = Json::parse(testing::ReadFile(SourcePath("experiments/status-quo.json")));
    j["replicates"] = 50;
    j[Json::json_pointer(pointer)] = 0;
    INFO(pointer);
    const RunOutput run = RunMonteCarlo(FromJson(j), {.threads = 1});
    for (const auto& r : run.replicates) {
      CHECK(std::isfinite(r.end.g_us));
      for (double u : r.utility) CHECK(std::isfinite(u));
    }
  }
}

TEST_CASE("rd_mid 0 is outside its range", "[model][limits]") {
  // The tester's input: rd_mid 0 put NaN everywhere. It is the reference of
  // R&D progress, so the range starts above 0.
  Json j = Json::parse(testing::ReadFile(SourcePath("experiments/status-quo.json")));
  j["scenario"]["games"]["substitution_rnd"]["params"]["rd_mid"] = 0;
  try {
    FromJson(j);
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK_THAT(e.what(), Equals("edge.json: at /scenario/games/substitution_rnd/params/rd_mid: "
                                "expected a number in [0.01, 100], found the number 0"));
  }
}

// R&D at 100 $B/q against a reference of 0.01 with elasticity 2: domestic
// progress overflows within the horizon.
constexpr const char* kOverflow = R"({
  "extends": "BASELINE", "replicates": 20,
  "scenario": {"parameters": {"rd_elasticity": 2},
               "games": {"substitution_rnd": {"params": {"rd_mid": 0.01, "rd_high": 100}}}},
  "policies": {"substitution_rnd.funder": {"name": "fixed", "action": "high"}}})";

std::string OverflowConfig(const std::string& dir) {
  std::string text = kOverflow;
  text.replace(text.find("BASELINE"), 8, SourcePath("experiments/status-quo.json"));
  return testing::WriteFile(dir, "overflow.json", text);
}

TEST_CASE("A non-finite result stops the run naming the replicate and seed", "[model][limits]") {
  const std::string path = OverflowConfig(testing::TempDir("edges"));
  try {
    RunMonteCarlo(LoadExperiment(path), {.threads = 2});
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK_THAT(e.what(), Equals(path + ": at /scenario: expected parameter values at which the "
                                       "model stays finite, found a non-finite utility of agent "
                                       "allies = NaN in replicate 0 (seed 20260101); a parameter at "
                                       "or near the end of its range may divide by zero or "
                                       "overflow; see docs/limits.md"));
  }
}

TEST_CASE("geostrat run writes no folder when a result is not finite", "[model][limits]") {
  const std::string dir = testing::TempDir("edges");
  const std::string path = OverflowConfig(dir);
  const auto r = testing::RunGeostrat("run " + path + " --out " + dir + "/out -q");
  CHECK(r.status == 2);
  CHECK_THAT(r.out, Catch::StartsWith("geostrat: configuration error: " + path +
                                      ": at /scenario: expected parameter values at which the "
                                      "model stays finite, found a non-finite utility"));
  CHECK_FALSE(fs::exists(dir + "/out"));
}

}  // namespace
}  // namespace geostrat
