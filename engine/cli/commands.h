// The verbs of the geostrat command line. Each takes its own arguments (after
// the verb) and returns the process exit status.
#pragma once

#include <boost/program_options.hpp>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace geostrat {

// Parses a verb's arguments against `options`, with up to `max_positional`
// positional arguments bound to `positional` (-1: any number); a bad option
// is a UsageError naming the verb and listing its options.
boost::program_options::variables_map ParseVerbArgs(
    const std::string& verb, const std::vector<std::string>& args,
    const boost::program_options::options_description& options, const char* positional,
    int max_positional);

// What --report adds to a verb that writes a run folder: a step that writes
// report.html into the (still partial) folder; empty when not wanted.
std::function<void(const std::filesystem::path&)> ReportWriter(bool wanted);

int RunCommand(const std::vector<std::string>& args);
int ValidateCommand(const std::vector<std::string>& args);
int ListCommand(const std::vector<std::string>& args);
int TournamentCommand(const std::vector<std::string>& args);
int SolveCommand(const std::vector<std::string>& args);
int StageCommand(const std::vector<std::string>& args);
int EquilibriumCommand(const std::vector<std::string>& args);
int SweepCommand(const std::vector<std::string>& args);
int MergeCommand(const std::vector<std::string>& args);
int PlayCommand(const std::vector<std::string>& args);
int ReplayCommand(const std::vector<std::string>& args);
int BacktestCommand(const std::vector<std::string>& args);
int ReportCommand(const std::vector<std::string>& args);

}  // namespace geostrat
