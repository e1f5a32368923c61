// The command line's limits (docs/limits.md, "The command line"): values
// checked before the config is read and blamed on the command line, threads
// capped with a message, replicates refused up front when they cannot fit in
// memory, every shipped config validated, and a rerun command that survives
// paths with spaces and quotes.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "engine/core/names.h"
#include "tests/test_support.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;
using Catch::Contains;
using Catch::EndsWith;
using Catch::Equals;
using Catch::StartsWith;
using testing::ReadFile;
using testing::RunGeostrat;
using testing::SourcePath;
using testing::TempDir;

struct Split {
  int status;
  std::string out, err;
};

// Runs geostrat with stdout and stderr apart.
Split Run(const std::string& args) {
  const std::string dir = TempDir("cli");
  const auto r = RunGeostrat(args + " >" + dir + "/out 2>" + dir + "/err; exit $?");
  return {r.status, ReadFile(dir + "/out"), ReadFile(dir + "/err")};
}

const std::string& Baseline() {
  static const std::string path = SourcePath("experiments/status-quo.json");
  return path;
}

TEST_CASE("A seed beyond 2^53 - 1 on the command line is a command-line error", "[cli][limits]") {
  // The tester's input was reported as a configuration error in baseline.json.
  const Split r = Run("run " + Baseline() + " --seed 9007199254740992 --out /nonexistent/x");
  CHECK(r.status == 64);
  CHECK(r.err == "geostrat: run: --seed must be an integer in [0, 9007199254740991], found "
                 "9007199254740992\n");
  for (const char* verb : {"tournament", "play"}) {
    const std::string config = verb == std::string("tournament")
                                   ? SourcePath("experiments/tournaments/axelrod-classic.json")
                                   : Baseline() + " --as us";
    const Split t = Run(std::string(verb) + " " + config + " --seed -1");
    CHECK(t.status == 64);
    CHECK(t.err == "geostrat: " + std::string(verb) +
                       ": --seed must be an integer in [0, 9007199254740991], found -1\n");
  }
}

TEST_CASE("Threads above the cap run with the cap and say so", "[cli][limits]") {
  const std::string dir = TempDir("cli");
  const Split r = Run("run " + SourcePath("experiments/smoke.json") +
                      " --replicates 8 --threads 1000 -q --out " + dir + "/run");
  CHECK(r.status == 0);
  CHECK_THAT(r.err, StartsWith("geostrat: run: --threads 1000 is more than 4 per core ("));
  CHECK_THAT(r.err, Contains(" cores): using "));
  const Json manifest = Json::parse(ReadFile(dir + "/run/manifest.json"));
  CHECK(manifest["run"]["threads"].get<int>() < 1000);
  CHECK(manifest["run"]["threads"].get<int>() % 4 == 0);
}

TEST_CASE("Threads below 1 are a command-line error", "[cli][limits]") {
  for (const char* verb : {"run", "sweep", "tournament", "equilibrium"}) {
    const Split r = Run(std::string(verb) + " " + Baseline() + " --threads 0");
    CHECK(r.status == 64);
    CHECK(r.err == "geostrat: " + std::string(verb) + ": --threads must be at least 1, found 0\n");
  }
}

TEST_CASE("Replicates that cannot fit in memory are refused before the run", "[cli][limits]") {
  const std::string dir = TempDir("cli");
  // A saved state per replicate at each of 8 late quarters: about 10 TB for
  // 10^8 replicates, beyond any machine.
  std::string args = "run " + Baseline() + " --replicates 100000000 --out " + dir + "/run";
  for (const char* q : {"2033Q1", "2033Q2", "2033Q3", "2033Q4", "2034Q1", "2034Q2", "2034Q3",
                        "2034Q4"}) {
    args += std::string(" --snapshot-at ") + q;
  }
  const Split r = Run(args);
  CHECK(r.status == 64);
  CHECK_THAT(r.err, StartsWith("geostrat: run: --replicates 100000000 needs more memory than "
                               "this machine has:\n  about "));
  CHECK_THAT(r.err, Contains(" bytes each, "));
  CHECK_THAT(r.err, EndsWith(" available (MemAvailable in /proc/meminfo); use fewer replicates\n"));
  CHECK_FALSE(fs::exists(dir + "/run"));
}

TEST_CASE("Replicates from the config are refused with their pointer", "[cli][limits]") {
  const std::string dir = TempDir("cli");
  const std::string config = testing::WriteFile(
      dir, "many.json",
      "{\"extends\": \"" + Baseline() + "\", \"replicates\": 100000000, \"scenario\": "
      "{\"horizon\": 400}}");
  const Split r = Run("run " + config + " --snapshot-at 399 --out " + dir + "/run");
  CHECK(r.status == 2);
  CHECK_THAT(r.err, StartsWith("geostrat: configuration error: " + config +
                               ": at /replicates: expected at most "));
  CHECK_THAT(r.err, EndsWith("), found the number 100000000\n"));
}

