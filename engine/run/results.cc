#include "engine/run/results.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/core/durable_file.h"
#include "engine/core/error.h"
#include "engine/core/names.h"
#include "engine/run/narrative.h"
#include "engine/run/snapshot.h"
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
      {"export_ban", &Indicators::export_ban},
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

}  // namespace

void WriteOutcomesCsv(std::ostream& csv, const Experiment& e, const RunOutput& run) {
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
}

namespace {

// Streamed straight to the file: no second copy of every row in memory.
void WriteOutcomesCsv(const fs::path& path, const Experiment& e, const RunOutput& run) {
  std::ofstream csv(path, std::ios::binary);
  WriteOutcomesCsv(csv, e, run);
  csv.close();
  if (!csv) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

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

namespace {

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

void WriteText(const fs::path& path, const std::string& text) { WriteFileDurably(path, text); }

std::string DefaultRunDir(const std::string& root, const Experiment& e) {
  return (fs::path(root) / e.name / (UtcStamp() + "-" + e.Hash().substr(0, 12))).string();
}

namespace {

// The longest suffix a folder's name gets while it is written:
// ".partial-<pid>" (Linux pids have at most 7 digits); ".inprogress" is shorter.
constexpr size_t kSuffixRoom = 16;
// Room in a path for the longest name written inside a folder
// ("representative.json.partial-<pid>", "checkpoint.bin.partial-<pid>").
constexpr size_t kInnerRoom = 64;
constexpr const char* kPartialMark = ".partial-";
// Inside a partial folder while it is written: who writes it, to tell a
// killed writer from a live one. Removed before the folder is renamed.
constexpr const char* kOwnerFile = ".geostrat-writer";

// The nearest folder at or above `p` that exists ("." for a relative path
// with none).
fs::path NearestExisting(fs::path p) {
  std::error_code ec;
  while (!p.empty() && !fs::exists(p, ec)) p = p.parent_path();
  return p.empty() ? fs::path(".") : p;
}

long PathConf(const fs::path& p, int name, long fallback) {
  errno = 0;
  const long v = ::pathconf(p.c_str(), name);
  return v > 0 ? v : fallback;
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string ReadSmallFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text(4096, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

// Clock ticks after boot at which process `pid` started (field 22 of
// /proc/PID/stat), or "" if it is not running. With the boot id it tells a
// process from a later one that got the same number.
std::string ProcessStart(long pid) {
  const std::string stat = ReadSmallFile("/proc/" + std::to_string(pid) + "/stat");
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return "";
  std::istringstream fields(stat.substr(paren + 2));
  std::string field;
  for (int k = 3; k <= 22 && fields >> field; ++k) {
  }
  return field;
}

std::string HostName() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return host;
}

std::string OwnerRecord(long pid) {
  return "host " + HostName() + "\nboot " + FirstLine(ReadSmallFile("/proc/sys/kernel/random/boot_id")) +
         "\npid " + std::to_string(pid) + "\nstart " + ProcessStart(pid) + "\n";
}

std::string RecordField(const std::string& record, const std::string& key) {
  std::istringstream lines(record);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(key + " ", 0) == 0) return line.substr(key.size() + 1);
  }
  return "";
}

// Why the partial folder `dir` of process `pid` is stale, or "" if its
// writer may still be at work. Only folders whose writer recorded itself on
// this machine are judged by that record: on a folder shared between
// machines a process number means nothing elsewhere. A folder without a
// record is removed only when empty (a writer killed right after creating it).
std::string StaleReason(const fs::path& dir, long pid) {
  const bool alive = ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH;
  const std::string record = ReadSmallFile(dir / kOwnerFile);
  const std::string who = "process " + std::to_string(pid);
  if (record.empty()) {
    std::error_code ec;
    return !alive && fs::is_empty(dir, ec) ? "left empty by " + who + ", which is no longer running" : "";
  }
  if (RecordField(record, "host") != HostName()) return "";
  if (RecordField(record, "boot") != FirstLine(ReadSmallFile("/proc/sys/kernel/random/boot_id"))) {
    return "left by " + who + " before this machine restarted";
  }
  if (!alive) return "left by " + who + ", which is no longer running";
  if (RecordField(record, "start") != ProcessStart(pid)) {
    return "left by an earlier " + who + ", which is no longer running";
  }
  return "";
}

// The process number of a "<name>.partial-<pid>" folder name, or -1.
long PartialPid(const std::string& name) {
  const size_t mark = name.rfind(kPartialMark);
  if (mark == std::string::npos || mark == 0) return -1;
  const std::string digits = name.substr(mark + std::string(kPartialMark).size());
  if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) {
    return -1;
  }
  return std::stol(digits);
}

// rename(2) that never replaces: a folder created at `to` while this one was
// written (an empty folder would be silently replaced) is an error.
void RenameNoReplace(const fs::path& from, const fs::path& to, const std::string& dir) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return;
  if (errno == EEXIST) throw UsageError("output folder " + dir + " already exists");
  if (errno == EINVAL || errno == ENOSYS) {  // a file system without RENAME_NOREPLACE
    if (fs::exists(to)) throw UsageError("output folder " + dir + " already exists");
    fs::rename(from, to);
    return;
  }
  throw std::runtime_error("cannot rename " + from.string() + " to " + dir + ": " + std::strerror(errno));
}

}  // namespace

