// Numeric parameters with documented defaults, ranges, units and sources, whose
// values a config may fix or give as a prior drawn once per replicate.
//
// Accepted JSON forms for a parameter value:
//   0.25
//   {"value": 0.25, "source": "fee.h200"}
//   {"triangular": [min, mode, max], "source": "..."}
//   {"log_triangular": [min, mode, max], "source": "..."}   (triangular in log space)
//   {"uniform": [low, high], "source": "..."}
#pragma once

#include <string>
#include <vector>

#include "engine/core/config_node.h"
#include "engine/core/rng.h"

namespace geostrat {

struct ParamSpec {
  std::string name;
  double default_value = 0;
  double lo = 0, hi = 0;  // every value and every prior's support must lie in [lo, hi]
  std::string unit;
  std::string source;  // CALIBRATION.md key, a paper, or "D: ..." for a derivation
  std::string doc;
  bool integer = false;
};

enum class PriorKind { kFixed, kTriangular, kLogTriangular, kUniform };

struct Prior {
  PriorKind kind = PriorKind::kFixed;
  double a = 0, b = 0, c = 0;  // fixed: a; triangular: min a, mode b, max c; uniform: [a, c]
  std::string source;

  double Draw(Rng& rng) const;
  bool IsFixed() const { return kind == PriorKind::kFixed; }
  Json ToJson() const;
};

// The values a config gave (or the defaults) for a list of specs.
class ParamSet {
 public:
  ParamSet() = default;
  // Reads `node` (an object, or absent = all defaults) against `specs`; unknown
  // keys, wrong types and out-of-range values are ConfigErrors.
  static ParamSet Read(const std::vector<ParamSpec>& specs, const ConfigNode* node);
  static ParamSet Defaults(const std::vector<ParamSpec>& specs);

  const std::vector<ParamSpec>& specs() const { return specs_; }
  const std::vector<Prior>& priors() const { return priors_; }
  size_t size() const { return specs_.size(); }
  // The fixed value (or the prior's mode) of a parameter by name.
  double Central(const std::string& name) const;
  size_t IndexOf(const std::string& name) const;

  // One replicate's values. Parameter i draws from its own substream
  // (substream_base + i) so adding a prior elsewhere never shifts these draws.
  std::vector<double> Draw(uint64_t seed, uint32_t replicate, uint32_t substream_base) const;
  bool AnyUncertain() const;

  // {"name": {"value": ..., "source": ...} | {"triangular": [...], ...}}
  Json ToJson() const;

 private:
  std::vector<ParamSpec> specs_;
  std::vector<Prior> priors_;
};

// Parses one parameter value against its spec.
Prior ReadPrior(const ParamSpec& spec, const ConfigNode& node);

// Doc lines for `geostrat list`: "name = default unit [lo, hi]  doc (source)".
std::vector<std::string> DescribeParams(const std::vector<ParamSpec>& specs);

}  // namespace geostrat
