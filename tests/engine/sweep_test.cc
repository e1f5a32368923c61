// Sweeps: design order, common random numbers, errors in sweep specs, a
// failing replicate, byte-identical output for any thread count, after kill -9
// and --resume, and for shards joined by geostrat merge; tipping points on a
// lever with a known threshold.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <thread>

#include <cereal/archives/binary.hpp>

#include "engine/core/error.h"
#include "engine/core/hash.h"
#include "engine/core/rng.h"
#include "engine/sweep/sweep.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;
using Catch::Contains;
using Catch::StartsWith;
using testing::ReadFile;
using testing::RunGeostrat;
using testing::SourcePath;
using testing::TempDir;
using testing::WriteFile;

const char* kFee = "/scenario/games/license_fee/params/fee_mid";
const char* kRedLine = "/scenario/games/export_control/params/f_license";

// A config extending smoke.json with `sweep` as its "sweep" member.
std::string SweepConfig(const std::string& dir, const Json& sweep, const std::string& name = "sweep.json",
                        const Json& extra = Json::object()) {
  Json config = {{"extends", SourcePath("experiments/smoke.json")}, {"name", "sweep-test"}, {"sweep", sweep}};
  config.merge_patch(extra);
  return WriteFile(dir, name, config.dump(2));
}

Json Lever(const std::string& name, const std::string& pointer, const Json& spec) {
  Json l = spec;
  l["name"] = name;
  l["pointer"] = pointer;
  return l;
}

std::string ErrorOf(const std::string& path) {
  try {
    LoadSweep(path);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
  return cells;
}

// Every data file of two run folders, and the manifests apart from "run".
void RequireSameFolders(const std::string& a, const std::string& b) {
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(a)) {
    const std::string name = entry.path().filename().string();
    INFO(name);
    REQUIRE(fs::exists(fs::path(b) / name));
    if (name == "manifest.json") {
      Json ma = Json::parse(ReadFile(entry.path().string()));
      Json mb = Json::parse(ReadFile(b + "/" + name));
      ma.erase("run");
      mb.erase("run");
      CHECK(ma == mb);
    } else {
      CHECK(ReadFile(entry.path().string()) == ReadFile(b + "/" + name));
    }
    ++files;
  }
  size_t other = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(b)) ++other;
  CHECK(files == other);
}

TEST_CASE("A grid crosses the lever lists in the order written, never zipped", "[sweep]") {
  const std::string dir = TempDir("sweep-grid");
  // gs_trust_share is a prior in the baseline; a lever replaces it whole.
  const Json sweep = {{"levers",
                       {Lever("fee", kFee, {{"values", {0.1, 0.2, 0.3}}}),
                        Lever("red_line", kRedLine, {{"range", {0.2, 0.8}}, {"steps", 2}}),
                        Lever("trust", "/scenario/parameters/gs_trust_share", {{"values", {0.3, 0.5}}})}},
                      {"replicates", 3}};
  const SweepSpec spec = LoadSweep(SweepConfig(dir, sweep));
  REQUIRE(spec.points.size() == 12);
  std::vector<std::string> order;
  for (size_t p = 0; p < spec.points.size(); ++p) order.push_back(spec.DescribePoint(p));
  const std::vector<std::string> expected = {
      "fee = 0.1, red_line = 0.2, trust = 0.3", "fee = 0.1, red_line = 0.2, trust = 0.5",
      "fee = 0.1, red_line = 0.8, trust = 0.3", "fee = 0.1, red_line = 0.8, trust = 0.5",
      "fee = 0.2, red_line = 0.2, trust = 0.3", "fee = 0.2, red_line = 0.2, trust = 0.5",
      "fee = 0.2, red_line = 0.8, trust = 0.3", "fee = 0.2, red_line = 0.8, trust = 0.5",
      "fee = 0.3, red_line = 0.2, trust = 0.3", "fee = 0.3, red_line = 0.2, trust = 0.5",
      "fee = 0.3, red_line = 0.8, trust = 0.3", "fee = 0.3, red_line = 0.8, trust = 0.5"};
  CHECK(order == expected);
  // Each point's experiment carries its values.
  const Experiment e = ExperimentAtPoint(spec, 7);
  const Json resolved = e.ToJson();
  // (The resolved config writes every fixed parameter as {"value", "source"}.)
  CHECK(resolved.at(Json::json_pointer(kFee))["value"] == 0.2);
  CHECK(resolved.at(Json::json_pointer(kRedLine))["value"] == 0.8);
  CHECK(resolved.at(Json::json_pointer("/scenario/parameters/gs_trust_share"))["value"] == 0.5);

  // A one-at-a-time design: the baseline, then each lever in turn.
  Json oat = {{"levers",
               {Lever("fee", kFee, {{"values", {0.1, 0.3}}}),
                Lever("red_line", kRedLine, {{"range", {0.2, 0.6}}, {"steps", 3}})}},
              {"design", "one_at_a_time"},
              {"replicates", 3}};
  const SweepSpec one = LoadSweep(SweepConfig(dir, oat, "oat.json"));
  std::vector<std::string> oat_order;
  for (size_t p = 0; p < one.points.size(); ++p) oat_order.push_back(one.DescribePoint(p));
  CHECK(oat_order == std::vector<std::string>{"fee = 0.25, red_line = 0.44", "fee = 0.1, red_line = 0.44",
                                              "fee = 0.3, red_line = 0.44", "fee = 0.25, red_line = 0.2",
                                              "fee = 0.25, red_line = 0.4", "fee = 0.25, red_line = 0.6"});

  // Continuous designs map unit coordinates onto the ranges, log scale included.
  Json lhs = {{"levers",
               {Lever("fee", kFee, {{"range", {0.0, 0.5}}}),
                Lever("cap", "/scenario/parameters/export_alloc_share", {{"range", {0.05, 0.5}}, {"scale", "log"}})}},
              {"design", {{"kind", "latin_hypercube"}, {"points", 10}}},
              {"replicates", 2}};
  const SweepSpec hyper = LoadSweep(SweepConfig(dir, lhs, "lhs.json"));
  REQUIRE(hyper.points.size() == 10);
  const UnitPoints unit = LatinHypercube(10, 2, hyper.base.seed);
  for (size_t p = 0; p < 10; ++p) {
    CHECK(hyper.points[p][0].get<double>() == Approx(0.5 * unit[p][0]));
    CHECK(hyper.points[p][1].get<double>() == Approx(0.05 * std::pow(10.0, unit[p][1])));
  }
  // Sobol' and Saltelli designs are the sequences of engine/core/sampling.h,
  // in their order, mapped the same way.
  Json sobol = lhs;
  sobol["design"] = {{"kind", "sobol"}, {"points", 6}, {"skip", 2}};
  const SweepSpec qmc = LoadSweep(SweepConfig(dir, sobol, "sobol.json"));
  const UnitPoints sequence = SobolSequence(6, 2, 2);
  REQUIRE(qmc.points.size() == 6);
  for (size_t p = 0; p < 6; ++p) CHECK(qmc.points[p][0].get<double>() == Approx(0.5 * sequence[p][0]));
  Json saltelli = lhs;
  saltelli["design"] = {{"kind", "saltelli"}, {"base", 4}};
  const SweepSpec design = LoadSweep(SweepConfig(dir, saltelli, "saltelli.json"));
  const UnitPoints rows = MakeSaltelliDesign(4, 2).Points();
  REQUIRE(design.points.size() == 4 * (2 + 2));
  for (size_t p = 0; p < rows.size(); ++p) {
    CHECK(design.points[p][0].get<double>() == Approx(0.5 * rows[p][0]));
    CHECK(design.points[p][1].get<double>() == Approx(0.05 * std::pow(10.0, rows[p][1])));
  }
  CHECK(design.targets.size() == OutcomeClassNames().size() + 12);
}

