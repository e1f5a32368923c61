// One function per fuzz target that reads an input the way geostrat reads that
// kind of file. The libFuzzer targets (fuzz/fuzz_<target>.cc) and the
// regression test of the normal build (tests/engine/fuzz_regressions_test.cc)
// both call these, so a saved crashing input means the same thing to both.
//
// A rejected input throws ConfigError or UsageError (NfgError for .nfg text);
// Accepts() turns those into `false`. Anything else is a finding: another
// exception, a crash, a sanitizer report, a hang.
//
// Header-only because the test binary's sources are globbed from tests/ and
// link only the project's libraries.
#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/hash.h"
#include "engine/run/experiment.h"
#include "engine/seminar/play.h"
#include "engine/seminar/play_console.h"
#include "engine/history/replay.h"
#include "engine/run/simulation.h"
#include "engine/run/snapshot.h"
#include "engine/sweep/sweep.h"
#include "games/normal_form.h"

#ifndef GEOSTRAT_SOURCE_DIR
#error "GEOSTRAT_SOURCE_DIR must name the source tree (fuzz/CMakeLists.txt, tests/CMakeLists.txt)"
#endif

namespace geostrat::fuzz {

namespace fs = std::filesystem;

inline std::string SourcePath(const std::string& relative) {
  return std::string(GEOSTRAT_SOURCE_DIR) + "/" + relative;
}

// A folder of this process's own under $TMPDIR, removed at a normal exit
// (libFuzzer's -fork workers and parallel jobs must not share files).
inline const std::string& TempDir() {
  struct Dir {
    std::string path;
    Dir() {
      const char* tmp = std::getenv("TMPDIR");
      std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/geostrat-fuzz-XXXXXX";
      if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create " + pattern);
      path = pattern;
    }
    ~Dir() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  };
  static const Dir dir;
  return dir.path;
}

inline void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path);
}

inline std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Runs `target` on `bytes`: true if the input was read, false if it was
// rejected as geostrat rejects bad input. Anything else escapes.
template <class Target>
bool Accepts(Target target, const std::string& bytes) {
  try {
    target(bytes);
    return true;
  } catch (const ConfigError&) {
  } catch (const UsageError&) {
  } catch (const NfgError&) {
  }
  return false;
}

// ---- config: LoadMergedConfig + ExperimentFromConfig ----

// The input is written as `sub/input.json` in a folder where every config of
// experiments/ is linked both beside it and one level up, so that the seeds'
// "extends": "baseline.json" and "../baseline.json" both resolve.
inline const std::string& ConfigDir() {
  static const std::string dir = [] {
    const std::string top = TempDir() + "/config";
    fs::create_directories(top + "/sub");
    for (const auto& entry : fs::directory_iterator(SourcePath("experiments"))) {
      if (entry.path().extension() != ".json") continue;
      fs::create_symlink(entry.path(), top + "/" + entry.path().filename().string());
      fs::create_symlink(entry.path(), top + "/sub/" + entry.path().filename().string());
    }
    return top + "/sub";
  }();
  return dir;
}

inline void Config(const std::string& bytes) {
  const std::string path = ConfigDir() + "/input.json";
  WriteBytes(path, bytes);
  MergedConfig config = LoadMergedConfig(path);
  // A sweep config's base experiment is read; its "sweep" member is not (a
  // design may rightly hold millions of points, each validated).
  if (config.json.is_object()) config.json.erase("sweep");
  const Experiment e = ExperimentFromConfig(config, path);
  if (config.json.is_object() && config.json.contains("timeline")) ReadTimeline(config, e);
}

// ---- nfg: ParseNfg ----

inline void Nfg(const std::string& bytes) { ParseNfg(bytes, "fuzz.nfg"); }

// ---- observed: ReadObservedFile, then each date placed on the calendar ----

inline const Experiment& History() {
  static const Experiment e = LoadExperiment(SourcePath("experiments/history-2018-2025.json"));
  return e;
}

inline void Observed(const std::string& bytes) {
  const Experiment& history = History();
  const std::string path = TempDir() + "/observed.md";
  WriteBytes(path, bytes);
  // The backtest places every accepted date on the scenario's calendar.
  for (const ObservedRow& row : ReadObservedFile(path)) {
    QuarterOfDate(history.scenario, row.date);
    for (const ObservedResponse& r : row.responses) QuarterOfDate(history.scenario, r.date);
  }
}

// ---- checkpoint: ParseSweepCheckpoint ----

