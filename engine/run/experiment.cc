#include "engine/run/experiment.h"

#include <sys/stat.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "engine/core/durable_file.h"
#include "engine/core/error.h"
#include "engine/core/hash.h"
#include "engine/core/names.h"
#include "engine/run/snapshot.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;

// "line L, column C" of byte offset `byte` (1-based, counting the offending
// character itself, as nlohmann reports it).
std::string LineColumn(const std::string& text, size_t byte) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

// A token for a message: long ones are cut (a 1000-digit number).
std::string ShortToken(const std::string& token) {
  if (token.size() <= 40) return token;
  return token.substr(0, 30) + "... (" + std::to_string(token.size()) + " characters)";
}

// Builds the document of one config file with nlohmann's SAX parser, adding
// what its DOM parser does not check: the nesting depth (kMaxConfigDepth,
// enforced as containers open, so no later recursive pass can overflow the
// stack), keys given twice in one object (which value was meant?), and
// numbers too large for a double, each reported at its JSON pointer.
class ConfigReader {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  ConfigReader(const std::string& path, const std::string& text) : path_(path), text_(text) {}

  Json Parse() {
    if (text_.find_first_not_of(" \t\r\n") == std::string::npos) {
      throw ConfigError(path_, "", "valid JSON (an object)", "an empty file");
    }
    Json::sax_parse(text_, this);
    return std::move(root_);
  }

  bool null() { return Value(nullptr); }
  bool boolean(bool v) { return Value(v); }
  bool number_integer(number_integer_t v) { return Value(v); }
  bool number_unsigned(number_unsigned_t v) { return Value(v); }
  bool number_float(number_float_t v, const string_t&) { return Value(v); }
  bool string(string_t& v) { return Value(std::move(v)); }
  bool binary(binary_t& v) { return Value(std::move(v)); }
  bool start_object(std::size_t) { return Open(Json::object()); }
  bool start_array(std::size_t) { return Open(Json::array()); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }

  bool key(string_t& k) {
    Frame& top = open_.back();
    if (top.value->contains(k)) {
      throw ConfigError(path_, Pointer(open_.size() - 1) + "/" + PointerToken(k),
                        "each key once in an object", "\"" + k + "\" a second time");
    }
    top.key = std::move(k);
    return true;
  }

  bool parse_error(std::size_t position, const std::string& last_token,
                   const Json::exception& e) {
    if (e.id == 406) {  // a number beyond the range of a double
      throw ConfigError(path_, Pointer(), "a number of magnitude below 1.8e308",
                        ShortToken(last_token) + " at " + LineColumn(text_, position));
    }
    // nlohmann's text after its "[json.exception...] ... column C: " prefix;
    // long tokens it quotes are cut.
    std::string detail = e.what();
    const size_t colon = detail.find(": ");
    if (colon != std::string::npos) detail = detail.substr(colon + 2);
    if (detail.size() > 200) detail = detail.substr(0, 200) + "...";
    throw ConfigError(path_, "", "valid JSON",
                      "a syntax error at " + LineColumn(text_, position) + " (" + detail + ")");
  }

 private:
  struct Frame {
    Json* value;
    std::string key;  // an object's current key
  };

  // The pointer of the next value: each open container's current slot. With
  // `depth` below the number of open containers: the pointer of one of them.
  std::string Pointer(size_t depth = SIZE_MAX) const {
    std::string p;
    for (size_t i = 0; i < std::min(depth, open_.size()); ++i) {
      const Json& v = *open_[i].value;
      if (v.is_object()) {
        p += "/" + PointerToken(open_[i].key);
      } else {
        // A container below this one is already its last element.
        const size_t next = v.size() - (i + 1 < open_.size() ? 1 : 0);
        p += "/" + std::to_string(next);
      }
    }
    return p;
  }

  Json* Place(Json&& v) {
    if (open_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Frame& top = open_.back();
    if (top.value->is_array()) {
      top.value->push_back(std::move(v));
      return &top.value->back();
    }
    return &((*top.value)[top.key] = std::move(v));
  }

  bool Value(Json&& v) {
    Place(std::move(v));
    return true;
  }

  bool Open(Json&& container) {
    if (open_.size() >= static_cast<size_t>(kMaxConfigDepth)) {
      throw ConfigError(path_, Pointer(),
                        "arrays and objects nested at most " + std::to_string(kMaxConfigDepth) +
                            " deep",
                        "deeper nesting");
    }
    open_.push_back({Place(std::move(container)), ""});
    return true;
  }

  bool Close() {
    open_.pop_back();
    return true;
  }

  const std::string& path_;
  const std::string& text_;
  Json root_;
  std::vector<Frame> open_;
};

// RFC 7386 merge patch of `patch` onto `target`, recording which file supplied
// each value. Policies are replaced per seat, not merged, so switching a
// seat's policy never inherits the old policy's parameters.
void MergePatch(Json& target, const Json& patch, const std::string& pointer,
                const std::string& file, SourceMap& sources) {
  if (!patch.is_object() || !target.is_object() || pointer.rfind("/policies/", 0) == 0) {
    target = patch;
    sources.Record(pointer, file);
    return;
  }
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    const std::string child = pointer + "/" + PointerToken(it.key());
    if (it->is_null()) {
      target.erase(it.key());
    } else if (target.contains(it.key())) {
      MergePatch(target[it.key()], *it, child, file, sources);
    } else {
      target[it.key()] = *it;
      sources.Record(child, file);
    }
  }
}

