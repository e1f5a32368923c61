// The project's few exception types. Each carries enough context for one clear
// message: which file, which JSON pointer, what was expected and what was found.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace geostrat {

// A configuration cannot be used as written. `what()` is the full message.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string file, std::string pointer, std::string expected, std::string found,
              std::string hint = "");
  const std::string& file() const { return file_; }
  const std::string& pointer() const { return pointer_; }
  const std::string& expected() const { return expected_; }
  const std::string& found() const { return found_; }
  const std::string& hint() const { return hint_; }

 private:
  std::string file_, pointer_, expected_, found_, hint_;
};

// A name (policy, game, agent kind, parameter...) that no registry knows. The
// valid names are listed nearest first in the message.
class UnknownNameError : public ConfigError {
 public:
  UnknownNameError(std::string file, std::string pointer, std::string kind, std::string name,
                   const std::vector<std::string>& valid);
};

// Misuse of the command line (bad flag values, an output folder that exists).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A broken invariant inside the program: a bug, never the user's fault.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace geostrat
