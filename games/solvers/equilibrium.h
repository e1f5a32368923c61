// What every equilibrium solver returns, and the checks they share. Solvers
// are free functions over a NormalForm: each checks that it applies (throwing
// NotApplicable with the reason), and each result carries the method, its
// parameters and every equilibrium's max regret.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "games/normal_form.h"

namespace geostrat {

// A solver was asked for a game it does not handle ("lcp needs two players").
class NotApplicable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One mixed strategy per player: probs[player][strategy].
using MixedProfile = std::vector<std::vector<double>>;

struct Equilibrium {
  MixedProfile profile;
  // Exact probabilities as fractions ("1/3"), where the method is exact;
  // empty otherwise. Same shape as `profile`.
  std::vector<std::vector<std::string>> exact;
  double max_regret = 0;         // largest gain from a unilateral deviation
  std::vector<double> payoffs;   // expected payoff per player
  // Method-specific extras (e.g. lambda for a logit point, the starting label).
  nlohmann::json detail = nlohmann::json::object();
  // Correlated equilibria only: the joint distribution over pure profiles
  // (NormalForm profile order); `profile` then holds its marginals.
  std::vector<double> joint;
};

struct SolveResult {
  std::string method;                  // Gambit's name where it has one
  nlohmann::json parameters = nlohmann::json::object();
  std::vector<Equilibrium> equilibria;
  // True when the method provably lists every equilibrium of its kind (all
  // pure equilibria; all extreme equilibria of a two-player game); false for
  // "equilibria found".
  bool complete = false;
  // For enummixed: maximal sets of extreme equilibria whose convex hulls lie
  // in the equilibrium set (the cliques that describe connected components),
  // as indices into `equilibria`.
  std::vector<std::vector<int>> cliques;
  // For iterated dominance: the strategies of each player that survive.
  std::vector<std::vector<int>> surviving;
  std::string note;
};

// Expected payoff of each player under a mixed profile.
std::vector<double> ExpectedPayoffs(const NormalForm& game, const MixedProfile& profile);
// Expected payoff of each pure strategy of `player` against the others' mix.
std::vector<double> StrategyValues(const NormalForm& game, const MixedProfile& profile, int player);
// max over players and pure strategies of (value of the strategy - expected payoff).
double MaxRegret(const NormalForm& game, const MixedProfile& profile);
// Largest difference of any probability between two profiles of one game.
double MaxDifference(const MixedProfile& a, const MixedProfile& b);
// The largest absolute payoff of any player (0 for an all-zero game).
double MaxAbsPayoff(const NormalForm& game);
// A tolerance scaled to the game's payoffs: eps * max(1, max |payoff|).
double PayoffTolerance(const NormalForm& game, double eps = 1e-9);
// Fills payoffs and max_regret of an equilibrium from its profile.
void Evaluate(const NormalForm& game, Equilibrium& eq);

// "NE,p11,p12,...,pn1,..." as Gambit's command-line tools print a profile,
// with exact fractions where available and otherwise `digits` decimals.
std::string GambitLine(const Equilibrium& eq, int digits = 6);
nlohmann::json ToJson(const SolveResult& result, const NormalForm& game);

}  // namespace geostrat
