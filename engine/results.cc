#include "engine/results.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/core/error.h"
#include "engine/core/names.h"
#include "engine/narrative.h"
#include "engine/snapshot.h"
#include "engine/version.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;

std::string Num(double v) { return CsvNumber(v); }

struct EndField {
  const char* name;
  double Indicators::*field;
};

const std::vector<EndField>& EndFields() {
  static const std::vector<EndField> fields = {
      {"F", &Indicators::f},
      {"X_chip", &Indicators::x_chip},
      {"S_CN", &Indicators::s_cn},
      {"X_min", &Indicators::x_min},
      {"R_US", &Indicators::r_us},
      {"C_CN", &Indicators::c_cn},
      {"P_CN", &Indicators::p_cn},
      {"G_US", &Indicators::g_us},
      {"Gap", &Indicators::gap},
      {"US_compute_share", &Indicators::us_compute_share},
      {"LE_US", &Indicators::le_us},
      {"mineral_self_sufficiency", &Indicators::mineral_self},
      {"mineral_ban", &Indicators::mineral_ban},
      {"buy_ban", &Indicators::buy_ban},
  };
  return fields;
}

Json Describe(std::vector<double> values) {
  const Moments m = MeanSd(values);
  std::sort(values.begin(), values.end());
  return Json{{"mean", m.mean},
              {"sd", m.sd},
              {"q05", QuantileSorted(values, 0.05)},
              {"q25", QuantileSorted(values, 0.25)},
              {"q50", QuantileSorted(values, 0.50)},
              {"q75", QuantileSorted(values, 0.75)},
              {"q95", QuantileSorted(values, 0.95)}};
}

// Streamed straight to the file: no second copy of every row in memory.
void WriteOutcomesCsv(const fs::path& path, const Experiment& e, const RunOutput& run) {
  std::ofstream csv(path, std::ios::binary);
  const auto drawn = UncertainNames(e);
  csv << "replicate,seed,outcome";
  for (const auto& d : drawn) csv << "," << d;
  for (const auto& f : EndFields()) csv << ",end_" << f.name;
  for (const auto& a : e.scenario.agents) csv << ",utility_" << a.id;
  for (int c = 0; c < kNumClasses - 1; ++c) csv << ",first_quarter_" << OutcomeClassNames()[c];
  csv << "\n";
  for (size_t r = 0; r < run.replicates.size(); ++r) {
    const ReplicateOutcome& o = run.replicates[r];
    csv << r << "," << e.seed << "," << OutcomeClassNames()[o.outcome];
    for (double v : o.drawn) csv << "," << Num(v);
    for (const auto& f : EndFields()) csv << "," << Num(o.end.*(f.field));
    for (double u : o.utility) csv << "," << Num(u);
    for (int c = 0; c < kNumClasses - 1; ++c) {
      csv << ",";
      if (o.first_met[c] >= 0) csv << o.first_met[c];
    }
    csv << "\n";
  }
  csv.close();
  if (!csv) throw std::runtime_error("cannot write " + path.string());
}

std::string SeriesCsv(const Experiment& e, const RunOutput& run) {
  std::ostringstream csv;
  csv << "step,quarter,indicator,q05,q25,q50,q75,q95\n";
  const auto& inds = SeriesIndicators();
  for (int t = 0; t < run.steps; ++t) {
    for (size_t k = 0; k < inds.size(); ++k) {
      const Histogram& h = run.series[t * inds.size() + k];
      // Step 0 is the start state, i.e. the end of the quarter before start.
      csv << t << "," << e.scenario.QuarterLabel(t - 1) << "," << inds[k].name;
      for (double q : {0.05, 0.25, 0.5, 0.75, 0.95}) csv << "," << Num(h.Quantile(q));
      csv << "\n";
    }
  }
  return csv.str();
}

std::string UtcStamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

}  // namespace

