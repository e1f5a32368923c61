#include "engine/analysis/stage.h"

#include "engine/core/error.h"
#include "engine/run/simulation.h"
#include "games/step.h"

namespace geostrat {

StageState StageStateAt(const Experiment& e, int quarter, uint32_t replicate) {
  const Scenario& s = e.scenario;
  if (quarter < 0 || quarter >= s.horizon) {
    throw InternalError("StageStateAt: quarter out of range");
  }
  StageState state;
  Simulation(e).Run(replicate, {}, [&](const World& w, const std::vector<int>& chosen) {
    if (w.quarter == quarter) {
      state.before = w;
      state.played = chosen;
    }
  });
  state.params = s.DrawParams(e.seed, replicate);
  return state;
}

NormalForm StagePayoffTable(const Experiment& e, int seat_a, int seat_b, int quarter,
                            uint32_t replicate) {
  const Scenario& s = e.scenario;
  // The World before the quarter and what every policy chose for it.
  const StageState state = StageStateAt(e, quarter, replicate);
  const World& before = state.before;
  const std::vector<int>& played = state.played;
  const ModelParams& params = state.params;
  const auto weights = s.DrawAgentWeights(e.seed, replicate);
  const Seat& a = s.seats[seat_a];
  const Seat& b = s.seats[seat_b];
  NormalForm table(e.name + ": " + a.id + " vs " + b.id + " in " + s.QuarterLabel(quarter),
                   {a.id, b.id}, {a.actions, b.actions});
  for (size_t i = 0; i < a.actions.size(); ++i) {
    for (size_t j = 0; j < b.actions.size(); ++j) {
      World w = before;
      std::vector<int> actions = played;
      actions[seat_a] = static_cast<int>(i);
      actions[seat_b] = static_cast<int>(j);
      Rng chance(e.seed, replicate, Rng::kChanceStream, static_cast<uint32_t>(quarter));
      StepQuarter(s, params, weights, w, actions.data(), chance);
      const std::vector<int> profile = {static_cast<int>(i), static_cast<int>(j)};
      table.SetPayoff(profile, 0, w.last_utility[a.agent]);
      table.SetPayoff(profile, 1, w.last_utility[b.agent]);
    }
  }
  return table;
}

}  // namespace geostrat
