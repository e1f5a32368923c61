// Helpers shared by the learning strategies (learning_*.cc): reading their
// numeric parameters and "oracle" switch, the plan that makes their instances
// (and tells the model through UsesOracle() whether to build the payoff
// oracle), the decision draw and sampling.
//
// Stream discipline of the stochastic learners: the decision at turn t uses
// the (t + 1)-th uniform of the seat's stream. A running instance draws one
// uniform per decision; an instance created later first discards one per turn
// it did not decide, so any instance given the same history draws the same
// number at turn t and acts identically (the fresh-instance contract).
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "policies/policy.h"

namespace geostrat::learning {

// The numeric parameters of `specs` among the node's keys (priors allowed).
ParamSet ReadNumbers(const ConfigNode& node, const std::vector<ParamSpec>& specs);
// The "oracle" switch (default true): false learns from realised payoffs only.
bool ReadUseOracle(const ConfigNode& node);
// A plan whose resolved JSON is `json` plus the numbers, with unbounded memory.
std::shared_ptr<const PolicyPlan> MakePlan(
    Json json, ParamSet numbers, bool stochastic, bool uses_oracle,
    std::function<std::unique_ptr<Policy>(const std::vector<double>&)> make);
// The uniform of the decision at `turn`, discarding the draws of turns this
// instance did not decide (`drawn` counts the draws so far).
double DecisionUniform(Rng& rng, int turn, int* drawn);
// The index sampled from probabilities `p` by inverse CDF with uniform u.
int SampleInverseCdf(const std::vector<double>& p, double u);
std::vector<double> Softmax(const std::vector<double>& x);
// The index of the largest value; ties go to the lowest index.
int ArgMaxLowest(const std::vector<double>& v);

}  // namespace geostrat::learning
