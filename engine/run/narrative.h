// The story of one run: a representative replicate, chosen deterministically
// from the run's outcomes, re-simulated quarter by quarter with every seat's
// move and a plain-language reason for it, derived from the seat's policy,
// its parameters and what it observed. Written to the run folder as
// representative.json and shown as the report's timeline.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/config_node.h"
#include "engine/run/experiment.h"
#include "engine/run/runner.h"

namespace geostrat {

struct Representative {
  uint32_t replicate = 0;
  OutcomeClass outcome = kContestedTransition;
  uint64_t class_count = 0;  // replicates in the modal class
};

// The replicate of the modal outcome class (ties: the earlier class) whose end
// indicators are closest to the class's medians, each indicator scaled by its
// standard deviation within the class (ties: the lower index). Depends only on
// the replicates' outcomes, so it is the same for any thread count.
Representative ChooseRepresentative(const RunOutput& run);

// Why `seat`'s policy (`policy`: its resolved JSON; `numbers`: its drawn
// numeric parameters by name) chose `action` on the pre-quarter World
// `before`; `now` (empty if unknown) holds every seat's move of the quarter,
// for a follower that answers a leader's move in the quarter. One sentence,
// naming the observed trigger where there is one.
std::string ExplainMove(const Experiment& experiment, const World& before, int seat, int action,
                        const Json& policy, const Json& numbers, const std::vector<int>& now = {});

// representative.json: the chosen replicate re-simulated, with per quarter the
// key indicators, the class whose conditions hold, and every seat's move with
// its reason.
Json RepresentativeJson(const Experiment& experiment, const RunOutput& run);

}  // namespace geostrat
