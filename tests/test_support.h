// Shared helpers for tests: paths into the source tree, loading configs from
// inline JSON, running the geostrat binary.
#pragma once

#include <string>

#include "engine/run/experiment.h"

namespace geostrat::testing {

std::string SourcePath(const std::string& relative);
// A fresh temporary folder (removed by the OS's tmp cleaning, not by tests).
std::string TempDir(const std::string& tag);
// Writes `text` to `dir/name` and returns the path.
std::string WriteFile(const std::string& dir, const std::string& name, const std::string& text);
std::string ReadFile(const std::string& path);

// The message of the ConfigError thrown by loading `path` ("" if none).
std::string ConfigErrorOf(const std::string& path);

struct CommandResult {
  int status;
  std::string out;  // stdout and stderr, interleaved
};
// Runs the geostrat binary with `args` (shell words).
CommandResult RunGeostrat(const std::string& args);

}  // namespace geostrat::testing