TEST_CASE("Replicate r of every point sees the same draws (common random numbers)", "[sweep]") {
  const std::string dir = TempDir("sweep-crn");
  // Two identical points and a different one.
  const Json sweep = {{"levers", {Lever("fee", kFee, {{"values", {0.25, 0.25, 0.35}}})}}, {"replicates", 40}};
  const std::string out = dir + "/out";
  const auto r = RunGeostrat("sweep " + SweepConfig(dir, sweep) + " --threads 2 --quiet --out " + out);
  INFO(r.out);
  REQUIRE(r.status == 0);
  const auto rows = Lines(ReadFile(out + "/scenario.csv"));
  REQUIRE(rows.size() == 1 + 3 * 40);
  CHECK_THAT(rows[0], StartsWith("point,replicate,seed,fee,parameters/cn_budget_2026,"));
  for (size_t rep = 0; rep < 40; ++rep) {
    auto a = Split(rows[1 + rep]), b = Split(rows[1 + 40 + rep]), c = Split(rows[1 + 80 + rep]);
    CHECK(a[0] == "0");
    CHECK(b[0] == "1");
    CHECK(c[0] == "2");
    CHECK(a[1] == std::to_string(rep));
    CHECK(a[2] == "20260101");
    // Same point values: the same replicate, outcome included.
    CHECK(std::vector<std::string>(a.begin() + 1, a.end()) == std::vector<std::string>(b.begin() + 1, b.end()));
    // A different fee: the same draws of every uncertain parameter.
    CHECK(std::vector<std::string>(a.begin() + 4, a.end() - 1) ==
          std::vector<std::string>(c.begin() + 4, c.end() - 1));
  }
  const auto points = Lines(ReadFile(out + "/points.csv"));
  REQUIRE(points.size() == 4);
  CHECK(points[1].substr(points[1].find(",", 2)) == points[2].substr(points[2].find(",", 2)));
}

TEST_CASE("A one-lever sweep prints a row per value", "[sweep]") {
  const std::string dir = TempDir("sweep-one");
  const Json sweep = {{"levers", {Lever("red_line", kRedLine, {{"values", {0.1, 1.0}}})}},
                      {"replicates", 60}};
  const auto r = RunGeostrat("sweep " + SweepConfig(dir, sweep) + " --out " + dir + "/s");
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Contains("red_line     decoupling  reintegr.   catch_up   unipolar  "
                             "symbiotic  contested  P(symbiotic) 95% CI\n0.1 "));
  CHECK_THAT(r.out, Contains("\n1            "));
  // The contested share printed for the first value is points.csv's.
  const auto points = Lines(ReadFile(dir + "/s/points.csv"));
  const auto header = Split(points[0]);
  const auto row = Split(points[1]);
  const size_t k = std::find(header.begin(), header.end(), "p_contested_transition") - header.begin();
  REQUIRE(k < header.size());
  char shown[32];
  std::snprintf(shown, sizeof shown, "%10.3f  [", std::stod(row[k]));
  CHECK_THAT(r.out, Contains(shown));
}

