#include "engine/analysis/match.h"

#include "engine/core/error.h"

namespace geostrat {

GameContext MatrixContext(const NormalForm& game) {
  if (game.num_players() != 2) {
    throw InternalError("a matrix context needs a two-player game");
  }
  GameContext c;
  c.seat_ids = {"row", "column"};
  c.actions = {game.strategies(0), game.strategies(1)};
  c.initial = {0, 0};
  c.default_opponent = {1, 0};
  return c;
}

bool MatrixOracle::Counterfactual(int seat, int t, std::vector<double>& out) const {
  const int n = game_.num_strategies(seat);
  out.resize(n);
  const int other = actions_[static_cast<size_t>(t) * 2 + (1 - seat)];
  for (int a = 0; a < n; ++a) {
    out[a] = seat == 0 ? game_.Payoff2(a, other, 0) : game_.Payoff2(other, a, 1);
  }
  return true;
}

double MatrixOracle::StagePayoff(int seat, int own, int, int other) const {
  return seat == 0 ? game_.Payoff2(own, other, 0) : game_.Payoff2(other, own, 1);
}

MatchResult PlayMatch(const MatchSpec& spec) {
  const NormalForm& g = *spec.game;
  const int n[2] = {g.num_strategies(0), g.num_strategies(1)};
  const int initial[2] = {0, 0};
  const PolicyPlan* plans[2] = {spec.row, spec.column};
  std::unique_ptr<Policy> players[2];
  Rng* streams[2];
  Rng row_rng(spec.seed, spec.index, 1, 0), column_rng(spec.seed, spec.index, 2, 0);
  streams[0] = &row_rng;
  streams[1] = &column_rng;
  for (int s = 0; s < 2; ++s) {
    players[s] = plans[s]->Make(plans[s]->numbers().Draw(spec.seed, spec.index,
                                                         20000 + 100 * static_cast<uint32_t>(s)));
  }
  Rng noise_rng(spec.seed, spec.index, Rng::kChanceStream, 0);
  // P(flip) = threshold / 2^32, exact to 2^-32.
  const uint64_t noise_threshold = static_cast<uint64_t>(spec.noise * 4294967296.0);

  MatchResult result;
  result.actions.reserve(static_cast<size_t>(spec.turns) * 2);
  std::vector<double> payoffs;
  payoffs.reserve(static_cast<size_t>(spec.turns) * 2);
  const MatrixOracle oracle(g, result.actions);

  Observation obs;
  obs.num_seats = 2;
  obs.num_actions = n;
  obs.initial = initial;
  obs.oracle = &oracle;
  for (int t = 0; t < spec.turns; ++t) {
    obs.turn = t;
    obs.actions = result.actions.data();
    obs.payoffs = payoffs.data();
    int played[2];
    for (int s = 0; s < 2; ++s) {
      obs.seat = s;
      played[s] = players[s]->Act(obs, *streams[s]);
    }
    if (spec.noise > 0) {
      for (int s = 0; s < 2; ++s) {
        // 32-bit comparisons: one Philox block serves two turns of noise.
        const bool flip = noise_rng.Bits() < noise_threshold;
        if (n[s] == 2) {
          if (flip) played[s] = 1 - played[s];
        } else {
          // Replaced by one of the other actions, uniformly (multiply-shift).
          const int shift =
              1 + static_cast<int>((static_cast<uint64_t>(noise_rng.Bits()) * (n[s] - 1)) >> 32);
          if (flip) played[s] = (played[s] + shift) % n[s];
        }
      }
    }
    result.actions.push_back(static_cast<int8_t>(played[0]));
    result.actions.push_back(static_cast<int8_t>(played[1]));
    const double pay0 = g.Payoff2(played[0], played[1], 0);
    const double pay1 = g.Payoff2(played[0], played[1], 1);
    payoffs.push_back(pay0);
    payoffs.push_back(pay1);
    result.score[0] += pay0;
    result.score[1] += pay1;
    result.cooperations[0] += played[0] == 0;
    result.cooperations[1] += played[1] == 0;
  }
  return result;
}

}  // namespace geostrat
