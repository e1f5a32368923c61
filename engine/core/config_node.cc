#include "engine/core/config_node.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "engine/core/error.h"

namespace geostrat {

void SourceMap::Record(const std::string& pointer, const std::string& file) {
  // The pointers below `pointer` are exactly the keys starting with
  // pointer + "/", contiguous in the map's order.
  const std::string below = pointer + "/";
  auto it = files_.lower_bound(below);
  while (it != files_.end() && it->first.compare(0, below.size(), below) == 0) {
    it = files_.erase(it);
  }
  files_[pointer] = file;
}

std::string SourceMap::FileOf(const std::string& pointer) const {
  std::string p = pointer;
  while (true) {
    auto it = files_.find(p);
    if (it != files_.end()) return it->second;
    if (p.empty()) return "";
    p = p.substr(0, p.rfind('/'));
  }
}

std::string PointerToken(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string FormatNumber(double v) {
  char buf[40];
  // Whole numbers print in full (seeds reach 2^53); others with 6 digits.
  if (std::fabs(v) < 1e17 && v == std::floor(v)) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.6g", v);
  }
  return buf;
}

std::string DescribeJson(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return value.get<bool>() ? "true" : "false";
    case Json::value_t::string: {
      std::string s = value.get<std::string>();
      if (s.size() > 60) {
        // Cut at a character boundary, not inside a UTF-8 sequence.
        size_t cut = 57;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xc0) == 0x80) --cut;
        s = s.substr(0, cut) + "...";
      }
      return "the string \"" + s + "\"";
    }
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "the number " + value.dump();
    case Json::value_t::array: return "an array of " + std::to_string(value.size()) + " element(s)";
    case Json::value_t::object: {
      // The first keys only: an object of a million keys makes no message.
      constexpr size_t kShown = 12;
      std::string keys;
      size_t n = 0;
      for (auto it = value.begin(); it != value.end() && n < kShown; ++it, ++n) {
        if (!keys.empty()) keys += ", ";
        keys += it.key();
      }
      if (value.size() > kShown) keys += ", ... (" + std::to_string(value.size()) + " keys)";
      return value.empty() ? "an empty object" : "an object with keys " + keys;
    }
    default: return "an unsupported JSON value";
  }
}

ConfigNode::ConfigNode(const Json& value, std::string pointer,
                       std::shared_ptr<const SourceMap> sources)
    : value_(&value), pointer_(std::move(pointer)), sources_(std::move(sources)) {}

ConfigNode ConfigNode::Root(const Json& value, const std::string& file) {
  auto owned = std::make_shared<const Json>(value);
  auto sources = std::make_shared<SourceMap>();
  sources->Record("", file);
  ConfigNode node(*owned, "", sources);
  node.owned_ = owned;
  return node;
}

void ConfigNode::Fail(const std::string& expected) const {
  Fail(expected, DescribeJson(*value_));
}

void ConfigNode::Fail(const std::string& expected, const std::string& found) const {
  throw ConfigError(file(), pointer_, expected, found);
}

void ConfigNode::ExpectObject() const {
  if (!value_->is_object()) Fail("an object");
}

void ConfigNode::ExpectArray() const {
  if (!value_->is_array()) Fail("an array");
}

void ConfigNode::AllowOnlyKeys(const std::vector<std::string>& allowed) const {
  ExpectObject();
  ConfigErrorCollector errors;  // every unknown key at once
  for (auto it = value_->begin(); it != value_->end(); ++it) {
    bool known = false;
    for (const auto& a : allowed) known = known || a == it.key();
    if (!known) {
      // Name the file that wrote the key (a child config may add it to an
      // object its parent wrote).
      const std::string at = pointer_ + "/" + PointerToken(it.key());
      errors.Try([&] {
        throw UnknownNameError(sources_ ? sources_->FileOf(at) : file(), at, "key", it.key(),
                               allowed);
      });
    }
  }
  errors.ThrowIfAny();
}

bool ConfigNode::Has(const std::string& key) const {
  return value_->is_object() && value_->contains(key);
}

ConfigNode ConfigNode::At(const std::string& key) const {
  ExpectObject();
  auto it = value_->find(key);
  if (it == value_->end()) {
    throw ConfigError(file(), pointer_, "a member \"" + key + "\"",
                      DescribeJson(*value_) + " without it");
  }
  ConfigNode child(*it, pointer_ + "/" + PointerToken(key), sources_);
  child.owned_ = owned_;
  return child;
}

std::optional<ConfigNode> ConfigNode::Find(const std::string& key) const {
  if (!Has(key)) return std::nullopt;
  return At(key);
}

ConfigNode ConfigNode::Element(size_t index) const {
  ExpectArray();
  if (index >= value_->size()) throw InternalError("ConfigNode::Element out of range");
  ConfigNode child((*value_)[index], pointer_ + "/" + std::to_string(index), sources_);
  child.owned_ = owned_;
  return child;
}

size_t ConfigNode::Size() const { return value_->size(); }

std::vector<std::string> ConfigNode::Keys() const {
  ExpectObject();
  std::vector<std::string> keys;
  for (auto it = value_->begin(); it != value_->end(); ++it) keys.push_back(it.key());
  return keys;
}

namespace {
std::string Range(double lo, double hi) {
  // Appended piecewise: GCC 12 warns falsely (-Wrestrict) on "[" + string.
  std::string out("[");
  out += FormatNumber(lo);
  out += ", ";
  out += FormatNumber(hi);
  out += "]";
  return out;
}
}  // namespace

double ConfigNode::Number(double lo, double hi) const {
  if (!value_->is_number()) Fail("a number in " + Range(lo, hi));
  const double v = value_->get<double>();
  if (!std::isfinite(v) || v < lo || v > hi) Fail("a number in " + Range(lo, hi));
  return v;
}

long ConfigNode::Integer(long lo, long hi) const {
  const std::string expected =
      "an integer in " + Range(static_cast<double>(lo), static_cast<double>(hi));
  // Every check is made in the type the JSON holds, before any narrowing.
  long v = 0;
  if (value_->is_number_unsigned()) {
    const auto u = value_->get<Json::number_unsigned_t>();
    if (hi < 0 || u > static_cast<unsigned long>(hi)) Fail(expected);
    v = static_cast<long>(u);
  } else if (value_->is_number_integer()) {
    v = value_->get<Json::number_integer_t>();
  } else if (value_->is_number_float()) {
    // 2.0 is an integer; 2^63 and beyond do not fit a long.
    const double d = value_->get<double>();
    if (!std::isfinite(d) || std::floor(d) != d || d < -9.2e18 || d > 9.2e18) Fail(expected);
    v = static_cast<long>(d);
  } else {
    Fail(expected);
  }
  if (v < lo || v > hi) Fail(expected);
  return v;
}

std::string ConfigNode::String() const {
  if (!value_->is_string()) Fail("a string");
  return value_->get<std::string>();
}

bool ConfigNode::Bool() const {
  if (!value_->is_boolean()) Fail("true or false");
  return value_->get<bool>();
}

std::string ConfigNode::Name(const std::string& kind, const std::vector<std::string>& valid) const {
  if (!value_->is_string()) Fail("a " + kind + " name (a string)");
  const std::string name = value_->get<std::string>();
  for (const auto& v : valid) {
    if (v == name) return name;
  }
  throw UnknownNameError(file(), pointer_, kind, name, valid);
}

}  // namespace geostrat
