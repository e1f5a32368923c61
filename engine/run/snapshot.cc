#include "engine/run/snapshot.h"

#include <cereal/archives/binary.hpp>
#include <cereal/types/vector.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "engine/core/checked_archive.h"
#include "engine/core/durable_file.h"
#include "engine/core/error.h"
#include "engine/core/hash.h"
#include "engine/core/names.h"
#include "engine/run/results.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;

// An identifier that snapshot files carry and the reader compares, so it
// stays as written when format 2 was defined (ReplicateState now lives in
// engine/run/simulation.h).
constexpr const char* kFormat =
    "geostrat snapshots 2: for each quarter, one cereal binary record "
    "(engine/simulation.h ReplicateState) per replicate, in replicate order";

std::vector<std::string> AgentIds(const Scenario& s) {
  std::vector<std::string> ids;
  for (const auto& a : s.agents) ids.push_back(a.id);
  return ids;
}

// Names for a message (those of a snapshot index come from a file).
std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + Printable(n);
  return out;
}

const char* OpName(WorldShock::Op op) {
  switch (op) {
    case WorldShock::Op::kSet: return "set";
    case WorldShock::Op::kMultiply: return "multiply";
    case WorldShock::Op::kAdd: return "add";
  }
  return "set";
}

std::vector<WorldShock> ReadShocks(const ConfigNode& node) {
  node.ExpectObject();
  std::vector<std::string> names;
  for (const auto& f : ShockableFields()) names.push_back(f.name);
  node.AllowOnlyKeys(names);
  std::vector<WorldShock> shocks;
  for (const auto& f : ShockableFields()) {
    const auto entry = node.Find(f.name);
    if (!entry) continue;
    WorldShock shock;
    shock.field = &f;
    shock.file = entry->file();
    shock.pointer = entry->pointer();
    if (entry->IsNumber()) {
      shock.value = entry->Number(f.lo, f.hi);
    } else {
      if (!entry->IsObject() || entry->Size() != 1) {
        entry->Fail("a number (the value to set) or one of {\"set\": x}, {\"multiply\": x}, "
                    "{\"add\": x}");
      }
      entry->AllowOnlyKeys({"set", "multiply", "add"});
      const std::string op = entry->Keys().front();
      if (op == "set") {
        shock.value = entry->At("set").Number(f.lo, f.hi);
      } else if (op == "multiply") {
        shock.op = WorldShock::Op::kMultiply;
        shock.value = entry->At("multiply").Number(0, 1e6);
      } else {
        shock.op = WorldShock::Op::kAdd;
        shock.value = entry->At("add").Number(-1e12, 1e12);
      }
    }
    shocks.push_back(shock);
  }
  return shocks;
}

// A list of strings (the index's seats and agents).
std::vector<std::string> StringList(const ConfigNode& node) {
  node.ExpectArray();
  std::vector<std::string> out;
  for (size_t i = 0; i < node.Size(); ++i) out.push_back(node.Element(i).String());
  return out;
}

// What is wrong with World `w` as the state after `quarter` quarters of
// `s`, or "": the sizes and values the simulation indexes without checking.
std::string WorldProblem(const World& w, int quarter, const Scenario& s) {
  const size_t seats = s.seats.size(), agents = s.agents.size(), q = static_cast<size_t>(quarter);
  if (w.quarter != quarter || w.num_seats != static_cast<int>(seats)) {
    return "a state at quarter " + std::to_string(w.quarter) + " with " + std::to_string(w.num_seats) + " seats";
  }
  if (w.history.size() != q || w.class_history.size() != q || w.actions.size() != q * seats ||
      w.seat_payoffs.size() != q * seats) {
    return "a state whose histories do not hold " + std::to_string(quarter) + " quarters";
  }
  if (w.utility.size() != agents || w.last_utility.size() != agents) {
    return "a state with utilities of " + std::to_string(w.utility.size()) + " agents";
  }
  for (size_t i = 0; i < w.actions.size(); ++i) {
    if (w.actions[i] < 0 || w.actions[i] >= s.seat_num_actions[i % seats]) {
      return "a state with action " + std::to_string(w.actions[i]) + " of seat " + s.seats[i % seats].id +
             " in quarter " + std::to_string(i / seats);
    }
  }
  if (w.node < 0 || w.node > 1000) return "a state " + std::to_string(w.node) + " process nodes past 2026";
  for (int8_t c : w.class_history) {
    if (c < 0 || c >= kNumClasses) return "a state with outcome class " + std::to_string(c);
  }
  for (int first : w.first_met) {
    if (first < -1 || first >= quarter) return "a state where a class was first met in quarter " + std::to_string(first);
  }
  return "";
}