TEST_CASE("A one-point sweep agrees with geostrat run at the same values", "[sweep]") {
  const std::string dir = TempDir("sweep-run");
  const Json sweep = {{"levers", {Lever("fee", kFee, {{"values", {0.25}}})}}, {"replicates", 150}};
  const auto s = RunGeostrat("sweep " + SweepConfig(dir, sweep) + " --quiet --out " + dir + "/sweep");
  const auto r = RunGeostrat("run " + SourcePath("experiments/smoke.json") + " --replicates 150 --quiet --out " +
                             dir + "/run");
  REQUIRE(s.status == 0);
  REQUIRE(r.status == 0);
  const Json summary = Json::parse(ReadFile(dir + "/run/summary.json"));
  const auto points = Lines(ReadFile(dir + "/sweep/points.csv"));
  const auto header = Split(points[0]);
  const auto row = Split(points[1]);
  auto cell = [&](const std::string& column) {
    const auto it = std::find(header.begin(), header.end(), column);
    REQUIRE(it != header.end());
    return std::stod(row[it - header.begin()]);
  };
  for (const auto& c : OutcomeClassNames()) {
    INFO(c);
    CHECK(cell("p_" + c) == Approx(summary["outcomes"][c]["p"].get<double>()).margin(1e-9));
    CHECK(cell("ci_high_" + c) == Approx(summary["outcomes"][c]["ci_high"].get<double>()).margin(1e-9));
  }
  for (const char* q : {"q05", "q50", "q95"}) {
    CHECK(cell(std::string("S_CN_") + q) == Approx(summary["end_indicators"]["S_CN"][q].get<double>()).margin(1e-9));
  }
  CHECK(cell("u_us_mean") == Approx(summary["discounted_utility"]["us"]["mean"].get<double>()).epsilon(1e-9));
  CHECK(cell("u_china_sd") == Approx(summary["discounted_utility"]["china"]["sd"].get<double>()).epsilon(1e-9));
}

TEST_CASE("Bad sweep specs name the file, the pointer, what was expected and what was found", "[sweep]") {
  const std::string dir = TempDir("sweep-errors");
  auto error_of = [&](const Json& sweep) {
    const std::string path = SweepConfig(dir, sweep);
    return std::make_pair(path, ErrorOf(path));
  };
  SECTION("a pointer with a misspelt member lists the valid ones nearest first") {
    const auto [path, message] = error_of(
        {{"levers", {Lever("fee", "/scenario/games/license_fee/params/fee_mdi", {{"values", {0.1}}})}}});
    CHECK_THAT(message, StartsWith(path + ": at /sweep/levers/0/pointer: expected a JSON pointer to a value of "
                                          "the resolved config (see geostrat validate CONFIG --print), found "
                                          "\"/scenario/games/license_fee/params/fee_mdi\", which has no member "
                                          "'fee_mdi' at /scenario/games/license_fee/params; valid: fee_mid, "));
  }
  SECTION("a grid lever without values") {
    const auto [path, message] = error_of({{"levers", {Lever("fee", kFee, {{"range", {0.1, 0.2}}})}}});
    CHECK_THAT(message, StartsWith(path + ": at /sweep/levers/0: expected \"values\": [...] or \"range\" with "
                                          "\"steps\" (a grid crosses value lists), found an object with keys "));
  }
  SECTION("a sampled design without ranges") {
    const auto [path, message] = error_of({{"levers", {Lever("fee", kFee, {{"values", {0.1, 0.2}}})}},
                                           {"design", {{"kind", "sobol"}, {"points", 8}}}});
    CHECK_THAT(message, StartsWith(path + ": at /sweep/levers/0: expected a \"range\": [low, high] (this design "
                                          "samples ranges), found "));
  }
  SECTION("an unknown design") {
    const auto [path, message] = error_of({{"levers", {Lever("fee", kFee, {{"values", {0.1}}})}}, {"design", "sobel"}});
    CHECK_THAT(message, StartsWith(path + ": at /sweep/design: expected a known design name, found 'sobel'; "
                                          "valid: sobol, "));
  }
  SECTION("a lever value the model rejects is the model's own error, naming the point") {
    const auto [path, message] = error_of({{"levers", {Lever("fee", kFee, {{"values", {0.25, 7}}})}}});
    CHECK_THAT(message, StartsWith(path + ": at " + kFee));
    CHECK_THAT(message, Contains("expected a number in [0, 1], found the number 7"));
    CHECK_THAT(message, Contains("at sweep point 1 (fee = 7)"));
  }
  SECTION("sensitivity without a saltelli design") {
    const auto [path, message] = error_of({{"levers", {Lever("fee", kFee, {{"values", {0.1}}})}},
                                           {"sensitivity", {{"targets", {"S_CN"}}}}});
    CHECK(message == path + ": at /sweep/sensitivity: expected no \"sensitivity\" outside a \"saltelli\" design "
                            "(Sobol' indices need its matrices), found a grid design");
  }
  SECTION("a tipping event naming an unknown class") {
    const auto [path, message] = error_of(
        {{"tipping", {{{"lever", {{"pointer", kFee}, {"range", {0, 0.5}}}}, {"event", "symbiotic"}, {"threshold", 0.5}}}}});
    CHECK_THAT(message, StartsWith(path + ": at /sweep/tipping/0/event: expected a known outcome class name, "
                                          "found 'symbiotic'; valid: "));
  }
  SECTION("two levers with the same name") {
    const auto [path, message] = error_of({{"levers",
                                            {Lever("x", kFee, {{"values", {0.1}}}),
                                             Lever("x", kRedLine, {{"values", {0.1}}})}}});
    CHECK(message == path + ": at /sweep/levers/1: expected a lever name of its own (names head CSV columns), "
                            "found \"x\", the name of lever 0");
  }
}

TEST_CASE("A replicate that fails stops the sweep naming its point, replicate and seed", "[sweep]") {
  const std::string dir = TempDir("sweep-fail");
  const SweepSpec spec = LoadSweep(
      SweepConfig(dir, {{"levers", {Lever("fee", kFee, {{"values", {0.15, 0.25, 0.35}}})}}, {"replicates", 20}}));
  SweepOptions o;
  o.threads = 2;
  o.out = dir + "/out";
  o.before_replicate = [](size_t point, uint32_t rep) {
    if ((point == 2 && rep == 3) || (point == 2 && rep == 11)) throw std::runtime_error("injected failure");
  };
  try {
    RunSweep(spec, o);
    FAIL("the sweep did not fail");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) ==
          "sweep point 2 (fee = 0.35), replicate 3 (seed 20260101) failed: injected failure");
  }
  // Nothing that looks complete; the checkpoint keeps what came before.
  CHECK_FALSE(fs::exists(o.out));
  REQUIRE(fs::exists(o.out + ".inprogress/checkpoint.bin"));
  // A damaged checkpoint is reported, not trusted.
  WriteFile(o.out + ".inprogress", "checkpoint.bin", "not a checkpoint");
  o.resume = true;
  o.before_replicate = nullptr;
  CHECK_THROWS_WITH(RunSweep(spec, o), o.out + ".inprogress/checkpoint.bin: at /: expected a sweep checkpoint "
                                           "(\"geostrat sweep checkpoint 2\"), found a file that is not one (16 "
                                           "bytes); remove " + o.out + ".inprogress to start again");
}

