#include "engine/core/error.h"

#include <string_view>

#include "engine/core/durable_file.h"
#include "engine/core/names.h"

namespace geostrat {

namespace {

std::string Compose(const std::string& file, const std::string& pointer,
                    const std::string& expected, const std::string& found,
                    const std::string& hint) {
  std::string msg = (file.empty() ? std::string("<config>") : file) + ": at " +
                    (pointer.empty() ? std::string("/") : pointer) + ": expected " + expected +
                    ", found " + found;
  if (!hint.empty()) msg += "; " + hint;
  // File names, keys and strings come from the input: a control character or
  // a stray byte must not reach the terminal raw.
  return Printable(msg, std::string::npos);
}

}  // namespace

ConfigError::ConfigError(std::string file, std::string pointer, std::string expected,
                         std::string found, std::string hint)
    : std::runtime_error(Compose(file, pointer, expected, found, hint)),
      file_(std::move(file)),
      pointer_(std::move(pointer)),
      expected_(std::move(expected)),
      found_(std::move(found)),
      hint_(std::move(hint)) {}

ConfigError::ConfigError(const ConfigError& first, const std::string& what)
    : std::runtime_error(what),
      file_(first.file_),
      pointer_(first.pointer_),
      expected_(first.expected_),
      found_(first.found_),
      hint_(first.hint_) {}

namespace {
std::string ListErrors(const std::vector<ConfigError>& errors, bool truncated) {
  if (errors.empty()) throw InternalError("ConfigErrors: no errors");
  std::string msg = std::to_string(errors.size()) + (truncated ? " errors (and more)" : " errors") +
                    "; fix them all, then rerun:";
  for (const auto& e : errors) msg += std::string("\n  ") + e.what();
  if (truncated) {
    msg += "\n  (reading went on past " + std::to_string(errors.size()) +
           " errors without showing the rest)";
  }
  return msg;
}
}  // namespace

ConfigErrors::ConfigErrors(std::vector<ConfigError> errors, bool truncated)
    : ConfigError(errors.at(0), ListErrors(errors, truncated)),
      errors_(std::move(errors)),
      truncated_(truncated) {}

void RethrowEach(const ConfigError& e,
                 const std::function<ConfigError(const ConfigError&)>& each) {
  if (const auto* several = dynamic_cast<const ConfigErrors*>(&e)) {
    std::vector<ConfigError> mapped;
    for (const auto& one : several->errors()) mapped.push_back(each(one));
    throw ConfigErrors(std::move(mapped), several->truncated());
  }
  throw each(e);
}

void ConfigErrorCollector::Add(const ConfigError& e) {
  // The same fault met through two parts (a value that is not an object,
  // read for each of its members) is one error.
  for (const auto& kept : errors_) {
    if (std::string_view(kept.what()) == e.what()) return;
  }
  if (errors_.size() < kLimit) {
    errors_.push_back(e);
  } else {
    truncated_ = true;
  }
}

void ConfigErrorCollector::ThrowIfAny() const {
  if (errors_.empty()) return;
  if (errors_.size() == 1 && !truncated_) throw errors_[0];
  throw ConfigErrors(errors_, truncated_);
}

UnknownNameError::UnknownNameError(std::string file, std::string pointer, std::string kind,
                                   std::string name, const std::vector<std::string>& valid)
    : ConfigError(std::move(file), std::move(pointer), "a known " + kind + " name",
                  "'" + name + "'", "valid: " + JoinNearestFirst(name, valid)) {}

}  // namespace geostrat
