// geostrat play: the seminar mode. A player takes every seat of one agent;
// the console detects whether it talks to a terminal (colours, a fresh screen
// each quarter) or to pipes (a readable transcript echoing each command).
#include <sys/ioctl.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "engine/cli/commands.h"
#include "engine/core/error.h"
#include "engine/experiment.h"
#include "engine/play.h"
#include "engine/play_console.h"

namespace geostrat {

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
      "futures averaged by the best command's horizon values, in [1, 1000]");
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
  MergedConfig merged = LoadMergedConfig(config);
  if (vm.count("seed")) merged.json["seed"] = IntegerOption(vm, "play", "seed", 0, kMaxSeed);
  const Experiment experiment = ExperimentFromConfig(merged, config);
  PlaySession session(experiment, vm["as"].as<std::string>(), static_cast<uint32_t>(replicate));
  if (vm.count("load")) session.Load(vm["load"].as<std::string>());

  const bool in_tty = isatty(STDIN_FILENO) != 0;
  const bool out_tty = isatty(STDOUT_FILENO) != 0;
  const char* no_colour = std::getenv("NO_COLOR");
  ConsoleStyle style;
  style.best_futures = static_cast<int>(IntegerOption(vm, "play", "best-futures", 1, 1000));
  style.colour = out_tty && (no_colour == nullptr || no_colour[0] == '\0');
  style.clear = in_tty && out_tty;
  style.echo = !in_tty;
  style.ask = in_tty;
  winsize size{};
  if (out_tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    style.width = size.ws_col;
  }
  return RunPlayConsole(session, std::cin, std::cout, style);
}

}  // namespace geostrat