TEST_CASE("Sweep output is byte-identical for 1 and 2 threads and any block size", "[sweep]") {
  const std::string dir = TempDir("sweep-threads");
  const std::string config = SweepConfig(
      dir, {{"levers", {Lever("fee", kFee, {{"values", {0.0, 0.35}}}), Lever("red_line", kRedLine, {{"values", {0.1, 0.44, 1.0}}})}},
            {"replicates", 60}});
  for (int t : {1, 2}) {
    const auto r = RunGeostrat("sweep " + config + " --quiet --threads " + std::to_string(t) + " --out " + dir +
                               "/t" + std::to_string(t));
    INFO(r.out);
    REQUIRE(r.status == 0);
  }
  RequireSameFolders(dir + "/t1", dir + "/t2");
  // Nor on the block size (blocks of one point, of all points).
  for (const char* block : {"1", "1000000"}) {
    const auto r = RunGeostrat("sweep " + config + " --quiet --block-replicates " + block + " --out " + dir +
                               "/b" + block);
    REQUIRE(r.status == 0);
    RequireSameFolders(dir + "/t1", dir + "/b" + block);
  }
  const auto phase = Lines(ReadFile(dir + "/t1/phase.csv"));
  REQUIRE(phase.size() == 7);
  CHECK_THAT(phase[0], StartsWith("fee,red_line,p_full_decoupling,"));
  CHECK_THAT(phase[1], StartsWith("0,0.1,"));
  CHECK_THAT(phase[6], StartsWith("0.35,1,"));
  const auto design = ReadFile(dir + "/t1/design.csv");
  CHECK(design == "point,fee,red_line\n0,0,0.1\n1,0,0.44\n2,0,1\n3,0.35,0.1\n4,0.35,0.44\n5,0.35,1\n");
}

// Runs geostrat with `args`, killing it with SIGKILL after `delay` (if it is
// still running); returns true if it finished by itself with status 0.
bool RunKilledAfter(const std::vector<std::string>& args, std::chrono::milliseconds delay) {
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(GEOSTRAT_BINARY));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(GEOSTRAT_BINARY, argv.data());
    _exit(127);
  }
  const auto until = std::chrono::steady_clock::now() + delay;
  int status = 0;
  while (std::chrono::steady_clock::now() < until) {
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) && WEXITSTATUS(status) == 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TEST_CASE("After kill -9 at any moment, --resume finishes with the same bytes", "[sweep][resume]") {
  const std::string dir = TempDir("sweep-resume");
  const std::string config = SweepConfig(
      dir, {{"levers", {Lever("fee", kFee, {{"values", {0.0, 0.15, 0.25, 0.35}}}),
                        Lever("trust", "/scenario/parameters/gs_trust_share", {{"range", {0.1, 0.6}}, {"steps", 6}})}},
            {"replicates", 150},
            {"tipping", {{{"lever", {{"pointer", "/scenario/parameters/cuda_lockin"}, {"range", {0.5, 4.0}}}},
                          {"event", "symbiotic_bifurcation"}, {"threshold", 0.06}, {"replicates", 100},
                          {"max_evaluations", 8}}}}});
  const auto reference = RunGeostrat("sweep " + config + " --quiet --threads 2 --out " + dir + "/reference");
  INFO(reference.out);
  REQUIRE(reference.status == 0);

  // Kill times drawn from the counter-based generator: a different moment in
  // every round, the same rounds on every run of the test; later rounds live
  // longer, so that every round of a slow machine still makes progress.
  Rng rng(12345, 0, 0, 0);
  const std::string out = dir + "/resumed";
  // Blocks of two points: a checkpoint after every 300 replicates.
  std::vector<std::string> args = {"sweep", config, "--quiet", "--threads", "2", "--checkpoint-seconds", "0",
                                   "--block-replicates", "300", "--out", out};
  int kills = 0;
  bool done = RunKilledAfter(args, std::chrono::milliseconds(10 + rng.Below(120)));
  args.push_back("--resume");
  while (!done && kills < 100) {
    ++kills;
    const double grow = std::pow(1.1, kills);
    done = RunKilledAfter(args, std::chrono::milliseconds(static_cast<int>((10 + rng.Below(120)) * grow)));
  }
  INFO("killed " << kills << " time(s)");
  REQUIRE(done);
  WARN("resumed after " << kills << " kill(s)");
  CHECK(kills >= 1);
  RequireSameFolders(dir + "/reference", out);
  CHECK_FALSE(fs::exists(out + ".inprogress"));

}

