// End to end through the geostrat binary: byte-identical results for any
// thread count, the run folder's files, and the command line's errors.
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/test_support.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::RunGeostrat;
using testing::SourcePath;

TEST_CASE("Results are byte-identical for 1, 2 and 4 threads", "[integration]") {
  const std::string tmp = testing::TempDir("threads");
  const std::string config = SourcePath("experiments/smoke.json");
  for (int t : {1, 2, 4}) {
    const auto r = RunGeostrat("run " + config + " --replicates 300 --threads " + std::to_string(t) +
                               " --out " + tmp + "/t" + std::to_string(t) + " --quiet");
    INFO(r.out);
    REQUIRE(r.status == 0);
  }
  for (const char* file : {"summary.json", "outcomes.csv", "series.csv"}) {
    INFO(file);
    const std::string one = ReadFile(tmp + "/t1/" + file);
    REQUIRE(one.size() > 100);
    CHECK(ReadFile(tmp + "/t2/" + file) == one);
    CHECK(ReadFile(tmp + "/t4/" + file) == one);
  }
}

TEST_CASE("A run folder holds what a researcher needs", "[integration]") {
  const std::string dir = testing::TempDir("folder") + "/run";
  const auto r = RunGeostrat("run " + SourcePath("experiments/smoke.json") +
                             " --replicates 120 --seed 7 --threads 2 --out " + dir);
  INFO(r.out);
  REQUIRE(r.status == 0);
  // The outcome table on stdout.
  CHECK_THAT(r.out, Catch::Contains("symbiotic_bifurcation"));
  CHECK_THAT(r.out, Catch::Contains("95% CI"));
  const Json summary = Json::parse(ReadFile(dir + "/summary.json"));
  const Json manifest = Json::parse(ReadFile(dir + "/manifest.json"));
  CHECK(summary["replicates"] == 120);
  CHECK(summary["seed"] == 7);
  double total = 0;
  for (const char* c : {"full_decoupling", "reintegration", "china_catch_up", "us_led_unipolar",
                        "symbiotic_bifurcation", "contested_transition"}) {
    const Json& o = summary["outcomes"][c];
    REQUIRE(o.contains("p"));
    CHECK(o["ci_low"].get<double>() <= o["p"].get<double>());
    CHECK(o["p"].get<double>() <= o["ci_high"].get<double>());
    total += o["p"].get<double>();
  }
  CHECK(total == Approx(1.0));
  for (const char* k : {"mean", "sd", "q05", "q25", "q50", "q75", "q95"}) {
    CHECK(summary["end_indicators"]["S_CN"].contains(k));
    CHECK(summary["discounted_utility"]["us"].contains(k));
  }
  // The manifest records everything needed to rerun, with every default.
  CHECK(manifest["seed"] == 7);
  CHECK(manifest["replicates"] == 120);
  CHECK(manifest["config"]["scenario"]["parameters"].contains("cn_budget_2026"));
  CHECK(manifest["config"]["scenario"]["games"]["export_control"]["params"]["f_license"]["value"] ==
        0.44);
  CHECK(manifest["program"].contains("git"));
  CHECK(manifest["run"]["threads"] == 2);
  // One row per replicate plus a header.
  const std::string outcomes = ReadFile(dir + "/outcomes.csv");
  CHECK(std::count(outcomes.begin(), outcomes.end(), '\n') == 121);
  CHECK_THAT(outcomes, Catch::StartsWith("replicate,seed,outcome,parameters/cn_budget_2026"));
  const std::string series = ReadFile(dir + "/series.csv");
  CHECK_THAT(series, Catch::StartsWith("step,quarter,indicator,q05,q25,q50,q75,q95\n0,2025Q4,F,"));
  // No partial folder is left behind.
  for (const auto& entry : fs::directory_iterator(fs::path(dir).parent_path())) {
    CHECK(entry.path().filename().string().find(".partial") == std::string::npos);
  }
}

TEST_CASE("The same seed reproduces a run; another seed changes it", "[integration]") {
  const std::string tmp = testing::TempDir("seeds");
  const std::string config = SourcePath("experiments/smoke.json");
  for (const std::string name : {"a", "b"}) {
    REQUIRE(RunGeostrat("run " + config + " --replicates 100 --seed 5 --quiet --out " + tmp + "/" + name)
                .status == 0);
  }
  REQUIRE(RunGeostrat("run " + config + " --replicates 100 --seed 6 --quiet --out " + tmp + "/c")
              .status == 0);
  CHECK(ReadFile(tmp + "/a/outcomes.csv") == ReadFile(tmp + "/b/outcomes.csv"));
  CHECK(ReadFile(tmp + "/a/outcomes.csv") != ReadFile(tmp + "/c/outcomes.csv"));
}

TEST_CASE("An existing --out folder is an error and is left untouched", "[integration]") {
  const std::string dir = testing::TempDir("exists");
  testing::WriteFile(dir, "keep.txt", "mine");
  const auto r = RunGeostrat("run " + SourcePath("experiments/smoke.json") + " --out " + dir);
  CHECK(r.status != 0);
  CHECK_THAT(r.out, Catch::Contains("already exists"));
  CHECK(ReadFile(dir + "/keep.txt") == "mine");
}

TEST_CASE("Command-line misuse gives a clear error", "[integration]") {
  CHECK(RunGeostrat("frobnicate").status == 64);
  CHECK_THAT(RunGeostrat("frobnicate").out, Catch::Contains("valid: run, tournament, solve, stage, equilibrium, sweep, merge, play, replay, backtest, calibrate, rationalise, compare, report, validate, list"));
  const auto bad_threads = RunGeostrat("run " + SourcePath("experiments/smoke.json") + " --threads 0");
  CHECK(bad_threads.status == 64);
  CHECK_THAT(bad_threads.out, Catch::Contains("--threads must be at least 1, found 0"));
  const auto missing = RunGeostrat("run /nonexistent/config.json");
  CHECK(missing.status == 2);
  CHECK_THAT(missing.out, Catch::Contains("/nonexistent/config.json"));
  CHECK_THAT(missing.out, Catch::Contains("no such file"));
  const auto list = RunGeostrat("list polices");
  CHECK(list.status == 64);
  CHECK_THAT(list.out, Catch::Contains("valid: policies"));
}

TEST_CASE("geostrat list prints every registered name with its parameters", "[integration]") {
  const auto r = RunGeostrat("list");
  REQUIRE(r.status == 0);
  for (const char* name :
       {"export_control", "license_fee", "mineral_retaliation", "substitution_rnd", "lobbying",
        "procurement", "fixed", "scripted", "tit_for_tat", "grim_trigger", "cross_retaliation",
        "country", "chipmaker", "hyperscaler", "cn_budget_2026", "f_license = 0.44",
        "symbiotic_bifurcation"}) {
    CHECK_THAT(r.out, Catch::Contains(name));
  }
}

}  // namespace
}  // namespace geostrat
