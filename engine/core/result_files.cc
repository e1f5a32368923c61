#include "engine/core/result_files.h"

#include <fstream>
#include <limits>
#include <sstream>

#include "engine/core/error.h"
#include "engine/core/names.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("report: cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Doc::Doc(const fs::path& path) : file_(path.string()), name_(path.filename().string()) {
  try {
    json_ = Json::parse(Slurp(path));
  } catch (const Json::parse_error& e) {
    throw ConfigError(file_, "/", "valid JSON", std::string("a parse error (") + e.what() + ")");
  }
}

bool Doc::Has(const std::string& pointer) const {
  return pointer.empty() || json_.contains(Json::json_pointer(pointer));
}

const Json& Doc::At(const std::string& pointer) const {
  if (pointer.empty()) return json_;
  const Json::json_pointer p(pointer);
  if (!json_.contains(p)) throw ConfigError(file_, pointer, "a value", "nothing");
  return json_.at(p);
}

double Doc::Num(const std::string& pointer) const {
  const Json& v = At(pointer);
  if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (!v.is_number()) throw ConfigError(file_, pointer, "a number", DescribeJson(v));
  return v.get<double>();
}

std::string Doc::Str(const std::string& pointer, const std::string& fallback) const {
  if (!Has(pointer)) return fallback;
  const Json& v = At(pointer);
  if (v.is_string()) return v.get<std::string>();
  return v.is_null() ? fallback : v.dump();
}

const Json& Doc::Object(const std::string& pointer) const {
  const Json& v = At(pointer);
  if (!v.is_object()) throw ConfigError(file_, pointer, "an object", DescribeJson(v));
  return v;
}

const Json& Doc::Array(const std::string& pointer) const {
  const Json& v = At(pointer);
  if (!v.is_array()) throw ConfigError(file_, pointer, "an array", DescribeJson(v));
  return v;
}

Csv::Csv(const fs::path& path) : file_(path.string()) {
  std::istringstream in(Slurp(path));
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream row(line);
    while (std::getline(row, cell, ',')) cells.push_back(cell);
    if (line.back() == ',') cells.emplace_back();  // getline drops a last empty cell
    if (first) {
      header_ = std::move(cells);
      first = false;
    } else {
      if (cells.size() != header_.size()) {
        throw ConfigError(file_, "row " + std::to_string(rows_.size() + 2),
                          std::to_string(header_.size()) + " comma-separated cells",
                          std::to_string(cells.size()));
      }
      rows_.push_back(std::move(cells));
    }
  }
  if (first) throw ConfigError(file_, "row 1", "a header row", "an empty file");
}

int Csv::Column(const std::string& name) const {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return static_cast<int>(i);
  }
  throw ConfigError(file_, "column " + name, "a column named '" + name + "'", "none",
                    "columns: " + JoinNearestFirst(name, header_));
}

double Csv::Num(size_t row, int column) const {
  const std::string& cell = rows_[row][column];
  if (cell.empty()) return std::numeric_limits<double>::quiet_NaN();
  try {
    size_t used = 0;
    const double v = std::stod(cell, &used);
    if (used == cell.size()) return v;
  } catch (const std::exception&) {
  }
  throw ConfigError(file_, "row " + std::to_string(row + 2) + ", column " + header_[column],
                    "a number", "'" + cell + "'");
}

}  // namespace geostrat
