// The classic repeated-game strategies (Axelrod's tournaments and their
// descendants), generalised to ordered escalation ladders: on any seat,
// action 0 is "cooperate", any higher action of the opponent counts as a
// defection, and "defect" is the seat's most escalatory action.
#include "policies/policy.h"

namespace geostrat {

const std::vector<PolicyInfo>& ClassicPolicies() {
  static const std::vector<PolicyInfo> policies = {};
  return policies;
}

}  // namespace geostrat
