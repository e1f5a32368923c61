#include "engine/cli/commands.h"

#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "agents/agent.h"
#include "engine/analysis/api.h"
#include "engine/run/api.h"
#include "engine/core/error.h"
#include "engine/core/names.h"
#include "engine/run/experiment.h"
#include "engine/analysis/metagame.h"
#include "engine/history/replay.h"
#include "engine/run/results.h"
#include "engine/run/runner.h"
#include "engine/sweep/sweep.h"
#include "engine/run/snapshot.h"
#include "engine/analysis/tournament.h"
#include "games/classic_games.h"
#include "games/classifier.h"
#include "games/model_params.h"
#include "games/stage_game.h"
#include "policies/policy.h"

namespace geostrat {
namespace {

namespace po = boost::program_options;

po::variables_map Parse(const std::string& verb, const std::vector<std::string>& args,
                        const po::options_description& options, const char* positional,
                        int max_positional) {
  return ParseVerbArgs(verb, args, options, positional, max_positional);
}

std::string GigaBytes(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f GB", bytes / 1e9);
  return buf;
}

// Memory the system can give this process without swapping: MemAvailable in
// /proc/meminfo, else the free physical pages.
struct Available {
  double bytes;
  const char* source;
};

Available AvailableMemory() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  double kb = 0;
  std::string unit;
  while (meminfo >> key >> kb >> unit) {
    if (key == "MemAvailable:") return {kb * 1024.0, "MemAvailable in /proc/meminfo"};
  }
  const long pages = sysconf(_SC_AVPHYS_PAGES);
  const long page = sysconf(_SC_PAGESIZE);
  return {pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) : 0.0,
          "free physical memory (sysconf)"};
}

// Bytes a run holds per replicate until it is written out: its outcome (end
// indicators, drawn parameters, utilities), the summary's copies of those
// numbers, and one saved state per --snapshot-at quarter, sized by saving
// replicate 0's. About 30% above what a run of smoke.json measures.
double BytesPerReplicate(const Experiment& e, const std::vector<int>& snapshot_quarters) {
  const double numbers =
      static_cast<double>(UncertainNames(e).size() + e.scenario.agents.size());
  double bytes = sizeof(ReplicateOutcome) + sizeof(std::exception_ptr) + 64 + 16 * numbers;
  if (!snapshot_quarters.empty()) {
    const Simulation simulation(e);
    ReplicateState state = simulation.Start(0);
    for (int q : snapshot_quarters) {
      simulation.Advance(state, 0, q);
      bytes += static_cast<double>(SerialiseState(state).size()) + sizeof(std::string);
    }
  }
  return bytes;
}

// Refuses a run whose replicates would not fit in memory, before it starts,
// naming the estimate and the limit: a command-line error for --replicates,
// a config error at /replicates otherwise.
void CheckRunMemory(const Experiment& e, const MergedConfig& merged,
                    const std::vector<int>& snapshot_quarters, bool from_command_line) {
  const double each = BytesPerReplicate(e, snapshot_quarters);
  const double need = each * e.replicates;
  const Available have = AvailableMemory();
  if (have.bytes <= 0 || need <= have.bytes) return;
  const std::string why = "about " + std::to_string(static_cast<long long>(each)) +
                          " bytes each, " + GigaBytes(need) + " in all; " + GigaBytes(have.bytes) +
                          " available (" + have.source + ")";
  if (from_command_line) {
    throw UsageError("run: --replicates " + std::to_string(e.replicates) +
                     " needs more memory than this machine has:\n  " + why +
                     "; use fewer replicates");
  }
  const std::string max = std::to_string(static_cast<long long>(have.bytes / each));
  throw ConfigError(merged.sources->FileOf("/replicates"), "/replicates",
                    "at most " + max + " replicates on this machine (" + why + ")",
                    "the number " + std::to_string(e.replicates));
}

}  // namespace

std::string CommandLine(const std::string& verb, const std::vector<std::string>& args) {
  std::vector<std::string> words = {"geostrat", verb};
  words.insert(words.end(), args.begin(), args.end());
  return ShellCommand(words);
}

long long IntegerOption(const po::variables_map& vm, const std::string& verb,
                        const std::string& name, long long lo, long long hi) {
  const long long v = vm[name].as<long long>();
  if (v < lo || v > hi) {
    throw UsageError(verb + ": --" + name + " must be an integer in [" + std::to_string(lo) +
                     ", " + std::to_string(hi) + "], found " + std::to_string(v));
  }
  return v;
}

