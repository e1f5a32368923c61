// Learning strategies: each documents what it observes and what it learns.
#include "policies/policy.h"

namespace geostrat {

const std::vector<PolicyInfo>& LearningPolicies() {
  static const std::vector<PolicyInfo> policies = {};
  return policies;
}

}  // namespace geostrat
