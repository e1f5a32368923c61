// Running a sweep: blocks of whole points, each block one flattened
// (point x replicate) OpenMP loop split across MPI ranks by index, results
// gathered to rank 0 and reduced serially in index order into per-point
// statistics; scenario.csv rows are streamed to the in-progress folder and a
// checkpoint records how far the sweep got, so a killed sweep resumes where
// its last checkpoint left it and finishes with the same bytes.
#include "engine/sweep/sweep.h"

#include <fcntl.h>
#include <omp.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cereal/archives/binary.hpp>
#include <cereal/types/array.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>

#include "engine/core/checked_archive.h"
#include "engine/core/durable_file.h"
#include "engine/core/error.h"
#include "engine/core/names.h"
#include "engine/core/hash.h"
#include "engine/core/stats.h"
#include "engine/run/ranks.h"
#include "engine/core/result_files.h"
#include "engine/run/results.h"
#include "engine/run/runner.h"
#include "engine/run/simulation.h"
#include "engine/version.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kCheckpointFile = "checkpoint.bin";
constexpr const char* kScenarioFile = "scenario.csv";
constexpr const char* kPointStatsFile = "point-stats.bin";
constexpr double kQuantiles[] = {0.05, 0.25, 0.50, 0.75, 0.95};
constexpr const char* kQuantileNames[] = {"q05", "q25", "q50", "q75", "q95"};

// What one replicate contributes, before reduction.
struct ItemResult {
  int8_t outcome = 0;
  std::vector<double> end;      // per SeriesIndicators()
  std::vector<double> utility;  // per agent
  std::string row;              // its scenario.csv line
  std::string error;            // why it failed, if it did

  template <class Archive>
  void serialize(Archive& ar) {
    ar(outcome, end, utility, row, error);
  }
};

template <class T>
std::string ToBytes(const T& value) {
  std::ostringstream s(std::ios::binary);
  {
    cereal::BinaryOutputArchive archive(s);
    archive(value);
  }
  return s.str();
}

// Between the ranks of one run only (never from a file).
template <class T>
T FromBytes(const std::string& bytes) {
  std::istringstream s(bytes, std::ios::binary);
  T value;
  cereal::BinaryInputArchive archive(s);
  archive(value);
  return value;
}

// The JSON files a sweep reads back (a finished sweep's manifest, a shard's
// manifest and tipping.json) hold a resolved config at most: far below this.
constexpr uint64_t kMaxJsonBytes = uint64_t{64} << 20;
// The largest shard count `sweep --shard k/N` accepts.
constexpr long kMaxShards = 100000;

Json ReadJsonFile(const fs::path& path, const std::string& what) {
  const std::string text = ReadFileCapped(path, kMaxJsonBytes, what);
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw ConfigError(path.string(), "", what + " (valid JSON)", std::string("invalid JSON (") + e.what() + ")");
  }
}

// Binary files a sweep writes for itself: a format line, the FNV-1a checksum
// of the archive on a line of its own, then the cereal archive. The line
// tells another file (or another version's) apart before a byte of the
// archive is read; the checksum catches a damaged one.
constexpr const char* kCheckpointFormat = "geostrat sweep checkpoint";
constexpr const char* kShardStatsFormat = "geostrat sweep shard statistics";
constexpr int kFormatVersion = 2;

std::string Framed(const std::string& format, const std::string& archive) {
  return format + " " + std::to_string(kFormatVersion) + "\n" + Fnv1aHex(archive) + "\n" + archive;
}

template <class T>
T Unframe(std::string_view bytes, const std::string& format, const std::string& what, const std::string& file) {
  const std::string expected = what + " (\"" + format + " " + std::to_string(kFormatVersion) + "\")";
  const size_t eol = bytes.find('\n');
  const std::string_view first = bytes.substr(0, std::min(eol, size_t{80}));
  if (eol == std::string_view::npos || first.substr(0, format.size() + 1) != format + " ") {
    throw ConfigError(file, "", expected, "a file that is not one (" + std::to_string(bytes.size()) + " bytes)");
  }
  const std::string version(first.substr(format.size() + 1));
  if (version != std::to_string(kFormatVersion)) {
    throw ConfigError(file, "", expected,
                      "format \"" + Printable(version, 12) + "\" (written by another version of geostrat)");
  }
  const size_t sum = eol + 1;
  if (bytes.size() < sum + 17 || bytes[sum + 16] != '\n') {
    throw ConfigError(file, "", expected, "a file cut short after its first line (" + std::to_string(bytes.size()) +
                                              " bytes)");
  }
  const std::string recorded(bytes.substr(sum, 16));
  const std::string archive(bytes.substr(sum + 17));
  const std::string actual = Fnv1aHex(archive);
  if (actual != recorded) {
    throw ConfigError(file, "", expected + " whose content matches its checksum " + recorded,
                      "content with checksum " + actual + " (the file is damaged)");
  }
  T value;
  try {
    CheckedInputArchive archive_in(archive, CheckedInputArchive::Format::kBinary);
    archive_in(value);
    archive_in.ExpectEnd();
  } catch (const ArchiveError& e) {
    throw ConfigError(file, "", expected, std::string("a damaged archive: ") + e.what());
  }
  return value;
}

// The same error with what to do about it.
ConfigError WithHint(const ConfigError& e, const std::string& hint) {
  return ConfigError(e.file(), e.pointer(), e.expected(), e.found(), hint);
}

// Bytes of one point's statistics in an archive: all points of a sweep take
// the same, which bounds what a checkpoint or a shard's file may hold.
uint64_t PointStatsBytes(const SweepSpec& spec) {
  const uint64_t word = 8;
  return word + kNumClasses * word + (word + SeriesIndicators().size() * std::size(kQuantiles) * word) +
         2 * (word + spec.base.scenario.agents.size() * word) + (word + spec.targets.size() * word);
}

// Calls a tipping-point search makes at most: every evaluation doubles its
// replicates from `replicates` until `max_replicates`.
uint64_t MaxTippingCalls(const TippingSpec& t) {
  uint64_t doublings = 1;
  for (int64_t r = t.options.replicates; r < t.options.max_replicates; r *= 2) ++doublings;
  return static_cast<uint64_t>(t.options.max_evaluations) * doublings;
}

// The largest checkpoint a sweep (or shard) of `points` points writes.
uint64_t MaxCheckpointBytes(const SweepSpec& spec, uint64_t points) {
  uint64_t bytes = 1024 + points * PointStatsBytes(spec);
  for (const auto& t : spec.tipping) bytes += 8 + MaxTippingCalls(t) * (8 + 4 + 8);
  return bytes;
}