int ThreadsOption(const po::variables_map& vm, const std::string& verb) {
  const int requested = vm["threads"].as<int>();
  if (requested < 1) {
    throw UsageError(verb + ": --threads must be at least 1, found " + std::to_string(requested));
  }
  const int cores = std::max(1, omp_get_num_procs());
  const int cap = kThreadsPerCore * cores;
  if (requested <= cap) return requested;
  std::fprintf(stderr, "geostrat: %s: --threads %d is more than %d per core (%d cores): using %d\n",
               verb.c_str(), requested, kThreadsPerCore, cores, cap);
  return cap;
}

po::variables_map ParseVerbArgs(const std::string& verb, const std::vector<std::string>& args,
                                const po::options_description& options, const char* positional,
                                int max_positional) {
  po::positional_options_description pos;
  pos.add(positional, max_positional);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(options).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::ostringstream help;
    help << options;
    throw UsageError(verb + ": " + e.what() + "\n" + help.str());
  }
  return vm;
}

int RunCommand(const std::vector<std::string>& args) {
  po::options_description options("geostrat run CONFIG [options]");
  options.add_options()("help,h", "describe the options")(
      "config", po::value<std::string>(), "experiment config (JSON)")(
      "replicates", po::value<long long>(), "override the config's replicate count")(
      "threads", po::value<int>()->default_value(omp_get_num_procs()),
      "OpenMP threads (results do not depend on it)")(
      "seed", po::value<long long>(), "override the config's seed")(
      "out", po::value<std::string>(), "write the run folder to exactly this path (must not exist)")(
      "results-root", po::value<std::string>()->default_value("results"),
      "root of the default run folder results/<experiment>/<UTC time>-<hash>/")(
      "report", "also write report.html (an offline HTML report) into the run folder")(
      "snapshot-at", po::value<std::vector<std::string>>()->composing(),
      "save every replicate's state at QUARTER (2027Q2, or quarters played) into "
      "snapshots.bin for branching; repeatable")(
      "quiet,q", "no outcome table on stdout");
  const auto vm = Parse("run", args, options, "config", 1);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  if (!vm.count("config")) throw UsageError("run: missing CONFIG\n" + [&] {
    std::ostringstream s;
    s << options;
    return s.str();
  }());

  // Command-line values are checked before the config is read, so a bad one
  // is blamed on the command line, not on the file.
  const int threads = ThreadsOption(vm, "run");
  const std::string config = vm["config"].as<std::string>();
  // Command-line overrides become part of the resolved config (and its hash).
  api::Overrides overrides;
  if (vm.count("replicates")) {
    overrides.replicates = IntegerOption(vm, "run", "replicates", 1, 100000000);
  }
  if (vm.count("seed")) overrides.seed = IntegerOption(vm, "run", "seed", 0, kMaxSeed);
  const MergedConfig merged = api::LoadConfig(config);
  const Experiment experiment = api::PrepareExperiment(merged, config, overrides);

  // Checked before the work starts: a folder that cannot be created would
  // waste the whole run.
  const std::string dir =
      CheckOutputFolder("run",
                        vm.count("out") ? vm["out"].as<std::string>()
                                        : DefaultRunDir(vm["results-root"].as<std::string>(), experiment),
                        !vm.count("out"));

  std::vector<int> snapshot_quarters;
  if (vm.count("snapshot-at")) {
    const Scenario& sc = experiment.scenario;
    const int first = experiment.start_from ? experiment.start_from->quarter : 0;
    for (const auto& text : vm["snapshot-at"].as<std::vector<std::string>>()) {
      const int q = ParseQuarter(sc, text);
      if (q < first || q >= sc.horizon) {
        throw UsageError("run: --snapshot-at " + text + ": expected a quarter from " +
                         sc.QuarterLabel(first) + " (" + std::to_string(first) + ") to " +
                         sc.QuarterLabel(sc.horizon - 1) + " (" + std::to_string(sc.horizon - 1) +
                         "), as YYYYQn or quarters played");
      }
      snapshot_quarters.push_back(q);
    }
    std::sort(snapshot_quarters.begin(), snapshot_quarters.end());
    snapshot_quarters.erase(std::unique(snapshot_quarters.begin(), snapshot_quarters.end()),
                            snapshot_quarters.end());
  }
  CheckRunMemory(experiment, merged, snapshot_quarters, vm.count("replicates") > 0);
  const api::RunResult result = api::Run(
      experiment, {.threads = threads, .progress = true, .snapshot_quarters = snapshot_quarters});
  result.Write(dir, {CommandLine("run", args), config}, ReportWriter(vm.count("report") > 0));
  if (!vm.count("quiet")) {
    std::cout << OutcomeTable(experiment, result.summary, result.output) << "results: " << dir
              << "\n";
  }
  return 0;
}

