#include "engine/core/error.h"

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

UnknownNameError::UnknownNameError(std::string file, std::string pointer, std::string kind,
                                   std::string name, const std::vector<std::string>& valid)
    : ConfigError(std::move(file), std::move(pointer), "a known " + kind + " name",
                  "'" + name + "'", "valid: " + JoinNearestFirst(name, valid)) {}

}  // namespace geostrat
