// geostrat report, and the --report step of the verbs that write a results
// folder: the offline HTML page of a folder (engine/report/report.h), or of a
// seminar transcript (engine/report/report_transcript.h).
#include "engine/report/report.h"

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "engine/cli/commands.h"
#include "engine/core/error.h"
#include "engine/report/report_transcript.h"

namespace geostrat {

std::function<void(const std::filesystem::path&)> ReportWriter(bool wanted) {
  if (!wanted) return {};
  return [](const std::filesystem::path& folder) { WriteReport(folder, folder / "report.html"); };
}

int ReportCommand(const std::vector<std::string>& args) {
  namespace po = boost::program_options;
  po::options_description options("geostrat report RUN_DIR [options]");
  options.add_options()("help,h", "describe the options")(
      "folder", po::value<std::string>(),
      "a run, tournament, equilibrium or sweep folder, or a play transcript (FILE.csv or FILE.md)")(
      "out", po::value<std::string>(),
      "write the page here (default RUN_DIR/report.html; for a transcript FILE.html)");
  const auto vm = ParseVerbArgs("report", args, options, "folder", 1);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  if (!vm.count("folder")) {
    std::ostringstream help;
    help << options;
    throw UsageError("report: missing RUN_DIR\n" + help.str());
  }
  const std::filesystem::path folder = vm["folder"].as<std::string>();
  const bool transcript = IsPlayTranscript(folder);
  const FolderKind kind = transcript ? FolderKind{} : DetectFolderKind(folder);
  const std::filesystem::path out =
      vm.count("out") ? std::filesystem::path(vm["out"].as<std::string>())
                      : transcript ? TranscriptReportPath(folder) : folder / "report.html";
  if (out.empty()) throw UsageError("report: --out needs the path of a file to write, found an empty string");
  if (std::filesystem::is_directory(out)) {
    throw UsageError("report: --out " + out.string() + " is a folder; expected the path of a file to write");
  }
  if (transcript) {
    WriteTranscriptReport(folder, out);
    std::cout << "transcript report: " << out.string() << "\n";
    return 0;
  }
  WriteReport(folder, out);
  std::cout << FolderKindName(kind) << " report: " << out.string() << "\n";
  return 0;
}

}  // namespace geostrat
