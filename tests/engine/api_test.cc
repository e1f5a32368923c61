// The library's front door (engine/run/api.h): a program gets in memory the
// numbers `geostrat run` writes, the same bytes when it writes them, and can
// watch and cancel a run.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/run/api.h"
#include "engine/core/error.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

using Catch::Contains;
using testing::ReadFile;
using testing::RunGeostrat;
using testing::SourcePath;
using testing::TempDir;

api::Overrides Replicates(long long n) {
  api::Overrides o;
  o.replicates = n;
  return o;
}
api::Overrides Seed(long long s) {
  api::Overrides o;
  o.seed = s;
  return o;
}

TEST_CASE("A run through the API writes the bytes geostrat run writes, at any thread count",
          "[api]") {
  const std::string dir = TempDir("api");
  const std::string config = SourcePath("experiments/smoke.json");
  const auto cli = RunGeostrat("run " + config + " --replicates 120 --seed 9 --threads 1 --out " +
                               dir + "/cli -q");
  REQUIRE(cli.status == 0);

  const Experiment e = api::PrepareExperiment(api::LoadConfig(config), config,
                                              {120, 9});
  CHECK(e.replicates == 120);
  CHECK(e.seed == 9);
  RunOptions two;
  two.threads = 2;
  const api::RunResult r = api::Run(e, two);
  // In memory: the summary and the outcomes are those the CLI wrote.
  CHECK(r.summary == Json::parse(ReadFile(dir + "/cli/summary.json")));
  REQUIRE(r.output.replicates.size() == 120);
  r.Write(dir + "/api", {"a test", config});
  for (const char* file : {"summary.json", "outcomes.csv", "series.csv", "representative.json"}) {
    INFO(file);
    CHECK(ReadFile(dir + "/api/" + file) == ReadFile(dir + "/cli/" + file));
  }
  Json a = Json::parse(ReadFile(dir + "/api/manifest.json"));
  Json b = Json::parse(ReadFile(dir + "/cli/manifest.json"));
  CHECK(a["run"]["command"] == "a test");
  CHECK(a["run"]["threads"] == 2);
  a.erase("run");
  b.erase("run");
  CHECK(a == b);
}

TEST_CASE("A config given as JSON follows extends and is checked like a file", "[api]") {
  const Json child = {{"extends", SourcePath("experiments/smoke.json")},
                      {"name", "in-memory"},
                      {"replicates", 30}};
  const Experiment e = api::PrepareExperiment(api::ConfigFromJson(child, "<dict>"), "<dict>");
  CHECK(e.name == "in-memory");
  CHECK(e.replicates == 30);
  CHECK(e.description.rfind("smoke with: ", 0) == 0);

  Json bad = child;
  bad["colour"] = "red";
  bad["seed"] = -1;
  try {
    api::PrepareExperiment(api::ConfigFromJson(bad, "<dict>"), "<dict>");
    FAIL("no error");
  } catch (const ConfigErrors& e) {
    REQUIRE(e.errors().size() == 2);
    CHECK_THAT(std::string(e.errors()[0].what()),
               Contains("<dict>: at /colour: expected a known key name, found 'colour'"));
    CHECK(e.errors()[1].pointer() == "/seed");
  }
  // Overrides out of range are named by the member they set.
  CHECK_THROWS_WITH(api::PrepareExperiment(api::ConfigFromJson(child, "<dict>"), "<dict>",
                                           Replicates(0)),
                    "<dict>: at /replicates: expected an override in [1, 100000000], found 0");
  CHECK_THROWS_WITH(
      api::PrepareExperiment(api::ConfigFromJson(child, "<dict>"), "<dict>", Seed(-3)),
      "<dict>: at /seed: expected an override in [0, 9007199254740991], found -3");
}

TEST_CASE("The progress callback sees every replicate and can cancel the run", "[api]") {
  const std::string config = SourcePath("experiments/smoke.json");
  const Experiment e =
      api::PrepareExperiment(api::LoadConfig(config), config, Replicates(64));
  std::vector<uint32_t> seen;
  RunOptions watched;
  watched.on_progress = [&](uint32_t done, uint32_t total) {
    CHECK(total == 64);
    seen.push_back(done);
    return true;
  };
  api::Run(e, watched);
  REQUIRE(seen.size() == 64);  // one thread: called after every replicate
  for (uint32_t k = 0; k < 64; ++k) CHECK(seen[k] == k + 1);

  RunOptions cancelling;
  cancelling.threads = 2;
  cancelling.on_progress = [](uint32_t done, uint32_t) { return done < 10; };
  CHECK_THROWS_AS(api::Run(e, cancelling), RunCancelled);
  try {
    api::Run(e, cancelling);
  } catch (const RunCancelled& c) {
    CHECK_THAT(std::string(c.what()), Contains(" of 64 replicates; nothing was written"));
  }
}

}  // namespace
}  // namespace geostrat