// The path named by "extends" in `file`, checked before anything is opened:
// a non-empty string without control characters (a NUL would silently cut
// the name), with file names the file system can hold.
fs::path ExtendsPath(const std::string& file, const Json& json) {
  const Json& ext = json["extends"];
  const std::string expected = "a path to the parent config (a string)";
  if (!ext.is_string()) throw ConfigError(file, "/extends", expected, DescribeJson(ext));
  const std::string name = ext.get<std::string>();
  if (name.empty()) throw ConfigError(file, "/extends", expected, "an empty string");
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      throw ConfigError(file, "/extends", "a path without control characters",
                        DescribeJson(ext));
    }
  }
  if (name.size() >= PATH_MAX) {
    throw ConfigError(file, "/extends",
                      "a path of at most " + std::to_string(PATH_MAX - 1) + " bytes",
                      "one of " + std::to_string(name.size()) + " bytes");
  }
  for (const auto& part : fs::path(name)) {
    if (part.string().size() > NAME_MAX) {
      throw ConfigError(file, "/extends",
                        "a path whose file names are at most " + std::to_string(NAME_MAX) +
                            " bytes",
                        "a file name of " + std::to_string(part.string().size()) + " bytes");
    }
  }
  return fs::path(file).parent_path() / name;
}

// The files of the chain being read, by identity (device, inode): a cycle
// through symbolic links or different spellings of a path is still found.
using Chain = std::vector<std::pair<dev_t, ino_t>>;

// Where a config comes from: the command line, or the "extends" of `child`
// (as written there).
struct Origin {
  std::string child;
  std::string written;
};

const std::string kConfigFile = "a readable JSON file";

// The text of a config file: a regular file of at most kMaxConfigBytes,
// checked on the open descriptor before anything is read (a FIFO never
// blocks, a device is never read). A parent's problem is reported at the
// child's "extends".
std::string ReadConfigText(const std::string& path, const Origin& from) {
  try {
    return ReadFileCapped(path, kMaxConfigBytes, kConfigFile);
  } catch (const ConfigError& e) {
    if (from.child.empty()) throw;
    throw ConfigError(from.child, "/extends",
                      "the path of a config (a regular file of at most " +
                          DescribeBytes(kMaxConfigBytes) + "), relative to this file",
                      "\"" + from.written + "\" (" + path + ": " + e.found() + ")");
  }
}

// "PARENT with: POINTER = VALUE; ..." for a child's own values (a policy is
// replaced whole, so it is one entry; long values are cut).
std::string DescribeOverrides(const std::string& parent, const Json& child) {
  std::vector<std::string> entries;
  std::function<void(const Json&, const std::string&)> walk = [&](const Json& v,
                                                                   const std::string& at) {
    if (v.is_object() && !v.empty() && at != "" && at.rfind("/policies/", 0) != 0) {
      for (auto it = v.begin(); it != v.end(); ++it) walk(it.value(), at + "/" + it.key());
      return;
    }
    if (v.is_object() && at.empty()) {
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (it.key() != "name") walk(it.value(), "/" + it.key());
      }
      return;
    }
    std::string text = v.dump();
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    entries.push_back(at + " = " + text);
  };
  walk(child, "");
  std::string out = parent + " with:";
  for (size_t i = 0; i < entries.size(); ++i) out += (i ? "; " : " ") + entries[i];
  if (entries.empty()) out += " nothing changed";
  return out;
}

// The manifest.json of a `geostrat run` folder (a config never has these
// keys). Other verbs' manifests are refused with their own rerun command.
bool IsRunManifest(const Json& json, const std::string& path) {
  if (!json.contains("config") || !json.contains("rerun") || !json.contains("program")) {
    return false;
  }
  const Json& rerun = json["rerun"];
  const std::string command = rerun.is_string() ? rerun.get<std::string>() : "";
  if (command.rfind("geostrat run ", 0) != 0 || !json["config"].is_object()) {
    throw ConfigError(path, "/rerun", "a config, or the manifest.json of a geostrat run folder",
                      "the manifest of another verb's folder",
                      command.empty() ? "" : "rerun it with: " + command);
  }
  return true;
}

