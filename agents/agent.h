// Agents and their kinds. An agent is an id, a kind (country, chipmaker,
// hyperscaler), the bloc it belongs to, and typed parameters: objective weights
// for countries, market share and margin for chipmakers, demand share and the
// value of compute for hyperscalers. Agents hold no behaviour: decisions come
// from the policies assigned to the seats an agent occupies in stage games.
#pragma once

#include <string>
#include <vector>

#include "engine/core/param.h"

namespace geostrat {

enum class AgentKind { kCountry, kChipmaker, kHyperscaler };

// Blocs aggregate the market: every quantity of the model is kept per bloc, and
// an agent's utility reads its own bloc's quantities.
enum class Bloc { kUs, kAllied, kChina, kGlobalSouth };
constexpr int kNumBlocs = 4;

const std::vector<std::string>& BlocNames();  // "us", "allied", "china", "global_south"

struct AgentKindInfo {
  AgentKind kind;
  std::string name;
  std::string doc;
  std::vector<ParamSpec> params;
};

// The registry of agent kinds (one explicit list).
const std::vector<AgentKindInfo>& AgentKinds();
const AgentKindInfo& AgentKindInfoOf(AgentKind kind);

struct AgentSpec {
  std::string id;
  AgentKind kind;
  Bloc bloc;
  ParamSet params;
};

// Reads one entry of scenario.agents: {"kind": ..., "bloc": ..., "params": {...}}.
AgentSpec ReadAgent(const std::string& id, const ConfigNode& node);
Json AgentToJson(const AgentSpec& agent);

}  // namespace geostrat
