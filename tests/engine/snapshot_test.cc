// What-if branching from snapshots: saved random-stream positions, an
// unchanged branch that reproduces its original run byte for byte, a US ban
// branch that differs only from its quarter on, shocks, and the errors a
// wrong "start_from" gets.
#include <catch2/catch.hpp>
#include <cereal/archives/binary.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/core/error.h"
#include "engine/core/hash.h"
#include "engine/run/results.h"
#include "engine/run/runner.h"
#include "engine/run/snapshot.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::RunGeostrat;
using testing::SourcePath;

constexpr int kQuarter = 5;  // 2027Q2 for a 2026Q1 start
constexpr uint32_t kReplicates = 40;

// The smoke config with kReplicates replicates, changed by `patch` (a merge
// of top-level members).
Experiment SmokeWith(const Json& patch) {
  const std::string smoke = SourcePath("experiments/smoke.json");
  MergedConfig merged = LoadMergedConfig(smoke);
  merged.json["replicates"] = kReplicates;
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (it.key() == "policies") {
      for (auto p = it->begin(); p != it->end(); ++p) {
        merged.json["policies"][p.key()] = *p;
        merged.sources->Record("/policies/" + p.key(), smoke);
      }
    } else {
      merged.json[it.key()] = *it;
      merged.sources->Record("/" + it.key(), smoke);
    }
  }
  return ExperimentFromConfig(merged, smoke);
}

// A smoke run with snapshots at 2027Q2 and 2029Q1, written once per test binary.
const std::string& SnapshotRun() {
  static const std::string dir = [] {
    const std::string d = testing::TempDir("snapshot") + "/run";
    const Experiment e = SmokeWith(Json::object());
    const RunOutput run = RunMonteCarlo(e, {.threads = 2, .snapshot_quarters = {kQuarter, 12}});
    WriteRunFolder(d, e, run, Summarise(e, run), {"test", e.file});
    return d;
  }();
  return dir;
}

Json StartFrom(const std::string& dir, const Json& quarter) {
  return Json{{"start_from", {{"snapshot", dir}, {"quarter", quarter}}}};
}

