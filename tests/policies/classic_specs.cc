#include "tests/policies/contract_specs.h"

namespace geostrat::testing {

// One spec per classic strategy for license_fee.buyer; watch defaults to
// license_fee.seller. Non-default parameters where they exist, so the
// contracts see them parsed and used.
const std::map<std::string, std::string>& ClassicSpecs() {
  static const std::map<std::string, std::string> specs = {
      {"cooperator", R"({"name": "cooperator"})"},
      {"defector", R"({"name": "defector"})"},
      {"random", R"({"name": "random", "p": 0.3})"},
      {"alternator", R"({"name": "alternator"})"},
      {"cycler", R"({"name": "cycler", "pattern": "CDDC"})"},
      {"suspicious_tit_for_tat", R"({"name": "suspicious_tit_for_tat"})"},
      {"tit_for_two_tats", R"({"name": "tit_for_two_tats"})"},
      {"two_tits_for_tat", R"({"name": "two_tits_for_tat", "watch": "license_fee.seller"})"},
      {"hard_tit_for_tat", R"({"name": "hard_tit_for_tat"})"},
      {"generous_tit_for_tat", R"({"name": "generous_tit_for_tat", "p": 0.5})"},
      {"bully", R"({"name": "bully"})"},
      {"win_stay_lose_shift", R"({"name": "win_stay_lose_shift"})"},
      {"soft_grudger", R"({"name": "soft_grudger"})"},
      {"forgiver", R"({"name": "forgiver"})"},
      {"prober", R"({"name": "prober"})"},
      {"soft_go_by_majority", R"({"name": "soft_go_by_majority"})"},
      {"proportional_retaliation", R"({"name": "proportional_retaliation", "boost": 1})"},
      {"time_limited_suspension",
       R"({"name": "time_limited_suspension", "duration": 2, "suspension": 3})"},
  };
  return specs;
}

}  // namespace geostrat::testing