std::string StateProblem(const ReplicateState& state, int quarter, const Scenario& s) {
  if (std::string p = WorldProblem(state.world, quarter, s); !p.empty()) return p;
  if (!state.has_previous) return "";
  // The counterfactual-learning policies' memory of the quarter before.
  if (quarter < 1) return "a state with a quarter before the first";
  if (std::string p = WorldProblem(state.previous, quarter - 1, s); !p.empty()) return "a previous " + p.substr(2);
  const size_t seats = s.seats.size();
  if (state.previous_chosen.size() != seats) return "a state with a previous choice of " +
                                                  std::to_string(state.previous_chosen.size()) + " seats";
  for (size_t k = 0; k < seats; ++k) {
    if (state.previous_chosen[k] < 0 || state.previous_chosen[k] >= s.seat_num_actions[k]) {
      return "a state with previous action " + std::to_string(state.previous_chosen[k]) + " of seat " + s.seats[k].id;
    }
  }
  if (state.counterfactuals.size() > static_cast<size_t>(quarter) * seats) {
    return "a state with counterfactuals for " + std::to_string(state.counterfactuals.size()) + " seat-quarters";
  }
  for (size_t slot = 0; slot < state.counterfactuals.size(); ++slot) {
    const size_t n = state.counterfactuals[slot].size();
    if (n != 0 && n != static_cast<size_t>(s.seat_num_actions[slot % seats])) {
      return "a state with " + std::to_string(n) + " counterfactual payoffs for seat " + s.seats[slot % seats].id;
    }
  }
  return "";
}

// The records of one quarter: checked against the index's checksum, then
// read in replicate order. Loaded once per process and shared while any
// experiment holds them: a sweep over a branch builds one experiment per
// point from the same snapshot.
std::shared_ptr<const std::vector<ReplicateState>> LoadStates(const fs::path& bin_path, const SnapshotBlock& block,
                                                              uint32_t replicates, const Scenario& scenario) {
  const std::string key = fs::absolute(bin_path).string() + "@" + std::to_string(block.offset) + "+" +
                          std::to_string(block.bytes) + "#" + block.fnv1a;
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const std::vector<ReplicateState>>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto held = cache[key].lock()) return held;

  const std::string records =
      ReadFileRange(bin_path, block.offset, block.bytes, "the snapshot records snapshots.json describes");
  if (Fnv1aHex(records) != block.fnv1a) {
    throw ConfigError(bin_path.string(), "",
                      "records with the checksum in snapshots.json (" + block.fnv1a + ")",
                      "records with checksum " + Fnv1aHex(records) + " (the file was changed)");
  }
  auto states = std::make_shared<const std::vector<ReplicateState>>(
      ParseSnapshotRecords(records, replicates, block.quarter, scenario, bin_path.string()));
  cache[key] = states;
  return states;
}

}  // namespace

const std::vector<ShockableField>& ShockableFields() {
  static const std::vector<ShockableField> fields = {
      {"a_us", &World::a_us, 0, 1e9, "US frontier chip performance (TPP)"},
      {"a_cn", &World::a_cn, 0, 1e9, "China's best domestic chip performance (TPP)"},
      {"rd_stock", &World::rd_stock, 0, 1e9, "China's substitution R&D stock ($B)"},
      {"cum_output", &World::cum_output, 0, 1e9, "China's cumulative domestic output (M cards)"},
      {"yield", &World::yield, 0, 1, "China's fab yield"},
      {"capacity_gross", &World::capacity_gross, 0, 1e9, "China's gross capacity (M cards/yr)"},
      {"cn_price", &World::cn_price, 0, 1e9, "China's domestic card price ($k)"},
      {"le_cn", &World::le_cn, 0, 1e9, "China's leading-edge logic capacity"},
      {"salience", &World::salience, 0, 1, "political salience of the chip contest"},
      {"stockpile", &World::stockpile, 0, 1e9, "the US-bloc mineral stockpile"},
      {"cn_budget", &World::cn_budget, 0, 1e9, "China's AI-accelerator budget ($B/yr)"},
      {"gs_budget", &World::gs_budget, 0, 1e9, "Global South AI-accelerator budget ($B/yr)"},
      {"us_capex", &World::us_capex, 0, 1e9, "US AI data-centre capex ($B/yr)"},
      {"price_mult", &World::price_mult, 0, 1e9, "critical-mineral price multiplier"},
      {"nonchina_share", &World::nonchina_share, 0, 1, "US-bloc mineral supply from outside China"},
      {"compute_us", &World::compute_us, 0, 1e9, "US-bloc installed compute (M H100e)"},
      {"compute_cn_dom", &World::compute_cn_dom, 0, 1e9, "China's installed domestic compute"},
      {"compute_cn_imp", &World::compute_cn_imp, 0, 1e9, "China's installed imported compute"},
      {"compute_gs_us", &World::compute_gs_us, 0, 1e9, "Global South compute on the US stack"},
      {"compute_gs_cn", &World::compute_gs_cn, 0, 1e9, "Global South compute on China's stack"},
  };
  return fields;
}

