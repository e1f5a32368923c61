// The project's few exception types. Each carries enough context for one clear
// message: which file, which JSON pointer, what was expected and what was found.
#pragma once

#include <cstddef>
#include <functional>
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

 protected:
  // For ConfigErrors: the fields of `first`, the message `what`.
  ConfigError(const ConfigError& first, const std::string& what);

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

// Several independent errors of one configuration, reported together so that
// a user fixes them in one pass instead of one run per mistake. Where a single
// ConfigError is read (file(), pointer()...), it is the first of them; what()
// lists them all, one per line.
class ConfigErrors : public ConfigError {
 public:
  ConfigErrors(std::vector<ConfigError> errors, bool truncated);
  const std::vector<ConfigError>& errors() const { return errors_; }
  bool truncated() const { return truncated_; }  // more errors were found than kept

 private:
  std::vector<ConfigError> errors_;
  bool truncated_;
};

// Rethrows `e` with `each` applied to every error it holds (one, or each of
// a ConfigErrors), e.g. to add where in a sweep the config was read.
[[noreturn]] void RethrowEach(const ConfigError& e,
                              const std::function<ConfigError(const ConfigError&)>& each);

// Reads the independent parts of a configuration one by one, keeping each
// part's ConfigError instead of stopping at the first. A part that depends
// on another is read only when that one succeeded (Try returns whether it
// did), so no error is a consequence of an earlier one.
class ConfigErrorCollector {
 public:
  static constexpr size_t kLimit = 20;  // kept and shown; the rest are counted as "more"

  template <class Read>
  bool Try(Read&& read) {
    try {
      read();
      return true;
    } catch (const ConfigErrors& e) {
      for (const auto& one : e.errors()) Add(one);
      truncated_ = truncated_ || e.truncated();
    } catch (const ConfigError& e) {
      Add(e);
    }
    return false;
  }
  bool empty() const { return errors_.empty(); }
  // Throws nothing when no part failed, the error itself when one did, and
  // ConfigErrors when several did.
  void ThrowIfAny() const;

 private:
  void Add(const ConfigError& e);
  std::vector<ConfigError> errors_;
  bool truncated_ = false;
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
