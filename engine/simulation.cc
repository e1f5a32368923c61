#include "engine/simulation.h"

#include "games/step.h"

namespace geostrat {

Simulation::Simulation(const Experiment& experiment) : experiment_(experiment) {}

World Simulation::Run(uint32_t replicate, const std::function<void(const World&)>& observe,
                      const DecisionHook& decided) const {
  const Scenario& s = experiment_.scenario;
  World world = InitialWorld(s, s.DrawParams(experiment_.seed, replicate));
  if (observe) observe(world);
  Continue(world, replicate, observe, decided);
  return world;
}

void Simulation::Continue(World& world, uint32_t replicate,
                          const std::function<void(const World&)>& observe,
                          const DecisionHook& decided) const {
  const Scenario& s = experiment_.scenario;
  const uint64_t seed = experiment_.seed;
  const ModelParams params = s.DrawParams(seed, replicate);
  const std::vector<AgentWeights> weights = s.DrawAgentWeights(seed, replicate);

  const size_t seats = s.seats.size();
  std::vector<std::unique_ptr<Policy>> policies;
  std::vector<Rng> streams;
  policies.reserve(seats);
  streams.reserve(seats);
  for (size_t seat = 0; seat < seats; ++seat) {
    const PolicyPlan& plan = *experiment_.policies[seat];
    const auto numbers = plan.numbers().Draw(seed, replicate,
                                             kPolicySubstream + 100 * static_cast<uint32_t>(seat));
    policies.push_back(plan.Make(numbers));
    // One stream per agent; each of its seats has its own substream.
    streams.emplace_back(seed, replicate, 1 + static_cast<uint32_t>(s.seats[seat].agent),
                         static_cast<uint32_t>(seat));
  }

  std::vector<int> actions(seats);
  while (world.quarter < s.horizon) {
    // 1. Every policy decides on the same pre-quarter World.
    for (size_t seat = 0; seat < seats; ++seat) {
      const Observation obs = ObserveWorld(s, world, static_cast<int>(seat));
      actions[seat] = policies[seat]->Act(obs, streams[seat]);
    }
    if (decided) decided(world, actions);
    Rng chance(seed, replicate, Rng::kChanceStream, static_cast<uint32_t>(world.quarter));
    StepQuarter(s, params, weights, world, actions.data(), chance);
    if (observe) observe(world);
  }
}

ReplicateOutcome Simulation::Summarise(const World& world, uint32_t replicate) const {
  ReplicateOutcome out;
  out.drawn = UncertainValues(experiment_, replicate);
  out.end = world.history.empty() ? world.now
                                  : TrailingMean(world.history,
                                                 static_cast<int>(world.history.size()) - 1);
  out.utility = world.utility;
  out.outcome = DeclareClass(world.class_history);
  out.first_met = world.first_met;
  return out;
}

std::vector<std::string> UncertainNames(const Experiment& e) {
  std::vector<std::string> names = UncertainParameterNames(e.scenario);
  for (size_t seat = 0; seat < e.policies.size(); ++seat) {
    const ParamSet& n = e.policies[seat]->numbers();
    for (size_t i = 0; i < n.size(); ++i) {
      if (!n.priors()[i].IsFixed()) {
        names.push_back("policies/" + e.scenario.seats[seat].id + "/" + n.specs()[i].name);
      }
    }
  }
  return names;
}

std::vector<double> UncertainValues(const Experiment& e, uint32_t replicate) {
  std::vector<double> values = UncertainParameterValues(e.scenario, e.seed, replicate);
  for (size_t seat = 0; seat < e.policies.size(); ++seat) {
    const ParamSet& n = e.policies[seat]->numbers();
    if (!n.AnyUncertain()) continue;
    const auto v = n.Draw(e.seed, replicate, kPolicySubstream + 100 * static_cast<uint32_t>(seat));
    for (size_t i = 0; i < v.size(); ++i) {
      if (!n.priors()[i].IsFixed()) values.push_back(v[i]);
    }
  }
  return values;
}

}  // namespace geostrat