// One point's statistics must have the shape this sweep gives them: what
// the CSV writers and the sensitivity estimates index without checking.
void CheckStats(const SweepSpec& spec, const PointStats& s, const std::string& file, const std::string& pointer) {
  const auto fail = [&](const std::string& field, const std::string& expected, uint64_t found) {
    throw ConfigError(file, pointer + "/" + field, expected, std::to_string(found));
  };
  if (s.replicates != spec.replicates) {
    fail("replicates", std::to_string(spec.replicates) + " (the sweep's replicates per point)", s.replicates);
  }
  uint64_t sum = 0;
  for (uint64_t c : s.counts) sum = c > s.replicates ? s.replicates + 1 : sum + c;
  if (sum != s.replicates) fail("counts", "outcome counts summing to " + std::to_string(s.replicates), sum);
  const size_t quantiles = SeriesIndicators().size() * std::size(kQuantiles);
  if (s.quantiles.size() != quantiles) fail("quantiles", std::to_string(quantiles) + " values", s.quantiles.size());
  const size_t agents = spec.base.scenario.agents.size();
  if (s.utility_mean.size() != agents) {
    fail("utility_mean", std::to_string(agents) + " values (one per agent)", s.utility_mean.size());
  }
  if (s.utility_sd.size() != agents) {
    fail("utility_sd", std::to_string(agents) + " values (one per agent)", s.utility_sd.size());
  }
  if (s.targets.size() != spec.targets.size()) {
    fail("targets", std::to_string(spec.targets.size()) + " values (one per sensitivity target)", s.targets.size());
  }
}

// A checkpoint read back must describe this sweep's shard: a point count
// within it, one statistics record per point, tipping evaluations a search
// could have made.
void CheckCheckpoint(const SweepSpec& spec, const SweepCheckpoint& cp, uint64_t points, const std::string& file) {
  if (cp.points_done > points) {
    throw ConfigError(file, "/points_done",
                      "at most " + std::to_string(points) + " (the points of this sweep" +
                          (cp.shards > 1 ? "'s shard" : "") + ")",
                      std::to_string(cp.points_done));
  }
  if (cp.stats.size() != cp.points_done) {
    throw ConfigError(file, "/stats", std::to_string(cp.points_done) + " points' statistics (its points_done)",
                      std::to_string(cp.stats.size()));
  }
  for (size_t i = 0; i < cp.stats.size(); ++i) CheckStats(spec, cp.stats[i], file, "/stats/" + std::to_string(i));
  if (cp.tipping.size() != spec.tipping.size()) {
    throw ConfigError(file, "/tipping", std::to_string(spec.tipping.size()) + " tipping-point searches",
                      std::to_string(cp.tipping.size()));
  }
  for (size_t t = 0; t < cp.tipping.size(); ++t) {
    const TippingSpec& search = spec.tipping[t];
    const std::string at = "/tipping/" + std::to_string(t);
    if (cp.tipping[t].size() > MaxTippingCalls(search)) {
      throw ConfigError(file, at, "at most " + std::to_string(MaxTippingCalls(search)) + " evaluations",
                        std::to_string(cp.tipping[t].size()));
    }
    for (size_t i = 0; i < cp.tipping[t].size(); ++i) {
      const TippingEvaluation& e = cp.tipping[t][i];
      if (e.replicates < 1 || e.replicates > search.options.max_replicates ||
          e.events > static_cast<uint64_t>(e.replicates)) {
        throw ConfigError(file, at + "/" + std::to_string(i),
                          "an evaluation of 1 to " + std::to_string(search.options.max_replicates) +
                              " replicates with at most that many events",
                          std::to_string(e.events) + " events in " + std::to_string(e.replicates) + " replicates");
      }
    }
  }
}

