#include "engine/analysis/compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "engine/core/error.h"
#include "engine/core/format.h"
#include "engine/core/result_files.h"
#include "games/classifier.h"

namespace geostrat {
namespace fs = std::filesystem;
namespace {

constexpr double kZ = 1.959963984540054;  // the 97.5% normal quantile

// One run folder as read for pairing.
struct Run {
  std::string dir, experiment;
  uint64_t seed = 0, replicates = 0;
  Json config;
  std::string rerun;
  Csv outcomes;
};

Run ReadRun(const fs::path& dir) {
  if (!fs::is_directory(dir)) {
    throw ConfigError(dir.string(), "/", "a run folder of geostrat run",
                      fs::exists(dir) ? "a file" : "nothing (no such folder)");
  }
  const fs::path manifest = dir / "manifest.json";
  if (!fs::exists(manifest) || !fs::exists(dir / "outcomes.csv")) {
    throw ConfigError(dir.string(), "/", "a run folder of geostrat run (manifest.json and outcomes.csv)",
                      "a folder without them",
                      "compare reads the folders that geostrat run writes; sweeps, tournaments "
                      "and meta-games have their own reports");
  }
  const Doc doc(manifest);
  Run run;
  run.dir = dir.string();
  run.config = doc.At("/config");
  run.experiment = doc.Str("/config/name");
  run.seed = static_cast<uint64_t>(doc.Num("/seed"));
  run.replicates = static_cast<uint64_t>(doc.Num("/replicates"));
  run.rerun = doc.Str("/rerun");
  run.outcomes = Csv(dir / "outcomes.csv");
  return run;
}

// Half the width of a 95% interval on the difference of two proportions
// estimated from independent samples of n each.
double UnpairedHalfWidth(double pa, double pb, double n) {
  return kZ * std::sqrt((pa * (1 - pa) + pb * (1 - pb)) / n);
}

// What pairing would buy, for the message refusing two folders: the widest
// unpaired interval on a class difference.
std::string UnpairedCost(const Run& a, const Run& b) {
  const int ca = a.outcomes.Column("outcome"), cb = b.outcomes.Column("outcome");
  double widest = 0;
  std::string widest_class;
  for (const std::string& name : OutcomeClassNames()) {
    auto share = [&](const Run& r, int column) {
      double k = 0;
      for (const auto& row : r.outcomes.rows()) k += row[column] == name;
      return r.outcomes.rows().empty() ? 0.0 : k / static_cast<double>(r.outcomes.rows().size());
    };
    const double pa = share(a, ca), pb = share(b, cb);
    const double w = kZ * std::sqrt(pa * (1 - pa) / std::max<double>(1, a.outcomes.rows().size()) +
                                    pb * (1 - pb) / std::max<double>(1, b.outcomes.rows().size()));
    if (w > widest) {
      widest = w;
      widest_class = name;
    }
  }
  char buf[160];
  std::snprintf(buf, sizeof buf,
                "unpaired, the 95%% interval on a difference in P(%s) would be +/- %.4f",
                widest_class.c_str(), widest);
  return buf;
}

void CheckPairable(const Run& a, const Run& b) {
  const std::string rerun = "rerun one with the other's seed and replicates (" + a.rerun +
                            " gives A's) so that replicate r of each shares its random numbers; ";
  if (a.seed != b.seed) {
    throw ConfigError(b.dir + "/manifest.json", "/seed",
                      "the seed of " + a.dir + " (" + std::to_string(a.seed) + ") to pair replicates",
                      std::to_string(b.seed), rerun + UnpairedCost(a, b));
  }
  if (a.replicates != b.replicates || a.outcomes.rows().size() != b.outcomes.rows().size()) {
    throw ConfigError(b.dir + "/manifest.json", "/replicates",
                      "the replicate count of " + a.dir + " (" + std::to_string(a.replicates) +
                          ") to pair replicates",
                      std::to_string(b.replicates), rerun + UnpairedCost(a, b));
  }
  const int ra = a.outcomes.Column("replicate"), rb = b.outcomes.Column("replicate");
  const int sa = a.outcomes.Column("seed"), sb = b.outcomes.Column("seed");
  for (size_t i = 0; i < a.outcomes.rows().size(); ++i) {
    const auto& x = a.outcomes.rows()[i];
    const auto& y = b.outcomes.rows()[i];
    if (x[ra] != y[rb] || x[sa] != y[sb]) {
      throw ConfigError(b.dir + "/outcomes.csv", "row " + std::to_string(i + 2),
                        "replicate " + x[ra] + " of seed " + x[sa] + " as in " + a.dir,
                        "replicate " + y[rb] + " of seed " + y[sb], rerun + UnpairedCost(a, b));
    }
  }
}

ClassDifference CompareClass(const std::string& name, const Run& a, const Run& b) {
  const int ca = a.outcomes.Column("outcome"), cb = b.outcomes.Column("outcome");
  const size_t n = a.outcomes.rows().size();
  uint64_t in_a = 0, in_b = 0;
  ClassDifference d;
  d.name = name;
  for (size_t i = 0; i < n; ++i) {
    const bool x = a.outcomes.rows()[i][ca] == name, y = b.outcomes.rows()[i][cb] == name;
    in_a += x;
    in_b += y;
    d.only_a += x && !y;
    d.only_b += y && !x;
  }
  const double nn = static_cast<double>(n);
  d.p_a = static_cast<double>(in_a) / nn;
  d.p_b = static_cast<double>(in_b) / nn;
  d.diff = d.p_b - d.p_a;
  // Paired proportions: only the discordant pairs carry the difference.
  const double bc = static_cast<double>(d.only_a + d.only_b);
  const double var = (bc / nn - d.diff * d.diff) / nn;
  const double half = kZ * std::sqrt(std::max(0.0, var));
  d.ci_low = d.diff - half;
  d.ci_high = d.diff + half;
  d.mcnemar_p = McNemarExact(d.only_a, d.only_b);
  d.unpaired_half_width = UnpairedHalfWidth(d.p_a, d.p_b, nn);
  return d;
}

MeanDifference CompareColumn(const std::string& name, const Run& a, const Run& b) {
  const int ca = a.outcomes.Column(name), cb = b.outcomes.Column(name);
  MeanDifference d;
  d.name = name;
  double sa = 0, sb = 0, sd = 0, qa = 0, qb = 0, qd = 0;
  for (size_t i = 0; i < a.outcomes.rows().size(); ++i) {
    const double x = a.outcomes.Num(i, ca), y = b.outcomes.Num(i, cb);
    if (std::isnan(x) || std::isnan(y)) continue;  // empty cells (never met)
    ++d.pairs;
    sa += x;
    sb += y;
    sd += y - x;
    qa += x * x;
    qb += y * y;
    qd += (y - x) * (y - x);
  }
  if (d.pairs == 0) return d;
  const double n = static_cast<double>(d.pairs);
  d.mean_a = sa / n;
  d.mean_b = sb / n;
  d.diff = sd / n;
  auto variance = [n](double s, double q) {
    return n > 1 ? std::max(0.0, (q - s * s / n) / (n - 1)) : 0.0;
  };
  d.sd = std::sqrt(variance(sd, qd));
  const double half = kZ * d.sd / std::sqrt(n);
  d.ci_low = d.diff - half;
  d.ci_high = d.diff + half;
  d.unpaired_half_width = kZ * std::sqrt((variance(sa, qa) + variance(sb, qb)) / n);
  return d;
}

std::string EscapePointerToken(const std::string& key) {
  std::string out;
  for (char ch : key) {
    if (ch == '~') {
      out += "~0";
    } else if (ch == '/') {
      out += "~1";
    } else {
      out += ch;
    }
  }
  return out;
}

void Diff(const Json& a, const Json& b, const std::string& at, std::vector<ConfigChange>& out) {
  if (a == b) return;
  if (a.is_object() && b.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      const std::string p = at + "/" + EscapePointerToken(it.key());
      if (b.contains(it.key())) {
        Diff(it.value(), b.at(it.key()), p, out);
      } else {
        out.push_back({p, it.value(), Json(nullptr)});
      }
    }
    for (auto it = b.begin(); it != b.end(); ++it) {
      if (!a.contains(it.key())) {
        out.push_back({at + "/" + EscapePointerToken(it.key()), Json(nullptr), it.value()});
      }
    }
    return;
  }
  if (a.is_array() && b.is_array() && a.size() == b.size()) {
    for (size_t i = 0; i < a.size(); ++i) Diff(a[i], b[i], at + "/" + std::to_string(i), out);
    return;
  }
  out.push_back({at, a, b});
}

std::string Signed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%+.*f", digits, v);
  return buf;
}

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

