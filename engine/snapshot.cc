#include "engine/snapshot.h"

#include <cereal/archives/binary.hpp>
#include <cereal/types/vector.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "engine/core/error.h"
#include "engine/core/hash.h"
#include "engine/core/names.h"
#include "engine/results.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFormat =
    "geostrat snapshots 1: for each quarter, one cereal binary record "
    "(engine/simulation.h ReplicateState) per replicate, in replicate order";

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::vector<std::string> AgentIds(const Scenario& s) {
  std::vector<std::string> ids;
  for (const auto& a : s.agents) ids.push_back(a.id);
  return ids;
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
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

// The records of one quarter: checked against the index's checksum, then
// read in replicate order. Loaded once per process and shared while any
// experiment holds them: a sweep over a branch builds one experiment per
// point from the same snapshot.
std::shared_ptr<const std::vector<ReplicateState>> LoadStates(const fs::path& bin_path,
                                                              const ConfigNode& block,
                                                              uint32_t replicates, int quarter,
                                                              size_t seats) {
  const long long offset = block.At("offset").Integer(0, 1L << 50);
  const long long bytes = block.At("bytes").Integer(0, 1L << 50);
  const std::string checksum = block.At("fnv1a").String();
  const std::string key = fs::absolute(bin_path).string() + "@" + std::to_string(offset) + "+" +
                          std::to_string(bytes) + "#" + checksum;
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const std::vector<ReplicateState>>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto held = cache[key].lock()) return held;

  std::ifstream in(bin_path, std::ios::binary);
  if (!in) {
    throw ConfigError(bin_path.string(), "", "the snapshot records snapshots.json describes",
                      "no such file or it cannot be read");
  }
  std::string records(static_cast<size_t>(bytes), '\0');
  in.seekg(offset);
  in.read(records.data(), bytes);
  if (in.gcount() != bytes) {
    throw ConfigError(bin_path.string(), "",
                      std::to_string(bytes) + " bytes of records at offset " + std::to_string(offset),
                      "a file that ends after " + std::to_string(offset + in.gcount()) + " bytes");
  }
  if (Fnv1aHex(records) != checksum) {
    throw ConfigError(bin_path.string(), "",
                      "records with the checksum in snapshots.json (" + checksum + ")",
                      "records with checksum " + Fnv1aHex(records) + " (the file was changed)");
  }
  auto states = std::make_shared<std::vector<ReplicateState>>(replicates);
  std::istringstream stream(records);
  try {
    cereal::BinaryInputArchive archive(stream);
    for (auto& state : *states) archive(state);
  } catch (const std::exception& err) {
    throw ConfigError(bin_path.string(), "", "cereal records of replicate states", err.what());
  }
  for (uint32_t r = 0; r < replicates; ++r) {
    const World& w = (*states)[r].world;
    if (w.quarter != quarter || w.num_seats != static_cast<int>(seats)) {
      throw ConfigError(bin_path.string(), "",
                        "replicate " + std::to_string(r) + "'s state at quarter " +
                            std::to_string(quarter) + " with " + std::to_string(seats) + " seats",
                        "a state at quarter " + std::to_string(w.quarter) + " with " +
                            std::to_string(w.num_seats) + " seats");
    }
  }
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
      {"cn_demand", &World::cn_demand, 0, 1e9, "China's AI-card demand (M cards/yr)"},
      {"gs_demand", &World::gs_demand, 0, 1e9, "Global South AI-card demand (M cards/yr)"},
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
  Json index;
  try {
    index = Json::parse(ReadBytes(index_path));
  } catch (const Json::parse_error& err) {
    throw ConfigError(index_path.string(), "", "valid JSON", err.what());
  }
  const ConfigNode idx = ConfigNode::Root(index, index_path.string());
  if (idx.At("format").String() != kFormat) {
    idx.At("format").Fail("\"" + std::string(kFormat) + "\"");
  }
  const std::string hash = idx.At("config_hash").String();
  branch->snapshot_config_hash = hash;

  // The index must belong to the run in its folder...
  const fs::path manifest_path = dir / "manifest.json";
  if (fs::exists(manifest_path)) {
    Json manifest;
    try {
      manifest = Json::parse(ReadBytes(manifest_path));
    } catch (const Json::parse_error& err) {
      throw ConfigError(manifest_path.string(), "", "valid JSON", err.what());
    }
    const std::string run_hash = manifest.is_object() && manifest.contains("config_hash") &&
                                         manifest["config_hash"].is_string()
                                     ? manifest["config_hash"].get<std::string>()
                                     : std::string();
    if (run_hash != hash) {
      idx.At("config_hash").Fail("the config hash of the run in the same folder (manifest.json: \"" +
                                 run_hash + "\")");
    }
  }
  // ...and to the run the branch names, if it pins one.
  if (auto pinned = node.Find("config_hash")) {
    if (pinned->String() != hash) pinned->Fail("the snapshot's config hash \"" + hash + "\"");
  }

  // The branch continues the snapshot's random streams and its World layout.
  const std::string why = " (a branch continues the snapshot's run)";
  const uint64_t seed = static_cast<uint64_t>(idx.At("seed").Integer(0, 9007199254740991L));
  if (seed != e.seed) root.At("seed").Fail("the snapshot's seed " + std::to_string(seed) + why);
  const ConfigNode scenario = root.At("scenario");
  const int horizon = static_cast<int>(idx.At("horizon").Integer(1, 100000));
  if (horizon != e.scenario.horizon) {
    const std::string expected = "the snapshot's horizon " + std::to_string(horizon) + why;
    if (scenario.Has("horizon")) scenario.At("horizon").Fail(expected);
    scenario.Fail(expected, "the default horizon " + std::to_string(e.scenario.horizon));
  }
  const auto seats = idx.At("seats").json().get<std::vector<std::string>>();
  if (seats != e.scenario.SeatIds()) {
    scenario.At("games").Fail("games with the snapshot's seats " + Joined(seats) + why,
                              "seats " + Joined(e.scenario.SeatIds()));
  }
  const auto agents = idx.At("agents").json().get<std::vector<std::string>>();
  if (agents != AgentIds(e.scenario)) {
    scenario.At("agents").Fail("the snapshot's agents " + Joined(agents) + why,
                               "agents " + Joined(AgentIds(e.scenario)));
  }
  const uint32_t available = static_cast<uint32_t>(idx.At("replicates").Integer(1, 100000000L));
  if (e.replicates > available) {
    root.At("replicates").Fail("at most the snapshot's " + std::to_string(available) +
                               " replicates" + why);
  }

  // The quarter: a label ("2027Q2") or a number of quarters played.
  const ConfigNode quarter_node = node.At("quarter");
  const std::string quarter_text =
      quarter_node.IsNumber() ? std::to_string(quarter_node.Integer(0, 100000))
                              : quarter_node.String();
  const ConfigNode quarters = idx.At("quarters");
  std::string held;
  std::optional<ConfigNode> block;
  const int q = ParseQuarter(e.scenario, quarter_text);
  for (size_t i = 0; i < quarters.Size(); ++i) {
    const ConfigNode entry = quarters.Element(i);
    const int held_q = static_cast<int>(entry.At("quarter").Integer(0, horizon));
    held += (held.empty() ? "" : ", ") + e.scenario.QuarterLabel(held_q) + " (" +
            std::to_string(held_q) + ")";
    if (held_q == q) block = entry;
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
  branch->states = LoadStates(dir / "snapshots.bin", *block, available, q, seats.size());
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
