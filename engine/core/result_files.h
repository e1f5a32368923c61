// Reading back the files a run, sweep or tournament wrote (summary.json,
// points.csv...), for the reports and for `geostrat compare`. Every failure
// names the file and where in it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/config_node.h"

namespace geostrat {

// A JSON file with typed access by JSON pointer; a missing or mistyped value
// is a ConfigError naming the file and the pointer.
class Doc {
 public:
  explicit Doc(const std::filesystem::path& path);
  const std::string& name() const { return name_; }  // the file name, for data-key
  const Json& root() const { return json_; }
  bool Has(const std::string& pointer) const;
  const Json& At(const std::string& pointer) const;
  double Num(const std::string& pointer) const;  // null reads as NaN
  // A string value (other values as JSON text); `fallback` when absent or null.
  std::string Str(const std::string& pointer, const std::string& fallback = "") const;
  const Json& Object(const std::string& pointer) const;
  const Json& Array(const std::string& pointer) const;
  // The data-key attribute of a number taken from this file.
  std::string Key(const std::string& pointer) const { return name_ + "#" + pointer; }

 private:
  std::string file_, name_;
  Json json_;
};

// A comma-separated file with a header row (the project's CSVs never quote).
class Csv {
 public:
  Csv() = default;  // no file: no columns, no rows
  explicit Csv(const std::filesystem::path& path);
  const std::vector<std::string>& header() const { return header_; }
  const std::vector<std::vector<std::string>>& rows() const { return rows_; }
  // The index of a column; a ConfigError listing the columns if there is none.
  int Column(const std::string& name) const;
  double Num(size_t row, int column) const;  // an empty cell reads as NaN

 private:
  std::string file_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace geostrat
