// A stable 64-bit content hash (FNV-1a) as 16 hex digits: names run folders
// and identifies a resolved config in manifests.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace geostrat {

// FNV-1a streams: the hash of a file written in pieces is the hash of its
// bytes, updated piece by piece from kFnv1aBasis.
constexpr uint64_t kFnv1aBasis = 1469598103934665603ull;

inline uint64_t Fnv1aUpdate(uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

inline std::string HashHex(uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

inline std::string Fnv1aHex(const std::string& text) { return HashHex(Fnv1aUpdate(kFnv1aBasis, text)); }

}  // namespace geostrat