double McNemarExact(uint64_t b, uint64_t c) {
  const uint64_t n = b + c;
  if (n == 0) return 1.0;
  const uint64_t k = std::min(b, c);
  // 2 P(X <= k) for X ~ Binomial(n, 1/2), summed in logs (n may be large).
  const double ln_half_n = static_cast<double>(n) * std::log(0.5);
  const double lg_n1 = std::lgamma(static_cast<double>(n) + 1);
  double sum = 0;
  for (uint64_t i = 0; i <= k; ++i) {
    const double x = static_cast<double>(i);
    sum += std::exp(lg_n1 - std::lgamma(x + 1) - std::lgamma(static_cast<double>(n) - x + 1) +
                    ln_half_n);
  }
  return std::min(1.0, 2 * sum);
}

std::vector<ConfigChange> JsonDifferences(const Json& a, const Json& b) {
  std::vector<ConfigChange> out;
  Diff(a, b, "", out);
  return out;
}

Comparison CompareRuns(const fs::path& dir_a, const fs::path& dir_b) {
  const Run a = ReadRun(dir_a), b = ReadRun(dir_b);
  CheckPairable(a, b);
  Comparison c;
  c.run_a = a.dir;
  c.run_b = b.dir;
  c.experiment_a = a.experiment;
  c.experiment_b = b.experiment;
  c.seed = a.seed;
  c.replicates = a.outcomes.rows().size();
  for (const std::string& name : OutcomeClassNames()) c.classes.push_back(CompareClass(name, a, b));
  // Every end indicator and utility both runs have, in A's column order.
  for (const std::string& column : a.outcomes.header()) {
    const bool wanted = column.rfind("end_", 0) == 0 || column.rfind("utility_", 0) == 0;
    const auto& hb = b.outcomes.header();
    if (wanted && std::find(hb.begin(), hb.end(), column) != hb.end()) {
      c.columns.push_back(CompareColumn(column, a, b));
    }
  }
  c.changes = JsonDifferences(a.config, b.config);
  return c;
}

