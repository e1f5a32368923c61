// The stage game two seats of the model face at a given quarter: the payoff
// table built by counterfactual evaluation of the quarter step from the World
// of that quarter, every other seat playing what its policy played, with the
// quarter's own chance draws (common random numbers across cells).
#pragma once

#include <cstdint>
#include <vector>

#include "engine/run/experiment.h"
#include "games/model_params.h"
#include "games/normal_form.h"
#include "games/world.h"

namespace geostrat {

// The World of one replicate just before `quarter`, what every seat's policy
// chose for that quarter, and the replicate's parameters.
struct StageState {
  World before;
  std::vector<int> played;
  ModelParams params;
};
StageState StageStateAt(const Experiment& experiment, int quarter, uint32_t replicate);

// Payoffs are each seat's agent's quarterly utility ($B-equivalents).
NormalForm StagePayoffTable(const Experiment& experiment, int seat_a, int seat_b, int quarter,
                            uint32_t replicate);

}  // namespace geostrat
