#include "engine/cli/commands.h"

#include <omp.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "agents/agent.h"
#include "engine/core/error.h"
#include "engine/core/names.h"
#include "engine/experiment.h"
#include "engine/metagame.h"
#include "engine/replay.h"
#include "engine/results.h"
#include "engine/runner.h"
#include "engine/sweep.h"
#include "engine/snapshot.h"
#include "engine/tournament.h"
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

std::string CommandLine(const std::string& verb, const std::vector<std::string>& args) {
  std::string line = "geostrat " + verb;
  for (const auto& a : args) line += " " + a;
  return line;
}

}  // namespace

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

  const std::string config = vm["config"].as<std::string>();
  MergedConfig merged = LoadMergedConfig(config);
  // Command-line overrides become part of the resolved config (and its hash).
  if (vm.count("replicates")) {
    const long long r = vm["replicates"].as<long long>();
    if (r < 1 || r > 100000000) throw UsageError("run: --replicates must be in [1, 100000000]");
    merged.json["replicates"] = r;
  }
  if (vm.count("seed")) {
    const long long s = vm["seed"].as<long long>();
    if (s < 0) throw UsageError("run: --seed must be a non-negative integer");
    merged.json["seed"] = s;
  }
  const Experiment experiment = ExperimentFromConfig(merged, config);
  const int threads = vm["threads"].as<int>();
  if (threads < 1 || threads > 1024) throw UsageError("run: --threads must be in [1, 1024]");

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
  const RunOutput run = RunMonteCarlo(
      experiment, {.threads = threads, .progress = true, .snapshot_quarters = snapshot_quarters});
  const Json summary = Summarise(experiment, run);
  WriteRunFolder(dir, experiment, run, summary, {CommandLine("run", args), config},
                 ReportWriter(vm.count("report") > 0));
  if (!vm.count("quiet")) {
    std::cout << OutcomeTable(experiment, summary, run) << "results: " << dir << "\n";
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
  const std::string config = vm["config"].as<std::string>();
  MergedConfig merged = LoadMergedConfig(config);
  if (vm.count("repetitions")) {
    const long long r = vm["repetitions"].as<long long>();
    if (r < 1 || r > 1000000) throw UsageError("tournament: --repetitions must be in [1, 1000000]");
    merged.json["repetitions"] = r;
  }
  if (vm.count("seed")) {
    const long long s = vm["seed"].as<long long>();
    if (s < 0) throw UsageError("tournament: --seed must be a non-negative integer");
    merged.json["seed"] = s;
  }
  const TournamentSpec spec = TournamentFromConfig(merged, config);
  const int threads = vm["threads"].as<int>();
  if (threads < 1 || threads > 1024) throw UsageError("tournament: --threads must be in [1, 1024]");
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
      const MergedConfig merged = LoadMergedConfig(path);
      if (merged.json.contains("metagame")) {
        const MetaGameSpec meta = LoadMetaGame(path);
        size_t profiles = 1;
        for (const auto& c : meta.candidates) profiles *= c.size();
        std::cout << path << ": ok (meta-game of experiment '" << meta.experiment.name << "', "
                  << meta.seats.size() << " seats, " << profiles << " profiles x "
                  << meta.replicates << " replicates)\n";
        continue;
      }
      if (merged.json.contains("sweep")) {
        const SweepSpec sweep = SweepFromConfig(merged, path);
        std::cout << path << ": ok (sweep of experiment '" << sweep.base.name << "', "
                  << sweep.points.size() << " points x " << sweep.replicates << " replicates, "
                  << sweep.tipping.size() << " tipping-point search(es), hash " << sweep.Hash()
                  << ")\n";
        if (vm.count("print")) std::cout << sweep.resolved.dump(2) << "\n";
        continue;
      }
      const Experiment e = ExperimentFromConfig(merged, path);
      // A history config's timeline must agree with its scripts (engine/replay.h).
      if (merged.json.contains("timeline")) ReadTimeline(merged, e);
      std::cout << path << ": ok (experiment '" << e.name << "', " << e.scenario.agents.size()
                << " agents, " << e.scenario.seats.size() << " seats, "
                << UncertainNames(e).size() << " uncertain parameters, hash "
                << e.Hash() << ")\n";
      if (vm.count("print")) std::cout << e.ToJson().dump(2) << "\n";
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
