// One repeated match of two policies on a two-player matrix game: each turn
// both act on the same history, noise may flip each played action, both are
// paid from the matrix. The building block of tournaments, and of tests that
// pin a strategy's play against a scripted opponent.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "games/normal_form.h"
#include "policies/policy.h"

namespace geostrat {

// The seats of a two-player matrix game ("row", "column") for parsing
// strategies: actions from the game, initial actions 0, each the other's opponent.
GameContext MatrixContext(const NormalForm& game);

// Counterfactual payoffs straight from the matrix.
class MatrixOracle : public PayoffOracle {
 public:
  MatrixOracle(const NormalForm& game, const std::vector<int8_t>& actions)
      : game_(game), actions_(actions) {}
  bool Counterfactual(int seat, int t, std::vector<double>& out) const override;
  double StagePayoff(int seat, int own, int other_seat, int other) const override;

 private:
  const NormalForm& game_;
  const std::vector<int8_t>& actions_;
};

struct MatchSpec {
  const NormalForm* game = nullptr;     // two players
  const PolicyPlan* row = nullptr;      // parsed for seat 0
  const PolicyPlan* column = nullptr;   // parsed for seat 1
  int turns = 200;
  double noise = 0;                     // chance that a played action is replaced
  uint64_t seed = 0;
  uint32_t index = 0;                   // which match (keys the random streams)
};

struct MatchResult {
  std::vector<int8_t> actions;  // actually played, [turn * 2 + seat]
  double score[2] = {0, 0};
  int cooperations[2] = {0, 0};  // turns at the most cooperative action (0)
};

// Streams, keyed by (seed, index): 1 + seat for each player's policy (its
// numeric parameters from substream 20000 + 100 * seat, its decisions from
// substream 0), 0 for noise. With noise, each player draws one 32-bit word per
// turn (two when the game has more than two actions), whatever happens.
MatchResult PlayMatch(const MatchSpec& spec);

}  // namespace geostrat