TEST_CASE("Each verb given another verb's config names the right one", "[cli][limits]") {
  const std::string sweep = SourcePath("experiments/sweep-fee-redline.json");
  const std::string tournament = SourcePath("experiments/seminar/export-control-dilemma.json");
  const Split run_sweep = Run("run " + sweep);
  CHECK(run_sweep.status == 2);
  CHECK(run_sweep.err == "geostrat: configuration error: " + sweep +
                             ": at /: expected an experiment config, found a sweep config (it "
                             "has a \"sweep\"); use geostrat sweep " + sweep + "\n");
  const Split run_tournament = Run("run " + tournament);
  CHECK(run_tournament.status == 2);
  CHECK_THAT(run_tournament.err, EndsWith("; use geostrat tournament " + tournament + "\n"));
  const Split tournament_run = Run("tournament " + Baseline());
  CHECK_THAT(tournament_run.err, EndsWith("; use geostrat run " + Baseline() + "\n"));
  const Split sweep_run = Run("sweep " + Baseline());
  CHECK_THAT(sweep_run.err, EndsWith("; use geostrat run " + Baseline() + "\n"));
  const Split equilibrium_sweep = Run("equilibrium " + sweep);
  CHECK_THAT(equilibrium_sweep.err, EndsWith("; use geostrat sweep " + sweep + "\n"));
  const Split replay_run = Run("replay " + Baseline());
  CHECK(replay_run.err == "geostrat: configuration error: " + Baseline() +
                              ": at /: expected a history config (a member \"timeline\"), found "
                              "an experiment config; use geostrat run " + Baseline() + "\n");
}

TEST_CASE("validate accepts every config shipped under experiments/", "[cli][limits]") {
  // what-if-from-2027q2-ban.json starts from the baseline's snapshot, which
  // experiments/README.md says to make first: make it in a copy of the tree.
  const std::string root = TempDir("cli");
  fs::copy(SourcePath("experiments"), root + "/experiments", fs::copy_options::recursive);
  fs::create_directories(root + "/results/snapshots");
  const auto snap = RunGeostrat("run " + root + "/experiments/status-quo.json --snapshot-at 2027Q2 "
                                "--out " + root + "/results/snapshots/status-quo-2027q2 -q");
  REQUIRE(snap.status == 0);
  std::string args = "validate";
  int configs = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root + "/experiments")) {
    if (entry.path().extension() != ".json") continue;
    args += " " + ShellQuote(entry.path().string());
    ++configs;
  }
  CHECK(configs >= 23);
  const Split r = Run(args);
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(r.err == "");
  for (const char* kind : {"ok (experiment '", "ok (sweep of experiment '", "ok (tournament '",
                           "ok (meta-game of experiment '", "ok (history '"}) {
    CHECK_THAT(r.out, Contains(kind));
  }
}

TEST_CASE("The manifest's rerun command survives spaces and quotes", "[cli][limits]") {
  const std::string dir = TempDir("cli") + "/it's a dir";
  fs::create_directories(dir);
  const std::string config = dir + "/my \"smoke\".json";
  std::ofstream(config) << "{\"extends\": \"" << SourcePath("experiments/smoke.json")
                        << "\", \"replicates\": 6}";
  const Split r = Run("run " + ShellQuote(config) + " --threads 1 -q --out " +
                      ShellQuote(dir + "/run"));
  REQUIRE(r.status == 0);
  const Json manifest = Json::parse(ReadFile(dir + "/run/manifest.json"));
  const std::string rerun = manifest["rerun"].get<std::string>();
  CHECK(rerun == "geostrat run " + ShellQuote(config) + " --seed 20260101 --replicates 6");
  // The shell splits it back into the original words.
  const std::string words = dir + "/words.txt";
  std::ofstream(dir + "/split.sh") << "printf '%s\\n' " << rerun << " > " << ShellQuote(words)
                                   << "\n";
  REQUIRE(std::system(("sh " + ShellQuote(dir + "/split.sh")).c_str()) == 0);
  CHECK(ReadFile(words) == "geostrat\nrun\n" + config + "\n--seed\n20260101\n--replicates\n6\n");
  // The recorded command line is quoted the same way.
  CHECK_THAT(manifest["run"]["command"].get<std::string>(),
             StartsWith("geostrat run " + ShellQuote(config) + " --threads 1"));
}