// Reads the first `bytes` bytes of `path` and checks them against the size
// and FNV-1a checksum recorded when they were written; `exact`: the file
// must hold nothing more.
void VerifyRecordedFile(const fs::path& path, uint64_t bytes, uint64_t fnv, bool exact, const std::string& recorder) {
  const std::string expected = (exact ? "exactly " : "at least ") + std::to_string(bytes) + " bytes with FNV-1a " +
                               HashHex(fnv) + " (as " + recorder + " recorded)";
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (!fs::is_regular_file(status)) {
    throw ConfigError(path.string(), "", expected, fs::exists(status) ? "something that is not a regular file"
                                                                      : "no such file");
  }
  const uint64_t size = fs::file_size(path);
  if (size < bytes || (exact && size != bytes)) {
    throw ConfigError(path.string(), "", expected, "a file of " + std::to_string(size) + " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  std::string chunk(1 << 20, '\0');
  uint64_t h = kFnv1aBasis, left = bytes;
  while (left > 0 && in) {
    in.read(chunk.data(), static_cast<std::streamsize>(std::min<uint64_t>(left, chunk.size())));
    const auto n = static_cast<size_t>(in.gcount());
    h = Fnv1aUpdate(h, std::string_view(chunk.data(), n));
    left -= n;
  }
  if (left > 0 || h != fnv) {
    throw ConfigError(path.string(), "", expected,
                      left > 0 ? "a file that cannot be read to the end"
                               : "bytes with FNV-1a " + HashHex(h) + " (the file was changed or damaged)");
  }
}

}  // namespace

SweepCheckpoint ParseSweepCheckpoint(std::string_view bytes, const std::string& file) {
  return Unframe<SweepCheckpoint>(bytes, kCheckpointFormat, "a sweep checkpoint", file);
}

ShardStatistics ParseShardStatistics(std::string_view bytes, const std::string& file) {
  return Unframe<ShardStatistics>(bytes, kShardStatsFormat, "the statistics of a sweep shard", file);
}

namespace {

// The checkpoint in `work`, checked against this sweep's shard.
SweepCheckpoint ReadCheckpoint(const fs::path& work, const SweepSpec& spec, int shard, int shards,
                               uint64_t points) {
  const fs::path path = work / kCheckpointFile;
  const std::string hint = "remove " + work.string() + " to start again";
  try {
    const std::string bytes = ReadFileCapped(path, MaxCheckpointBytes(spec, points), "a sweep checkpoint");
    SweepCheckpoint cp = ParseSweepCheckpoint(bytes, path.string());
    // A checkpoint of another config or shard: the command line is wrong,
    // not the file.
    if (cp.hash != spec.Hash()) {
      throw UsageError("sweep --resume: the checkpoint in " + work.string() + " belongs to config hash " +
                       Printable(cp.hash, 16) + ", not to this config (hash " + spec.Hash() +
                       "); resume with the config it was started with, or remove the folder");
    }
    if (cp.shard != shard || cp.shards != shards) {
      throw UsageError("sweep --resume: the checkpoint in " + work.string() + " is of shard " +
                       std::to_string(cp.shard) + "/" + std::to_string(cp.shards) + ", not " +
                       std::to_string(shard) + "/" + std::to_string(shards));
    }
    CheckCheckpoint(spec, cp, points, path.string());
    return cp;
  } catch (const ConfigError& e) {
    throw WithHint(e, hint);
  }
}

std::string Quote(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string CsvCell(const Json& v) {
  if (v.is_number()) return CsvNumber(v.get<double>());
  if (v.is_string()) return Quote(v.get<std::string>());
  return Quote(v.dump());
}

std::string LeverCells(const SweepSpec& spec, size_t point) {
  std::string cells;
  for (size_t l = 0; l < spec.levers.size(); ++l) cells += (l ? "," : "") + CsvCell(spec.points[point][l]);
  return cells;
}

bool Happened(const SweepEvent& e, int outcome, const std::vector<double>& end) {
  if (e.outcome >= 0) return outcome == e.outcome;
  const double v = end[e.indicator];
  return e.at_least ? v >= e.bound : v <= e.bound;
}

class Progress {
 public:
  Progress(bool enabled, uint64_t total, int ranks)
      : enabled_(enabled && isatty(STDERR_FILENO)), total_(total), ranks_(ranks), start_(Clock::now()) {}
  // Counts this rank's replicates; the others progress at the same pace.
  void Tick() {
    const uint64_t done = std::min<uint64_t>(total_, ranks_ * ++done_);
    if (!enabled_ || omp_get_thread_num() != 0) return;
    const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    if (elapsed - last_print_ < 0.2) return;
    last_print_ = elapsed;
    Print(done, elapsed);
  }
  void Finish() {
    if (!enabled_ || total_ == 0) return;
    Print(total_, std::chrono::duration<double>(Clock::now() - start_).count());
    std::fprintf(stderr, "\n");
  }

 private:
  void Print(uint64_t done, double elapsed) const {
    const double eta = done > 0 ? elapsed * static_cast<double>(total_ - done) / static_cast<double>(done) : 0.0;
    std::fprintf(stderr, "\r%llu/%llu replicates (%.0f%%)  elapsed %.1fs  ETA %.1fs   ",
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_),
                 100.0 * static_cast<double>(done) / static_cast<double>(total_), elapsed, eta);
  }
  bool enabled_;
  uint64_t total_;
  uint64_t ranks_;
  Clock::time_point start_;
  std::atomic<uint64_t> done_{0};
  double last_print_ = -1.0;  // written by thread 0 only
};

std::string ScenarioHeader(const SweepSpec& spec) {
  std::string h = "point,replicate,seed";
  for (const auto& l : spec.levers) h += "," + l.name;
  for (const auto& n : UncertainNames(spec.base)) h += "," + n;
  return h + ",outcome\n";
}

// One replicate of one point.
ItemResult RunItem(const SweepSpec& spec, const Simulation& sim, size_t point, uint32_t rep,
                   const std::vector<int>& drawn_columns, const std::string& lever_cells,
                   const SweepOptions& options) {
  ItemResult r;
  try {
    if (options.before_replicate) options.before_replicate(point, rep);
    const World world = sim.Run(rep);
    const ReplicateOutcome o = sim.Summarise(world, rep);
    r.outcome = static_cast<int8_t>(o.outcome);
    for (const auto& ind : SeriesIndicators()) {
      const double v = o.end.*(ind.field);
      if (!std::isfinite(v)) throw std::runtime_error(std::string("end indicator ") + ind.name + " is not finite");
      r.end.push_back(v);
    }
    r.utility = o.utility;
    if (spec.scenario_csv) {
      r.row = std::to_string(point) + "," + std::to_string(rep) + "," +
              std::to_string(sim.experiment().seed) + "," + lever_cells;
      if (!lever_cells.empty() || spec.levers.empty()) r.row += ",";
      for (int column : drawn_columns) {
        if (column >= 0) r.row += CsvNumber(o.drawn[column]);
        r.row += ",";
      }
      r.row += OutcomeClassNames()[o.outcome] + "\n";
    }
  } catch (const std::exception& e) {
    r.error = e.what();
  }
  return r;
}

// Runs points [p0, p1) across ranks and threads; rank 0 receives every
// replicate's result in (point, replicate) order.
std::vector<ItemResult> RunBlock(const SweepSpec& spec, size_t p0, size_t p1,
                                 const SweepOptions& options, const Ranks& ranks, Progress& progress) {
  const uint64_t reps = spec.replicates;
  const size_t n = p1 - p0;
  // Reading a point's config costs about a millisecond: done in parallel too,
  // so that the serial share of a sweep stays small. Simulations refer to the
  // experiments, which therefore never move.
  std::vector<Experiment> experiments(n);
  std::vector<std::vector<int>> drawn_columns(n);
  std::vector<std::string> cells(n);
  std::vector<std::exception_ptr> errors(n);
  const std::vector<std::string> base_names = UncertainNames(spec.base);
#pragma omp parallel for schedule(dynamic, 1) num_threads(options.threads)
  for (int64_t k = 0; k < static_cast<int64_t>(n); ++k) {
    try {
      experiments[k] = ExperimentAtPoint(spec, p0 + k);
      experiments[k].replicates = spec.replicates;
      // A lever may fix a parameter the base config draws: its column stays empty.
      const std::vector<std::string> names = UncertainNames(experiments[k]);
      for (const auto& name : base_names) {
        const auto it = std::find(names.begin(), names.end(), name);
        drawn_columns[k].push_back(it == names.end() ? -1 : static_cast<int>(it - names.begin()));
      }
      cells[k] = LeverCells(spec, p0 + k);
    } catch (...) {
      errors[k] = std::current_exception();
    }
  }
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  std::vector<std::unique_ptr<Simulation>> sims;
  for (const auto& e : experiments) sims.push_back(std::make_unique<Simulation>(e));
  const uint64_t items = (p1 - p0) * reps;
  const uint64_t i0 = items * ranks.rank() / ranks.size();
  const uint64_t i1 = items * (ranks.rank() + 1) / ranks.size();
  std::vector<ItemResult> mine(i1 - i0);
#pragma omp parallel for schedule(dynamic, 4) num_threads(options.threads)
  for (int64_t i = static_cast<int64_t>(i0); i < static_cast<int64_t>(i1); ++i) {
    const size_t local = static_cast<size_t>(i) / reps;
    const auto rep = static_cast<uint32_t>(static_cast<uint64_t>(i) % reps);
    mine[i - i0] = RunItem(spec, *sims[local], p0 + local, rep, drawn_columns[local], cells[local], options);
    progress.Tick();
  }
  if (ranks.size() == 1) return mine;
  const std::vector<std::string> parts = ranks.Gather(ToBytes(mine));
  std::vector<ItemResult> all;
  if (ranks.rank() != 0) return all;
  all.reserve(items);
  for (const auto& part : parts) {
    for (auto& r : FromBytes<std::vector<ItemResult>>(part)) all.push_back(std::move(r));
  }
  return all;
}

// The statistics of one point from its replicates, in replicate order.
PointStats Reduce(const SweepSpec& spec, const ItemResult* items, uint32_t reps) {
  PointStats s;
  s.replicates = reps;
  for (uint32_t r = 0; r < reps; ++r) ++s.counts[items[r].outcome];
  std::vector<double> v(reps);
  for (size_t k = 0; k < SeriesIndicators().size(); ++k) {
    for (uint32_t r = 0; r < reps; ++r) v[r] = items[r].end[k];
    std::sort(v.begin(), v.end());
    for (double q : kQuantiles) s.quantiles.push_back(QuantileSorted(v, q));
  }
  const size_t agents = spec.base.scenario.agents.size();
  for (size_t a = 0; a < agents; ++a) {
    for (uint32_t r = 0; r < reps; ++r) v[r] = items[r].utility[a];
    const Moments m = MeanSd(v);
    s.utility_mean.push_back(m.mean);
    s.utility_sd.push_back(m.sd);
  }
  for (const auto& t : spec.targets) {
    double sum = 0;
    for (uint32_t r = 0; r < reps; ++r) {
      sum += t.is_mean ? items[r].end[t.indicator]
                       : (Happened(t.event, items[r].outcome, items[r].end) ? 1.0 : 0.0);
    }
    s.targets.push_back(sum / reps);
  }
  return s;
}

// How many of replicates 0..r-1 at lever value x have the event (all ranks
// return the same count).
uint64_t TippingTrials(const SweepSpec& spec, const TippingSpec& t, double x, int r,
                       const SweepOptions& options, const Ranks& ranks) {
  const double value = t.lever.integer ? std::round(x) : x;
  Experiment e = ExperimentWith(spec, {&t.lever}, {Json(value)},
                                "the tipping-point search on " + t.lever.name + " = " + FormatNumber(value));
  e.replicates = static_cast<uint32_t>(r);
  const Simulation sim(e);
  const int64_t lo = static_cast<int64_t>(r) * ranks.rank() / ranks.size();
  const int64_t hi = static_cast<int64_t>(r) * (ranks.rank() + 1) / ranks.size();
  std::vector<uint8_t> hit(hi - lo, 0);
  std::vector<std::string> errors(hi - lo);
#pragma omp parallel for schedule(dynamic, 4) num_threads(options.threads)
  for (int64_t i = lo; i < hi; ++i) {
    try {
      const auto rep = static_cast<uint32_t>(i);
      const ReplicateOutcome o = sim.Summarise(sim.Run(rep), rep);
      std::vector<double> end;
      for (const auto& ind : SeriesIndicators()) end.push_back(o.end.*(ind.field));
      hit[i - lo] = Happened(t.event, o.outcome, end) ? 1 : 0;
    } catch (const std::exception& ex) {
      errors[i - lo] = ex.what();
    }
  }
  uint64_t events = 0;
  for (int64_t i = lo; i < hi; ++i) {
    if (!errors[i - lo].empty()) {
      throw std::runtime_error("the tipping-point search on " + t.lever.name + " = " +
                               FormatNumber(value) + ", replicate " + std::to_string(i) + " (seed " +
                               std::to_string(e.seed) + ") failed: " + errors[i - lo]);
    }
    events += hit[i - lo];
  }
  return ranks.Sum(events);
}

Json CrossingJson(const TippingSpec& t, const Crossing& c) {
  Json evaluations = Json::array();
  for (const auto& e : c.evaluations) {
    evaluations.push_back({{"x", e.x}, {"events", e.events}, {"trials", e.trials}, {"p", e.p},
                           {"ci_low", e.ci_low}, {"ci_high", e.ci_high}});
  }
  Json j = {{"lever", t.lever.name},
            {"pointer", t.lever.pointer},
            {"range", {t.lever.lo, t.lever.hi}},
            {"event", t.event.ToJson()},
            {"event_label", t.event.Label()},
            {"threshold", t.options.threshold},
            {"confidence", t.options.confidence},
            {"found", c.found},
            {"increasing", c.increasing},
            {"evaluations", evaluations}};
  if (c.found) {
    j["estimate"] = c.estimate;
    j["bracket"] = {c.low, c.high};
  } else {
    j["estimate"] = nullptr;
    j["bracket"] = nullptr;
  }
  return j;
}

Json LeversJson(const SweepSpec& spec) {
  Json levers = Json::array();
  for (const auto& l : spec.levers) {
    Json j = {{"name", l.name}, {"pointer", l.pointer}};
    if (l.has_range) {
      j["range"] = {l.lo, l.hi};
      j["scale"] = l.log_scale ? "log" : "linear";
    }
    if (!l.values.empty()) j["values"] = l.values;
    if (l.integer) j["integer"] = true;
    if (!l.baseline.is_null()) j["baseline"] = l.baseline;
    levers.push_back(j);
  }
  return levers;
}

// The manifest without its "run" section (the only part that differs
// between thread counts, rank counts and shardings).
Json Manifest(const SweepSpec& spec, int shard, int shards) {
  const auto design_name = DesignKindNames()[static_cast<int>(spec.design)];
  Json design = {{"kind", design_name},
                 {"points", spec.points.size()},
                 {"replicates_per_point", spec.replicates}};
  if (spec.design == DesignKind::kSaltelli) design["saltelli_base"] = spec.saltelli_base;
  Json m = {{"kind", shards > 1 ? "sweep-shard" : "sweep"},
            {"name", spec.base.name},
            {"config_file", spec.file},
            {"config_hash", spec.Hash()},
            {"config", spec.resolved},
            {"sweep", spec.sweep_json},
            {"levers", LeversJson(spec)},
            {"design", design},
            {"seed", spec.base.seed},
            {"common_random_numbers",
             "replicate r of every point draws from the streams keyed (seed, r): differences "
             "between points are paired"},
            {"uncertain_parameters", UncertainNames(spec.base)},
            {"program", {{"name", "geostrat"}, {"version", kVersion}, {"git", kGitCommit}, {"git_dirty", kGitDirty},
                         {"build_type", kBuildType}}},
            {"rerun", ShellCommand({"geostrat", "sweep", spec.file}) + spec.rerun_options +
                          (shards > 1 ? " --shard " + std::to_string(shard) + "/" + std::to_string(shards) : "")}};
  if (shards > 1) {
    const auto [first, end] = ShardRange(spec.points.size(), shard, shards);
    m["shard"] = {{"k", shard}, {"n", shards}, {"first_point", first}, {"end_point", end}};
  }
  return m;
}

std::string DesignCsv(const SweepSpec& spec) {
  std::string csv = "point";
  for (const auto& l : spec.levers) csv += "," + l.name;
  csv += "\n";
  for (size_t p = 0; p < spec.points.size(); ++p) {
    csv += std::to_string(p) + (spec.levers.empty() ? "" : ",") + LeverCells(spec, p) + "\n";
  }
  return csv;
}

std::string PointsCsv(const SweepSpec& spec, size_t first, const std::vector<PointStats>& stats) {
  std::ostringstream csv;
  csv << "point";
  for (const auto& l : spec.levers) csv << "," << l.name;
  csv << ",replicates";
  for (const auto& c : OutcomeClassNames()) csv << ",p_" << c << ",ci_low_" << c << ",ci_high_" << c;
  for (const auto& ind : SeriesIndicators()) {
    for (const char* q : kQuantileNames) csv << "," << ind.name << "_" << q;
  }
  for (const auto& a : spec.base.scenario.agents) csv << ",u_" << a.id << "_mean,u_" << a.id << "_sd";
  csv << "\n";
  for (size_t i = 0; i < stats.size(); ++i) {
    const PointStats& s = stats[i];
    csv << first + i << (spec.levers.empty() ? "" : ",") << LeverCells(spec, first + i) << ","
        << s.replicates;
    for (int c = 0; c < kNumClasses; ++c) {
      const Interval ci = WilsonInterval(s.counts[c], s.replicates);
      csv << "," << CsvNumber(static_cast<double>(s.counts[c]) / static_cast<double>(s.replicates))
          << "," << CsvNumber(ci.low) << "," << CsvNumber(ci.high);
    }
    for (double q : s.quantiles) csv << "," << CsvNumber(q);
    for (size_t a = 0; a < s.utility_mean.size(); ++a) {
      csv << "," << CsvNumber(s.utility_mean[a]) << "," << CsvNumber(s.utility_sd[a]);
    }
    csv << "\n";
  }
  return csv.str();
}

// One row per cell of a two-lever grid, in design order.
std::string PhaseCsv(const SweepSpec& spec, const std::vector<PointStats>& stats) {
  std::ostringstream csv;
  csv << spec.levers[0].name << "," << spec.levers[1].name;
  for (const auto& c : OutcomeClassNames()) csv << ",p_" << c;
  csv << "\n";
  for (size_t p = 0; p < stats.size(); ++p) {
    csv << CsvCell(spec.points[p][0]) << "," << CsvCell(spec.points[p][1]);
    for (int c = 0; c < kNumClasses; ++c) {
      csv << "," << CsvNumber(static_cast<double>(stats[p].counts[c]) / static_cast<double>(stats[p].replicates));
    }
    csv << "\n";
  }
  return csv.str();
}

std::string ShortCell(const Json& v) {
  if (v.is_string()) return v.get<std::string>().substr(0, 7);
  if (!v.is_number()) return v.dump().substr(0, 7);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v.get<double>());
  return buf;
}

std::string PhaseTable(const SweepSpec& spec, const std::vector<PointStats>& stats) {
  const auto& rows = spec.levers[0].values;
  const auto& cols = spec.levers[1].values;
  std::ostringstream out;
  char cell[64];
  out << "P(symbiotic_bifurcation): " << spec.levers[0].name << " down, " << spec.levers[1].name
      << " across\n";
  std::snprintf(cell, sizeof cell, "%8s", "");
  out << cell;
  for (const auto& c : cols) {
    std::snprintf(cell, sizeof cell, " %6s", ShortCell(c).c_str());
    out << cell;
  }
  out << "\n";
  for (size_t r = 0; r < rows.size(); ++r) {
    std::snprintf(cell, sizeof cell, "%8s", ShortCell(rows[r]).c_str());
    out << cell;
    for (size_t c = 0; c < cols.size(); ++c) {
      const PointStats& s = stats[r * cols.size() + c];
      std::snprintf(cell, sizeof cell, " %6.3f",
                    static_cast<double>(s.counts[kSymbioticBifurcation]) / static_cast<double>(s.replicates));
      out << cell;
    }
    out << "\n";
  }
  return out.str();
}

// A one-lever sweep's answer on the terminal: each value's end-state
// probabilities, P(symbiotic) with its Wilson 95% interval.
std::string OneLeverTable(const SweepSpec& spec, const std::vector<PointStats>& stats) {
  std::ostringstream out;
  char cell[96];
  std::snprintf(cell, sizeof cell, "%-12s", spec.levers[0].name.substr(0, 12).c_str());
  out << cell;
  // Short names in the classes' order (games/classifier.h), to fit 80 columns.
  static const char* const kShort[kNumClasses] = {"decoupling", "reintegr.", "catch_up",
                                                  "unipolar",   "symbiotic", "contested"};
  for (const char* name : kShort) {
    std::snprintf(cell, sizeof cell, " %10s", name);
    out << cell;
  }
  out << "  P(symbiotic) 95% CI\n";
  for (size_t p = 0; p < stats.size(); ++p) {
    const PointStats& s = stats[p];
    std::snprintf(cell, sizeof cell, "%-12s", ShortCell(spec.levers[0].values[p]).c_str());
    out << cell;
    const double n = static_cast<double>(s.replicates);
    for (int k = 0; k < kNumClasses; ++k) {
      std::snprintf(cell, sizeof cell, " %10.3f", static_cast<double>(s.counts[k]) / n);
      out << cell;
    }
    const Interval ci = WilsonInterval(s.counts[kSymbioticBifurcation], s.replicates);
    std::snprintf(cell, sizeof cell, "  [%.3f, %.3f]\n", ci.low, ci.high);
    out << cell;
  }
  return out.str();
}

Json Sensitivity(const SweepSpec& spec, const std::vector<PointStats>& stats) {
  const int n = spec.saltelli_base;
  const int d = static_cast<int>(spec.levers.size());
  Json targets = Json::array();
  for (size_t t = 0; t < spec.targets.size(); ++t) {
    std::vector<double> y;
    y.reserve(stats.size());
    for (const auto& s : stats) y.push_back(s.targets[t]);
    const SobolIndices si = EstimateSobolIndices(y, n, d, spec.bootstrap, spec.confidence, spec.base.seed);
    Json indices = Json::array();
    for (int l = 0; l < d; ++l) {
      indices.push_back({{"lever", spec.levers[l].name},
                         {"first", si.first[l]},
                         {"first_low", si.first_low[l]},
                         {"first_high", si.first_high[l]},
                         {"total", si.total[l]},
                         {"total_low", si.total_low[l]},
                         {"total_high", si.total_high[l]}});
    }
    targets.push_back({{"target", spec.targets[t].name}, {"variance", si.variance}, {"indices", indices}});
  }
  return Json{{"design", "saltelli"},
              {"base_points", n},
              {"points", stats.size()},
              {"replicates_per_point", spec.replicates},
              {"bootstrap", spec.bootstrap},
              {"confidence", spec.confidence},
              {"estimators", "first order: Saltelli (2010); total: Jansen (1999); intervals: "
                             "bootstrap percentiles over the base rows"},
              {"targets", targets}};
}

std::string SensitivityCsv(const Json& sensitivity) {
  std::ostringstream csv;
  csv << "target,lever,first,first_low,first_high,total,total_low,total_high\n";
  const auto num = [](const Json& v) { return v.is_number() ? CsvNumber(v.get<double>()) : std::string("nan"); };
  for (const auto& t : sensitivity["targets"]) {
    for (const auto& i : t["indices"]) {
      csv << t["target"].get<std::string>() << "," << i["lever"].get<std::string>();
      for (const char* k : {"first", "first_low", "first_high", "total", "total_low", "total_high"}) {
        csv << "," << num(i[k]);
      }
      csv << "\n";
    }
  }
  return csv.str();
}

std::string TippingReport(const Json& tipping) {
  std::ostringstream out;
  char line[256];
  for (const auto& c : tipping["crossings"]) {
    if (c["found"].get<bool>()) {
      std::snprintf(line, sizeof line,
                    "tipping: P(%s) crosses %.3g along %s at %.4g, %.0f%% bracket [%.4g, %.4g] (%s)\n",
                    c["event_label"].get<std::string>().c_str(), c["threshold"].get<double>(),
                    c["lever"].get<std::string>().c_str(), c["estimate"].get<double>(),
                    100 * c["confidence"].get<double>(), c["bracket"][0].get<double>(),
                    c["bracket"][1].get<double>(), c["increasing"].get<bool>() ? "rising" : "falling");
    } else {
      std::snprintf(line, sizeof line, "tipping: P(%s) does not cross %.3g along %s in [%.4g, %.4g]\n",
                    c["event_label"].get<std::string>().c_str(), c["threshold"].get<double>(),
                    c["lever"].get<std::string>().c_str(), c["range"][0].get<double>(),
                    c["range"][1].get<double>());
    }
    out << line;
  }
  return out.str();
}

// A shard's tipping.json, read back by merge: what TippingReport and the
// report page read must be there, one crossing per search of the sweep.
void CheckTippingJson(const SweepSpec& spec, const Json& tipping, const std::string& file) {
  const double big = std::numeric_limits<double>::max();
  const ConfigNode crossings = ConfigNode::Root(tipping, file).At("crossings");
  crossings.ExpectArray();
  if (crossings.Size() != spec.tipping.size()) {
    crossings.Fail(std::to_string(spec.tipping.size()) + " crossing(s), one per search of the sweep",
                   std::to_string(crossings.Size()));
  }
  for (size_t i = 0; i < crossings.Size(); ++i) {
    const ConfigNode c = crossings.Element(i);
    const bool found = c.At("found").Bool();
    c.At("event_label").String();
    c.At("lever").String();
    c.At("threshold").Number(0, 1);
    c.At("confidence").Number(0, 1);
    c.At("increasing").Bool();
    if (found) c.At("estimate").Number(-big, big);
    const ConfigNode pair = c.At(found ? "bracket" : "range");
    pair.ExpectArray();
    if (pair.Size() != 2) pair.Fail("two numbers", std::to_string(pair.Size()) + " elements");
    pair.Element(0).Number(-big, big);
    pair.Element(1).Number(-big, big);
  }
}

// The files of a finished sweep or shard, written atomically.
struct FolderContent {
  size_t first = 0;                        // first point of `stats`
  const std::vector<PointStats>* stats = nullptr;
  std::optional<Json> tipping;
  std::vector<fs::path> scenario_parts;    // concatenated, headers after the first dropped
  Json manifest;
  bool shard = false;
  ShardStatistics shard_stats;  // a shard's: what merge checks it against
  std::function<void(const fs::path&)> finish;  // last, for a complete sweep
};

void CopyScenario(const std::vector<fs::path>& parts, const fs::path& to) {
  if (parts.size() == 1) {
    std::error_code linked;
    fs::create_hard_link(parts[0], to, linked);
    if (!linked) return;
  }
  std::ofstream out(to, std::ios::binary);
  for (size_t i = 0; i < parts.size(); ++i) {
    std::ifstream in(parts[i], std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + parts[i].string());
    if (i > 0) {
      std::string header;
      std::getline(in, header);
    }
    out << in.rdbuf();
  }
  out.close();
  if (!out) throw std::runtime_error("cannot write " + to.string());
}

// PRIM over scenario.csv: every numeric column but the run's identifiers is
// an input (the levers and the uncertain parameters drawn).
Json Discover(const SweepSpec& spec, const fs::path& scenario, std::string* report) {
  const Csv csv(scenario);
  const std::vector<std::string>& header = csv.header();
  const int outcome = csv.Column("outcome");
  std::vector<int> columns;
  std::vector<std::string> inputs;
  for (size_t j = 0; j < header.size(); ++j) {
    const std::string& h = header[j];
    if (h == "point" || h == "replicate" || h == "seed" || h == "outcome") continue;
    bool numeric = true;
    for (const auto& row : csv.rows()) {
      char* end = nullptr;
      std::strtod(row[j].c_str(), &end);
      numeric = numeric && !row[j].empty() && end != nullptr && *end == '\0';
      if (!numeric) break;
    }
    if (!numeric) continue;
    columns.push_back(static_cast<int>(j));
    inputs.push_back(h);
  }
  std::vector<std::vector<double>> x;
  std::vector<bool> y;
  x.reserve(csv.rows().size());
  for (size_t i = 0; i < csv.rows().size(); ++i) {
    std::vector<double> row;
    row.reserve(columns.size());
    for (int j : columns) row.push_back(std::strtod(csv.rows()[i][j].c_str(), nullptr));
    x.push_back(std::move(row));
    y.push_back(csv.rows()[i][outcome] == spec.discovery_outcome);
  }
  const PrimResult r = Prim(inputs, x, y, spec.discovery);
  *report += PrimText(r, spec.discovery_outcome);
  const TreeResult tree = Cart(inputs, x, y, spec.discovery_tree);
  *report += TreeText(tree, spec.discovery_outcome);
  Json out = PrimJson(r, spec.discovery_outcome, spec.discovery);
  out["tree"] = TreeJson(tree, spec.discovery_outcome, spec.discovery_tree);
  return out;
}

std::string WriteSweepFolder(const std::string& dir, const SweepSpec& spec, const FolderContent& c) {
  std::string report;
  WriteFolderAtomically(dir, [&](const fs::path& partial) {
    WriteText(partial / "manifest.json", c.manifest.dump(2) + "\n");
    WriteText(partial / "design.csv", DesignCsv(spec));
    if (!spec.points.empty()) WriteText(partial / "points.csv", PointsCsv(spec, c.first, *c.stats));
    if (c.shard) {
      WriteText(partial / kPointStatsFile, Framed(kShardStatsFormat, ToBytes(c.shard_stats)));
    } else {
      if (spec.IsPhaseGrid()) {
        WriteText(partial / "phase.csv", PhaseCsv(spec, *c.stats));
        report += PhaseTable(spec, *c.stats);
      }
      if (spec.design == DesignKind::kGrid && spec.levers.size() == 1) {
        report += OneLeverTable(spec, *c.stats);
      }
      if (spec.design == DesignKind::kSaltelli) {
        const Json sensitivity = Sensitivity(spec, *c.stats);
        WriteText(partial / "sensitivity.json", sensitivity.dump(2) + "\n");
        WriteText(partial / "sensitivity.csv", SensitivityCsv(sensitivity));
        report += "sensitivity: Sobol' indices of " + std::to_string(spec.targets.size()) +
                  " target(s) in sensitivity.csv\n";
      }
    }
    if (c.tipping) {
      WriteText(partial / "tipping.json", c.tipping->dump(2) + "\n");
      report += TippingReport(*c.tipping);
    }
    if (spec.scenario_csv && !spec.points.empty()) CopyScenario(c.scenario_parts, partial / kScenarioFile);
    if (!spec.discovery_outcome.empty() && !c.shard && !spec.points.empty()) {
      const Json discovery = Discover(spec, partial / kScenarioFile, &report);
      WriteText(partial / "discovery.json", discovery.dump(2) + "\n");
    }
    if (c.finish && !c.shard) c.finish(partial);
  });
  return report;
}

std::string Headline(const SweepSpec& spec, size_t points, int threads, int ranks, double seconds) {
  char line[256];
  const std::string what = spec.points.empty()
                               ? std::to_string(spec.tipping.size()) + " tipping-point search(es)"
                               : std::to_string(points) + " point(s) x " + std::to_string(spec.replicates) +
                                     " replicates";
  std::snprintf(line, sizeof line, "%s: %s, seed %llu, %d thread(s), %d rank(s), %.2f s\n",
                spec.base.name.c_str(), what.c_str(), static_cast<unsigned long long>(spec.base.seed),
                threads, ranks, seconds);
  return line;
}

Json RunSection(const std::string& command, int threads, int ranks, double seconds) {
  return Json{{"command", command}, {"threads", threads}, {"ranks", ranks},
              {"wall_seconds", seconds}, {"created_utc", UtcStampForFolder()}};
}

}  // namespace

