#include "tests/policies/contract_specs.h"

namespace geostrat::testing {

const std::map<std::string, std::string>& ClassicSpecs() {
  static const std::map<std::string, std::string> specs = {};
  return specs;
}

}  // namespace geostrat::testing
