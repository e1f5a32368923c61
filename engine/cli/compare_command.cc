// geostrat compare: two run folders, replicate by replicate.
#include <cstdio>
#include <iostream>
#include <sstream>

#include "engine/cli/commands.h"
#include "engine/analysis/compare.h"
#include "engine/core/error.h"
#include "engine/run/results.h"

namespace geostrat {
namespace po = boost::program_options;

int CompareCommand(const std::vector<std::string>& args) {
  po::options_description options("geostrat compare RUN_A RUN_B [options]");
  options.add_options()("help,h", "describe the options")(
      "runs", po::value<std::vector<std::string>>(),
      "two run folders of geostrat run with the same seed and replicates (A, then B)")(
      "out", po::value<std::string>(),
      "also write compare.json into this folder (must not exist)")(
      "quiet,q", "nothing on stdout");
  const auto vm = ParseVerbArgs("compare", args, options, "runs", 2);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  if (!vm.count("runs") || vm["runs"].as<std::vector<std::string>>().size() != 2) {
    std::ostringstream text;
    text << options;
    throw UsageError("compare: expected two run folders, RUN_A RUN_B\n" + text.str());
  }
  const auto& runs = vm["runs"].as<std::vector<std::string>>();
  const std::string out =
      vm.count("out") ? CheckOutputFolder("compare", vm["out"].as<std::string>()) : "";
  const Comparison c = CompareRuns(runs[0], runs[1]);
  if (!out.empty()) {
    Json json = ComparisonJson(c);
    json["command"] = CommandLine("compare", args);
    WriteFolderAtomically(out, [&](const std::filesystem::path& partial) {
      WriteText(partial / "compare.json", json.dump(2) + "\n");
    });
  }
  if (!vm.count("quiet")) {
    std::cout << ComparisonText(c);
    if (!out.empty()) std::cout << "results: " << out << "\n";
  }
  return 0;
}

}  // namespace geostrat
