// Policies: how a seat chooses its action each quarter. A Policy instance lives
// for one replicate (fresh per replicate, never reused); a PolicyPlan is the
// parsed configuration of one seat's policy and makes those instances.
//
// Contract: Act() sees only the pre-quarter World (through Observation) and its
// own random stream; a deterministic policy never draws from that stream.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/config_node.h"
#include "engine/core/param.h"
#include "engine/core/rng.h"
#include "games/scenario.h"
#include "games/world.h"

namespace geostrat {

// What a policy may look at when it decides.
struct Observation {
  const Scenario& scenario;
  const World& world;  // the state before this quarter
  int seat;            // the deciding seat

  int quarter() const { return world.quarter; }
  // The action `seat` played `ago` quarters back (1 = last quarter); its
  // status-quo action before the first quarter.
  int Played(int other_seat, int ago) const {
    const int q = world.quarter - ago;
    if (q < 0) return scenario.status_quo[scenario.seats[other_seat].slot];
    return world.ActionAt(q, other_seat);
  }
  int NumActions(int other_seat) const {
    return static_cast<int>(scenario.seats[other_seat].actions.size());
  }
};

class Policy {
 public:
  virtual ~Policy() = default;
  virtual int Act(const Observation& obs, Rng& rng) = 0;
};

// A parsed policy configuration for one seat.
class PolicyPlan {
 public:
  virtual ~PolicyPlan() = default;
  // Numeric parameters, possibly with priors; drawn once per replicate.
  virtual const ParamSet& numbers() const { return numbers_; }
  // The resolved configuration, every default filled in (for the manifest).
  virtual Json ToJson() const = 0;
  // A fresh instance for one replicate, given its drawn numeric parameters.
  virtual std::unique_ptr<Policy> Make(const std::vector<double>& numbers) const = 0;
  // All plans nested in this one (scripted's fallback), for drawing numbers.
  virtual std::vector<const PolicyPlan*> Nested() const { return {}; }
  // Quarters of history the policy reads (kUnbounded: all of it).
  static constexpr int kUnbounded = -1;
  virtual int MemoryDepth() const = 0;
  virtual bool Stochastic() const = 0;

 protected:
  ParamSet numbers_;
};

// One documented parameter of a policy (numeric or not), for `geostrat list`.
struct PolicyParamDoc {
  std::string name;
  std::string default_value;
  std::string doc;
};

struct PolicyInfo {
  std::string name;
  std::string doc;
  std::string memory;  // quarters of history read: "0", "1", "lag + duration", "unbounded"
  bool stochastic;
  std::string observes;
  std::vector<PolicyParamDoc> params;
  std::string references;
  // Parses {"name": ..., <params>} for `seat` of `scenario`.
  std::function<std::shared_ptr<const PolicyPlan>(const ConfigNode&, const Scenario&, int seat)>
      parse;
};

// The registry of policies (one explicit list, policies/registry.cc).
const std::vector<PolicyInfo>& Policies();
std::vector<std::string> PolicyNames();

// Reads a policy specification {"name": "...", ...} for a seat.
std::shared_ptr<const PolicyPlan> ReadPolicy(const ConfigNode& node, const Scenario& scenario,
                                             int seat);

// Helpers for policy parsers.
namespace policy_util {
// An action name of `seat` (validated, nearest-first error), as its index.
int ReadAction(const ConfigNode& node, const Scenario& scenario, int seat);
// A seat id of the scenario, as its index.
int ReadSeat(const ConfigNode& node, const Scenario& scenario);
// The only other seat of the same game, or -1 if there is not exactly one.
int OtherSeatOfGame(const Scenario& scenario, int seat);
// Maps a level of a ladder with `from_n` rungs onto one with `to_n` rungs.
int MapLevel(int level, int from_n, int to_n);
}  // namespace policy_util

// Lists of each family's parser, defined in the policy's own .cc file.
std::shared_ptr<const PolicyPlan> ParseFixed(const ConfigNode&, const Scenario&, int);
std::shared_ptr<const PolicyPlan> ParseScripted(const ConfigNode&, const Scenario&, int);
std::shared_ptr<const PolicyPlan> ParseTitForTat(const ConfigNode&, const Scenario&, int);
std::shared_ptr<const PolicyPlan> ParseGrimTrigger(const ConfigNode&, const Scenario&, int);
std::shared_ptr<const PolicyPlan> ParseCrossRetaliation(const ConfigNode&, const Scenario&, int);

}  // namespace geostrat