int TournamentCommand(const std::vector<std::string>& args) {
  po::options_description options("geostrat tournament CONFIG [options]");
  options.add_options()("help,h", "describe the options")(
      "config", po::value<std::string>(), "tournament config (JSON)")(
      "threads", po::value<int>()->default_value(omp_get_num_procs()),
      "OpenMP threads (results do not depend on it)")(
      "repetitions", po::value<long long>(), "override the config's repetitions")(
      "seed", po::value<long long>(), "override the config's seed")(
      "out", po::value<std::string>(), "write the run folder to exactly this path (must not exist)")(
      "results-root", po::value<std::string>()->default_value("results"),
      "root of the default run folder results/<tournament>/<UTC time>-<hash>/")(
      "actions", "also write every match's action strings (actions.csv)")(
      "report", "also write report.html (an offline HTML report) into the run folder")(
      "quiet,q", "no ranking table on stdout");
  const auto vm = Parse("tournament", args, options, "config", 1);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  if (!vm.count("config")) throw UsageError("tournament: missing CONFIG");
  const int threads = ThreadsOption(vm, "tournament");
  const std::string config = vm["config"].as<std::string>();
  api::TournamentOverrides overrides;
  if (vm.count("repetitions")) {
    overrides.repetitions = IntegerOption(vm, "tournament", "repetitions", 1, 1000000);
  }
  if (vm.count("seed")) overrides.seed = IntegerOption(vm, "tournament", "seed", 0, kMaxSeed);
  const TournamentSpec spec = api::PrepareTournament(LoadMergedConfig(config), config, overrides);
  const std::string dir = CheckOutputFolder(
      "tournament",
      vm.count("out") ? vm["out"].as<std::string>()
                      : (std::filesystem::path(vm["results-root"].as<std::string>()) / spec.name /
                         (UtcStampForFolder() + "-" + spec.Hash().substr(0, 12)))
                            .string(),
      !vm.count("out"));
  const bool actions = vm.count("actions") > 0;
  const TournamentResult result = RunTournament(spec, threads, actions);
  WriteTournamentFolder(dir, spec, result, actions, CommandLine("tournament", args),
                        ReportWriter(vm.count("report") > 0));
  if (!vm.count("quiet")) std::cout << RankingTable(spec, result) << "results: " << dir << "\n";
  return 0;
}

namespace {

// Reads one config as the verb its kind belongs to would, and prints a line
// saying what it is.
void ValidateOne(const std::string& path, bool print) {
  const MergedConfig merged = LoadMergedConfig(path);
  // With --print, stdout carries only the resolved JSON (for jq and files);
  // the verdict goes to stderr.
  std::ostream& verdict = print ? std::cerr : std::cout;
  switch (KindOfConfig(merged.json)) {
    case ConfigKind::kMetaGame: {
      const MetaGameSpec meta = LoadMetaGame(path);
      size_t profiles = 1;
      for (const auto& c : meta.candidates) profiles *= c.size();
      verdict << path << ": ok (meta-game of experiment '" << meta.experiment.name << "', "
                << meta.seats.size() << " seats, " << profiles << " profiles x "
                << meta.replicates << " replicates)\n";
      return;
    }
    case ConfigKind::kSweep: {
      const SweepSpec sweep = SweepFromConfig(merged, path);
      verdict << path << ": ok (sweep of experiment '" << sweep.base.name << "', "
                << sweep.points.size() << " points x " << sweep.replicates << " replicates, "
                << sweep.tipping.size() << " tipping-point search(es), hash " << sweep.Hash()
                << ")\n";
      if (print) std::cout << sweep.resolved.dump(2) << "\n";
      return;
    }
    case ConfigKind::kTournament: {
      const TournamentSpec t = TournamentFromConfig(merged, path);
      verdict << path << ": ok (tournament '" << t.name << "', " << t.plans.size()
                << " strategies, " << t.turns << " turns x " << t.repetitions
                << " repetitions, hash " << t.Hash() << ")\n";
      if (print) std::cout << t.ToJson().dump(2) << "\n";
      return;
    }
    case ConfigKind::kExperiment:
    case ConfigKind::kHistory: {
      const Experiment e = ExperimentFromConfig(merged, path);
      // A history config's timeline must agree with its scripts (engine/history/replay.h).
      if (merged.json.contains("timeline")) ReadTimeline(merged, e);
      verdict << path << ": ok (" << (merged.json.contains("timeline") ? "history" : "experiment")
                << " '" << e.name << "', " << e.scenario.agents.size() << " agents, "
                << e.scenario.seats.size() << " seats, " << UncertainNames(e).size()
                << " uncertain parameters, hash " << e.Hash() << ")\n";
      if (print) std::cout << e.ToJson().dump(2) << "\n";
      return;
    }
  }
}

}  // namespace