TEST_CASE("An interrupted sweep is resumed only on request, and only with its own config", "[sweep][resume]") {
  const std::string dir = TempDir("sweep-interrupted");
  const std::string config = SweepConfig(
      dir, {{"levers", {Lever("fee", kFee, {{"values", {0.15, 0.25, 0.35}}})}}, {"replicates", 40}});
  const std::string other = SweepConfig(dir, {{"levers", {Lever("fee", kFee, {{"values", {0.1}}})}}}, "other.json");
  // Interrupted in its third point (blocks of two points): the first block
  // is checkpointed.
  SweepOptions o;
  o.out = dir + "/out";
  o.checkpoint_seconds = 0;
  o.block_replicates = 80;
  o.before_replicate = [](size_t point, uint32_t) {
    if (point == 2) throw std::runtime_error("interrupted");
  };
  CHECK_THROWS_WITH(RunSweep(LoadSweep(config), o), Contains("interrupted"));
  REQUIRE(fs::exists(o.out + ".inprogress/checkpoint.bin"));

  const auto fresh = RunGeostrat("sweep " + config + " --quiet --out " + o.out);
  CHECK(fresh.status == 64);
  CHECK_THAT(fresh.out, Contains("geostrat: sweep: " + o.out + ".inprogress holds an interrupted sweep; rerun "
                                 "with --resume to finish it, or remove it to start again"));
  const auto wrong = RunGeostrat("sweep " + other + " --resume --quiet --out " + o.out);
  CHECK(wrong.status == 64);
  CHECK_THAT(wrong.out, Contains("belongs to config hash " + LoadSweep(config).Hash() +
                                 ", not to this config (hash " + LoadSweep(other).Hash() + ")"));
  // One writer at a time: while another process holds the folder's lock,
  // a second sweep into it is refused.
  {
    const int held = open((o.out + ".inprogress/lock").c_str(), O_RDWR | O_CREAT, 0644);
    REQUIRE(flock(held, LOCK_EX | LOCK_NB) == 0);
    const auto second = RunGeostrat("sweep " + config + " --resume --quiet --out " + o.out);
    close(held);
    CHECK(second.status == 64);
    CHECK_THAT(second.out, Contains("geostrat: sweep: another process is running the sweep in " + o.out +
                                    ".inprogress"));
  }
  const auto resumed = RunGeostrat("sweep " + config + " --resume --quiet --out " + o.out);
  INFO(resumed.out);
  REQUIRE(resumed.status == 0);
  const auto uninterrupted = RunGeostrat("sweep " + config + " --quiet --out " + dir + "/reference");
  REQUIRE(uninterrupted.status == 0);
  RequireSameFolders(dir + "/reference", o.out);
  // Resuming a finished sweep (a kill may land between the final rename and
  // the clean-up) changes nothing; a fresh run into it is refused.
  fs::create_directories(o.out + ".inprogress");
  const auto finished = RunGeostrat("sweep " + config + " --resume --out " + o.out);
  CHECK(finished.status == 0);
  CHECK_THAT(finished.out, Contains("sweep-test: already complete"));
  CHECK_FALSE(fs::exists(o.out + ".inprogress"));
  RequireSameFolders(dir + "/reference", o.out);
  const auto exists = RunGeostrat("sweep " + other + " --resume --out " + o.out);
  CHECK(exists.status == 64);
  CHECK_THAT(exists.out, Contains("geostrat: sweep: output folder " + o.out + " already exists"));
}

TEST_CASE("Shards joined by geostrat merge are byte-identical to one process", "[sweep][shard]") {
  const std::string dir = TempDir("sweep-shard");
  const std::string config = SweepConfig(
      dir, {{"levers", {Lever("fee", kFee, {{"range", {0.0, 0.5}}}), Lever("red_line", kRedLine, {{"range", {0.1, 1.0}}}),
                        Lever("trust", "/scenario/parameters/gs_trust_share", {{"range", {0.05, 0.6}}})}},
            {"design", {{"kind", "saltelli"}, {"base", 8}}},
            {"replicates", 30},
            {"sensitivity", {{"targets", {"symbiotic_bifurcation", "S_CN"}}, {"bootstrap", 50}}}});
  const auto whole = RunGeostrat("sweep " + config + " --quiet --out " + dir + "/whole");
  INFO(whole.out);
  REQUIRE(whole.status == 0);
  std::string shards;
  for (int k = 1; k <= 3; ++k) {
    const std::string d = dir + "/shard" + std::to_string(k);
    const auto r = RunGeostrat("sweep " + config + " --quiet --threads 1 --shard " + std::to_string(k) + "/3 --out " + d);
    INFO(r.out);
    REQUIRE(r.status == 0);
    const Json m = Json::parse(ReadFile(d + "/manifest.json"));
    CHECK(m["kind"] == "sweep-shard");
    CHECK(m["shard"]["k"] == k);
    CHECK(m["shard"]["n"] == 3);
    shards += " " + d;
  }
  // In any order on the command line.
  const auto merged = RunGeostrat("merge " + dir + "/shard3 " + dir + "/shard1 " + dir + "/shard2 --out " + dir + "/merged");
  INFO(merged.out);
  REQUIRE(merged.status == 0);
  RequireSameFolders(dir + "/whole", dir + "/merged");
  CHECK(fs::exists(dir + "/merged/sensitivity.json"));

  const auto missing = RunGeostrat("merge " + dir + "/shard1 " + dir + "/shard3 --out " + dir + "/m2");
  CHECK(missing.status == 2);
  CHECK_THAT(missing.out, Contains(dir + "/shard1/manifest.json: at /shard/n: expected all 3 shards of the "
                                         "sweep, found shard(s) 2 missing"));
  const auto twice = RunGeostrat("merge " + dir + "/shard1 " + dir + "/shard2 " + dir + "/shard2 " + dir +
                                 "/shard3 --out " + dir + "/m3");
  CHECK(twice.status == 2);
  CHECK_THAT(twice.out, Contains("at /shard/k: expected each shard once, found shard 2 again"));
  const auto bad = RunGeostrat("sweep " + config + " --shard 4/3 --out " + dir + "/m4");
  CHECK(bad.status == 64);
  CHECK_THAT(bad.out, Contains("--shard expects k/N with 1 <= k <= N (e.g. 3/8), found '4/3'"));
  CHECK_FALSE(fs::exists(dir + "/m2"));
}

// A sweep of three points interrupted in its third (blocks of one point):
// OUT.inprogress holds a checkpoint of two points.
struct Interrupted {
  std::string dir, config, out, work;
};

