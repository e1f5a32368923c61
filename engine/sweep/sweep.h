// What-if sweeps: an experiment run at many points of a design over levers
// (values addressed by JSON pointer into the resolved config), with common
// random numbers across points, streamed per-point statistics, checkpoints
// that survive kill -9, shards and MPI ranks whose output is byte-identical
// to one process, tipping-point searches and Sobol' sensitivity indices.
//
// Config: an experiment config with a "sweep" member (experiments/README.md
// documents every key):
//   "sweep": {
//     "levers": [{"name": "fee", "pointer": "/scenario/games/license_fee/params/fee_mid",
//                 "values": [0.15, 0.25]} | {"range": [lo, hi], "steps": n, "scale": "log"}],
//     "design": "grid" | {"kind": "latin_hypercube" | "sobol", "points": n}
//             | {"kind": "saltelli", "base": n} | {"kind": "one_at_a_time"},
//     "replicates": 1000,
//     "tipping": [{"lever": {...}, "event": "symbiotic_bifurcation", "threshold": 0.5}],
//     "sensitivity": {"targets": ["symbiotic_bifurcation", "S_CN"], "bootstrap": 200}
//   }
#pragma once

#include <array>
#include <cereal/types/array.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/sampling.h"
#include "engine/analysis/discovery.h"
#include "engine/run/experiment.h"
#include "games/classifier.h"

namespace geostrat {

struct Lever {
  std::string name;     // the column name in every CSV
  std::string pointer;  // into the resolved config
  // Either explicit values (grid, one_at_a_time) or a numeric range that unit
  // coordinates map onto (linearly, or geometrically with "scale": "log").
  std::vector<Json> values;
  bool has_range = false;
  double lo = 0, hi = 0;
  bool log_scale = false;
  bool integer = false;   // round mapped values to whole numbers
  Json baseline;          // one_at_a_time: where the lever sits while others move
  double FromUnit(double u) const;
};

// A per-replicate event whose probability is estimated: an outcome class, or
// an end indicator (trailing 8-quarter mean at the horizon) beyond a bound.
struct SweepEvent {
  int outcome = -1;          // an OutcomeClass, or -1 for an indicator event
  int indicator = -1;        // index into SeriesIndicators()
  double bound = 0;
  bool at_least = true;
  std::string Label() const;  // "symbiotic_bifurcation", "S_CN >= 0.5"
  Json ToJson() const;
};

// A sensitivity target: the probability of an event, or the mean of an end
// indicator, at each design point.
struct SweepTarget {
  std::string name;  // "p_symbiotic_bifurcation", "S_CN_mean", "p_S_CN_at_least_0.5"
  bool is_mean = false;
  SweepEvent event;     // when !is_mean
  int indicator = -1;   // when is_mean
};

struct TippingSpec {
  Lever lever;  // with a range: the search interval
  SweepEvent event;
  CrossingOptions options;
};

enum class DesignKind { kGrid, kLatinHypercube, kSobol, kOneAtATime, kSaltelli };
const std::vector<std::string>& DesignKindNames();

struct SweepSpec {
  std::string file;
  Experiment base;       // the config without its "sweep" member
  Json resolved;         // base.ToJson(): what lever pointers address
  Json sweep_json;       // the "sweep" member as written (after "extends")
  std::vector<Lever> levers;
  DesignKind design = DesignKind::kGrid;
  int saltelli_base = 0;  // n of the Saltelli design
  uint32_t replicates = 0;  // per point
  bool scenario_csv = true;
  // The design matrix, point-major, in design order: points[p][lever].
  std::vector<std::vector<Json>> points;
  std::vector<TippingSpec> tipping;
  std::vector<SweepTarget> targets;  // sensitivity (saltelli only)
  int bootstrap = 200;
  double confidence = 0.95;
  // The command-line options that changed the config (" --replicates N
  // --seed S"), which the manifest's rerun command repeats.
  std::string rerun_options;
  // Scenario discovery over scenario.csv ("discovery"): PRIM boxes for one
  // outcome class (engine/analysis/discovery.h); empty outcome: none asked.
  std::string discovery_outcome;
  PrimOptions discovery;
  TreeOptions discovery_tree;  // the CART tree grown beside the PRIM box

