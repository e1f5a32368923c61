// The verbs of the geostrat command line. Each takes its own arguments (after
// the verb) and returns the process exit status.
#pragma once

#include <string>
#include <vector>

namespace geostrat {

int RunCommand(const std::vector<std::string>& args);
int ValidateCommand(const std::vector<std::string>& args);
int ListCommand(const std::vector<std::string>& args);
int TournamentCommand(const std::vector<std::string>& args);
int SolveCommand(const std::vector<std::string>& args);
int StageCommand(const std::vector<std::string>& args);
int EquilibriumCommand(const std::vector<std::string>& args);

}  // namespace geostrat