int ParseQuarter(const Scenario& s, const std::string& text) {
  int q = -1;
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) {
    if (text.size() > 6) return -1;
    q = std::stoi(text);
  } else if (text.size() == 6 && text[4] == 'Q' && text[5] >= '1' && text[5] <= '4' &&
             text.substr(0, 4).find_first_not_of("0123456789") == std::string::npos) {
    const int year = std::stoi(text.substr(0, 4));
    q = (year - s.start_year) * 4 + (text[5] - '1') - (s.start_quarter - 1);
  }
  return q >= 0 && q <= s.horizon ? q : -1;
}

SnapshotIndex ParseSnapshotIndex(const std::string& text, const std::string& file) {
  Json index;
  try {
    index = Json::parse(text);
  } catch (const Json::parse_error& err) {
    throw ConfigError(file, "", "valid JSON", err.what());
  }
  const ConfigNode idx = ConfigNode::Root(index, file);
  idx.ExpectObject();
  if (idx.At("format").String() != kFormat) {
    idx.At("format").Fail("\"" + std::string(kFormat) + "\"");
  }
  SnapshotIndex out;
  out.config_hash = idx.At("config_hash").String();
  out.seed = static_cast<uint64_t>(idx.At("seed").Integer(0, 9007199254740991L));
  out.horizon = static_cast<int>(idx.At("horizon").Integer(1, 100000));
  out.replicates = static_cast<uint32_t>(idx.At("replicates").Integer(1, 100000000L));
  out.seats = StringList(idx.At("seats"));
  out.agents = StringList(idx.At("agents"));
  const ConfigNode quarters = idx.At("quarters");
  quarters.ExpectArray();
  for (size_t i = 0; i < quarters.Size(); ++i) {
    const ConfigNode entry = quarters.Element(i);
    SnapshotBlock block;
    block.quarter = static_cast<int>(entry.At("quarter").Integer(0, out.horizon));
    block.offset = static_cast<uint64_t>(entry.At("offset").Integer(0, 1L << 50));
    block.bytes = static_cast<uint64_t>(entry.At("bytes").Integer(0, static_cast<long>(kMaxSnapshotBlockBytes)));
    block.fnv1a = entry.At("fnv1a").String();
    out.quarters.push_back(block);
  }
  return out;
}

std::vector<ReplicateState> ParseSnapshotRecords(std::string_view bytes, uint32_t replicates, int quarter,
                                                 const Scenario& scenario, const std::string& file) {
  // Every record holds at least an empty state's fields: a replicate count
  // the bytes cannot hold is refused before a state is allocated.
  static const size_t min_record = SerialiseState(ReplicateState{}).size();
  if (replicates > bytes.size() / min_record) {
    throw ConfigError(file, "",
                      std::to_string(replicates) + " records of replicate states (at least " +
                          std::to_string(min_record) + " bytes each)",
                      "records of " + std::to_string(bytes.size()) + " bytes");
  }
  std::vector<ReplicateState> states(replicates);
  try {
    CheckedInputArchive archive(bytes, CheckedInputArchive::Format::kBinary);
    for (auto& state : states) archive(state);
    archive.ExpectEnd();
  } catch (const ArchiveError& err) {
    throw ConfigError(file, "", "cereal records of replicate states", std::string("damaged records: ") + err.what());
  }
  for (uint32_t r = 0; r < replicates; ++r) {
    const std::string problem = StateProblem(states[r], quarter, scenario);
    if (!problem.empty()) {
      throw ConfigError(file, "",
                        "replicate " + std::to_string(r) + "'s state at quarter " + std::to_string(quarter) +
                            " with " + std::to_string(scenario.seats.size()) + " seats",
                        problem);
    }
  }
  return states;
}