TEST_CASE("Integer options are range-checked with the value found", "[cli][limits]") {
  const Split block =
      Run("sweep " + SourcePath("experiments/sweep-fee-redline.json") + " --block-replicates 0");
  CHECK(block.status == 64);
  CHECK(block.err == "geostrat: sweep: --block-replicates must be an integer in [1, 100000000], "
                     "found 0\n");
  const Split replicate = Run("play " + Baseline() + " --as us --replicate 4294967296");
  CHECK(replicate.err == "geostrat: play: --replicate must be an integer in [0, 4294967295], "
                         "found 4294967296\n");
  const Split reps = Run("run " + Baseline() + " --replicates 0");
  CHECK(reps.err == "geostrat: run: --replicates must be an integer in [1, 100000000], found 0\n");
}

TEST_CASE("list --help, validate --print, stage quarter labels", "[cli]") {
  const Split help = Run("list --help");
  CHECK(help.status == 0);
  CHECK_THAT(help.out, StartsWith("geostrat list [SECTION...]"));
  CHECK(help.err == "");

  // With --print stdout holds only the resolved JSON; the verdict is on stderr.
  const Split printed = Run("validate --print " + SourcePath("experiments/smoke.json"));
  CHECK(printed.status == 0);
  CHECK(Json::parse(printed.out)["name"] == "smoke");
  CHECK_THAT(printed.err, Contains(": ok (experiment 'smoke'"));

  // A quarter label and the quarters played name the same stage game.
  const std::string smoke = SourcePath("experiments/smoke.json");
  const Split label = Run("stage " + smoke + " --game export_control --quarter 2027Q1");
  const Split index = Run("stage " + smoke + " --game export_control --quarter 4");
  CHECK(label.status == 0);
  CHECK(label.out == index.out);
  CHECK_THAT(label.out, Contains("in 2027Q1"));
  const Split late = Run("stage " + smoke + " --game export_control --quarter 2040Q1");
  CHECK(late.status == 64);
  CHECK(late.err == "geostrat: stage: --quarter 2040Q1: expected a quarter from 2026Q1 (0) to "
                    "2035Q4 (39), as YYYYQn or quarters played\n");
}

TEST_CASE("sweep --replicates and --seed override the config and are in the rerun command",
          "[cli][sweep]") {
  const std::string dir = TempDir("cli-sweep");
  const std::string config = SourcePath("experiments/sweep-fee-redline.json");
  const Split r = Run("sweep " + config + " --replicates 7 --seed 11 -q --out " + dir + "/s");
  REQUIRE(r.status == 0);
  const Json m = Json::parse(ReadFile(dir + "/s/manifest.json"));
  CHECK(m["rerun"] == "geostrat sweep " + config + " --replicates 7 --seed 11");
  CHECK(m["seed"] == 11);
  CHECK(m["sweep"]["replicates"] == 7);
  const Split bad = Run("sweep " + config + " --replicates 0 --out " + dir + "/t");
  CHECK(bad.status == 64);
  CHECK(bad.err == "geostrat: sweep: --replicates must be an integer in [1, 100000000], found 0\n");
}

TEST_CASE("A run folder's manifest.json reruns the run exactly", "[cli][manifest]") {
  const std::string dir = TempDir("cli-manifest");
  const Split first =
      Run("run " + SourcePath("experiments/smoke.json") + " --replicates 40 -q --out " + dir + "/a");
  REQUIRE(first.status == 0);
  const Json manifest = Json::parse(ReadFile(dir + "/a/manifest.json"));
  CHECK(manifest["program"]["git_dirty"].is_boolean());
  CHECK(manifest["program"]["git"].is_string());
  const Split again = Run("run " + dir + "/a/manifest.json -q --out " + dir + "/b");
  REQUIRE(again.status == 0);
  for (const char* file : {"outcomes.csv", "summary.json", "series.csv", "representative.json"}) {
    INFO(file);
    CHECK(ReadFile(dir + "/a/" + file) == ReadFile(dir + "/b/" + file));
  }
  CHECK(Json::parse(ReadFile(dir + "/b/manifest.json"))["config_hash"] == manifest["config_hash"]);

  // Another verb's manifest names the command that reruns it.
  const Split sweep = Run("sweep " + SourcePath("experiments/sweep-fee-redline.json") +
                          " --replicates 2 -q --out " + dir + "/s");
  REQUIRE(sweep.status == 0);
  const Split wrong = Run("run " + dir + "/s/manifest.json");
  CHECK(wrong.status == 2);
  CHECK(wrong.err == "geostrat: configuration error: " + dir +
                         "/s/manifest.json: at /rerun: expected a config, or the manifest.json of "
                         "a geostrat run folder, found the manifest of another verb's folder; "
                         "rerun it with: geostrat sweep " +
                         SourcePath("experiments/sweep-fee-redline.json") + " --replicates 2\n");
}

}  // namespace
}  // namespace geostrat