Interrupted InterruptedSweep(const std::string& tag) {
  Interrupted i;
  i.dir = TempDir(tag);
  i.config = SweepConfig(i.dir, {{"levers", {Lever("fee", kFee, {{"values", {0.15, 0.25, 0.35}}})}}, {"replicates", 40}});
  SweepOptions o;
  o.out = i.dir + "/out";
  o.checkpoint_seconds = 0;
  o.block_replicates = 40;
  o.before_replicate = [](size_t point, uint32_t) {
    if (point == 2) throw std::runtime_error("interrupted");
  };
  CHECK_THROWS_WITH(RunSweep(LoadSweep(i.config), o), Contains("interrupted"));
  i.out = o.out;
  i.work = o.out + ".inprogress";
  REQUIRE(fs::exists(i.work + "/checkpoint.bin"));
  return i;
}

// The message of the ConfigError of resuming `i`.
std::string ResumeError(const Interrupted& i) {
  SweepOptions o;
  o.out = i.out;
  o.resume = true;
  try {
    RunSweep(LoadSweep(i.config), o);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

template <class T>
std::string Archive(const T& value) {
  std::ostringstream s;
  {
    cereal::BinaryOutputArchive ar(s);
    ar(value);
  }
  return s.str();
}

std::string Frame(const std::string& format, const std::string& archive) {
  return format + "\n" + Fnv1aHex(archive) + "\n" + archive;
}

TEST_CASE("A resume checks scenario.csv against its checkpoint: never padded and never trusted blindly",
          "[sweep][resume]") {
  const Interrupted i = InterruptedSweep("sweep-verify");
  const std::string scenario = i.work + "/scenario.csv";
  const std::string checkpoint = i.work + "/checkpoint.bin";
  const std::string good = ReadFile(scenario);
  const SweepCheckpoint cp = ParseSweepCheckpoint(ReadFile(checkpoint), checkpoint);
  CHECK(cp.points_done == 2);
  CHECK(cp.scenario_bytes == good.size());
  CHECK(cp.scenario_fnv == Fnv1aUpdate(kFnv1aBasis, good));
  const std::string expected = scenario + ": at /: expected at least " + std::to_string(good.size()) +
                               " bytes with FNV-1a " + HashHex(cp.scenario_fnv) + " (as the checkpoint " +
                               checkpoint + " recorded), found ";
  const std::string hint = "; remove " + i.work + " to start again";

  // Cut short by a power loss: refused, and left as it is (no padding).
  fs::resize_file(scenario, good.size() / 2);
  const auto cut = RunGeostrat("sweep " + i.config + " --resume --quiet --out " + i.out);
  CHECK(cut.status == 2);
  CHECK(cut.out == "geostrat: configuration error: " + expected + "a file of " + std::to_string(good.size() / 2) +
                       " bytes" + hint + "\n");
  CHECK(fs::file_size(scenario) == good.size() / 2);

  std::string changed = good;
  changed[good.size() / 2] ^= 0x01;
  WriteFile(i.work, "scenario.csv", changed);
  CHECK(ResumeError(i) == expected + "bytes with FNV-1a " + Fnv1aHex(changed) + " (the file was changed or damaged)" +
                              hint);

  // Rows written after the checkpoint (before a kill) are computed again.
  WriteFile(i.work, "scenario.csv", good + "2,0,20260101,0.35,half a ro");
  const auto resumed = RunGeostrat("sweep " + i.config + " --resume --quiet --out " + i.out);
  INFO(resumed.out);
  REQUIRE(resumed.status == 0);
  const auto reference = RunGeostrat("sweep " + i.config + " --quiet --out " + i.dir + "/reference");
  REQUIRE(reference.status == 0);
  RequireSameFolders(i.dir + "/reference", i.out);
}

TEST_CASE("Damaged and forged checkpoints are refused naming the file and what was found",
          "[sweep][resume]") {
  const Interrupted i = InterruptedSweep("sweep-damaged");
  const std::string path = i.work + "/checkpoint.bin";
  const std::string good = ReadFile(path);
  const std::string hint = "; remove " + i.work + " to start again";
  const std::string expected = path + ": at /: expected a sweep checkpoint (\"geostrat sweep checkpoint 2\")";
  const size_t header = good.find('\n', good.find('\n') + 1) + 1;
  const SweepCheckpoint cp = ParseSweepCheckpoint(good, path);

  SECTION("truncated") {
    WriteFile(i.work, "checkpoint.bin", good.substr(0, good.size() - 100));
    CHECK(ResumeError(i) == expected + " whose content matches its checksum " + good.substr(header - 17, 16) +
                                ", found content with checksum " +
                                Fnv1aHex(good.substr(header, good.size() - 100 - header)) + " (the file is damaged)" +
                                hint);
  }
  SECTION("a changed byte") {
    std::string flipped = good;
    flipped[header + 40] ^= 0xff;
    WriteFile(i.work, "checkpoint.bin", flipped);
    CHECK_THAT(ResumeError(i), StartsWith(expected + " whose content matches its checksum ") &&
                                   Contains("(the file is damaged)" + hint));
  }
  SECTION("another file") {
    WriteFile(i.work, "checkpoint.bin", "{\"not\": \"a checkpoint\"}\n");
    CHECK(ResumeError(i) == expected + ", found a file that is not one (24 bytes)" + hint);
  }
  SECTION("another version") {
    WriteFile(i.work, "checkpoint.bin", "geostrat sweep checkpoint 1\n" + good.substr(header - 17));
    CHECK(ResumeError(i) == expected + ", found format \"1\" (written by another version of geostrat)" + hint);
  }
  SECTION("an empty file") {
    WriteFile(i.work, "checkpoint.bin", "");
    CHECK(ResumeError(i) == expected + ", found a file that is not one (0 bytes)" + hint);
  }
  SECTION("a folder") {
    fs::remove(path);
    fs::create_directory(path);
    CHECK_THAT(ResumeError(i), StartsWith(path + ": at /: expected a sweep checkpoint (a regular file of at most ") &&
                                   Contains("), found a folder" + hint));
  }
  SECTION("more points done than the sweep has") {
    SweepCheckpoint forged = cp;
    forged.points_done = 1000;
    WriteFile(i.work, "checkpoint.bin", Frame("geostrat sweep checkpoint 2", Archive(forged)));
    CHECK(ResumeError(i) == path + ": at /points_done: expected at most 3 (the points of this sweep), found 1000" + hint);
  }
  SECTION("statistics of another shape") {
    SweepCheckpoint forged = cp;
    forged.stats[1].quantiles.resize(3);
    WriteFile(i.work, "checkpoint.bin", Frame("geostrat sweep checkpoint 2", Archive(forged)));
    CHECK(ResumeError(i) == path + ": at /stats/1/quantiles: expected " + std::to_string(cp.stats[1].quantiles.size()) +
                                " values, found 3" + hint);
    forged = cp;
    forged.stats[0].counts[0] += 1;
    WriteFile(i.work, "checkpoint.bin", Frame("geostrat sweep checkpoint 2", Archive(forged)));
    CHECK(ResumeError(i) == path + ": at /stats/0/counts: expected outcome counts summing to 40, found 41" + hint);
    forged = cp;
    forged.tipping.resize(1);
    WriteFile(i.work, "checkpoint.bin", Frame("geostrat sweep checkpoint 2", Archive(forged)));
    CHECK(ResumeError(i) == path + ": at /tipping: expected 0 tipping-point searches, found 1" + hint);
  }
  SECTION("a length far beyond the file, with a matching checksum") {
    std::string archive = good.substr(header);
    // The hash string's length: the archive's first 8 bytes.
    archive[5] = 0x40;
    WriteFile(i.work, "checkpoint.bin", Frame("geostrat sweep checkpoint 2", archive));
    CHECK(ResumeError(i) == expected + ", found a damaged archive: a length of 70368744177680 at byte 0, more than the " +
                                std::to_string(archive.size() - 8) + " bytes after it can hold" + hint);
  }
}

TEST_CASE("merge refuses shards of other sweeps and damaged shard files", "[sweep][shard]") {
  const std::string dir = TempDir("merge-damaged");
  const Json sweep = {{"levers", {Lever("fee", kFee, {{"values", {0.1, 0.2, 0.3, 0.4}}})}}, {"replicates", 20}};
  const std::string config = SweepConfig(dir, sweep);
  Json other_sweep = sweep;
  other_sweep["replicates"] = 21;
  const std::string other = SweepConfig(dir, other_sweep, "other.json");
  for (int k = 1; k <= 2; ++k) {
    const std::string s = std::to_string(k);
    REQUIRE(RunGeostrat("sweep " + config + " --quiet --threads 1 --shard " + s + "/2 --out " + dir + "/a" + s).status == 0);
    REQUIRE(RunGeostrat("sweep " + other + " --quiet --threads 1 --shard " + s + "/2 --out " + dir + "/b" + s).status == 0);
  }
  // Each case on fresh copies of shards a1 and a2.
  int round = 0;
  const auto copies = [&] {
    const std::string c = dir + "/copy" + std::to_string(++round);
    fs::create_directories(c);
    fs::copy(dir + "/a1", c + "/a1", fs::copy_options::recursive);
    fs::copy(dir + "/a2", c + "/a2", fs::copy_options::recursive);
    return c;
  };
  const auto merge = [&](const std::string& shards) { return RunGeostrat("merge " + shards + " --out " + dir + "/m"); };
  const std::string error = "geostrat: configuration error: ";

  SECTION("shards of another sweep") {
    const auto r = merge(dir + "/a1 " + dir + "/b2");
    CHECK(r.status == 2);
    const Json a = Json::parse(ReadFile(dir + "/a1/manifest.json"));
    const Json b = Json::parse(ReadFile(dir + "/b2/manifest.json"));
    CHECK(r.out == error + dir + "/b2/manifest.json: at /config_hash: expected the config hash of the other shards (" +
                       a["config_hash"].get<std::string>() + ", in " + dir + "/a1/manifest.json), found " +
                       b["config_hash"].dump() + "\n");
  }
  SECTION("statistics of the other shard") {
    const std::string c = copies();
    fs::copy_file(c + "/a2/point-stats.bin", c + "/a1/point-stats.bin", fs::copy_options::overwrite_existing);
    const auto r = merge(c + "/a1 " + c + "/a2");
    CHECK(r.status == 2);
    const std::string hash = Json::parse(ReadFile(dir + "/a1/manifest.json"))["config_hash"];
    CHECK(r.out == error + c + "/a1/point-stats.bin: at /: expected the statistics of shard 1/2 of config hash " +
                       hash + " (as its manifest.json says), found those of shard 2/2 of config hash " + hash + "\n");
  }
  SECTION("a damaged statistics file") {
    const std::string c = copies();
    std::string bytes = ReadFile(c + "/a2/point-stats.bin");
    bytes[bytes.size() - 5] ^= 0x10;
    WriteFile(c + "/a2", "point-stats.bin", bytes);
    const auto r = merge(c + "/a1 " + c + "/a2");
    CHECK(r.status == 2);
    CHECK_THAT(r.out, StartsWith(error + c + "/a2/point-stats.bin: at /: expected the statistics of a sweep shard "
                                         "(\"geostrat sweep shard statistics 2\") whose content matches its "
                                         "checksum ") &&
                          Contains("(the file is damaged)"));
  }
  SECTION("a scenario.csv cut short") {
    const std::string c = copies();
    const uint64_t size = fs::file_size(c + "/a1/scenario.csv");
    fs::resize_file(c + "/a1/scenario.csv", size - 10);
    const auto r = merge(c + "/a1 " + c + "/a2");
    CHECK(r.status == 2);
    CHECK_THAT(r.out, StartsWith(error + c + "/a1/scenario.csv: at /: expected exactly " + std::to_string(size) +
                                 " bytes with FNV-1a ") &&
                          Contains(" (as " + c + "/a1/point-stats.bin recorded), found a file of " +
                                   std::to_string(size - 10) + " bytes\n"));
  }
  SECTION("a manifest changed after the shard was written") {
    const std::string c = copies();
    Json m = Json::parse(ReadFile(c + "/a1/manifest.json"));
    m["config"]["seed"] = 7;
    WriteFile(c + "/a1", "manifest.json", m.dump(2));
    const auto r = merge(c + "/a1 " + c + "/a2");
    CHECK(r.status == 2);
    CHECK_THAT(r.out, StartsWith(error + c + "/a1/manifest.json: at /config_hash: expected the hash of the "
                                         "manifest's own config and sweep (\"") &&
                          Contains("(the manifest was changed after the shard was written)\n"));
  }
  SECTION("manifests that are not a shard's") {
    const std::string c = copies();
    Json m = Json::parse(ReadFile(c + "/a1/manifest.json"));
    m["config_hash"] = 5;
    WriteFile(c + "/a1", "manifest.json", m.dump(2));
    auto r = merge(c + "/a1 " + c + "/a2");
    CHECK(r.status == 2);
    CHECK(r.out == error + c + "/a1/manifest.json: at /config_hash: expected a string, found the number 5\n");
    m["config_hash"] = Json::parse(ReadFile(dir + "/a1/manifest.json"))["config_hash"];
    m["shard"]["n"] = 1000000000;
    WriteFile(c + "/a1", "manifest.json", m.dump(2));
    r = merge(c + "/a1 " + c + "/a2");
    CHECK(r.status == 2);
    CHECK_THAT(r.out, StartsWith(error + c + "/a1/manifest.json: at /shard/n: expected an integer in [2, 100000]"));
    WriteFile(c + "/a1", "manifest.json", "{\"kind\": \"sweep-shard\", ");
    r = merge(c + "/a1 " + c + "/a2");
    CHECK(r.status == 2);
    CHECK_THAT(r.out, StartsWith(error + c + "/a1/manifest.json: at /: expected the manifest of a sweep shard "
                                         "(valid JSON), found invalid JSON ("));
    fs::remove(c + "/a1/manifest.json");
    fs::create_directory(c + "/a1/manifest.json");
    r = merge(c + "/a1 " + c + "/a2");
    CHECK(r.status == 2);
    CHECK(r.out == error + c + "/a1/manifest.json: at /: expected the manifest of a sweep shard (a regular file of "
                           "at most 64 MiB), found a folder\n");
  }
  CHECK_FALSE(fs::exists(dir + "/m"));
  const auto good = merge(dir + "/a2 " + dir + "/a1");
  INFO(good.out);
  CHECK(good.status == 0);
}

TEST_CASE("The tipping-point search brackets a known threshold", "[sweep][tipping]") {
  // Under a fixed 'license' stance that no lobbying softens, the export
  // frontier ratio F equals f_license in every quarter of every replicate, so
  // P(F >= 0.5) steps from 0 to 1 exactly at f_license = 0.5.
  const std::string dir = TempDir("sweep-tipping");
  const Json extra = {{"policies",
                       {{"export_control.restrictor", {{"name", "fixed"}, {"action", "license"}}},
                        {"lobbying.lobbyist", {{"name", "fixed"}, {"action", "none"}}}}}};
  const std::string config = SweepConfig(
      dir, {{"tipping", {{{"lever", {{"pointer", kRedLine}, {"range", {0.1, 0.9}}}},
                          {"event", {{"indicator", "F"}, {"at_least", 0.5}}},
                          {"threshold", 0.5}, {"replicates", 20}, {"tolerance", 0.001}}}}},
      "sweep.json", extra);
  const auto r = RunGeostrat("sweep " + config + " --out " + dir + "/out");
  INFO(r.out);
  REQUIRE(r.status == 0);
  const Json tipping = Json::parse(ReadFile(dir + "/out/tipping.json"));
  const Json& c = tipping["crossings"][0];
  CHECK(c["found"] == true);
  CHECK(c["increasing"] == true);
  CHECK(c["event_label"] == "F >= 0.5");
  const double low = c["bracket"][0].get<double>(), high = c["bracket"][1].get<double>();
  CHECK(low < 0.5);
  CHECK(high >= 0.5);
  CHECK(high - low <= 0.001);
  for (const auto& e : c["evaluations"]) {
    CHECK(e["events"].get<uint64_t>() == (e["x"].get<double>() >= 0.5 ? e["trials"].get<uint64_t>() : 0));
  }
  CHECK_THAT(r.out, Contains("tipping: P(F >= 0.5) crosses 0.5 along f_license at "));
}

TEST_CASE("The report options of a sweep are checked strictly", "[sweep][report]") {
  const std::string dir = TempDir("sweep-report-options");
  const Json levers = {Lever("fee", kFee, {{"values", {0.1, 0.2}}}),
                       Lever("red_line", kRedLine, {{"values", {0.3, 1.0}}})};
  const auto with = [&](const Json& report, const std::string& name) {
    return SweepConfig(dir, {{"levers", levers}, {"replicates", 2}, {"report", report}}, name);
  };
  CHECK(ErrorOf(with({{"phase_scale", "local"}, {"contour", 0.1}}, "ok.json")) == "");
  CHECK_THAT(ErrorOf(with({{"phase_scale", "global"}}, "scale.json")),
             Contains("/sweep/report/phase_scale") && Contains("shared") && Contains("local") &&
                 Contains("global"));
  CHECK_THAT(ErrorOf(with({{"contour", 1.5}}, "contour.json")),
             Contains("/sweep/report/contour") && Contains("[0.001, 0.999]"));
  CHECK_THAT(ErrorOf(with({{"colours", "local"}}, "key.json")),
             Contains("/sweep/report") && Contains("colours"));
}

}  // namespace
}  // namespace geostrat