std::string BranchError(const Json& patch) {
  try {
    SmokeWith(patch);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST_CASE("Stochastic and counterfactual-learning policies branch without a trace", "[snapshot]") {
  // A seat drawing every quarter, two full-information learners reading the
  // model's counterfactuals, and the baseline's cross-retaliation.
  const Json policies = {{"lobbying.lobbyist", {{"name", "random"}, {"p", 0.5}}},
                         {"license_fee.seller", {{"name", "hedge"}}},
                         {"substitution_rnd.funder", {{"name", "regret_matching"}}}};
  const Experiment original = SmokeWith(Json{{"policies", policies}});
  const RunOutput plain = RunMonteCarlo(original, {.threads = 1});
  // Taking snapshots plays each replicate in pieces with fresh policy
  // instances: it must change nothing.
  const std::string dir = testing::TempDir("snaplearn") + "/run";
  const RunOutput saved = RunMonteCarlo(original, {.threads = 2, .snapshot_quarters = {kQuarter, 20}});
  WriteRunFolder(dir, original, saved, Summarise(original, saved), {"test", original.file});
  Json patch = StartFrom(dir, 20);
  patch["policies"] = policies;
  const Experiment branch = SmokeWith(patch);
  const RunOutput resumed = RunMonteCarlo(branch, {.threads = 2});
  const int seller = original.scenario.SeatIndex("license_fee.seller");
  const int lobbyist = original.scenario.SeatIndex("lobbying.lobbyist");
  const size_t seats = original.scenario.seats.size();
  int lobby_switches = 0;
  for (uint32_t r = 0; r < kReplicates; ++r) {
    INFO("replicate " << r);
    for (const RunOutput* run : {&saved, &resumed}) {
      REQUIRE(run->replicates[r].utility == plain.replicates[r].utility);
      REQUIRE(run->replicates[r].outcome == plain.replicates[r].outcome);
      REQUIRE(run->replicates[r].end.s_cn == plain.replicates[r].end.s_cn);
    }
    // The learners' counterfactuals of every quarter before the snapshot
    // travel with it.
    const ReplicateState& state = (*branch.start_from->states)[r];
    REQUIRE(state.counterfactuals.size() >= 19 * seats);
    for (int q = 0; q < 19; ++q) REQUIRE(!state.counterfactuals[q * seats + seller].empty());
    REQUIRE(state.counterfactuals[lobbyist].empty());
    for (int q = 1; q < 20; ++q) lobby_switches += state.world.ActionAt(q, lobbyist) != state.world.ActionAt(q - 1, lobbyist);
  }
  CHECK(lobby_switches > 100);  // the random seat really draws every quarter
}

TEST_CASE("ParseQuarter reads labels and quarters played", "[snapshot]") {
  const Experiment e = SmokeWith(Json::object());
  CHECK(ParseQuarter(e.scenario, "2026Q1") == 0);
  CHECK(ParseQuarter(e.scenario, "2027Q2") == 5);
  CHECK(ParseQuarter(e.scenario, "5") == 5);
  CHECK(ParseQuarter(e.scenario, "2035Q4") == 39);
  CHECK(ParseQuarter(e.scenario, "40") == 40);
  CHECK(ParseQuarter(e.scenario, "41") == -1);
  CHECK(ParseQuarter(e.scenario, "2025Q4") == -1);
  CHECK(ParseQuarter(e.scenario, "2027Q5") == -1);
  CHECK(ParseQuarter(e.scenario, "2027q2") == -1);
  CHECK(ParseQuarter(e.scenario, "") == -1);
}

TEST_CASE("An unchanged branch reproduces the original run's end exactly", "[snapshot]") {
  const Experiment original = SmokeWith(Json::object());
  const RunOutput full = RunMonteCarlo(original, {.threads = 1});
  for (const Json& quarter : {Json("2027Q2"), Json(12)}) {
    INFO("from " << quarter.dump());
    const Experiment branch = SmokeWith(StartFrom(SnapshotRun(), quarter));
    REQUIRE(branch.start_from);
    CHECK(branch.start_from->states->size() == kReplicates);
    CHECK(branch.start_from->available == kReplicates);
    // The resolved config reads back from anywhere to the same experiment.
    const MergedConfig resolved{branch.ToJson(), std::make_shared<SourceMap>()};
    const Experiment reread = ExperimentFromConfig(resolved, "/elsewhere/config.json");
    CHECK(reread.Hash() == branch.Hash());
    CHECK(reread.start_from->states == branch.start_from->states);  // loaded once, shared
    const RunOutput run = RunMonteCarlo(branch, {.threads = 2});
    for (uint32_t r = 0; r < kReplicates; ++r) {
      const ReplicateOutcome& a = full.replicates[r];
      const ReplicateOutcome& b = run.replicates[r];
      REQUIRE(a.outcome == b.outcome);
      REQUIRE(a.utility == b.utility);
      REQUIRE(a.first_met == b.first_met);
      REQUIRE(a.end.s_cn == b.end.s_cn);
      REQUIRE(a.end.gap == b.end.gap);
      REQUIRE(a.drawn == b.drawn);
    }
    // Series steps inherited from the snapshot are the original's too.
    REQUIRE(run.series.size() == full.series.size());
    for (size_t h = 0; h < full.series.size(); ++h) {
      REQUIRE(run.series[h].total() == full.series[h].total());
      REQUIRE(run.series[h].Quantile(0.5) == full.series[h].Quantile(0.5));
    }
  }
}

TEST_CASE("A US ban from 2027Q2 differs from the original only from 2027Q2 on", "[snapshot]") {
  const Json ban = {{"export_control.restrictor", {{"name", "fixed"}, {"action", "ban"}}}};
  Json patch = StartFrom(SnapshotRun(), "2027Q2");
  patch["policies"] = ban;
  const Experiment original = SmokeWith(Json::object());
  const Experiment branch = SmokeWith(patch);
  const Simulation sim_original(original), sim_branch(branch);
  const int restrictor = branch.scenario.SeatIndex("export_control.restrictor");
  const auto& ladder = branch.scenario.seats[restrictor].actions;
  const int ban_action = static_cast<int>(std::find(ladder.begin(), ladder.end(), "ban") - ladder.begin());
  int differing = 0;
  for (uint32_t r = 0; r < kReplicates; ++r) {
    const World a = sim_original.Run(r);
    std::vector<int> chosen;
    const World b = sim_branch.Run(r, {}, [&](const World& w, const std::vector<int>& actions) {
      REQUIRE(w.quarter >= kQuarter);
      chosen.push_back(actions[restrictor]);
    });
    REQUIRE(chosen.size() == static_cast<size_t>(branch.scenario.horizon - kQuarter));
    for (int c : chosen) REQUIRE(c == ban_action);
    const size_t prefix = static_cast<size_t>(kQuarter) * a.num_seats;
    REQUIRE(std::equal(a.actions.begin(), a.actions.begin() + prefix, b.actions.begin()));
    for (int q = 0; q < kQuarter; ++q) {
      REQUIRE(a.history[q].s_cn == b.history[q].s_cn);
      REQUIRE(a.history[q].f == b.history[q].f);
      REQUIRE(a.class_history[q] == b.class_history[q]);
    }
    differing += a.utility != b.utility;
  }
  CHECK(differing == static_cast<int>(kReplicates));
  // A ban from the start is another question: it differs before 2027Q2.
  const Experiment from_start = SmokeWith(Json{{"policies", ban}});
  const World early = Simulation(from_start).Run(0);
  CHECK(early.history[0].f == 0.0);
  CHECK(sim_branch.Run(0).history[0].f != 0.0);
}

TEST_CASE("The shipped 2027Q2 ban branch reads and runs from a baseline snapshot", "[snapshot]") {
  const std::string config = SourcePath("experiments/what-if-from-2027q2-ban.json");
  // As shipped it names results/snapshots/status-quo-2027q2, which a user writes first.
  MergedConfig merged = LoadMergedConfig(config);
  CHECK(merged.json["start_from"]["quarter"] == "2027Q2");
  merged.json["start_from"]["snapshot"] = SnapshotRun();
  merged.json["replicates"] = kReplicates;
  const Experiment e = ExperimentFromConfig(merged, config);
  REQUIRE(e.start_from);
  CHECK(e.start_from->quarter == kQuarter);
  const int restrictor = e.scenario.SeatIndex("export_control.restrictor");
  const World w = Simulation(e).Run(0);
  CHECK(w.quarter == e.scenario.horizon);
  int bans = 0;
  for (int q = kQuarter; q < w.quarter; ++q) bans += e.scenario.seats[restrictor].actions[w.ActionAt(q, restrictor)] == "ban";
  CHECK(bans > 0);
}

TEST_CASE("Shocks change the snapshot's state at the branch quarter", "[snapshot]") {
  Json patch = StartFrom(SnapshotRun(), "2027Q2");
  patch["start_from"]["shocks"] = {{"a_cn", {{"multiply", 2}}}, {"salience", 0.9},
                                   {"cn_budget", {{"add", 1.5}}}};
  const Experiment plain = SmokeWith(StartFrom(SnapshotRun(), "2027Q2"));
  const Experiment shocked = SmokeWith(patch);
  for (uint32_t r : {0u, 7u}) {
    const ReplicateState before = Simulation(plain).Start(r);
    const ReplicateState after = Simulation(shocked).Start(r);
    CHECK(after.world.a_cn == 2 * before.world.a_cn);
    CHECK(after.world.salience == 0.9);
    CHECK(after.world.cn_budget == before.world.cn_budget + 1.5);
    CHECK(after.world.a_us == before.world.a_us);
    CHECK(after.world.quarter == kQuarter);
  }
  CHECK(shocked.ToJson()["start_from"]["shocks"] ==
        Json{{"a_cn", {{"multiply", 2.0}}}, {"cn_budget", {{"add", 1.5}}}, {"salience", {{"set", 0.9}}}});
  CHECK(shocked.Hash() != plain.Hash());
  // A shock that would leave the variable's range fails, naming the replicate.
  patch["start_from"]["shocks"] = {{"yield", {{"multiply", 1e6}}}};
  const Experiment broken = SmokeWith(patch);
  try {
    Simulation(broken).Start(3);
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK(e.pointer() == "/start_from/shocks/yield");
    CHECK_THAT(e.expected(), Catch::Equals("a shocked value in [0, 1]"));
    CHECK_THAT(e.found(), Catch::Contains("in replicate 3"));
  }
}

TEST_CASE("A wrong start_from is a clear configuration error", "[snapshot]") {
  const std::string dir = SnapshotRun();
  const std::string smoke = SourcePath("experiments/smoke.json");

  SECTION("a folder that does not exist") {
    CHECK(BranchError(StartFrom("/nonexistent/run", "2027Q2")) ==
          smoke + ": at /start_from/snapshot: expected a run folder written by geostrat run CONFIG "
                  "--snapshot-at QUARTER --out DIR, found \"/nonexistent/run\" (/nonexistent/run "
                  "does not exist)");
  }
  SECTION("a run folder without snapshots") {
    const std::string plain = testing::TempDir("nosnap") + "/run";
    const Experiment e = SmokeWith(Json::object());
    const RunOutput run = RunMonteCarlo(e, {.threads = 1});
    WriteRunFolder(plain, e, run, Summarise(e, run), {"test", e.file});
    CHECK_THAT(BranchError(StartFrom(plain, "2027Q2")),
               Catch::EndsWith("(it has no snapshots.json: the run saved no snapshot)"));
  }
  SECTION("a quarter the snapshot does not hold") {
    CHECK(BranchError(StartFrom(dir, "2028Q1")) ==
          smoke + ": at /start_from/quarter: expected a quarter the snapshot holds: 2027Q2 (5), "
                  "2029Q1 (12), found \"2028Q1\" (2028Q1)");
    CHECK_THAT(BranchError(StartFrom(dir, "spring")),
               Catch::EndsWith("found the string \"spring\""));
  }
  SECTION("more replicates than the snapshot has") {
    Json patch = StartFrom(dir, "2027Q2");
    patch["replicates"] = kReplicates + 1;
    CHECK(BranchError(patch) ==
          smoke + ": at /replicates: expected at most the snapshot's 40 replicates (a branch "
                  "continues the snapshot's run), found the number 41");
  }
  SECTION("another seed or horizon") {
    Json patch = StartFrom(dir, "2027Q2");
    patch["seed"] = 5;
    CHECK_THAT(BranchError(patch),
               Catch::Contains("at /seed: expected the snapshot's seed 20260101 (a branch "
                               "continues the snapshot's run), found the number 5"));
    patch = StartFrom(dir, "2027Q2");
    MergedConfig merged = LoadMergedConfig(smoke);
    patch["scenario"] = merged.json["scenario"];
    patch["scenario"]["horizon"] = 44;
    CHECK_THAT(BranchError(patch),
               Catch::Contains("at /scenario/horizon: expected the snapshot's horizon 40"));
  }
  SECTION("a pinned config hash that differs") {
    Json patch = StartFrom(dir, "2027Q2");
    patch["start_from"]["config_hash"] = "0123456789abcdef";
    const std::string hash = Json::parse(ReadFile(dir + "/snapshots.json"))["config_hash"];
    CHECK(BranchError(patch) == smoke + ": at /start_from/config_hash: expected the snapshot's "
                                        "config hash \"" + hash +
                                        "\", found the string \"0123456789abcdef\"");
    patch["start_from"]["config_hash"] = hash;
    CHECK(BranchError(patch) == "");
  }
  SECTION("an index that does not belong to its folder, or damaged records") {
    const std::string copy = testing::TempDir("tampered") + "/run";
    fs::copy(dir, copy);
    Json manifest = Json::parse(ReadFile(copy + "/manifest.json"));
    const std::string hash = manifest["config_hash"];
    manifest["config_hash"] = "ffffffffffffffff";
    testing::WriteFile(copy, "manifest.json", manifest.dump(2));
    CHECK(BranchError(StartFrom(copy, "2027Q2")) ==
          copy + "/snapshots.json: at /config_hash: expected the config hash of the run in the "
                 "same folder (manifest.json: \"ffffffffffffffff\"), found the string \"" +
              hash + "\"");
    manifest["config_hash"] = hash;
    testing::WriteFile(copy, "manifest.json", manifest.dump(2));
    CHECK(BranchError(StartFrom(copy, "2027Q2")) == "");
    {
      std::fstream bin(copy + "/snapshots.bin", std::ios::in | std::ios::out | std::ios::binary);
      bin.seekp(100);
      char c = 0;
      bin.seekg(100);
      bin.get(c);
      bin.seekp(100);
      bin.put(static_cast<char>(c ^ 0x5a));
    }
    CHECK_THAT(BranchError(StartFrom(copy, "2027Q2")),
               Catch::StartsWith(copy + "/snapshots.bin: at /: expected records with the checksum "
                                        "in snapshots.json") &&
                   Catch::EndsWith("(the file was changed)"));
  }
  SECTION("an unknown shock, named nearest first") {
    Json patch = StartFrom(dir, "2027Q2");
    patch["start_from"]["shocks"] = {{"a_cm", 1}};
    CHECK_THAT(BranchError(patch),
               Catch::StartsWith(smoke + ": at /start_from/shocks/a_cm: expected a known key "
                                         "name, found 'a_cm'; valid: a_cn, a_us, "));
    patch["start_from"]["shocks"] = {{"salience", 1.5}};
    CHECK(BranchError(patch) == smoke + ": at /start_from/shocks/salience: expected a number in "
                                        "[0, 1], found the number 1.5");
  }
}

// A copy of the snapshot run whose index is changed by `change`.
std::string TamperedIndex(const std::string& tag, const std::function<void(Json&)>& change) {
  const std::string copy = testing::TempDir(tag) + "/run";
  fs::copy(SnapshotRun(), copy);
  Json index = Json::parse(ReadFile(copy + "/snapshots.json"));
  change(index);
  testing::WriteFile(copy, "snapshots.json", index.dump(2));
  return copy;
}

TEST_CASE("A damaged or forged snapshot index is a clear error with its pointer", "[snapshot]") {
  SECTION("seats that are not strings") {
    const std::string copy = TamperedIndex("seats", [](Json& i) { i["seats"][0] = 1; });
    CHECK(BranchError(StartFrom(copy, "2027Q2")) ==
          copy + "/snapshots.json: at /seats/0: expected a string, found the number 1");
    const std::string copy2 = TamperedIndex("seats2", [](Json& i) { i["seats"] = "all"; });
    CHECK(BranchError(StartFrom(copy2, "2027Q2")) ==
          copy2 + "/snapshots.json: at /seats: expected an array, found the string \"all\"");
  }
  SECTION("an index that is not an object, or not JSON") {
    const std::string copy = TamperedIndex("array", [](Json& i) { i = Json::array(); });
    CHECK(BranchError(StartFrom(copy, "2027Q2")) ==
          copy + "/snapshots.json: at /: expected an object, found an array of 0 element(s)");
    testing::WriteFile(copy, "snapshots.json", "{\"format\": ");
    CHECK_THAT(BranchError(StartFrom(copy, "2027Q2")),
               Catch::StartsWith(copy + "/snapshots.json: at /: expected valid JSON, found "));
    fs::remove(copy + "/snapshots.json");
    fs::create_directory(copy + "/snapshots.json");
    CHECK(BranchError(StartFrom(copy, "2027Q2")) ==
          copy + "/snapshots.json: at /: expected the index of a run's snapshots (a regular file of at most 16 MiB), "
                 "found a folder");
  }
  SECTION("records beyond the end of snapshots.bin") {
    const uint64_t size = fs::file_size(SnapshotRun() + "/snapshots.bin");
    const std::string copy = TamperedIndex("beyond", [](Json& i) { i["quarters"][0]["bytes"] = 1ull << 40; });
    CHECK(BranchError(StartFrom(copy, "2027Q2")) ==
          copy + "/snapshots.json: at /quarters/0/bytes: expected an integer in [0, 8589934592], found the number "
                 "1099511627776");
    const std::string copy2 =
        TamperedIndex("beyond2", [&](Json& i) { i["quarters"][0]["offset"] = size - 10; });
    const uint64_t bytes = Json::parse(ReadFile(copy2 + "/snapshots.json"))["quarters"][0]["bytes"];
    CHECK(BranchError(StartFrom(copy2, "2027Q2")) ==
          copy2 + "/snapshots.bin: at /: expected the snapshot records snapshots.json describes (" +
              std::to_string(bytes) + " bytes at offset " + std::to_string(size - 10) + "), found a file of " +
              std::to_string(size) + " bytes");
  }
  SECTION("more replicates than the records can hold") {
    const std::string copy = TamperedIndex("many", [](Json& i) { i["replicates"] = 100000000; });
    const uint64_t bytes = Json::parse(ReadFile(copy + "/snapshots.json"))["quarters"][0]["bytes"];
    CHECK_THAT(BranchError(StartFrom(copy, "2027Q2")),
               Catch::StartsWith(copy + "/snapshots.bin: at /: expected 100000000 records of replicate states (at "
                                        "least ") &&
                   Catch::EndsWith(" bytes each), found records of " + std::to_string(bytes) + " bytes"));
  }
}

std::string Serialised(const World& w) {
  std::ostringstream s;
  {
    cereal::BinaryOutputArchive ar(s);
    ar(w);
  }
  return s.str();
}

TEST_CASE("Forged snapshot records are refused before allocating and states of another shape too",
          "[snapshot]") {
  const Experiment e = SmokeWith(Json::object());
  const Scenario& s = e.scenario;
  const std::string bin = SnapshotRun() + "/snapshots.bin";
  const Json block = Json::parse(ReadFile(SnapshotRun() + "/snapshots.json"))["quarters"][0];
  const std::string records = ReadFile(bin).substr(0, block["bytes"].get<size_t>());
  const std::vector<ReplicateState> states = ParseSnapshotRecords(records, kReplicates, kQuarter, s, bin);
  REQUIRE(states.size() == kReplicates);
  std::string again;
  for (const auto& state : states) again += SerialiseState(state);
  CHECK(again == records);

  const auto error = [&](const ReplicateState& state) {
    try {
      ParseSnapshotRecords(SerialiseState(state), 1, kQuarter, s, "f.bin");
    } catch (const ConfigError& err) {
      return std::string(err.what());
    }
    return std::string();
  };
  const std::string expected = "f.bin: at /: expected replicate 0's state at quarter 5 with " +
                               std::to_string(s.seats.size()) + " seats, found ";
  ReplicateState bad = states[0];
  CHECK(error(bad) == "");
  bad.world.actions[2] = 99;
  CHECK(error(bad) == expected + "a state with action 99 of seat " + s.seats[2].id + " in quarter 0");
  bad = states[0];
  bad.world.history.pop_back();
  CHECK(error(bad) == expected + "a state whose histories do not hold 5 quarters");
  bad = states[0];
  bad.world.utility.push_back(0);
  CHECK(error(bad) == expected + "a state with utilities of " + std::to_string(s.agents.size() + 1) + " agents");
  bad = states[0];
  bad.world.class_history[0] = 17;
  CHECK(error(bad) == expected + "a state with outcome class 17");
  bad = states[0];
  bad.world.quarter = 6;
  CHECK(error(bad) == expected + "a state at quarter 6 with " + std::to_string(s.seats.size()) + " seats");

  // The history's length (after the World's fields of fixed size) set to
  // 2^46: refused from the bytes that remain, nothing allocated.
  std::string forged = SerialiseState(states[0]);
  const size_t at = Serialised(World{}).size() - 176;
  forged[at + 5] = 0x40;
  CHECK_THROWS_WITH(ParseSnapshotRecords(forged, 1, kQuarter, s, "f.bin"),
                    "f.bin: at /: expected cereal records of replicate states, found damaged records: a length of " +
                        std::to_string((1ull << 46) + kQuarter) + " at byte " + std::to_string(at) +
                        ", more than the " + std::to_string(forged.size() - at - 8) + " bytes after it can hold");
  CHECK_THROWS_WITH(ParseSnapshotRecords(records, kReplicates - 1, kQuarter, s, "f.bin"),
                    Catch::StartsWith("f.bin: at /: expected cereal records of replicate states, found damaged "
                                      "records: ") &&
                        Catch::EndsWith(" unexpected bytes after the end, at byte " +
                                        std::to_string(records.size() - SerialiseState(states.back()).size())));
}

TEST_CASE("geostrat run --snapshot-at writes snapshots; a branch run reproduces the files",
          "[snapshot]") {
  const std::string tmp = testing::TempDir("snapcli");
  const std::string smoke = SourcePath("experiments/smoke.json");
  const auto r = RunGeostrat("run " + smoke + " --replicates 60 --snapshot-at 2027Q2 --threads 2 --out " +
                             tmp + "/orig --quiet");
  INFO(r.out);
  REQUIRE(r.status == 0);
  const Json index = Json::parse(ReadFile(tmp + "/orig/snapshots.json"));
  CHECK(index["replicates"] == 60);
  CHECK(index["quarters"][0]["label"] == "2027Q2");
  CHECK(index["quarters"][0]["quarter"] == kQuarter);
  CHECK(index["config_hash"] == Json::parse(ReadFile(tmp + "/orig/manifest.json"))["config_hash"]);
  CHECK(fs::file_size(tmp + "/orig/snapshots.bin") == index["quarters"][0]["bytes"].get<uint64_t>());

  // Saving snapshots changes nothing else.
  const auto plain = RunGeostrat("run " + smoke + " --replicates 60 --threads 1 --out " + tmp +
                                 "/plain --quiet");
  REQUIRE(plain.status == 0);
  CHECK(ReadFile(tmp + "/plain/outcomes.csv") == ReadFile(tmp + "/orig/outcomes.csv"));
  // The snapshot files are the same bytes for any thread count.
  const auto one = RunGeostrat("run " + smoke + " --replicates 60 --snapshot-at 5 --threads 1 --out " +
                               tmp + "/one --quiet");
  REQUIRE(one.status == 0);
  CHECK(ReadFile(tmp + "/one/snapshots.bin") == ReadFile(tmp + "/orig/snapshots.bin"));
  CHECK(ReadFile(tmp + "/one/snapshots.json") == ReadFile(tmp + "/orig/snapshots.json"));

  const std::string config = testing::WriteFile(tmp, "branch.json", R"({
    "extends": ")" + smoke + R"(",
    "name": "smoke-branch",
    "replicates": 60,
    "start_from": {"snapshot": "orig", "quarter": "2027Q2"}
  })");
  const auto b = RunGeostrat("run " + config + " --threads 1 --out " + tmp + "/branch --quiet");
  INFO(b.out);
  REQUIRE(b.status == 0);
  for (const char* file : {"outcomes.csv", "series.csv"}) {
    INFO(file);
    CHECK(ReadFile(tmp + "/branch/" + file) == ReadFile(tmp + "/orig/" + file));
  }
  const Json manifest = Json::parse(ReadFile(tmp + "/branch/manifest.json"));
  CHECK(manifest["config"]["start_from"]["quarter"] == "2027Q2");
  CHECK(manifest["config"]["start_from"]["config_hash"] == index["config_hash"]);

  // The command line's own errors.
  const auto early = RunGeostrat("run " + config + " --snapshot-at 2026Q4 --out " + tmp + "/x");
  CHECK(early.status == 64);
  CHECK_THAT(early.out, Catch::Contains("--snapshot-at 2026Q4: expected a quarter from 2027Q2 (5) "
                                        "to 2035Q4 (39)"));
  const auto bad = RunGeostrat("run " + smoke + " --snapshot-at tomorrow --out " + tmp + "/y");
  CHECK(bad.status == 64);
  const auto missing = RunGeostrat("run " + config + " --replicates 61 --out " + tmp + "/z");
  CHECK(missing.status == 2);
  CHECK_THAT(missing.out, Catch::Contains("at most the snapshot's 60 replicates"));
}

}  // namespace
}  // namespace geostrat
