// What-if branching. `geostrat run --snapshot-at QUARTER` saves every
// replicate's state at that quarter into the run folder (snapshots.bin, cereal
// binary records, indexed by snapshots.json); an experiment with
//   "start_from": {"snapshot": RUN_DIR, "quarter": "2027Q2", "shocks": {...}}
// continues replicate r from the snapshot's replicate r with the same random
// keys, under its own policies and parameters from that quarter on ("from this
// state in 2027Q2, what if the US bans?"). An unchanged branch reproduces the
// original run exactly.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/config_node.h"
#include "engine/run/experiment.h"
#include "engine/run/simulation.h"

namespace geostrat {

// The World variables a branch may shock at its start quarter: state that
// carries over from quarter to quarter. (Policy levels and what follows from
// them are re-set every quarter by the policies; change those with policies.)
struct ShockableField {
  const char* name;
  double World::*field;
  double lo, hi;  // a shocked value must stay in [lo, hi]
  const char* doc;
};
const std::vector<ShockableField>& ShockableFields();

struct WorldShock {
  enum class Op { kSet, kMultiply, kAdd };
  const ShockableField* field = nullptr;
  Op op = Op::kSet;
  double value = 0;
  std::string file, pointer;  // where the shock was written, for errors
};

// An experiment's starting point: a quarter of a snapshot, with shocks.
struct Branch {
  std::string snapshot;  // the run folder (resolved against the config's folder)
  int quarter = 0;       // quarters played at the snapshot
  std::string quarter_label;
  std::string snapshot_config_hash;  // of the run that saved the snapshot
  std::vector<WorldShock> shocks;
  uint32_t available = 0;  // replicates in the snapshot
  // Every replicate's state at `quarter`, shared by the experiments of a sweep.
  std::shared_ptr<const std::vector<ReplicateState>> states;

  Json ToJson() const;  // as it reads back: snapshot, quarter, config_hash, shocks
};

// "2027Q2" (a quarter label of the scenario's calendar) or a number of
// quarters played, as quarters played since the start; -1 if `text` is
// neither or lies outside [0, horizon].
int ParseQuarter(const Scenario& scenario, const std::string& text);

// Reads the config's "start_from" (`root` is the whole config) for experiment
// `e`, which is read but for that member (its seed, horizon, seats and
// replicates must fit the snapshot) and loads the snapshot's states. Every
// problem is a ConfigError naming the file and pointer: a missing folder or
// index, a hash that does not match the folder's manifest or the pinned
// "config_hash", a different seed, horizon or seat list, a quarter the
// snapshot does not hold, more replicates than it has, damaged records.
std::shared_ptr<const Branch> ReadBranch(const ConfigNode& root, const Experiment& e);

// A run folder's snapshots.json, read back. Each quarter's records lie at
// `offset` in snapshots.bin, `bytes` long, with FNV-1a checksum `fnv1a`.
struct SnapshotBlock {
  int quarter = 0;
  uint64_t offset = 0, bytes = 0;
  std::string fnv1a;
};
struct SnapshotIndex {
  std::string config_hash;
  uint64_t seed = 0;
  int horizon = 0;
  uint32_t replicates = 0;
  std::vector<std::string> seats, agents;
  std::vector<SnapshotBlock> quarters;
};

// Limits on what is read back (docs/limits.md): snapshots.json and the run's
// manifest.json, and one quarter's records (a run of a million replicates
// at 8 KB each; larger runs save their snapshots in several runs).
constexpr uint64_t kMaxSnapshotIndexBytes = uint64_t{16} << 20;
constexpr uint64_t kMaxSnapshotManifestBytes = uint64_t{64} << 20;
constexpr uint64_t kMaxSnapshotBlockBytes = uint64_t{8} << 30;

// The readers of a snapshot, exposed for fuzzing: the index's text (`file`
// names it in messages), every member checked with its JSON pointer; and
// one quarter's records (`replicates` of them for `quarter` of `scenario`),
// every length checked before anything is allocated and every state's shape
// checked against the scenario (what the simulation indexes without
// checking). Anything else is a ConfigError naming the file.
SnapshotIndex ParseSnapshotIndex(const std::string& text, const std::string& file);
std::vector<ReplicateState> ParseSnapshotRecords(std::string_view bytes, uint32_t replicates, int quarter,
                                                 const Scenario& scenario, const std::string& file);

// Replicate `replicate`'s snapshot state with the branch's shocks applied.
ReplicateState BranchStart(const Branch& branch, uint32_t replicate);

// One replicate's state as a cereal binary record.
std::string SerialiseState(const ReplicateState& state);

// Writes snapshots.bin and snapshots.json into `dir`: for each quarter (in
// the order given) the records of every replicate, in replicate order.
void WriteSnapshots(const std::filesystem::path& dir, const Experiment& e,
                    const std::vector<int>& quarters,
                    const std::vector<std::vector<std::string>>& records);

}  // namespace geostrat