// An input that does not start with the checkpoint's first line is taken as
// the archive and given a valid header, so that mutations reach cereal
// instead of stopping at the content hash.
constexpr char kCheckpointMagic[] = "geostrat sweep checkpoint 2\n";

inline std::string CheckpointFile(const std::string& bytes) {
  if (bytes.rfind(kCheckpointMagic, 0) == 0) return bytes;
  return kCheckpointMagic + Fnv1aHex(bytes) + "\n" + bytes;
}

inline void Checkpoint(const std::string& bytes) {
  ParseSweepCheckpoint(CheckpointFile(bytes), "checkpoint.bin");
}

// ---- snapshot: ReadBranch + BranchStart ----

// A small experiment (2 replicates) whose branch starts at quarter 2 of a
// snapshot the input supplies. An input starting with '{' is the index
// (snapshots.json) beside valid records; any other input is the records
// (snapshots.bin) with a valid index written for them, checksum included.
struct SnapshotSetup {
  static constexpr int kQuarter = 2;
  std::string config_path;
  MergedConfig config;
  Experiment experiment;
  std::string records_dir, index_dir;
  std::vector<std::string> records;  // valid ones, per replicate

  SnapshotSetup() {
    const std::string dir = TempDir() + "/snapshot";
    fs::create_directories(dir);
    config_path = dir + "/branch.json";
    WriteBytes(config_path, Json{{"extends", SourcePath("experiments/smoke.json")},
                                 {"replicates", 2}}.dump());
    config = LoadMergedConfig(config_path);
    experiment = ExperimentFromConfig(config, config_path);
    const Simulation simulation(experiment);
    for (uint32_t r = 0; r < experiment.replicates; ++r) {
      ReplicateState state = simulation.Start(r);
      simulation.Advance(state, r, kQuarter);
      records.push_back(SerialiseState(state));
    }
    records_dir = dir + "/records";
    index_dir = dir + "/index";
    fs::create_directories(records_dir);
    fs::create_directories(index_dir);
    WriteSnapshots(index_dir, experiment, {kQuarter}, {records});
  }

  // The config with "start_from" the snapshot in `dir`, a shock included.
  Json Root(const std::string& dir) const {
    Json root = config.json;
    root["start_from"] = {{"snapshot", dir},
                          {"quarter", kQuarter},
                          {"shocks", {{"salience", {{"multiply", 1.5}}}}}};
    return root;
  }
};

inline const SnapshotSetup& Snapshots() {
  static const SnapshotSetup setup;
  return setup;
}

inline void Snapshot(const std::string& bytes) {
  const SnapshotSetup& s = Snapshots();
  std::string dir = s.records_dir;
  if (!bytes.empty() && bytes[0] == '{') {
    dir = s.index_dir;
    WriteBytes(dir + "/snapshots.json", bytes);
  } else {
    WriteSnapshots(dir, s.experiment, {SnapshotSetup::kQuarter}, {{bytes}});
  }
  const auto branch = ReadBranch(ConfigNode::Root(s.Root(dir), s.config_path), s.experiment);
  for (uint32_t r = 0; r < s.experiment.replicates; ++r) BranchStart(*branch, r);
}

// ---- save: PlaySession::Load ----

// The seminar config of experiments/seminar/, played as the US from a fresh
// session for every input.
inline const Experiment& Seminar() {
  static const Experiment e = LoadExperiment(SourcePath("experiments/seminar/play-export-dilemma.json"));
  return e;
}

inline void Save(const std::string& bytes) {
  const std::string path = TempDir() + "/play.save";
  WriteBytes(path, bytes);
  PlaySession session(Seminar(), "us", 0);
  session.Load(path);
}

// ---- seminar_command: RunPlayConsole ----

// Every `save`/`load` line gets this process's own file as its argument (the
// fuzzer must not write files elsewhere), found as the console finds the
// command: the first word of the line, without a trailing '\r', any case.
inline std::string ConfineFileCommands(const std::string& input, const std::string& file) {
  std::istringstream lines(input);
  std::string line, out;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream words(line);
    std::string command;
    words >> command;
    for (char& c : command) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (command == "save" || command == "load") line = command + " " + file;
    out += line + "\n";
  }
  return out;
}

inline void SeminarCommand(const std::string& bytes) {
  const std::string file = TempDir() + "/console.save";
  std::remove(file.c_str());  // no save may carry over from an earlier input
  std::istringstream in(ConfineFileCommands(bytes, file));
  std::ostringstream out;
  ConsoleStyle style;
  style.echo = true;
  PlaySession session(Seminar(), "us", 0);
  RunPlayConsole(session, in, out, style);
}

