// geostrat play: the seminar mode. A player takes every seat of one agent;
// the console detects whether it talks to a terminal (colours, a fresh screen
// each quarter, fitted to the terminal's size) or to pipes (a readable
// transcript echoing each command). --transcript writes the class's play
// down as Markdown and CSV.
#include <sys/ioctl.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "engine/cli/commands.h"
#include "engine/core/error.h"
#include "engine/run/experiment.h"
#include "engine/seminar/play.h"
#include "engine/seminar/play_console.h"
#include "engine/seminar/play_narrative.h"

namespace geostrat {
namespace {

// A positive number from the environment (COLUMNS, LINES), 0 otherwise.
int FromEnvironment(const char* name) {
  const char* text = std::getenv(name);
  if (text == nullptr) return 0;
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  return end != text && *end == '\0' && value > 0 && value < 10000 ? static_cast<int>(value) : 0;
}

// The terminal's size from the terminal itself, else from COLUMNS and LINES;
// what is known of neither is left as it is. The screen uses one column
// less than the terminal's: a line that fills the last column wraps on some
// terminals.
void TerminalSize(size_t& width, int& height) {
  winsize size{};
  int columns = 0, rows = 0;
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) {
    columns = size.ws_col;
    rows = size.ws_row;
  }
  if (columns <= 0) columns = FromEnvironment("COLUMNS");
  if (rows <= 0) rows = FromEnvironment("LINES");
  if (columns > 1) width = static_cast<size_t>(columns - 1);
  if (rows > 0) height = rows;
}

}  // namespace

int PlayCommand(const std::vector<std::string>& args) {
  namespace po = boost::program_options;
  po::options_description options("geostrat play CONFIG --as AGENT [options]");
  options.add_options()("help,h", "describe the options")(
      "config", po::value<std::string>(), "experiment config (JSON)")(
      "as", po::value<std::string>(), "the agent you play (all its seats), e.g. us or china")(
      "replicate", po::value<long long>()->default_value(0),
      "which replicate of the experiment's priors and chance events")(
      "seed", po::value<long long>(), "override the config's seed")(
      "load", po::value<std::string>(), "start from a saved session of this config")(
      "best-futures", po::value<long long>()->default_value(PlaySession::kDefaultBestFutures),
      "futures averaged by the best command's horizon values, in [1, 1000]")(
      "transcript", po::value<std::string>(),
      "write the play as FILE.md and FILE.csv, updated every quarter (FILE may end in .md or .csv)")(
      "force", "replace an existing transcript");
  const auto vm = ParseVerbArgs("play", args, options, "config", 1);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  std::ostringstream help;
  help << options;
  if (!vm.count("config")) throw UsageError("play: missing CONFIG\n" + help.str());
  if (!vm.count("as")) throw UsageError("play: missing --as AGENT\n" + help.str());
  const long long replicate = IntegerOption(vm, "play", "replicate", 0, 4294967295LL);
  const std::string config = vm["config"].as<std::string>();
  if (vm.count("force") && !vm.count("transcript")) {
    throw UsageError("play: --force replaces an existing transcript; it needs --transcript FILE");
  }
  // Checked before the config is read: a name that cannot be used fails fast.
  if (vm.count("transcript")) PlayTranscript::FilesFor(vm["transcript"].as<std::string>());
  MergedConfig merged = LoadMergedConfig(config);
  if (vm.count("seed")) merged.json["seed"] = IntegerOption(vm, "play", "seed", 0, kMaxSeed);
  const Experiment experiment = ExperimentFromConfig(merged, config);
  PlaySession session(experiment, vm["as"].as<std::string>(), static_cast<uint32_t>(replicate));
  if (vm.count("load")) session.Load(vm["load"].as<std::string>());
  std::unique_ptr<PlayTranscript> transcript;
  if (vm.count("transcript")) {
    transcript = std::make_unique<PlayTranscript>(vm["transcript"].as<std::string>(), config,
                                                  vm.count("force") > 0, session);
  }

  const bool in_tty = isatty(STDIN_FILENO) != 0;
  const bool out_tty = isatty(STDOUT_FILENO) != 0;
  const char* no_colour = std::getenv("NO_COLOR");
  ConsoleStyle style;
  style.best_futures = static_cast<int>(IntegerOption(vm, "play", "best-futures", 1, 1000));
  style.colour = out_tty && (no_colour == nullptr || no_colour[0] == '\0');
  style.clear = in_tty && out_tty;
  style.echo = !in_tty;
  style.ask = in_tty;
  // A terminal's dashboard fits its size, measured again before each screen
  // (a projector window may be resized mid-seminar); pipes keep the 112
  // columns and no height limit, so a transcript reads the same anywhere.
  if (out_tty) {
    style.measure = TerminalSize;
    style.measure(style.width, style.height);
  }
  return RunPlayConsole(session, std::cin, std::cout, style, transcript.get());
}

}  // namespace geostrat
