#include "engine/core/format.h"

#include <cmath>
#include <cstdio>

namespace geostrat {

std::string FormatP(double p) {
  if (std::isnan(p)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", p);
  return buf;
}

std::string FormatValue(double v) {
  if (std::isnan(v)) return "n/a";
  char buf[64];
  if (std::abs(v) >= 1000) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else if (std::abs(v) >= 1e-4) {
    std::snprintf(buf, sizeof buf, "%.4g", v);
  } else {
    // %.4g would switch to an exponent here; people read fixed notation, and
    // a value that is zero within rounding (5.6e-15) as 0.
    std::snprintf(buf, sizeof buf, "%.6f", v);
    std::string out = buf;
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
    return out == "-0" ? "0" : out;
  }
  return buf;
}

}  // namespace geostrat
