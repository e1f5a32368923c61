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

// The value of integer option --`name` (given), checked against [lo, hi]
// before use: a UsageError naming the verb, the range and the value.
long long IntegerOption(const boost::program_options::variables_map& vm, const std::string& verb,
                        const std::string& name, long long lo, long long hi);

// The largest seed: seeds are stored in JSON and shown as whole doubles.
constexpr long long kMaxSeed = 9007199254740991LL;  // 2^53 - 1

// --threads checked (at least 1) and capped at kThreadsPerCore threads per
// core, saying on stderr when it was capped: the work is CPU-bound, so more
// threads only add stacks (8 MB each) and switching.
constexpr int kThreadsPerCore = 4;
int ThreadsOption(const boost::program_options::variables_map& vm, const std::string& verb);

// The command line as one shell command, each word quoted where needed.
std::string CommandLine(const std::string& verb, const std::vector<std::string>& args);

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
int CalibrateCommand(const std::vector<std::string>& args);
int RationaliseCommand(const std::vector<std::string>& args);
int ReportCommand(const std::vector<std::string>& args);
int CompareCommand(const std::vector<std::string>& args);

}  // namespace geostrat