Json ComparisonJson(const Comparison& c) {
  Json classes = Json::object();
  for (const auto& d : c.classes) {
    classes[d.name] = {{"p_a", d.p_a},
                       {"p_b", d.p_b},
                       {"difference", d.diff},
                       {"ci_low", d.ci_low},
                       {"ci_high", d.ci_high},
                       {"only_a", d.only_a},
                       {"only_b", d.only_b},
                       {"mcnemar_p", d.mcnemar_p},
                       {"unpaired_half_width", d.unpaired_half_width}};
  }
  Json columns = Json::object();
  for (const auto& d : c.columns) {
    columns[d.name] = {{"pairs", d.pairs},
                       {"mean_a", d.mean_a},
                       {"mean_b", d.mean_b},
                       {"difference", d.diff},
                       {"sd_of_differences", d.sd},
                       {"ci_low", d.ci_low},
                       {"ci_high", d.ci_high},
                       {"unpaired_half_width", d.unpaired_half_width}};
  }
  Json changes = Json::array();
  for (const auto& ch : c.changes) changes.push_back({{"pointer", ch.pointer}, {"a", ch.a}, {"b", ch.b}});
  return {{"run_a", c.run_a},
          {"run_b", c.run_b},
          {"experiment_a", c.experiment_a},
          {"experiment_b", c.experiment_b},
          {"seed", c.seed},
          {"replicates", c.replicates},
          {"method",
           "paired by replicate (same seed: common random numbers). Classes: difference "
           "P_B - P_A with a 95% Wald interval on the discordant pairs and the exact "
           "two-sided McNemar test; columns: the mean of the per-replicate differences B - A "
           "with a 95% normal interval. unpaired_half_width is the interval two independent "
           "runs of the same size would give."},
          {"classes", classes},
          {"columns", columns},
          {"config_changes", changes}};
}

std::string ComparisonText(const Comparison& c) {
  std::ostringstream out;
  out << "A: " << c.experiment_a << " (" << c.run_a << ")\n"
      << "B: " << c.experiment_b << " (" << c.run_b << ")\n"
      << c.replicates << " paired replicates, seed " << c.seed << "\n\n";
  out << "config changes (A -> B):\n";
  if (c.changes.empty()) out << "  none\n";
  // Long values (descriptions) are cut here; compare.json keeps them whole.
  auto shown = [](const Json& v) {
    if (v.is_null()) return std::string("(absent)");
    std::string text = v.dump();
    if (text.size() > 72) text = text.substr(0, 69) + "...";
    return text;
  };
  for (const auto& ch : c.changes) {
    out << "  " << ch.pointer << ": " << shown(ch.a) << " -> " << shown(ch.b) << "\n";
  }
  char line[256];
  std::snprintf(line, sizeof line, "\n%-24s %7s %7s %9s %21s %7s %9s\n", "outcome", "p A", "p B",
                "B - A", "95% CI (paired)", "McNemar", "unpaired");
  out << line;
  for (const auto& d : c.classes) {
    std::snprintf(line, sizeof line, "%-24s %7s %7s %9s [%8s, %8s] %7s %9s\n", d.name.c_str(),
                  Fixed(d.p_a, 4).c_str(), Fixed(d.p_b, 4).c_str(), Signed(d.diff, 4).c_str(),
                  Signed(d.ci_low, 4).c_str(), Signed(d.ci_high, 4).c_str(),
                  d.mcnemar_p < 0.001 ? "<0.001" : Fixed(d.mcnemar_p, 3).c_str(),
                  ("+/-" + Fixed(d.unpaired_half_width, 4)).c_str());
    out << line;
  }
  std::snprintf(line, sizeof line, "\n%-28s %11s %11s %11s %25s %12s\n", "mean", "A", "B",
                "B - A", "95% CI (paired)", "unpaired");
  out << line;
  for (const auto& d : c.columns) {
    std::snprintf(line, sizeof line, "%-28s %11s %11s %11s [%11s, %11s] %12s\n", d.name.c_str(),
                  FormatValue(d.mean_a).c_str(), FormatValue(d.mean_b).c_str(),
                  FormatValue(d.diff).c_str(), FormatValue(d.ci_low).c_str(),
                  FormatValue(d.ci_high).c_str(),
                  ("+/-" + FormatValue(d.unpaired_half_width)).c_str());
    out << line;
  }
  return out.str();
}

}  // namespace geostrat
