// The registry of agent kinds and their parameters. Objective weights are in
// $B-equivalents per quarter, so utilities of different agents share a unit.
#include "agents/agent.h"

#include "engine/core/error.h"

namespace geostrat {

const std::vector<std::string>& BlocNames() {
  static const std::vector<std::string> names = {"us", "allied", "china", "global_south"};
  return names;
}

const std::vector<AgentKindInfo>& AgentKinds() {
  static const std::vector<AgentKindInfo> kinds = {
      {AgentKind::kCountry,
       "country",
       "A government. Utility per quarter = w_industry x its bloc's chip-industry gross profit "
       "+ fees and mineral export revenue received - mineral disruption and programme costs "
       "+ w_compute x own compute share - w_rival_compute x rival compute share "
       "+ w_self_sufficiency x own self-sufficiency + w_dependence x others' dependence on its "
       "stack + w_alliance x allied alignment + w_hedge x balance of Global South stacks "
       "- w_shortfall x unmet chip demand - w_political x salience x softness; the share and "
       "index terms are scaled by the AI market's size against the start, so that they keep "
       "their weight as profits grow (see docs/model.md §4).",
       {
           {"w_industry", 1.0, 0, 10, "x", "D: a government counts its industry's profit at par",
            "weight on the bloc's chip-industry gross profit"},
           {"w_compute", 0, 0, 1000, "$B/q per unit share", "D: revealed preference, docs/model.md",
            "value of its own bloc's share of installed AI compute"},
           {"w_rival_compute", 0, 0, 1000, "$B/q per unit share",
            "D: revealed preference, docs/model.md", "cost of the rival bloc's compute share"},
           {"w_self_sufficiency", 0, 0, 1000, "$B/q per unit share",
            "D: revealed preference, docs/model.md",
            "value of self-sufficiency (China: S_CN; US bloc: non-China mineral supply share)"},
           {"w_dependence", 0, 0, 1000, "$B/q per unit share", "seed 003 (Huang's argument)",
            "value of others' dependence on this bloc's stack (US bloc: China's X_chip; China: "
            "the Global South's share on the Chinese stack, 1 - G_US)"},
           {"w_political", 0, 0, 1000, "$B/q", "seed 002 (salience)",
            "political cost of a soft stance (export frontier F) while the issue is salient"},
           {"w_alliance", 0, 0, 1000, "$B/q", "D: revealed preference, docs/model.md",
            "value of aligning equipment controls with the US (allies)"},
           {"w_hedge", 0, 0, 1000, "$B/q", "seed 001 (functional layering)",
            "value of a balanced mix of US and Chinese stacks (Global South)"},
           {"w_shortfall", 0, 0, 1000, "$B per M cards/yr", "D: docs/model.md",
            "cost of unmet domestic chip demand"},
       }},
      {AgentKind::kChipmaker,
       "chipmaker",
       "An accelerator designer of a bloc (us or allied: US-bloc designers, Nvidia/AMD on allied "
       "foundries; china: Huawei "
       "Ascend and peers on SMIC-class capacity). Utility = share x bloc chip gross profit "
       "(margins us_margin, cn_margin) - fees, lobbying spend and write-offs (US) or capacity "
       "investment (China).",
       {
           {"share", 1.0, 0, 1, "", "D", "its share of its bloc's accelerator sales"},
       }},
      {AgentKind::kHyperscaler,
       "hyperscaler",
       "A buyer of accelerators in its bloc's market (us or allied: the US-bloc market; china; "
       "global_south). Utility = share x (value of its market's installed compute - spend on "
       "chips).",
       {
           {"share", 1.0, 0, 1, "", "D", "its share of its market's chip demand"},
           {"compute_value", 2.0, 0, 100, "$k per H100e-quarter",
            "D: ioc.capex_cost (cloud prices ~2x hardware cost)",
            "value of one H100-equivalent of installed compute for a quarter"},
       }},
  };
  return kinds;
}

const AgentKindInfo& AgentKindInfoOf(AgentKind kind) {
  for (const auto& k : AgentKinds()) {
    if (k.kind == kind) return k;
  }
  throw InternalError("unregistered agent kind");
}

AgentSpec ReadAgent(const std::string& id, const ConfigNode& node) {
  node.AllowOnlyKeys({"kind", "bloc", "params", "doc"});
  std::vector<std::string> kind_names;
  for (const auto& k : AgentKinds()) kind_names.push_back(k.name);
  const std::string kind_name = node.At("kind").Name("agent kind", kind_names);
  const std::string bloc_name = node.At("bloc").Name("bloc", BlocNames());
  if (auto d = node.Find("doc")) d->String();
  AgentSpec agent;
  agent.id = id;
  for (const auto& k : AgentKinds()) {
    if (k.name == kind_name) agent.kind = k.kind;
  }
  for (size_t b = 0; b < BlocNames().size(); ++b) {
    if (BlocNames()[b] == bloc_name) agent.bloc = static_cast<Bloc>(b);
  }
  // Chip designers exist in the US bloc (with allied foundries) and China only.
  if (agent.kind == AgentKind::kChipmaker && agent.bloc == Bloc::kGlobalSouth) {
    node.At("bloc").Fail("us, allied or china for a chipmaker");
  }
  auto params = node.Find("params");
  agent.params = ParamSet::Read(AgentKindInfoOf(agent.kind).params, params ? &*params : nullptr);
  return agent;
}

Json AgentToJson(const AgentSpec& agent) {
  return Json{{"kind", AgentKindInfoOf(agent.kind).name},
              {"bloc", BlocNames()[static_cast<int>(agent.bloc)]},
              {"params", agent.params.ToJson()}};
}

}  // namespace geostrat
