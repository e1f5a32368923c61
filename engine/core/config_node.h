// Strict, typed reading of JSON configuration. Every read knows its JSON pointer
// and the file that supplied it, so any error names both, says what was expected
// and shows what was found.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace geostrat {

using Json = nlohmann::json;

// Which file supplied each JSON pointer of a merged configuration ("extends"
// chains merge several files). Lookups walk up to the nearest recorded prefix.
class SourceMap {
 public:
  // `file` supplied the value at `pointer` and everything below it: what was
  // recorded below it before is forgotten. One entry per merged subtree keeps
  // recording linear in the size of the config.
  void Record(const std::string& pointer, const std::string& file);
  std::string FileOf(const std::string& pointer) const;

 private:
  std::map<std::string, std::string> files_;
};

// Escapes a key for use in a JSON pointer (RFC 6901).
std::string PointerToken(const std::string& key);

// A number for messages: whole numbers in full, others with 6 significant digits.
std::string FormatNumber(double v);

// A short description of a JSON value for error messages: `the string "abc"`,
// `the number 3`, `an object with keys a, b`...
std::string DescribeJson(const Json& value);

class ConfigNode {
 public:
  ConfigNode(const Json& value, std::string pointer, std::shared_ptr<const SourceMap> sources);
  // A node over a standalone document from `file` (no extends chain).
  static ConfigNode Root(const Json& value, const std::string& file);

  const Json& json() const { return *value_; }
  const std::string& pointer() const { return pointer_; }
  std::string file() const { return sources_ ? sources_->FileOf(pointer_) : std::string(); }

  bool IsObject() const { return value_->is_object(); }
  bool IsArray() const { return value_->is_array(); }
  bool IsNumber() const { return value_->is_number(); }
  bool IsString() const { return value_->is_string(); }

  void ExpectObject() const;
  void ExpectArray() const;
  // Fails on any member not in `allowed`, naming the valid keys nearest first.
  void AllowOnlyKeys(const std::vector<std::string>& allowed) const;

  bool Has(const std::string& key) const;
  ConfigNode At(const std::string& key) const;  // a required member
  std::optional<ConfigNode> Find(const std::string& key) const;
  ConfigNode Element(size_t index) const;
  size_t Size() const;
  std::vector<std::string> Keys() const;  // object keys in document (sorted) order

  double Number(double lo, double hi) const;  // a finite number in [lo, hi]
  long Integer(long lo, long hi) const;       // an integral number in [lo, hi]
  std::string String() const;
  bool Bool() const;
  // A string that must be one of `valid`; `kind` names what it is ("policy").
  std::string Name(const std::string& kind, const std::vector<std::string>& valid) const;

  [[noreturn]] void Fail(const std::string& expected) const;
  [[noreturn]] void Fail(const std::string& expected, const std::string& found) const;

 private:
  const Json* value_;
  std::string pointer_;
  std::shared_ptr<const SourceMap> sources_;
  std::shared_ptr<const Json> owned_;  // keeps a Root's value alive
};

}  // namespace geostrat