Json Branch::ToJson() const {
  Json shocks_json = Json::object();
  for (const auto& shock : shocks) {
    shocks_json[shock.field->name] = Json{{OpName(shock.op), shock.value}};
  }
  // Absolute, so that the resolved config reads back from anywhere (sweeps
  // rebuild their experiments from it).
  return Json{{"snapshot", fs::absolute(snapshot).lexically_normal().string()},
              {"quarter", quarter_label},
              {"config_hash", snapshot_config_hash},
              {"shocks", shocks_json}};
}

std::shared_ptr<const Branch> ReadBranch(const ConfigNode& root, const Experiment& e) {
  const ConfigNode node = root.At("start_from");
  node.ExpectObject();
  node.AllowOnlyKeys({"snapshot", "quarter", "config_hash", "shocks"});
  auto branch = std::make_shared<Branch>();

  // The folder, relative to the config file that names it (like "extends").
  const ConfigNode where = node.At("snapshot");
  const std::string written = where.String();
  fs::path dir(written);
  if (dir.is_relative()) dir = fs::path(where.file()).parent_path() / dir;
  dir = dir.lexically_normal();
  branch->snapshot = dir.string();
  if (!fs::is_directory(dir)) {
    where.Fail("a run folder written by geostrat run CONFIG --snapshot-at QUARTER --out DIR",
               "\"" + written + "\" (" + dir.string() +
                   (fs::exists(dir) ? " is not a folder)" : " does not exist)"));
  }
  const fs::path index_path = dir / "snapshots.json";
  if (!fs::exists(index_path)) {
    where.Fail("a run folder written by geostrat run CONFIG --snapshot-at QUARTER --out DIR",
               "\"" + written + "\" (it has no snapshots.json: the run saved no snapshot)");
  }
  const SnapshotIndex idx = ParseSnapshotIndex(
      ReadFileCapped(index_path, kMaxSnapshotIndexBytes, "the index of a run's snapshots"), index_path.string());
  const std::string hash = idx.config_hash;
  branch->snapshot_config_hash = hash;

  // The index must belong to the run in its folder...
  const fs::path manifest_path = dir / "manifest.json";
  if (fs::exists(manifest_path)) {
    Json manifest;
    try {
      manifest = Json::parse(ReadFileCapped(manifest_path, kMaxSnapshotManifestBytes, "the manifest of a run"));
    } catch (const Json::parse_error& err) {
      throw ConfigError(manifest_path.string(), "", "valid JSON", err.what());
    }
    const std::string run_hash = manifest.is_object() && manifest.contains("config_hash") &&
                                         manifest["config_hash"].is_string()
                                     ? manifest["config_hash"].get<std::string>()
                                     : std::string();
    if (run_hash != hash) {
      throw ConfigError(index_path.string(), "/config_hash",
                        "the config hash of the run in the same folder (manifest.json: " + Json(run_hash).dump() + ")",
                        DescribeJson(Json(hash)));
    }
  }
  // ...and to the run the branch names, if it pins one.
  if (auto pinned = node.Find("config_hash")) {
    if (pinned->String() != hash) pinned->Fail("the snapshot's config hash " + Json(hash).dump());
  }

  // The branch continues the snapshot's random streams and its World layout.
  const std::string why = " (a branch continues the snapshot's run)";
  if (idx.seed != e.seed) root.At("seed").Fail("the snapshot's seed " + std::to_string(idx.seed) + why);
  const ConfigNode scenario = root.At("scenario");
  if (idx.horizon != e.scenario.horizon) {
    const std::string expected = "the snapshot's horizon " + std::to_string(idx.horizon) + why;
    if (scenario.Has("horizon")) scenario.At("horizon").Fail(expected);
    scenario.Fail(expected, "the default horizon " + std::to_string(e.scenario.horizon));
  }
  if (idx.seats != e.scenario.SeatIds()) {
    scenario.At("games").Fail("games with the snapshot's seats " + Joined(idx.seats) + why,
                              "seats " + Joined(e.scenario.SeatIds()));
  }
  if (idx.agents != AgentIds(e.scenario)) {
    scenario.At("agents").Fail("the snapshot's agents " + Joined(idx.agents) + why,
                               "agents " + Joined(AgentIds(e.scenario)));
  }
  const uint32_t available = idx.replicates;
  if (e.replicates > available) {
    root.At("replicates").Fail("at most the snapshot's " + std::to_string(available) +
                               " replicates" + why);
  }

  // The quarter: a label ("2027Q2") or a number of quarters played.
  const ConfigNode quarter_node = node.At("quarter");
  const std::string quarter_text =
      quarter_node.IsNumber() ? std::to_string(quarter_node.Integer(0, 100000))
                              : quarter_node.String();
  std::string held;
  std::optional<SnapshotBlock> block;
  const int q = ParseQuarter(e.scenario, quarter_text);
  for (const SnapshotBlock& entry : idx.quarters) {
    held += (held.empty() ? "" : ", ") + e.scenario.QuarterLabel(entry.quarter) + " (" +
            std::to_string(entry.quarter) + ")";
    if (entry.quarter == q) block = entry;
  }
  if (!block) {
    quarter_node.Fail("a quarter the snapshot holds: " + held,
                      q < 0 ? DescribeJson(quarter_node.json())
                            : "\"" + quarter_text + "\" (" + e.scenario.QuarterLabel(q) + ")");
  }
  branch->quarter = q;
  branch->quarter_label = e.scenario.QuarterLabel(q);
  if (auto shocks = node.Find("shocks")) branch->shocks = ReadShocks(*shocks);

  branch->available = available;
  branch->states = LoadStates(dir / "snapshots.bin", *block, available, e.scenario);
  return branch;
}