  // 16 hex digits over the resolved config and the sweep member: what a
  // checkpoint or a shard belongs to.
  std::string Hash() const;
  // The levers forming a two-dimensional grid (phase diagram), if any.
  bool IsPhaseGrid() const { return design == DesignKind::kGrid && levers.size() == 2; }
  // "fee_mid = 0.25, f_license = 0.44"
  std::string DescribePoint(size_t point) const;
};

// Reads the experiment config and its "sweep" member, builds the design and
// validates every point's config (errors name the point).
SweepSpec LoadSweep(const std::string& path);
// The same from an already merged config (the sweep member included).
SweepSpec SweepFromConfig(const MergedConfig& config, const std::string& file);

// The experiment at design point `point`: the resolved config with that
// point's lever values, read and validated like any config.
Experiment ExperimentAtPoint(const SweepSpec& spec, size_t point);
// The base experiment with single values at lever pointers.
Experiment ExperimentWith(const SweepSpec& spec, const std::vector<const Lever*>& levers,
                          const std::vector<Json>& values, const std::string& where);

// Streamed statistics of one point: nothing per replicate is kept.
struct PointStats {
  uint64_t replicates = 0;
  std::array<uint64_t, kNumClasses> counts{};
  std::vector<double> quantiles;   // per end indicator: q05, q25, q50, q75, q95
  std::vector<double> utility_mean, utility_sd;  // per agent
  std::vector<double> targets;     // per sensitivity target

  template <class Archive>
  void serialize(Archive& ar) {
    ar(replicates, counts, quantiles, utility_mean, utility_sd, targets);
  }
};

// One evaluation of a tipping-point search: `events` of `replicates`
// replicates at lever value `x`.
struct TippingEvaluation {
  double x = 0;
  int replicates = 0;
  uint64_t events = 0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(x, replicates, events);
  }
};

// Everything a resumed sweep needs (OUT.inprogress/checkpoint.bin): points
// [first, first + points_done) of its shard are reduced; scenario.csv's
// first scenario_bytes bytes are valid and hash to scenario_fnv (FNV-1a), so
// that a resume can tell a damaged file from a good one; tipping searches
// replay the evaluations already made.
struct SweepCheckpoint {
  std::string hash;
  int shard = 1, shards = 1;
  uint64_t points_done = 0;
  uint64_t scenario_bytes = 0;
  uint64_t scenario_fnv = 0;
  std::vector<PointStats> stats;
  std::vector<std::vector<TippingEvaluation>> tipping;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(hash, shard, shards, points_done, scenario_bytes, scenario_fnv, stats, tipping);
  }
};

// A shard's statistics (SHARD/point-stats.bin), with what `merge` checks the
// shard's scenario.csv against.
struct ShardStatistics {
  std::string hash;
  int shard = 1, shards = 1;
  uint64_t scenario_bytes = 0;
  uint64_t scenario_fnv = 0;
  std::vector<PointStats> stats;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(hash, shard, shards, scenario_bytes, scenario_fnv, stats);
  }
};

// The readers of those files, from the file's bytes (`file` names it in
// messages): the format line ("geostrat sweep checkpoint 2", "geostrat sweep
// shard statistics 2"), the FNV-1a checksum of the archive, then the archive
// read with every length checked before anything is allocated
// (engine/core/checked_archive.h). Anything else is a ConfigError naming the
// file: another format or version, a checksum that does not match, a
// truncated or overlong archive. They know nothing of the sweep the file
// belongs to; RunSweep and MergeSweepShards check that too.
SweepCheckpoint ParseSweepCheckpoint(std::string_view bytes, const std::string& file);
ShardStatistics ParseShardStatistics(std::string_view bytes, const std::string& file);

struct SweepOptions {
  int threads = 1;
  std::string out;            // the run folder (must not exist)
  bool resume = false;        // continue from the checkpoint in "<out>.inprogress"
  int shard = 1, shards = 1;  // --shard k/N
  bool progress = false;      // a progress line with ETA on stderr (if a terminal)
  double checkpoint_seconds = 10;  // at most this long between checkpoints (0: every block)
  // Replicates per block of whole points: the grain of checkpoints and the
  // memory held at once. Results do not depend on it.
  uint64_t block_replicates = 8192;
  std::string command;        // the command line, for the manifest
  // Called last with the partial folder of a complete sweep (not of a shard),
  // before it is renamed into place: e.g. to add the report page.
  std::function<void(const std::filesystem::path&)> finish;
  // Called before each replicate (tests inject failures through it).
  std::function<void(size_t point, uint32_t replicate)> before_replicate;
};

struct SweepSummary {
  size_t points = 0;  // computed by this process (or shard)
  double wall_seconds = 0;
  std::string report;  // what the command prints on stdout
};

// Runs the sweep (or its shard) and writes the run folder atomically. Under
// MPI every rank calls it; rank 0 writes.
SweepSummary RunSweep(const SweepSpec& spec, const SweepOptions& options);

// Joins shard folders into the folder a one-process run writes.
// `finish` as in SweepOptions.
SweepSummary MergeSweepShards(const std::vector<std::string>& shard_dirs, const std::string& out,
                              const std::string& command,
                              const std::function<void(const std::filesystem::path&)>& finish = {});

// Points [first, end) of shard k of n (1-based): contiguous, by index.
std::pair<size_t, size_t> ShardRange(size_t points, int shard, int shards);

}  // namespace geostrat
