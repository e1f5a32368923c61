// geostrat compare: paired differences of two runs of one seed, their config
// changes, and the refusals of folders that cannot be paired.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include "engine/analysis/compare.h"
#include "engine/core/error.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;
using Catch::Contains;
using testing::ReadFile;
using testing::RunGeostrat;
using testing::SourcePath;
using testing::TempDir;
using testing::WriteFile;

// A run of the status quo (smoke) or of a child config in `dir`/`name`.
std::string Run(const std::string& dir, const std::string& name, const std::string& policies,
                const std::string& extra = "") {
  const std::string config =
      WriteFile(dir, name + ".json",
                R"({"extends": ")" + SourcePath("experiments/smoke.json") + R"(", "name": ")" + name +
                    R"(", "policies": )" + policies + "}");
  const auto r = RunGeostrat("run " + config + " --replicates 120 --quiet --out " + dir + "/" + name +
                             " " + extra);
  REQUIRE(r.status == 0);
  return dir + "/" + name;
}

std::vector<std::string> OutcomeColumn(const std::string& run) {
  std::istringstream in(ReadFile(run + "/outcomes.csv"));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> out;
  while (std::getline(in, line)) {
    const size_t a = line.find(','), b = line.find(',', a + 1);
    out.push_back(line.substr(b + 1, line.find(',', b + 1) - b - 1));
  }
  return out;
}

TEST_CASE("McNemar's exact test and JSON differences", "[compare]") {
  CHECK(McNemarExact(0, 0) == 1.0);
  CHECK(McNemarExact(3, 3) == 1.0);
  CHECK(McNemarExact(0, 5) == Approx(0.0625).epsilon(1e-12));          // 2 / 2^5
  CHECK(McNemarExact(9, 1) == Approx(22.0 / 1024).epsilon(1e-12));     // 2 (1 + 10) / 2^10
  CHECK(McNemarExact(40, 60) == Approx(0.05688793364).epsilon(1e-6));  // binom.test(40, 100)

  const Json a = Json::parse(R"({"x": 1, "a/b": {"k": [1, 2]}, "gone": true, "arr": [1]})");
  const Json b = Json::parse(R"({"x": 2, "a/b": {"k": [1, 3]}, "new": "v", "arr": [1, 2]})");
  std::map<std::string, std::pair<Json, Json>> d;
  for (const auto& ch : JsonDifferences(a, b)) d[ch.pointer] = {ch.a, ch.b};
  REQUIRE(d.size() == 5);
  CHECK(d.at("/x") == std::make_pair(Json(1), Json(2)));
  CHECK(d.at("/a~1b/k/1") == std::make_pair(Json(2), Json(3)));
  CHECK(d.at("/gone") == std::make_pair(Json(true), Json(nullptr)));
  CHECK(d.at("/new") == std::make_pair(Json(nullptr), Json("v")));
  CHECK(d.at("/arr") == std::make_pair(Json::parse("[1]"), Json::parse("[1, 2]")));
  CHECK(JsonDifferences(a, a).empty());
}

