#include "engine/core/names.h"

#include <algorithm>
#include <numeric>

namespace geostrat {

int EditDistance(const std::string& a, const std::string& b) {
  std::vector<int> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
    }
  }
  return row[b.size()];
}

std::vector<std::string> NearestFirst(const std::string& name, std::vector<std::string> valid) {
  std::stable_sort(valid.begin(), valid.end(), [&](const std::string& x, const std::string& y) {
    return EditDistance(name, x) < EditDistance(name, y);
  });
  return valid;
}

std::string JoinNearestFirst(const std::string& name, const std::vector<std::string>& valid) {
  // The nearest few help; a list of 76 parameters buries them. A short list
  // (up to kWhole) is shown whole: cutting it saves nothing.
  constexpr size_t kShown = 5, kWhole = 8;
  const std::vector<std::string> sorted = NearestFirst(name, valid);
  const size_t shown = sorted.size() <= kWhole ? sorted.size() : kShown;
  std::string out;
  for (size_t i = 0; i < shown; ++i) {
    if (!out.empty()) out += ", ";
    out += sorted[i];
  }
  if (sorted.size() > shown) out += " (and " + std::to_string(sorted.size() - shown) + " more)";
  return out.empty() ? "(none)" : out;
}

std::string ShellQuote(const std::string& word) {
  const bool plain =
      !word.empty() &&
      word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                             "_-./,:=+@%") == std::string::npos;
  if (plain) return word;
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string ShellCommand(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += ShellQuote(w);
  }
  return out;
}

}  // namespace geostrat
