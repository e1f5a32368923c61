// A stable 64-bit content hash (FNV-1a) as 16 hex digits: names run folders
// and identifies a resolved config in manifests.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace geostrat {

inline std::string Fnv1aHex(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace geostrat
