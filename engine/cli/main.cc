// geostrat: geopolitical game theory and agent-based simulation of the AI-chip
// contest. main() dispatches to a verb and turns every error into one clear
// message and a non-zero exit status.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "engine/cli/commands.h"
#include "engine/core/durable_file.h"
#include "engine/core/error.h"

namespace {

constexpr const char* kUsage =
    "usage: geostrat <verb> [arguments]\n"
    "\n"
    "verbs:\n"
    "  run CONFIG [--replicates N] [--threads N] [--seed S] [--out DIR] [--results-root DIR] [--snapshot-at QUARTER] [--report] [--quiet]\n"
    "                      run an experiment, print the outcome table, write a run folder\n"
    "  tournament CONFIG [--threads N] [--repetitions N] [--seed S] [--out DIR] [--results-root DIR] [--actions] [--report] [--quiet]\n"
    "                      round-robin tournament of strategies on a stage game\n"
    "  solve GAME.nfg --method M [--json] [--select RULE] [--lambda L,...] [--iterations N] [--seed S] [--start-label K] [--starts N] [--mixed] [--max-seconds S] [--threads N]\n"
    "                      equilibria of a strategic-form game, one per line as Gambit prints them\n"
    "  stage CONFIG --game G [--seats A,B] [--quarter Q] [--replicate R] [--nfg FILE]\n"
    "                      a model stage game's payoff table, equilibria and critical discount factor\n"
    "  equilibrium CONFIG [--threads N] [--replicates N] [--out DIR] [--results-root DIR] [--report] [--quiet]\n"
    "                      the meta-game of candidate policies: equilibria, stability, outcomes\n"
    "  sweep CONFIG [--threads N] [--replicates N] [--seed S] [--out DIR] [--results-root DIR] [--resume] [--shard k/N] [--checkpoint-seconds S] [--block-replicates N] [--report] [--quiet]\n"
    "                      what-if sweep over levers: grids, designs, tipping points, sensitivity\n"
    "  merge SHARD_DIR... --out DIR [--report] [--quiet]\n"
    "                      join the shard folders of one sweep into one run folder\n"
    "  play CONFIG --as AGENT [--replicate R] [--seed S] [--load SAVE] [--best-futures K] [--transcript FILE [--force]]\n"
    "                      seminar mode: play one agent quarter by quarter against the model\n"
    "  replay CONFIG [--replicate R] [--out DIR] [--results-root DIR] [--report] [--quiet]\n"
    "                      a history quarter by quarter: observed moves, the model's own choices\n"
    "  backtest CONFIG --observed FILE [--train FILE] [--window K] [--replicates N] [--smoothing A] [--out DIR] [--results-root DIR] [--report] [--quiet]\n"
    "                      score the model's predicted responses against observed ones\n"
    "  calibrate CONFIG --observed FILE [--replicates N] [--window K] [--smoothing A] [--sweeps S] [--no-cv] [--threads T] [--out DIR [--resume]] [--results-root DIR] [--quiet]\n"
    "                      fit the response rules to observed responses; leave-one-year-out scores\n"
    "  rationalise CONFIG [--target SHARE] [--replicates N] [--threads T] [--out DIR] [--results-root DIR] [--quiet]\n"
    "                      the objective weights under which the config's profile is an equilibrium\n"
    "  compare RUN_A RUN_B [--out DIR] [--quiet]\n"
    "                      two runs of one seed, replicate by replicate: paired differences\n"
    "  report RUN_DIR [--out FILE]\n"
    "                      an offline HTML report of a run, tournament, equilibrium or sweep folder\n"
    "  validate CONFIG... [--print]\n"
    "                      check configs without running them\n"
    "  list [games|classic|policies|agents|parameters|outcomes]\n"
    "                      print the registries with parameters and defaults\n"
    "\n"
    "'geostrat <verb> --help' describes a verb's options.\n";

// A message for the terminal: what the user typed or a file held may hold
// control characters, escaped line by line (usage text keeps its lines).
std::string PrintableLines(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (true) {
    const size_t end = text.find('\n', start);
    out += geostrat::Printable(text.substr(start, end - start), std::string::npos);
    if (end == std::string::npos) return out;
    out += '\n';
    start = end + 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 64 : 0;
  }
  const std::string verb = args[0];
  args.erase(args.begin());
  try {
    if (verb == "run") return geostrat::RunCommand(args);
    if (verb == "validate") return geostrat::ValidateCommand(args);
    if (verb == "list") return geostrat::ListCommand(args);
    if (verb == "tournament") return geostrat::TournamentCommand(args);
    if (verb == "solve") return geostrat::SolveCommand(args);
    if (verb == "stage") return geostrat::StageCommand(args);
    if (verb == "equilibrium") return geostrat::EquilibriumCommand(args);
    if (verb == "sweep") return geostrat::SweepCommand(args);
    if (verb == "merge") return geostrat::MergeCommand(args);
    if (verb == "play") return geostrat::PlayCommand(args);
    if (verb == "replay") return geostrat::ReplayCommand(args);
    if (verb == "backtest") return geostrat::BacktestCommand(args);
    if (verb == "calibrate") return geostrat::CalibrateCommand(args);
    if (verb == "rationalise") return geostrat::RationaliseCommand(args);
    if (verb == "compare") return geostrat::CompareCommand(args);
    if (verb == "report") return geostrat::ReportCommand(args);
    std::fprintf(stderr, "geostrat: unknown verb '%s'; valid: run, tournament, solve, stage, equilibrium, sweep, merge, play, replay, backtest, calibrate, rationalise, compare, report, validate, list\n%s",
                 PrintableLines(verb).c_str(), kUsage);
    return 64;
  } catch (const geostrat::ConfigError& e) {
    std::fprintf(stderr, "geostrat: configuration error: %s\n", e.what());
    return 2;
  } catch (const geostrat::UsageError& e) {
    std::fprintf(stderr, "geostrat: %s\n", PrintableLines(e.what()).c_str());
    return 64;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "geostrat: error: %s\n", PrintableLines(e.what()).c_str());
    return 1;
  }
}