Json Summarise(const Experiment& e, const RunOutput& run) {
  const uint64_t n = run.replicates.size();
  Json outcomes = Json::object();
  std::vector<uint64_t> counts(kNumClasses, 0);
  for (const auto& r : run.replicates) ++counts[r.outcome];
  for (int c = 0; c < kNumClasses; ++c) {
    const Interval ci = WilsonInterval(counts[c], n);
    outcomes[OutcomeClassNames()[c]] = {{"count", counts[c]},
                                        {"p", n ? static_cast<double>(counts[c]) / n : 0.0},
                                        {"ci_low", ci.low},
                                        {"ci_high", ci.high}};
  }
  Json indicators = Json::object();
  for (const auto& f : EndFields()) {
    std::vector<double> v;
    v.reserve(n);
    for (const auto& r : run.replicates) v.push_back(r.end.*(f.field));
    indicators[f.name] = Describe(std::move(v));
  }
  Json utilities = Json::object();
  for (size_t a = 0; a < e.scenario.agents.size(); ++a) {
    std::vector<double> v;
    v.reserve(n);
    for (const auto& r : run.replicates) v.push_back(r.utility[a]);
    utilities[e.scenario.agents[a].id] = Describe(std::move(v));
  }
  Json first = Json::object();
  for (int c = 0; c < kNumClasses - 1; ++c) {
    uint64_t ever = 0;
    std::vector<double> quarters;
    for (const auto& r : run.replicates) {
      if (r.first_met[c] >= 0) {
        ++ever;
        quarters.push_back(r.first_met[c]);
      }
    }
    Json entry = {{"share_ever_met", n ? static_cast<double>(ever) / n : 0.0}};
    if (!quarters.empty()) {
      std::sort(quarters.begin(), quarters.end());
      entry["median_first_quarter"] = QuantileSorted(quarters, 0.5);
    }
    first[OutcomeClassNames()[c]] = entry;
  }
  return Json{{"experiment", e.name},
              {"config_hash", e.Hash()},
              {"seed", e.seed},
              {"replicates", n},
              {"horizon_quarters", e.scenario.horizon},
              {"outcomes", outcomes},
              {"end_indicators", indicators},
              {"discounted_utility", utilities},
              {"conditions_first_met", first},
              {"notes",
               {{"end_indicators", "trailing 8-quarter means at the horizon (what the classifier "
                                   "reads); moments over replicates, quantiles R type 7"},
                {"outcomes", "p = count / replicates; ci = Wilson 95% score interval"},
                {"discounted_utility", "sum over quarters of discount^q x quarterly utility, "
                                       "$B-equivalents"}}}};
}

std::string OutcomeTable(const Experiment& e, const Json& summary, const RunOutput& run) {
  std::ostringstream out;
  char line[160];
  std::snprintf(line, sizeof line, "%s: %zu replicates, seed %llu, %d thread(s), %.2f s\n",
                e.name.c_str(), run.replicates.size(), static_cast<unsigned long long>(e.seed),
                run.threads, run.wall_seconds);
  out << line;
  std::snprintf(line, sizeof line, "%-24s %8s %6s   %s\n", "outcome", "count", "p", "95% CI (Wilson)");
  out << line;
  for (const auto& name : OutcomeClassNames()) {
    const Json& o = summary["outcomes"][name];
    std::snprintf(line, sizeof line, "%-24s %8llu %6.3f   [%.3f, %.3f]\n", name.c_str(),
                  static_cast<unsigned long long>(o["count"].get<uint64_t>()), o["p"].get<double>(),
                  o["ci_low"].get<double>(), o["ci_high"].get<double>());
    out << line;
  }
  return out.str();
}

std::string UtcStampForFolder() { return UtcStamp(); }

std::string CsvNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

void WriteText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string DefaultRunDir(const std::string& root, const Experiment& e) {
  return (fs::path(root) / e.name / (UtcStamp() + "-" + e.Hash().substr(0, 12))).string();
}

void WriteFolderAtomically(const std::string& dir,
                           const std::function<void(const fs::path&)>& write) {
  const fs::path final_dir(dir);
  if (fs::exists(final_dir)) throw UsageError("output folder " + dir + " already exists");
  const fs::path partial = final_dir.string() + ".partial-" + std::to_string(getpid());
  try {
    fs::create_directories(partial);
    write(partial);
    fs::rename(partial, final_dir);
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(partial, ignored);
    throw;
  }
}

void WriteRunFolder(const std::string& dir, const Experiment& e, const RunOutput& run,
                    const Json& summary, const RunInfo& info,
                    const std::function<void(const fs::path&)>& finish) {
  WriteFolderAtomically(dir, [&](const fs::path& partial) {
    Json manifest = {
        {"config", e.ToJson()},
        {"config_file", info.config_file},
        {"config_hash", e.Hash()},
        {"seed", e.seed},
        {"replicates", e.replicates},
        {"uncertain_parameters", UncertainNames(e)},
        {"program", {{"name", "geostrat"}, {"version", kVersion}, {"git", kGitCommit},
                     {"build_type", kBuildType}}},
        {"rerun", ShellCommand({"geostrat", "run", info.config_file, "--seed",
                                std::to_string(e.seed), "--replicates",
                                std::to_string(e.replicates)})},
        // The only part of the folder that differs between thread counts.
        {"run", {{"command", info.command}, {"threads", run.threads},
                 {"wall_seconds", run.wall_seconds}, {"created_utc", UtcStamp()}}},
    };
    WriteText(partial / "manifest.json", manifest.dump(2) + "\n");
    WriteText(partial / "summary.json", summary.dump(2) + "\n");
    WriteOutcomesCsv(partial / "outcomes.csv", e, run);
    WriteText(partial / "series.csv", SeriesCsv(e, run));
    WriteText(partial / "representative.json", RepresentativeJson(e, run).dump(2) + "\n");
    if (!run.snapshot_quarters.empty()) {
      WriteSnapshots(partial, e, run.snapshot_quarters, run.snapshots);
    }
    if (finish) finish(partial);
  });
}

}  // namespace geostrat
