#include "engine/core/param.h"

#include <cmath>
#include <sstream>

#include "engine/core/error.h"

namespace geostrat {
namespace {

double TriangularInverse(double u, double lo, double mode, double hi) {
  if (hi <= lo) return lo;
  const double split = (mode - lo) / (hi - lo);
  if (u < split) return lo + std::sqrt(u * (hi - lo) * (mode - lo));
  return hi - std::sqrt((1.0 - u) * (hi - lo) * (hi - mode));
}

std::string RangeText(const ParamSpec& spec) {
  // Appended piecewise: GCC 12 warns falsely (-Wrestrict) on "[" + string.
  std::string out("[");
  out += FormatNumber(spec.lo);
  out += ", ";
  out += FormatNumber(spec.hi);
  out += "]";
  return out;
}

}  // namespace

double Prior::Draw(Rng& rng) const {
  switch (kind) {
    case PriorKind::kFixed: return a;
    case PriorKind::kTriangular: return TriangularInverse(rng.Uniform(), a, b, c);
    case PriorKind::kLogTriangular:
      return std::exp(TriangularInverse(rng.Uniform(), std::log(a), std::log(b), std::log(c)));
    case PriorKind::kUniform: return a + (c - a) * rng.Uniform();
  }
  throw InternalError("unknown prior kind");
}

Json Prior::ToJson() const {
  Json out = Json::object();
  switch (kind) {
    case PriorKind::kFixed: out["value"] = a; break;
    case PriorKind::kTriangular: out["triangular"] = {a, b, c}; break;
    case PriorKind::kLogTriangular: out["log_triangular"] = {a, b, c}; break;
    case PriorKind::kUniform: out["uniform"] = {a, c}; break;
  }
  if (!source.empty()) out["source"] = source;
  return out;
}

Prior ReadPrior(const ParamSpec& spec, const ConfigNode& node) {
  const std::string what = spec.integer ? "an integer" : "a number";
  auto read_value = [&](const ConfigNode& n) {
    return spec.integer ? static_cast<double>(n.Integer(static_cast<long>(spec.lo),
                                                        static_cast<long>(spec.hi)))
                        : n.Number(spec.lo, spec.hi);
  };
  Prior prior;
  prior.source = spec.source;
  if (node.IsNumber()) {
    prior.a = read_value(node);
    return prior;
  }
  if (!node.IsObject()) {
    node.Fail(what + " in " + RangeText(spec) +
              " or an object with \"value\", \"triangular\", \"log_triangular\" or \"uniform\"");
  }
  node.AllowOnlyKeys({"value", "triangular", "log_triangular", "uniform", "source", "note"});
  if (auto s = node.Find("source")) prior.source = s->String();
  if (auto n = node.Find("note")) n->String();
  int forms = 0;
  for (const char* k : {"value", "triangular", "log_triangular", "uniform"}) forms += node.Has(k);
  if (forms != 1) {
    node.Fail("exactly one of \"value\", \"triangular\", \"log_triangular\", \"uniform\"");
  }
  if (auto v = node.Find("value")) {
    prior.a = read_value(*v);
    return prior;
  }
  if (spec.integer) node.Fail("a fixed \"value\" (integer parameters take no prior)");
  const bool uniform = node.Has("uniform");
  const std::string key = uniform ? "uniform" : node.Has("triangular") ? "triangular"
                                                                        : "log_triangular";
  ConfigNode arr = node.At(key);
  const size_t want = uniform ? 2 : 3;
  if (!arr.IsArray() || arr.Size() != want) {
    arr.Fail(uniform ? "[low, high]" : "[min, mode, max]");
  }
  std::vector<double> v;
  for (size_t i = 0; i < want; ++i) v.push_back(arr.Element(i).Number(spec.lo, spec.hi));
  if (uniform) {
    if (!(v[0] <= v[1])) arr.Fail("[low, high] with low <= high");
    prior.kind = PriorKind::kUniform;
    prior.a = v[0];
    prior.b = 0.5 * (v[0] + v[1]);
    prior.c = v[1];
    return prior;
  }
  if (!(v[0] <= v[1] && v[1] <= v[2])) arr.Fail("[min, mode, max] with min <= mode <= max");
  if (key == "log_triangular") {
    if (v[0] <= 0) arr.Fail("[min, mode, max] with min > 0 (it is drawn in log space)");
    prior.kind = PriorKind::kLogTriangular;
  } else {
    prior.kind = PriorKind::kTriangular;
  }
  prior.a = v[0];
  prior.b = v[1];
  prior.c = v[2];
  return prior;
}

ParamSet ParamSet::Defaults(const std::vector<ParamSpec>& specs) {
  ParamSet set;
  set.specs_ = specs;
  for (const auto& s : specs) set.priors_.push_back(Prior{PriorKind::kFixed, s.default_value,
                                                          s.default_value, s.default_value,
                                                          s.source});
  return set;
}

ParamSet ParamSet::Read(const std::vector<ParamSpec>& specs, const ConfigNode* node) {
  ParamSet set = Defaults(specs);
  if (node == nullptr) return set;
  std::vector<std::string> names;
  for (const auto& s : specs) names.push_back(s.name);
  node->ExpectObject();
  ConfigErrorCollector errors;  // each parameter is read on its own
  errors.Try([&] { node->AllowOnlyKeys(names); });
  for (size_t i = 0; i < specs.size(); ++i) {
    if (auto child = node->Find(specs[i].name)) {
      errors.Try([&] { set.priors_[i] = ReadPrior(specs[i], *child); });
    }
  }
  errors.ThrowIfAny();
  return set;
}

size_t ParamSet::IndexOf(const std::string& name) const {
  for (size_t i = 0; i < specs_.size(); ++i) {
    if (specs_[i].name == name) return i;
  }
  throw InternalError("no parameter named " + name);
}

double ParamSet::Central(const std::string& name) const {
  const Prior& p = priors_[IndexOf(name)];
  return p.IsFixed() ? p.a : p.b;
}

bool ParamSet::AnyUncertain() const {
  for (const auto& p : priors_) {
    if (!p.IsFixed()) return true;
  }
  return false;
}

std::vector<double> ParamSet::Draw(uint64_t seed, uint32_t replicate,
                                   uint32_t substream_base) const {
  std::vector<double> values(priors_.size());
  for (size_t i = 0; i < priors_.size(); ++i) {
    if (priors_[i].IsFixed()) {
      values[i] = priors_[i].a;
      continue;
    }
    Rng rng(seed, replicate, Rng::kChanceStream,
            Rng::kParameterSubstream + substream_base + static_cast<uint32_t>(i));
    values[i] = priors_[i].Draw(rng);
  }
  return values;
}

Json ParamSet::ToJson() const {
  Json out = Json::object();
  for (size_t i = 0; i < specs_.size(); ++i) out[specs_[i].name] = priors_[i].ToJson();
  return out;
}

std::vector<std::string> DescribeParams(const std::vector<ParamSpec>& specs) {
  std::vector<std::string> lines;
  for (const auto& s : specs) {
    std::ostringstream line;
    line << s.name << " = " << s.default_value;
    if (!s.unit.empty()) line << " " << s.unit;
    line << "  in " << RangeText(s) << "  " << s.doc;
    if (!s.source.empty()) line << " (source: " << s.source << ")";
    lines.push_back(line.str());
  }
  return lines;
}

}  // namespace geostrat
