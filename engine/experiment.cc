#include "engine/experiment.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/core/error.h"
#include "engine/core/hash.h"
#include "engine/snapshot.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;

Json ParseFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path, "", "a readable JSON file", "no such file or it cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  try {
    return Json::parse(text.str());
  } catch (const Json::parse_error& e) {
    // nlohmann reports the byte offset; turn it into line:column.
    const std::string s = text.str();
    size_t line = 1, col = 1;
    // e.byte counts the offending character itself.
    for (size_t i = 0; i + 1 < e.byte && i < s.size(); ++i) {
      if (s[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    throw ConfigError(path, "", "valid JSON",
                      "a syntax error at line " + std::to_string(line) + ", column " +
                          std::to_string(col) + " (" + e.what() + ")");
  }
}

void RecordAll(const Json& value, const std::string& pointer, const std::string& file,
               SourceMap& sources) {
  sources.Record(pointer, file);
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      RecordAll(*it, pointer + "/" + PointerToken(it.key()), file, sources);
    }
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      RecordAll(value[i], pointer + "/" + std::to_string(i), file, sources);
    }
  }
}

// RFC 7386 merge patch of `patch` onto `target`, recording which file supplied
// each value. Policies are replaced per seat, not merged, so switching a
// seat's policy never inherits the old policy's parameters.
void MergePatch(Json& target, const Json& patch, const std::string& pointer,
                const std::string& file, SourceMap& sources) {
  if (!patch.is_object() || !target.is_object() || pointer.rfind("/policies/", 0) == 0) {
    target = patch;
    RecordAll(patch, pointer, file, sources);
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
      RecordAll(*it, child, file, sources);
    }
  }
}

MergedConfig Load(const std::string& path, std::set<std::string>& chain) {
  const std::string canonical = fs::weakly_canonical(fs::path(path)).string();
  Json json = ParseFile(path);
  if (!json.is_object()) {
    throw ConfigError(path, "", "a JSON object at the top level", DescribeJson(json));
  }
  if (!chain.insert(canonical).second) {
    throw ConfigError(path, "/extends", "a chain of \"extends\" without cycles",
                      "a cycle back to " + path);
  }
  if (!json.contains("extends")) {
    MergedConfig merged{json, std::make_shared<SourceMap>()};
    RecordAll(json, "", path, *merged.sources);
    return merged;
  }
  if (!json["extends"].is_string()) {
    throw ConfigError(path, "/extends", "a path to the parent config (a string)",
                      DescribeJson(json["extends"]));
  }
  const fs::path parent = fs::path(path).parent_path() / json["extends"].get<std::string>();
  if (!fs::exists(parent)) {
    throw ConfigError(path, "/extends", "the path of an existing config, relative to this file",
                      "\"" + json["extends"].get<std::string>() + "\" (" + parent.string() +
                          " does not exist)");
  }
  MergedConfig merged = Load(parent.string(), chain);
  json.erase("extends");
  MergePatch(merged.json, json, "", path, *merged.sources);
  return merged;
}

}  // namespace

MergedConfig LoadMergedConfig(const std::string& path) {
  std::set<std::string> chain;
  return Load(path, chain);
}

Experiment ExperimentFromConfig(const MergedConfig& config, const std::string& file) {
  ConfigNode root(config.json, "", config.sources);
  // "metagame" belongs to geostrat equilibrium (engine/metagame.cc) and
  // "timeline" to geostrat replay and backtest (engine/replay.cc), which read
  // them; a plain run simulates the base policies.
  root.AllowOnlyKeys({"name", "description", "seed", "replicates", "scenario", "policies",
                      "metagame", "start_from", "timeline"});
  Experiment e;
  e.file = file;
  e.name = root.At("name").String();
  if (e.name.empty() || e.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") !=
                            std::string::npos) {
    root.At("name").Fail("a name of lower-case letters, digits, '_' and '-' (it names the "
                         "results folder)");
  }
  if (auto d = root.Find("description")) e.description = d->String();
  e.seed = static_cast<uint64_t>(root.At("seed").Integer(0, 9007199254740991L));
  e.replicates = static_cast<uint32_t>(root.At("replicates").Integer(1, 100000000L));
  e.scenario = ReadScenario(root.At("scenario"));

  const ConfigNode policies = root.At("policies");
  policies.AllowOnlyKeys(e.scenario.SeatIds());
  const GameContext context = ContextOf(e.scenario);
  std::string missing;
  for (size_t seat = 0; seat < e.scenario.seats.size(); ++seat) {
    const std::string& id = e.scenario.seats[seat].id;
    if (!policies.Has(id)) {
      missing += (missing.empty() ? "" : ", ") + id;
      continue;
    }
    e.policies.push_back(ReadPolicy(policies.At(id), context, static_cast<int>(seat)));
  }
  if (!missing.empty()) {
    policies.Fail("a policy for every seat of the games played", "none for " + missing);
  }
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
