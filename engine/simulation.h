// One replicate from start to horizon: draw its parameters, build its World
// and fresh policy instances, and play every quarter (decide, then update).
// No threading here; the Monte Carlo runner calls this from its parallel loop.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <vector>

#include "engine/experiment.h"
#include "games/classifier.h"
#include "games/world.h"

namespace geostrat {

struct ReplicateOutcome {
  std::vector<double> drawn;       // uncertain parameters (UncertainNames order)
  Indicators end;                  // trailing 8-quarter means at the horizon
  std::vector<double> utility;     // discounted utility per agent
  OutcomeClass outcome = kContestedTransition;
  std::array<int, kNumClasses> first_met{};
};

// One replicate stepped a quarter at a time: its drawn parameters and agent
// weights, a policy instance and random stream per seat, and the payoff oracle
// the learning policies read. Decide() asks every policy for its action on the
// pre-quarter World; Play() then plays the quarter with whatever actions it is
// given, so a caller may replace some seats' choices (the seminar mode's
// player) before the quarter is played. Policies keep state across quarters:
// call Decide() once per quarter, then Play(), in order from the World the
// stepper started on.
class QuarterStepper {
 public:
  QuarterStepper(const Experiment& experiment, uint32_t replicate);
  ~QuarterStepper();
  QuarterStepper(const QuarterStepper&) = delete;
  QuarterStepper& operator=(const QuarterStepper&) = delete;

  // The replicate's World before its first quarter.
  World Start() const;
  // What every seat's policy chooses for quarter world.quarter (valid until
  // the next call).
  const std::vector<int>& Decide(const World& world);
  // Plays quarter world.quarter with one action per seat (scenario order) and
  // the quarter's chance stream.
  void Play(World& world, const std::vector<int>& actions);

  const ModelParams& params() const;
  const std::vector<AgentWeights>& weights() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

class Simulation {
 public:
  explicit Simulation(const Experiment& experiment);

  // Called with the pre-quarter World and the actions the policies chose for
  // it (before lobbying may soften the export stance).
  using DecisionHook = std::function<void(const World&, const std::vector<int>&)>;

  // Plays replicate `replicate` to the horizon. `observe`, if set, is called
  // with the start state and after every quarter; `decided` after every
  // decision.
  World Run(uint32_t replicate, const std::function<void(const World&)>& observe = {},
            const DecisionHook& decided = {}) const;
  // Plays from `world` (a state of replicate `replicate`, possibly restored
  // from a snapshot) to the horizon.
  void Continue(World& world, uint32_t replicate,
                const std::function<void(const World&)>& observe = {},
                const DecisionHook& decided = {}) const;
  ReplicateOutcome Summarise(const World& world, uint32_t replicate) const;

  const Experiment& experiment() const { return experiment_; }

 private:
  void Play(QuarterStepper& stepper, World& world, const std::function<void(const World&)>& observe,
            const DecisionHook& decided) const;

  const Experiment& experiment_;
};

// Policy parameter substreams: 20000 + 100 * seat (see games/scenario.h).
constexpr uint32_t kPolicySubstream = 20000;

// Every parameter drawn from a prior (scenario, games, agents and policies) as
// "parameters/<name>", "games/<game>/<name>", "agents/<id>/<name>",
// "policies/<seat>/<name>", and one replicate's values in the same order.
std::vector<std::string> UncertainNames(const Experiment& experiment);
std::vector<double> UncertainValues(const Experiment& experiment, uint32_t replicate);

}  // namespace geostrat