fs::path NormalFolderPath(const std::string& dir) {
  fs::path p = fs::path(dir).lexically_normal();
  // "D/" normalises to "D/" (an empty last name): the folder is D.
  if (!p.has_filename() && p.has_relative_path()) p = p.parent_path();
  return p;
}

std::string AlreadyExists(const std::string& verb, const std::string& dir, bool resumable) {
  // What to do instead: results are never overwritten.
  return verb + ": output folder " + dir + " already exists; choose another --out" +
         (resumable ? ", or add --resume to continue the sweep written there" : "");
}

std::string CheckOutputFolder(const std::string& verb, const std::string& dir, bool create_parents,
                              bool may_exist) {
  if (dir.empty()) throw UsageError(verb + ": --out needs the path of a folder to create, found an empty string");
  const fs::path p = NormalFolderPath(dir);
  const std::string name = p.filename().string();
  const std::string what = verb + ": cannot create output folder " + dir + ": ";
  // ".", ".." and "/" always exist: nothing new could be created there.
  if (name.empty() || name == "." || name == "..") throw UsageError(AlreadyExists(verb, dir, false));
  std::error_code ec;
  const fs::path parent = p.has_parent_path() ? p.parent_path() : fs::path(".");
  const fs::path existing = NearestExisting(parent);
  // Lengths first: the file system reports nothing else about a path with
  // a name too long.
  const long name_max = PathConf(existing, _PC_NAME_MAX, 255);
  for (const auto& part : p) {
    const std::string s = part.string();
    if (static_cast<long>(s.size()) > name_max) {
      throw UsageError(what + "the name " + s.substr(0, 24) + "... is " + std::to_string(s.size()) +
                       " bytes, more than the " + std::to_string(name_max) + " the file system allows");
    }
  }
  if (name.size() + kSuffixRoom > static_cast<size_t>(name_max)) {
    throw UsageError(what + "its name is " + std::to_string(name.size()) + " bytes; at most " +
                     std::to_string(name_max - static_cast<long>(kSuffixRoom)) + " leave room for the " +
                     std::to_string(kSuffixRoom) + "-byte suffix of the folder written first (" +
                     std::to_string(name_max) + " is the file system's limit)");
  }
  const long path_max = PathConf(existing, _PC_PATH_MAX, 4096);
  const size_t length = fs::absolute(p, ec).string().size();
  if (length + kSuffixRoom + kInnerRoom >= static_cast<size_t>(path_max)) {
    throw UsageError(what + "its full path is " + std::to_string(length) + " bytes; at most " +
                     std::to_string(path_max - 1 - static_cast<long>(kSuffixRoom + kInnerRoom)) +
                     " leave room for the files inside (" + std::to_string(path_max) +
                     " is the file system's limit)");
  }
  // A status that cannot be read (a parent without search permission) is
  // judged by the checks below, not taken for an existing folder.
  const fs::file_type type = fs::symlink_status(p, ec).type();
  if (!may_exist && type != fs::file_type::not_found && type != fs::file_type::none) {
    throw UsageError(AlreadyExists(verb, dir, verb == "sweep"));
  }
  if (!create_parents && existing != parent) {
    throw UsageError(what + "its parent folder " + parent.string() + " does not exist");
  }
  if (!fs::is_directory(existing, ec)) throw UsageError(what + existing.string() + " is not a folder");
  if (::access(existing.c_str(), W_OK | X_OK) != 0) {
    throw UsageError(what + "the folder " + existing.string() + " is not writable");
  }
  return p.string();
}

int RemoveStalePartialFolders(const fs::path& parent) {
  std::error_code ec;
  int removed = 0;
  for (fs::directory_iterator it(parent.empty() ? fs::path(".") : parent, ec), end; !ec && it != end;
       it.increment(ec)) {
    const long pid = PartialPid(it->path().filename().string());
    if (pid <= 0 || it->is_symlink(ec) || !it->is_directory(ec)) continue;
    const std::string why = StaleReason(it->path(), pid);
    if (why.empty()) continue;
    std::error_code gone;
    fs::remove_all(it->path(), gone);
    if (gone) continue;  // another process got there first, or it cannot be removed: not ours to insist
    std::fprintf(stderr, "geostrat: removed %s, %s\n", it->path().c_str(), why.c_str());
    ++removed;
  }
  return removed;
}

void WriteFolderAtomically(const std::string& dir,
                           const std::function<void(const fs::path&)>& write) {
  const fs::path final_dir = NormalFolderPath(dir);
  std::error_code ec;
  if (fs::symlink_status(final_dir, ec).type() != fs::file_type::not_found) {
    throw UsageError("output folder " + dir + " already exists");
  }
  const fs::path parent = final_dir.has_parent_path() ? final_dir.parent_path() : fs::path(".");
  fs::create_directories(parent);
  RemoveStalePartialFolders(parent);
  const fs::path partial = final_dir.string() + kPartialMark + std::to_string(getpid());
  if (!fs::create_directory(partial)) {
    throw std::runtime_error("cannot create " + partial.string() + ": it exists");
  }
  try {
    WriteText(partial / kOwnerFile, OwnerRecord(getpid()));
    write(partial);
    fs::remove(partial / kOwnerFile);
    // Every file on disk before the folder takes its final name: after a
    // power loss the folder is either absent or complete.
    SyncTree(partial);
    RenameNoReplace(partial, final_dir, dir);
    SyncFolder(parent);
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
        {"program", {{"name", "geostrat"}, {"version", kVersion}, {"git", kGitCommit}, {"git_dirty", kGitDirty},
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