int ValidateCommand(const std::vector<std::string>& args) {
  po::options_description options("geostrat validate CONFIG... [options]");
  options.add_options()("help,h", "describe the options")(
      "config", po::value<std::vector<std::string>>(), "experiment configs (JSON)")(
      "print", "print each fully resolved config (every default filled in)");
  const auto vm = Parse("validate", args, options, "config", -1);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  if (!vm.count("config")) throw UsageError("validate: missing CONFIG");
  int failures = 0;
  for (const auto& path : vm["config"].as<std::vector<std::string>>()) {
    try {
      ValidateOne(path, vm.count("print") > 0);
    } catch (const ConfigError& e) {
      std::cerr << "geostrat: configuration error: " << e.what() << "\n";
      ++failures;
    }
  }
  return failures == 0 ? 0 : 2;
}

int ListCommand(const std::vector<std::string>& args) {
  const std::vector<std::string> sections = {"games", "classic", "policies", "agents",
                                             "parameters", "outcomes"};
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << "geostrat list [SECTION...]: print the registries with their parameters, "
                 "defaults, ranges, units and sources\n  sections: games, classic, policies, "
                 "agents, parameters, outcomes (default: all)\n";
    return 0;
  }
  std::vector<std::string> wanted = args.empty() ? sections : args;
  for (const auto& w : wanted) {
    bool known = false;
    for (const auto& s : sections) known = known || s == w;
    if (!known) {
      throw UsageError("list: unknown section '" + w + "'; valid: " + JoinNearestFirst(w, sections));
    }
  }
  auto want = [&](const std::string& s) {
    for (const auto& w : wanted) {
      if (w == s) return true;
    }
    return false;
  };
  std::ostream& out = std::cout;
  if (want("games")) {
    out << "STAGE GAMES (actions ordered from most cooperative to most escalatory; * = status quo)\n";
    for (const auto& g : StageGames()) {
      out << "\n" << g.name << "\n  " << g.doc << "\n";
      for (const auto& seat : g.seats) {
        out << "  seat " << g.name << "." << seat.name << " (default agent " << seat.default_agent
            << "):";
        for (size_t a = 0; a < seat.actions.size(); ++a) {
          out << " " << seat.actions[a] << (static_cast<int>(a) == seat.status_quo ? "*" : "");
        }
        out << "\n    " << seat.doc << "\n";
      }
      const auto specs = SpecsOf(GameParamFields(g.name));
      if (!specs.empty()) out << "  params:\n";
      for (const auto& line : DescribeParams(specs)) out << "    " << line << "\n";
    }
    out << "\n";
  }
  if (want("classic")) {
    out << "CLASSIC STAGE GAMES (for tournaments: \"game\": {\"classic\": NAME, \"params\": {...}})\n";
    for (const auto& g : ClassicGames()) {
      const NormalForm game = g.build([&] {
        std::vector<double> v;
        for (const auto& p : g.params) v.push_back(p.default_value);
        return v;
      }());
      out << "\n" << g.name << "  (row: ";
      for (const auto& a : game.strategies(0)) out << a << " ";
      out << "| column: ";
      for (const auto& a : game.strategies(1)) out << a << " ";
      out << ")\n  " << g.doc << "\n  references: " << g.references << "\n";
      for (const auto& line : DescribeParams(g.params)) out << "    " << line << "\n";
    }
    out << "\n";
  }
  if (want("policies")) {
    out << "POLICIES\n";
    for (const auto& p : Policies()) {
      out << "\n" << p.name << "  (memory: " << p.memory << "; "
          << (p.stochastic ? "stochastic" : "deterministic") << "; observes: " << p.observes
          << ")\n  " << p.doc << "\n  references: " << p.references << "\n";
      for (const auto& prm : p.params) {
        out << "    " << prm.name << " = " << prm.default_value << "  " << prm.doc << "\n";
      }
    }
    out << "\n";
  }
  if (want("agents")) {
    out << "AGENT KINDS (blocs: us, allied, china, global_south)\n";
    for (const auto& k : AgentKinds()) {
      out << "\n" << k.name << "\n  " << k.doc << "\n  params:\n";
      for (const auto& line : DescribeParams(k.params)) out << "    " << line << "\n";
    }
    out << "\n";
  }
  if (want("parameters")) {
    out << "SCENARIO PARAMETERS (scenario.parameters; a value or a prior)\n";
    for (const auto& line : DescribeParams(SpecsOf(WorldParamFields()))) out << "  " << line << "\n";
    out << "\n";
  }
  if (want("outcomes")) {
    out << "OUTCOME CLASSES (OUTCOMES.md 3.2, checked in this order)\n";
    for (const auto& c : OutcomeClassNames()) out << "  " << c << "\n";
  }
  return 0;
}

}  // namespace geostrat