// ---- seeds of the binary formats, written by the targets on request ----

// Valid files for the checkpoint, snapshot and save targets, which cannot be
// copied from the source tree; returns (name, bytes) pairs.
inline std::vector<std::pair<std::string, std::string>> BinarySeeds(const std::string& target) {
  std::vector<std::pair<std::string, std::string>> seeds;
  if (target == "checkpoint") {
    // A grid sweep interrupted after a few replicates (one point per block,
    // a checkpoint after each) and a tipping search at its end leave their
    // checkpoints.
    for (const char* config : {"sweep-fee-redline.json", "tipping-baseline.json"}) {
      SweepSpec spec = LoadSweep(SourcePath("experiments/") + config);
      spec.replicates = 2;
      for (TippingSpec& t : spec.tipping) {
        t.options.replicates = 2;
        t.options.max_replicates = 4;
      }
      SweepOptions o;
      o.out = TempDir() + "/seed-sweep";
      o.checkpoint_seconds = 0;
      o.block_replicates = 2;
      int calls = 0;
      o.before_replicate = [&](size_t, uint32_t) {
        if (++calls > 12) throw std::runtime_error("interrupted");
      };
      std::string file;
      o.finish = [&](const fs::path&) { file = ReadBytes(o.out + ".inprogress/checkpoint.bin"); };
      try {
        RunSweep(spec, o);
      } catch (const std::runtime_error&) {
        file = ReadBytes(o.out + ".inprogress/checkpoint.bin");
      }
      fs::remove_all(o.out + ".inprogress");
      fs::remove_all(o.out);
      const size_t body = std::string(kCheckpointMagic).size() + 17;
      if (file.size() <= body) throw std::runtime_error(std::string("no checkpoint from ") + config);
      seeds.push_back({std::string(config) + ".archive", file.substr(body)});
      seeds.push_back({std::string(config) + ".file", file});
    }
  } else if (target == "snapshot") {
    const SnapshotSetup& s = Snapshots();
    std::string both;
    for (const auto& r : s.records) both += r;
    seeds.push_back({"records", both});
    seeds.push_back({"index.json", ReadBytes(s.index_dir + "/snapshots.json")});
  } else if (target == "save") {
    PlaySession session(Seminar(), "us", 0);
    const std::string path = TempDir() + "/seed.save";
    for (int quarter = 0; quarter < 4; ++quarter) {
      if (quarter == 2) session.Fork("what-if");
      session.Save(path);
      seeds.push_back({"quarter-" + std::to_string(quarter), ReadBytes(path)});
      PlayerMoves moves = session.MarkedMoves();
      // The player's own choices after the first quarter, not the marked ones.
      if (quarter > 0) moves[0] = (moves[0] + 1) % Seminar().scenario.seat_num_actions[session.seats()[0]];
      session.Play(moves);
    }
  }
  return seeds;
}

// ---- what the libFuzzer targets call ----

// Builds what `target`'s reads need (configs loaded, folders made), outside
// Accepts() so that a broken setup stops the run instead of rejecting every
// input.
inline void Prepare(const std::string& target) {
  if (target == "config") {
    ConfigDir();
  } else if (target == "observed") {
    History();
  } else if (target == "snapshot") {
    Snapshots();
  } else if (target == "save" || target == "seminar_command") {
    Seminar();
  } else if (target != "nfg" && target != "checkpoint") {
    throw std::invalid_argument("no fuzz target named " + target);
  }
}

// With GEOSTRAT_FUZZ_SEEDS=DIR in the environment, writes the target's binary
// seeds into DIR and exits (scripts/fuzz.sh assembles corpora so).
inline int Initialize(const std::string& target) {
  Prepare(target);
  if (const char* dir = std::getenv("GEOSTRAT_FUZZ_SEEDS")) {
    const auto seeds = BinarySeeds(target);
    for (const auto& [name, bytes] : seeds) WriteBytes(std::string(dir) + "/" + name, bytes);
    std::printf("%s: %zu seed(s) written to %s\n", target.c_str(), seeds.size(), dir);
    std::exit(0);
  }
  return 0;
}

inline int TestOneInput(void (*read)(const std::string&), const uint8_t* data, size_t size) {
  Accepts(read, std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}

}  // namespace geostrat::fuzz
