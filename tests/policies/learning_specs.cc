// Contract-test specs of the learning strategies at license_fee.buyer.
//
// The learners that read the payoff oracle are given "oracle": false here:
// the contract tests replay the policy on ObserveWorld(...) without an
// oracle, while the simulation would hand them the model's oracle (their
// UsesOracle() asks for it), so with the oracle on the replay could not match
// the simulated play. Their oracle paths are checked on matrix games and in
// the model in learning_strategies_test.cc. Learning rates suit the buyer's
// small quarterly utilities (about 0.1 to 1).
#include "tests/policies/contract_specs.h"

namespace geostrat::testing {

const std::map<std::string, std::string>& LearningSpecs() {
  static const std::map<std::string, std::string> specs = {
      {"fictitious_play", R"({"name": "fictitious_play", "prior": 1, "oracle": false})"},
      {"regret_matching", R"({"name": "regret_matching", "explore": 0.2, "oracle": false})"},
      {"hedge", R"({"name": "hedge", "eta": 5, "oracle": false})"},
      {"exp3", R"({"name": "exp3", "gamma": 0.2})"},
      {"logit_response",
       R"({"name": "logit_response", "lambda": 20, "prior": 1, "oracle": false})"},
      {"myopic_best_response", R"({"name": "myopic_best_response", "oracle": false})"},
      {"receding_horizon", R"({"name": "receding_horizon", "lambda": 20, "oracle": false})"},
      {"q_learning", R"({"name": "q_learning", "watch": "license_fee.seller", "alpha": 0.2, )"
                     R"("gamma": 0.9, "temperature": 0.2})"},
  };
  return specs;
}

}  // namespace geostrat::testing
