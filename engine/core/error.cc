#include "engine/core/error.h"

#include <cstdio>

#include "engine/core/names.h"

namespace geostrat {

std::string Printable(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  char buf[16];
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
      ++i;
      continue;
    }
    // Length of the UTF-8 sequence starting here (0: not a valid lead byte).
    const size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
                                   : (c & 0xf8) == 0xf0 ? 4 : 0;
    bool valid = len > 0 && i + len <= text.size();
    for (size_t k = 1; valid && k < len; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
    }
    if (!valid) {
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
      ++i;
      continue;
    }
    out.append(text, i, len);
    i += len;
  }
  return out;
}

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
  return Printable(msg);
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