MergedConfig Resolve(const std::string& path, Json json, Chain& chain, const Origin& from,
                     int depth);

// `depth`: the files of the chain so far, this one included.
MergedConfig Load(const std::string& path, Chain& chain, const Origin& from, int depth) {
  const std::string text = ReadConfigText(path, from);
  // The file's identity, for cycles; a file gone since it was read is the
  // chain limit's to stop.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    const auto id = std::make_pair(st.st_dev, st.st_ino);
    if (std::find(chain.begin(), chain.end(), id) != chain.end()) {
      throw ConfigError(from.child, "/extends", "a chain of \"extends\" without cycles",
                        "a cycle back to " + path);
    }
    chain.push_back(id);
  }
  return Resolve(path, ConfigReader(path, text).Parse(), chain, from, depth);
}

// A parsed config named `path` (a file, or a label for one given in memory)
// with its "extends" chain merged in.
MergedConfig Resolve(const std::string& path, Json json, Chain& chain, const Origin& from,
                     int depth) {
  if (!json.is_object()) {
    throw ConfigError(path, "", "a JSON object at the top level", DescribeJson(json));
  }
  if (from.child.empty() && IsRunManifest(json, path)) {
    // A run folder's manifest.json holds the run's whole resolved config
    // (seed and replicates included): running it reruns the run exactly.
    MergedConfig merged{json["config"], std::make_shared<SourceMap>()};
    merged.sources->Record("", path);
    return merged;
  }
  if (!json.contains("extends")) {
    MergedConfig merged{std::move(json), std::make_shared<SourceMap>()};
    merged.sources->Record("", path);
    return merged;
  }
  const fs::path parent = ExtendsPath(path, json);
  if (depth >= kMaxExtendsChain) {
    throw ConfigError(path, "/extends",
                      "a chain of at most " + std::to_string(kMaxExtendsChain) +
                          " configs through \"extends\"",
                      "a longer one (" + parent.string() + " would be config " +
                          std::to_string(depth + 1) + ")");
  }
  MergedConfig merged =
      Load(parent.string(), chain, {path, json["extends"].get<std::string>()}, depth + 1);
  json.erase("extends");
  // A child without a description of its own would inherit its parent's,
  // and a what-if's report would then describe the parent: say instead what
  // it is, the parent with what it changes.
  const bool described = json.contains("description");
  const Json parent_name = merged.json.contains("name") ? merged.json["name"] : Json(nullptr);
  MergePatch(merged.json, json, "", path, *merged.sources);
  if (!described && parent_name.is_string()) {
    merged.json["description"] = DescribeOverrides(parent_name.get<std::string>(), json);
    merged.sources->Record("/description", path);
  }
  return merged;
}

struct KindInfo {
  const char* what;  // "a sweep config"
  const char* why;   // the keys that tell ("" for the default kind)
  const char* verb;  // how to run it
};

KindInfo InfoOf(ConfigKind kind) {
  switch (kind) {
    case ConfigKind::kExperiment:
      return {"an experiment config", "", "geostrat run"};
    case ConfigKind::kHistory:
      return {"a history config", "it has a \"timeline\"", "geostrat replay"};
    case ConfigKind::kSweep: return {"a sweep config", "it has a \"sweep\"", "geostrat sweep"};
    case ConfigKind::kMetaGame:
      return {"a meta-game config", "it has a \"metagame\"", "geostrat equilibrium"};
    case ConfigKind::kTournament:
      return {"a tournament config", "it has a \"game\" or \"strategies\" and no \"scenario\"",
              "geostrat tournament"};
  }
  throw InternalError("unknown config kind");
}

}  // namespace

ConfigKind KindOfConfig(const Json& config) {
  if (!config.is_object()) return ConfigKind::kExperiment;
  if (config.contains("sweep")) return ConfigKind::kSweep;
  if (config.contains("metagame")) return ConfigKind::kMetaGame;
  if (config.contains("timeline")) return ConfigKind::kHistory;
  if ((config.contains("game") || config.contains("strategies")) &&
      !config.contains("scenario") && !config.contains("policies")) {
    return ConfigKind::kTournament;
  }
  return ConfigKind::kExperiment;
}

