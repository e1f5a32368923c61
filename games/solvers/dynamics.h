// Learning and evolutionary dynamics for n-player games. None of them is
// guaranteed to reach a Nash equilibrium; each returns where it ended with its
// max regret, so the caller sees how close it got. complete = false.
//
// Replicator ("replicator"; Taylor and Jonker 1978; Weibull 1995 ch. 3 and 5;
// Hofbauer and Sigmund 1998): one population per player, each strategy's
// share grows with its payoff against the others' current mixes.
//   discrete = true   discrete-time replicator x_s <- x_s f_s / sum_t x_t f_t
//                     with fitness f_s = v_s - min_p + range_p, where v_s is
//                     the strategy's expected payoff and min_p, range_p are the
//                     minimum and range of player p's payoffs: positive, and
//                     invariant to a positive affine change of p's payoffs
//                     (so the dynamics do not depend on payoff units); growth
//                     factors lie in [1/2, 2].
//   discrete = false  Euler step of the continuous replicator equation
//                     x_s += dt x_s (v_s - sum_t x_t v_t), clipped at 0 and
//                     renormalised (dt must be small against 1 / range).
//   steps, dt, start (empty = uniform; otherwise a mixed profile; strategies
//   with share 0 stay at 0, as in the replicator equation).
// equilibria[0] is the last profile; detail holds the time average of the
// trajectory and its max regret (in zero-sum games the average, not the orbit,
// approaches the equilibrium: the discrete form spirals out to the boundary
// in matching pennies from any start off the equilibrium).
//
// FictitiousPlay ("fictitious play"; Brown 1951; Robinson 1951; Fudenberg and
// Levine 1998 ch. 2): simultaneous and deterministic. In round 1 every player
// best-responds to uniformly mixing opponents; afterwards to the product of
// the opponents' empirical frequencies so far. Ties (within
// PayoffTolerance(game, 1e-12)) go to the lowest index. equilibria[0] holds
// the empirical frequencies after `iterations` rounds. Converges in zero-sum
// games (Robinson) and 2x2 games (Miyasawa 1961), not in general: Shapley's
// (1964) 3x3 game cycles. trace_every > 0 records the max regret of the
// frequencies every trace_every rounds in detail["regret_trace"].
//
// RegretMatching ("regret matching"; Hart and Mas-Colell 2000, the
// unconditional-regret procedure of their section 4(c), also Hart and
// Mas-Colell 2001): each player plays t with probability proportional to the
// positive part of its cumulative regret sum_tau [u_p(t, a_-p^tau) - u_p(a^tau)]
// (uniformly when no regret is positive, and in round 1). The empirical joint
// distribution of play converges almost surely to the set of coarse
// correlated equilibria (the Hannan set). equilibria[0].profile holds the
// marginal empirical frequencies, .joint the empirical joint distribution,
// detail["cce_regret"] CoarseCorrelatedRegret of that joint and
// detail["ce_regret"] its CorrelatedRegret; max_regret is the Nash regret of
// the marginals and payoffs the average realised payoffs (under the joint).
// Randomness: one Rng(seed, 0, 0, 0) stream, players drawing in order each
// round, so a seed reproduces the run on any platform.
#pragma once

#include <cstdint>
#include <string>

#include "games/normal_form.h"
#include "games/solvers/equilibrium.h"

namespace geostrat {

// The most work one run of the dynamics may take, in payoff look-ups:
// replicator and fictitious play evaluate every strategy against the others'
// mixes each iteration (profiles x players^2 look-ups), regret matching
// updates its regrets (all players' strategies) each round and measures the
// joint distribution once (profiles x players x largest strategy count).
// 1e9 look-ups run in a few seconds; a larger game needs fewer iterations.
inline constexpr double kMaxDynamicsWork = 1e9;
inline constexpr int kMaxDynamicsIterations = 100'000'000;

// Throws NotApplicable when `iterations` of `method` ("replicator",
// "fictitious play", "regret matching") on `game` would exceed
// kMaxDynamicsWork or kMaxDynamicsIterations, saying how many iterations the
// game allows.
void CheckDynamicsLimits(const NormalForm& game, const std::string& method, long long iterations);

struct ReplicatorOptions {
  int steps = 10000;
  double dt = 0.01;      // Euler step (discrete = false only)
  bool discrete = true;  // discrete-time replicator instead of Euler
  MixedProfile start;    // empty: uniform
};
SolveResult Replicator(const NormalForm& game, const ReplicatorOptions& options = {});

struct FictitiousPlayOptions {
  int iterations = 10000;
  int trace_every = 0;  // 0: no regret trace
};
SolveResult FictitiousPlay(const NormalForm& game, const FictitiousPlayOptions& options = {});

struct RegretMatchingOptions {
  int iterations = 10000;
  uint64_t seed = 1;
  int trace_every = 0;  // 0: no trace of the CCE regret
};
SolveResult RegretMatching(const NormalForm& game, const RegretMatchingOptions& options = {});

}  // namespace geostrat
