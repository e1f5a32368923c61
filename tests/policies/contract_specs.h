// Each policy family's contract-test specifications: policy name -> a JSON
// spec valid for the seat license_fee.buyer of the model (3 actions: free,
// guide, prohibit; its opponent is license_fee.seller, 4 actions).
#pragma once

#include <map>
#include <string>

namespace geostrat::testing {

const std::map<std::string, std::string>& ClassicSpecs();
const std::map<std::string, std::string>& LearningSpecs();

}  // namespace geostrat::testing