ReplicateState BranchStart(const Branch& branch, uint32_t replicate) {
  if (replicate >= branch.states->size()) {
    throw ConfigError(branch.snapshot, "/replicates",
                      "at most the snapshot's " + std::to_string(branch.states->size()) +
                          " replicates",
                      "replicate " + std::to_string(replicate));
  }
  ReplicateState state = (*branch.states)[replicate];
  for (const auto& shock : branch.shocks) {
    double& v = state.world.*(shock.field->field);
    const double before = v;
    switch (shock.op) {
      case WorldShock::Op::kSet: v = shock.value; break;
      case WorldShock::Op::kMultiply: v *= shock.value; break;
      case WorldShock::Op::kAdd: v += shock.value; break;
    }
    if (!(v >= shock.field->lo && v <= shock.field->hi)) {
      throw ConfigError(shock.file, shock.pointer,
                        "a shocked value in [" + FormatNumber(shock.field->lo) + ", " +
                            FormatNumber(shock.field->hi) + "]",
                        FormatNumber(v) + " in replicate " + std::to_string(replicate) +
                            " (from " + FormatNumber(before) + ")");
    }
  }
  return state;
}

std::string SerialiseState(const ReplicateState& state) {
  std::ostringstream bytes;
  {
    cereal::BinaryOutputArchive archive(bytes);
    archive(state);
  }
  return bytes.str();
}

void WriteSnapshots(const fs::path& dir, const Experiment& e, const std::vector<int>& quarters,
                    const std::vector<std::vector<std::string>>& records) {
  std::ofstream bin(dir / "snapshots.bin", std::ios::binary);
  Json blocks = Json::array();
  uint64_t offset = 0;
  for (size_t k = 0; k < quarters.size(); ++k) {
    std::string block;
    for (const auto& r : records[k]) block += r;
    // Never write what ReadBranch would refuse to read back.
    if (block.size() > kMaxSnapshotBlockBytes) {
      throw UsageError("run: --snapshot-at " + e.scenario.QuarterLabel(quarters[k]) + ": the records of " +
                       std::to_string(records[k].size()) + " replicates take " + std::to_string(block.size()) +
                       " bytes, more than the " + DescribeBytes(kMaxSnapshotBlockBytes) +
                       " a branch reads back; snapshot fewer replicates");
    }
    bin.write(block.data(), static_cast<std::streamsize>(block.size()));
    blocks.push_back({{"quarter", quarters[k]},
                      {"label", e.scenario.QuarterLabel(quarters[k])},
                      {"offset", offset},
                      {"bytes", block.size()},
                      {"fnv1a", Fnv1aHex(block)}});
    offset += block.size();
  }
  bin.close();
  if (!bin) throw std::runtime_error("cannot write " + (dir / "snapshots.bin").string());
  const Json index = {{"format", kFormat},
                      {"experiment", e.name},
                      {"config_hash", e.Hash()},
                      {"seed", e.seed},
                      {"horizon", e.scenario.horizon},
                      {"replicates", e.replicates},
                      {"seats", e.scenario.SeatIds()},
                      {"agents", AgentIds(e.scenario)},
                      {"quarters", blocks}};
  WriteText(dir / "snapshots.json", index.dump(2) + "\n");
}

}  // namespace geostrat
