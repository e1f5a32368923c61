// The rules of one quarter (MODEL.md "One quarter, in order"). Every policy has
// already chosen its action from the same pre-quarter World; StepQuarter then
// resolves the games in a fixed order and updates the World in place. Pure
// function of (world, actions, parameters, chance stream): a best-response
// policy can evaluate a counterfactual quarter on a copy of the World.
#pragma once

#include <vector>

#include "engine/core/rng.h"
#include "games/model_params.h"
#include "games/scenario.h"
#include "games/world.h"

namespace geostrat {

// The world at the start (quarter 0 not yet played), calibrated to 2026Q1.
// Its `now` indicators describe the start state.
World InitialWorld(const Scenario& scenario, const ModelParams& p);

// Plays quarter world.quarter with one action per seat (scenario.seats order).
// `chance` must be the chance stream of this replicate and quarter: every
// quarter draws the same number of chance variates whatever the actions, so
// policy profiles share their chance events (common random numbers).
void StepQuarter(const Scenario& scenario, const ModelParams& p,
                 const std::vector<AgentWeights>& weights, World& world, const int* actions,
                 Rng& chance);

}  // namespace geostrat