SweepSummary RunSweep(const SweepSpec& spec, const SweepOptions& options) {
  const auto t0 = Clock::now();
  const Ranks& ranks = Ranks::World();
  const bool root = ranks.rank() == 0;
  if (options.shard < 1 || options.shard > options.shards) {
    throw UsageError("sweep: --shard k/N needs 1 <= k <= N");
  }
  const auto [first, end] = ShardRange(spec.points.size(), options.shard, options.shards);
  // "D/" and "D" are one folder: its in-progress sibling is "D.inprogress".
  const std::string out_dir = NormalFolderPath(options.out).string();
  const fs::path out(out_dir);
  const fs::path work(out_dir + ".inprogress");
  const fs::path scenario_path = work / kScenarioFile;

  SweepCheckpoint cp;
  cp.hash = spec.Hash();
  cp.shard = options.shard;
  cp.shards = options.shards;
  cp.tipping.resize(spec.tipping.size());
  std::string state;
  // A kill between the final rename and the clean-up leaves a complete
  // folder beside the in-progress one: resuming that is a finished sweep.
  // A manifest that cannot be read is no finished sweep of this config.
  const auto finished = [&] {
    if (!options.resume || !fs::exists(out / "manifest.json")) return false;
    try {
      const Json m = ReadJsonFile(out / "manifest.json", "the manifest of a finished sweep");
      return m.is_object() && m.value("config_hash", Json()) == cp.hash &&
             m.value("rerun", Json()) == Manifest(spec, cp.shard, cp.shards)["rerun"];
    } catch (const ConfigError&) {
      return false;
    }
  };
  if (root) {
    if (finished()) {
      fs::remove_all(work);
      state = "finished";
    } else if (fs::exists(out)) {
      throw UsageError(AlreadyExists("sweep", out_dir, true));
    }
  }
  int lock = -1;
  struct LockCloser {
    int& fd;
    ~LockCloser() {
      if (fd >= 0) close(fd);
    }
  } lock_closer{lock};
  if (root && state.empty()) {
    if (fs::exists(work) && !options.resume) {
      throw UsageError("sweep: " + work.string() + " holds an interrupted sweep; rerun with --resume "
                       "to finish it, or remove it to start again");
    }
    if (fs::create_directories(work)) SyncFolder(work.parent_path().empty() ? fs::path(".") : work.parent_path());
    // One writer per sweep folder: a second process (or the orphaned ranks of
    // a killed mpirun) would interleave rows. The kernel drops the lock when
    // its holder dies, so kill -9 never leaves it stale.
    lock = open((work / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock < 0 || flock(lock, LOCK_EX | LOCK_NB) != 0) {
      throw UsageError("sweep: another process is running the sweep in " + work.string());
    }
    if (options.resume && fs::exists(work / kCheckpointFile)) {
      cp = ReadCheckpoint(work, spec, cp.shard, cp.shards, end - first);
      if (spec.scenario_csv) {
        // The rows the checkpoint counts must be there, unchanged (a power
        // loss can leave a file shorter than what was written before it);
        // rows written after the checkpoint are computed again.
        try {
          const size_t header = ScenarioHeader(spec).size();
          if (cp.scenario_bytes < header) {
            throw ConfigError((work / kCheckpointFile).string(), "/scenario_bytes",
                              "at least " + std::to_string(header) + " (scenario.csv's header)",
                              std::to_string(cp.scenario_bytes));
          }
          VerifyRecordedFile(scenario_path, cp.scenario_bytes, cp.scenario_fnv, false,
                             "the checkpoint " + (work / kCheckpointFile).string());
        } catch (const ConfigError& e) {
          throw WithHint(e, "remove " + work.string() + " to start again");
        }
        fs::resize_file(scenario_path, cp.scenario_bytes);
        SyncFile(scenario_path);
      }
    } else if (spec.scenario_csv) {
      const std::string header = ScenarioHeader(spec);
      WriteText(scenario_path, header);
      cp.scenario_bytes = header.size();
      cp.scenario_fnv = Fnv1aUpdate(kFnv1aBasis, header);
    }
    state = ToBytes(cp);
  }
  // Every rank starts where rank 0's checkpoint says.
  ranks.Broadcast(state);
  if (state == "finished") {
    SweepSummary summary;
    summary.points = end - first;
    summary.report = spec.base.name + ": already complete\nresults: " + out_dir + "\n";
    return summary;
  }
  if (!root) cp = FromBytes<SweepCheckpoint>(state);

  // Rows reach the disk before the checkpoint that counts them: a power loss
  // never leaves a checkpoint ahead of its scenario.csv.
  std::optional<DurableAppender> scenario;
  if (root && spec.scenario_csv) scenario.emplace(scenario_path);
  auto save = [&] {
    if (!root) return;
    if (scenario) scenario->Sync();
    WriteText(work / kCheckpointFile, Framed(kCheckpointFormat, ToBytes(cp)));
  };

  // A block holds at least one whole point and about block_replicates
  // replicates: enough work to keep every thread busy, little memory.
  const size_t block = std::max<size_t>(1, options.block_replicates / spec.replicates);
  size_t next = first + cp.points_done;
  Progress progress(options.progress && root, (end - next) * uint64_t{spec.replicates}, ranks.size());
  auto last_save = Clock::now();
  while (next < end) {
    const size_t stop = std::min(end, next + block);
    const std::vector<ItemResult> items = RunBlock(spec, next, stop, options, ranks, progress);
    if (root) {
      // The first failure in (point, replicate) order, naming both and the seed.
      for (size_t i = 0; i < items.size(); ++i) {
        if (items[i].error.empty()) continue;
        save();  // the points before this block are kept
        const size_t point = next + i / spec.replicates;
        throw std::runtime_error("sweep point " + std::to_string(point) + " (" + spec.DescribePoint(point) +
                                 "), replicate " + std::to_string(i % spec.replicates) + " (seed " +
                                 std::to_string(spec.base.seed) + ") failed: " + items[i].error);
      }
      // Points reduce independently (in parallel), then land in index order.
      std::vector<PointStats> reduced(stop - next);
#pragma omp parallel for schedule(dynamic, 1) num_threads(options.threads)
      for (int64_t k = 0; k < static_cast<int64_t>(reduced.size()); ++k) {
        reduced[k] = Reduce(spec, items.data() + k * spec.replicates, spec.replicates);
      }
      for (size_t p = next; p < stop; ++p) {
        const ItemResult* rows = items.data() + (p - next) * spec.replicates;
        cp.stats.push_back(std::move(reduced[p - next]));
        if (scenario) {
          for (uint32_t r = 0; r < spec.replicates; ++r) {
            scenario->Append(rows[r].row);
            cp.scenario_bytes += rows[r].row.size();
            cp.scenario_fnv = Fnv1aUpdate(cp.scenario_fnv, rows[r].row);
          }
        }
      }
      cp.points_done += stop - next;
      const double since = std::chrono::duration<double>(Clock::now() - last_save).count();
      if (stop == end || since >= options.checkpoint_seconds) {
        save();
        last_save = Clock::now();
      }
    }
    next = stop;
  }
  progress.Finish();

  // Tipping-point searches (in the first shard only): each evaluation is
  // checkpointed, and a resumed search replays the ones already made.
  std::optional<Json> tipping;
  if (!spec.tipping.empty() && options.shard == 1) {
    Json crossings = Json::array();
    for (size_t t = 0; t < spec.tipping.size(); ++t) {
      size_t call = 0;
      auto& done = cp.tipping[t];
      const auto trials = [&](double x, int r) -> uint64_t {
        if (call < done.size() && done[call].x == x && done[call].replicates == r) {
          return done[call++].events;
        }
        done.resize(call);
        if (root && options.progress && isatty(STDERR_FILENO)) {
          std::fprintf(stderr, "tipping search %zu/%zu on %s: evaluation %zu at %.6g, %d replicates\n", t + 1,
                       spec.tipping.size(), spec.tipping[t].lever.name.c_str(), call + 1, x, r);
        }
        const uint64_t events = TippingTrials(spec, spec.tipping[t], x, r, options, ranks);
        done.push_back({x, r, events});
        ++call;
        save();
        return events;
      };
      crossings.push_back(CrossingJson(spec.tipping[t], FindCrossing(trials, spec.tipping[t].options)));
    }
    tipping = Json{{"seed", spec.base.seed},
                   {"replicates",
                    "each evaluation runs replicates 0..r-1 at the lever value (common random "
                    "numbers), r doubling while the Wilson interval straddles the threshold"},
                   {"crossings", crossings}};
  }

  SweepSummary summary;
  summary.points = end - first;
  if (!root) return summary;
  if (scenario) scenario->Close();
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  FolderContent content;
  content.first = first;
  content.shard_stats = {cp.hash, cp.shard, cp.shards, cp.scenario_bytes, cp.scenario_fnv, std::move(cp.stats)};
  content.stats = &content.shard_stats.stats;
  content.tipping = tipping;
  content.scenario_parts = {scenario_path};
  content.manifest = Manifest(spec, options.shard, options.shards);
  content.manifest["run"] = RunSection(options.command, options.threads, ranks.size(), seconds);
  content.shard = options.shards > 1;
  content.finish = options.finish;
  const std::string report = WriteSweepFolder(out_dir, spec, content);
  fs::remove_all(work);
  summary.wall_seconds = seconds;
  summary.report = Headline(spec, summary.points, options.threads, ranks.size(), seconds) + report +
                   "results: " + out_dir + "\n";
  return summary;
}

SweepSummary MergeSweepShards(const std::vector<std::string>& shard_dirs, const std::string& out,
                              const std::string& command,
                              const std::function<void(const fs::path&)>& finish) {
  const auto t0 = Clock::now();
  if (shard_dirs.empty()) throw UsageError("merge: no shard folders given");
  struct Shard {
    fs::path dir;
    std::string manifest_path;
    Json manifest;
  };
  std::vector<Shard> shards;
  for (const auto& d : shard_dirs) {
    Shard s{d, (fs::path(d) / "manifest.json").string(), {}};
    s.manifest = ReadJsonFile(s.manifest_path, "the manifest of a sweep shard");
    const ConfigNode m = ConfigNode::Root(s.manifest, s.manifest_path);
    if (!m.Has("kind") || m.At("kind").json() != "sweep-shard") {
      (m.Has("kind") ? m.At("kind") : m).Fail("a shard of a sweep (\"kind\": \"sweep-shard\", written by "
                                              "geostrat sweep --shard k/N)",
                                              m.Has("kind") ? DescribeJson(m.At("kind").json()) : "no kind");
    }
    shards.push_back(std::move(s));
  }
  // The first shard says which sweep; every other must be a shard of it.
  const ConfigNode first = ConfigNode::Root(shards[0].manifest, shards[0].manifest_path);
  const std::string hash = first.At("config_hash").String();
  const int n = static_cast<int>(first.At("shard").At("n").Integer(2, kMaxShards));
  std::vector<const Shard*> by_k(n + 1, nullptr);
  for (const auto& s : shards) {
    const ConfigNode m = ConfigNode::Root(s.manifest, s.manifest_path);
    if (m.At("config_hash").String() != hash) {
      m.At("config_hash").Fail("the config hash of the other shards (" + hash + ", in " +
                                   shards[0].manifest_path + ")",
                               s.manifest["config_hash"].dump());
    }
    if (m.At("shard").At("n").Integer(2, kMaxShards) != n) {
      m.At("shard").At("n").Fail("the shard count of the other shards (" + std::to_string(n) + ")",
                                 s.manifest["shard"]["n"].dump());
    }
    const int k = static_cast<int>(m.At("shard").At("k").Integer(1, n));
    if (by_k[k]) {
      m.At("shard").At("k").Fail("each shard once", "shard " + std::to_string(k) + " again (also in " +
                                                        by_k[k]->dir.string() + ")");
    }
    by_k[k] = &s;
  }
  std::string missing;
  for (int k = 1; k <= n; ++k) {
    if (!by_k[k]) missing += (missing.empty() ? "" : ", ") + std::to_string(k);
  }
  if (!missing.empty()) {
    throw ConfigError(shards[0].manifest_path, "/shard/n", "all " + std::to_string(n) + " shards of the sweep",
                      "shard(s) " + missing + " missing");
  }

  // The spec again from the resolved config the shards ran: it must be the
  // one its hash names (a manifest edited since would merge another sweep).
  first.At("config").ExpectObject();
  first.At("sweep").ExpectObject();
  MergedConfig config{first.At("config").json(), std::make_shared<SourceMap>()};
  config.json["sweep"] = first.At("sweep").json();
  config.sources->Record("", shards[0].manifest_path);
  const SweepSpec spec = SweepFromConfig(config, first.At("config_file").String());
  if (spec.Hash() != hash) {
    first.At("config_hash").Fail("the hash of the manifest's own config and sweep (\"" + spec.Hash() + "\")",
                                 "\"" + hash + "\" (the manifest was changed after the shard was written)");
  }
  std::vector<PointStats> stats;
  FolderContent content;
  for (int k = 1; k <= n; ++k) {
    const auto [p0, p1] = ShardRange(spec.points.size(), k, n);
    const fs::path stats_path = by_k[k]->dir / kPointStatsFile;
    const std::string file = stats_path.string();
    ShardStatistics part = ParseShardStatistics(
        ReadFileCapped(stats_path, MaxCheckpointBytes(spec, p1 - p0), "the statistics of a sweep shard"), file);
    if (part.hash != hash || part.shard != k || part.shards != n) {
      throw ConfigError(file, "", "the statistics of shard " + std::to_string(k) + "/" + std::to_string(n) +
                                      " of config hash " + hash + " (as its manifest.json says)",
                        "those of shard " + std::to_string(part.shard) + "/" + std::to_string(part.shards) +
                            " of config hash " + Printable(part.hash, 16));
    }
    if (part.stats.size() != p1 - p0) {
      throw ConfigError(file, "/stats",
                        "statistics for points " + std::to_string(p0) + " to " + std::to_string(p1) + " (exclusive)",
                        std::to_string(part.stats.size()) + " point(s)");
    }
    for (size_t i = 0; i < part.stats.size(); ++i) CheckStats(spec, part.stats[i], file, "/stats/" + std::to_string(i));
    for (auto& s : part.stats) stats.push_back(std::move(s));
    if (spec.scenario_csv && !spec.points.empty()) {
      VerifyRecordedFile(by_k[k]->dir / kScenarioFile, part.scenario_bytes, part.scenario_fnv, true, file);
      content.scenario_parts.push_back(by_k[k]->dir / kScenarioFile);
    }
  }
  if (!spec.tipping.empty()) {
    const fs::path tipping_path = by_k[1]->dir / "tipping.json";
    content.tipping = ReadJsonFile(tipping_path, "the tipping-point searches of a sweep shard");
    CheckTippingJson(spec, *content.tipping, tipping_path.string());
  }
  content.stats = &stats;
  content.manifest = Manifest(spec, 1, 1);
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  content.manifest["run"] = RunSection(command, 1, 1, seconds);
  content.manifest["run"]["merged_from"] = shard_dirs;
  content.finish = finish;
  const std::string out_dir = NormalFolderPath(out).string();
  const std::string report = WriteSweepFolder(out_dir, spec, content);
  SweepSummary summary;
  summary.points = spec.points.size();
  summary.wall_seconds = seconds;
  summary.report = spec.base.name + ": merged " + std::to_string(n) + " shard(s), " +
                   std::to_string(spec.points.size()) + " point(s) x " + std::to_string(spec.replicates) +
                   " replicates\n" + report + "results: " + out_dir + "\n";
  return summary;
}

}  // namespace geostrat