void ExpectConfigKind(const MergedConfig& config, const std::string& file,
                      const std::vector<ConfigKind>& accepted, const std::string& expected) {
  const ConfigKind kind = KindOfConfig(config.json);
  if (std::find(accepted.begin(), accepted.end(), kind) != accepted.end()) return;
  const KindInfo info = InfoOf(kind);
  std::string found = info.what;
  if (*info.why) found += std::string(" (") + info.why + ")";
  throw ConfigError(file, "", expected, found, std::string("use ") + info.verb + " " + ShellQuote(file));
}

std::string ReadFolderName(const ConfigNode& node) {
  const std::string name = node.String();
  const std::string expected =
      "1 to " + std::to_string(kMaxNameLength) +
      " lower-case letters, digits, '_' and '-', starting with a letter or digit (it names the "
      "results folder)";
  if (name.size() > kMaxNameLength) {
    node.Fail(expected, "a name of " + std::to_string(name.size()) + " characters");
  }
  const bool valid = !name.empty() &&
                     name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") ==
                         std::string::npos &&
                     name[0] != '_' && name[0] != '-';
  if (!valid) node.Fail(expected);
  return name;
}

MergedConfig LoadMergedConfig(const std::string& path) {
  Chain chain;
  return Load(path, chain, {}, 1);
}

MergedConfig MergedConfigFromJson(const Json& json, const std::string& label) {
  Chain chain;
  return Resolve(label, json, chain, {}, 1);
}

Experiment ExperimentFromConfig(const MergedConfig& config, const std::string& file) {
  // A plain run reads meta-game and history configs too (their base policies).
  ExpectConfigKind(config, file,
                   {ConfigKind::kExperiment, ConfigKind::kHistory, ConfigKind::kMetaGame},
                   "an experiment config");
  ConfigNode root(config.json, "", config.sources);
  // "metagame" belongs to geostrat equilibrium (engine/analysis/metagame.cc) and
  // "timeline" to geostrat replay and backtest (engine/history/replay.cc), which read
  // them; a plain run simulates the base policies.
  // Every independent part is read even when another failed, so one run of
  // validate shows all of a file's mistakes (up to ConfigErrorCollector's limit).
  ConfigErrorCollector errors;
  errors.Try([&] {
    root.AllowOnlyKeys({"name", "description", "seed", "replicates", "scenario", "policies",
                        "metagame", "start_from", "timeline"});
  });
  Experiment e;
  e.file = file;
  errors.Try([&] { e.name = ReadFolderName(root.At("name")); });
  errors.Try([&] {
    if (auto d = root.Find("description")) e.description = d->String();
  });
  errors.Try([&] { e.seed = static_cast<uint64_t>(root.At("seed").Integer(0, 9007199254740991L)); });
  errors.Try([&] {
    e.replicates = static_cast<uint32_t>(root.At("replicates").Integer(1, 100000000L));
  });
  // The policies are read against the scenario's seats, so only once it is.
  const bool scenario_read = errors.Try([&] { e.scenario = ReadScenario(root.At("scenario")); });
  errors.Try([&] {
    const ConfigNode policies = root.At("policies");
    policies.ExpectObject();
    if (!scenario_read) return;
    ConfigErrorCollector seats;
    seats.Try([&] { policies.AllowOnlyKeys(e.scenario.SeatIds()); });
    const GameContext context = ContextOf(e.scenario);
    std::string missing;
    for (size_t seat = 0; seat < e.scenario.seats.size(); ++seat) {
      const std::string& id = e.scenario.seats[seat].id;
      if (!policies.Has(id)) {
        missing += (missing.empty() ? "" : ", ") + id;
        continue;
      }
      seats.Try([&] {
        e.policies.push_back(ReadPolicy(policies.At(id), context, static_cast<int>(seat)));
      });
    }
    if (!missing.empty()) {
      seats.Try([&] {
        policies.Fail("a policy for every seat of the games played", "none for " + missing);
      });
    }
    seats.ThrowIfAny();
  });
  errors.ThrowIfAny();
  if (root.Has("start_from")) e.start_from = ReadBranch(root, e);
  return e;
}

Experiment LoadExperiment(const std::string& path) {
  return ExperimentFromConfig(LoadMergedConfig(path), path);
}

Json Experiment::ToJson() const {
  Json p = Json::object();
  for (size_t seat = 0; seat < policies.size(); ++seat) {
    p[scenario.seats[seat].id] = policies[seat]->ToJson();
  }
  Json json{{"name", name},
            {"description", description},
            {"seed", seed},
            {"replicates", replicates},
            {"scenario", scenario.ToJson()},
            {"policies", p}};
  if (start_from) json["start_from"] = start_from->ToJson();
  return json;
}

std::string Experiment::Hash() const { return Fnv1aHex(ToJson().dump()); }

}  // namespace geostrat