TEST_CASE("compare pairs two runs replicate by replicate", "[compare]") {
  const std::string dir = TempDir("compare");
  const std::string a = Run(dir, "quo", "{}");
  const std::string b =
      Run(dir, "ban", R"({"export_control.restrictor": {"name": "fixed", "action": "ban"}})");
  const Comparison c = CompareRuns(a, b);
  CHECK(c.replicates == 120);
  CHECK(c.experiment_a == "quo");
  CHECK(c.experiment_b == "ban");

  // Each class's counts, recomputed from the two outcomes.csv files.
  const auto oa = OutcomeColumn(a), ob = OutcomeColumn(b);
  REQUIRE(oa.size() == 120);
  for (const ClassDifference& d : c.classes) {
    INFO(d.name);
    uint64_t only_a = 0, only_b = 0, in_a = 0, in_b = 0;
    for (size_t i = 0; i < oa.size(); ++i) {
      in_a += oa[i] == d.name;
      in_b += ob[i] == d.name;
      only_a += oa[i] == d.name && ob[i] != d.name;
      only_b += ob[i] == d.name && oa[i] != d.name;
    }
    CHECK(d.only_a == only_a);
    CHECK(d.only_b == only_b);
    CHECK(d.p_a == Approx(in_a / 120.0));
    CHECK(d.diff == Approx((static_cast<double>(in_b) - in_a) / 120.0));
    CHECK(d.ci_low <= d.diff);
    CHECK(d.ci_high >= d.diff);
    CHECK(d.mcnemar_p == McNemarExact(only_a, only_b));
  }
  // A ban ends exports in every replicate, and pairing narrows the interval.
  std::map<std::string, MeanDifference> cols;
  for (const auto& m : c.columns) cols[m.name] = m;
  REQUIRE(cols.count("end_F"));
  REQUIRE(cols.count("utility_us"));
  CHECK(cols.at("end_F").mean_b == Approx(0).margin(0.01));
  CHECK(cols.at("end_F").diff == Approx(cols.at("end_F").mean_b - cols.at("end_F").mean_a));
  CHECK(cols.at("utility_us").ci_high - cols.at("utility_us").diff <
        cols.at("utility_us").unpaired_half_width);
  // The config changes name the overridden policy.
  bool named = false;
  for (const auto& ch : c.changes) {
    named = named || (ch.pointer == "/policies/export_control.restrictor/name" &&
                      ch.a == "cross_retaliation" && ch.b == "fixed");
  }
  CHECK(named);

  // A run against itself: no difference anywhere.
  const Comparison same = CompareRuns(a, a);
  CHECK(same.changes.empty());
  for (const auto& d : same.classes) {
    CHECK(d.diff == 0);
    CHECK(d.mcnemar_p == 1);
  }
  for (const auto& m : same.columns) CHECK(m.diff == 0);

  // The verb prints the tables and writes compare.json.
  const auto r = RunGeostrat("compare " + a + " " + b + " --out " + dir + "/cmp");
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Contains("120 paired replicates"));
  CHECK_THAT(r.out, Contains("/policies/export_control.restrictor/action: (absent) -> \"ban\""));
  const Json json = Json::parse(ReadFile(dir + "/cmp/compare.json"));
  CHECK(json["replicates"] == 120);
  CHECK(json["classes"]["contested_transition"]["only_a"].get<uint64_t>() ==
        c.classes.back().only_a);
  CHECK(json["command"].get<std::string>().rfind("geostrat compare ", 0) == 0);
  // An existing --out is refused before anything is read.
  const auto again = RunGeostrat("compare " + a + " " + b + " --out " + dir + "/cmp");
  CHECK(again.status == 64);
  CHECK_THAT(again.out, Contains("already exists"));
}

TEST_CASE("compare refuses what it cannot pair, saying why and what unpaired would cost",
          "[compare]") {
  const std::string dir = TempDir("compare-bad");
  const std::string a = Run(dir, "a", "{}");
  const std::string other_seed = Run(dir, "seed", "{}", "--seed 5");
  const auto r = RunGeostrat("compare " + a + " " + other_seed);
  CHECK(r.status == 2);
  CHECK_THAT(r.out, Contains("geostrat: configuration error: " + other_seed +
                             "/manifest.json: at /seed: expected the seed of " + a +
                             " (20260101) to pair replicates, found 5"));
  CHECK_THAT(r.out, Contains("--seed 20260101 --replicates 120"));
  CHECK_THAT(r.out, Contains("unpaired, the 95% interval on a difference in P("));

  const auto config = WriteFile(dir, "fewer.json",
                                R"({"extends": ")" + SourcePath("experiments/smoke.json") +
                                    R"(", "name": "fewer"})");
  REQUIRE(RunGeostrat("run " + config + " --replicates 60 --quiet --out " + dir + "/fewer").status == 0);
  const auto n = RunGeostrat("compare " + a + " " + dir + "/fewer");
  CHECK(n.status == 2);
  CHECK_THAT(n.out, Contains("at /replicates: expected the replicate count of " + a +
                             " (120) to pair replicates, found 60"));

  fs::create_directories(dir + "/empty");
  const auto e = RunGeostrat("compare " + a + " " + dir + "/empty");
  CHECK(e.status == 2);
  CHECK_THAT(e.out, Contains(dir + "/empty: at /: expected a run folder of geostrat run "
                                   "(manifest.json and outcomes.csv), found a folder without them"));
  const auto missing = RunGeostrat("compare " + a + " " + dir + "/nowhere");
  CHECK(missing.status == 2);
  CHECK_THAT(missing.out, Contains("found nothing (no such folder)"));

  const auto one = RunGeostrat("compare " + a);
  CHECK(one.status == 64);
  CHECK_THAT(one.out, Contains("compare: expected two run folders, RUN_A RUN_B"));
}

}  // namespace
}  // namespace geostrat
