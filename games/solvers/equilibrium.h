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

// A point is reported as a Nash equilibrium ("NE") only when no player can
// gain more than this fraction of its payoff range by deviating
// (RelativeRegret); exact methods reach about 1e-16, the iterative ones
// verify 1e-9 before they keep a point.
inline constexpr double kNashRelativeTolerance = 1e-6;

// The most probabilities one result lists (equilibria x strategies: about
// 40 bytes each with their exact text, and some 400 as `solve --json` output
// builds them): a method that would list more stops there and says so in
// `warning` (enumpure on a game where most profiles are equilibria), or
// refuses the game (enummixed).
inline constexpr size_t kMaxListedProbabilities = 1'000'000;

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
  // Set when the result is cut short or a requested point was not reached;
  // `geostrat solve` prints it on standard error.
  std::string warning;
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
// A tolerance scaled to the game's payoffs: eps * max |payoff| (0 for an
// all-zero game). No floor: a game whose payoffs are all about 1e-200 gets a
// tolerance about 1e-209, so regrets of its non-equilibria are not "small".
double PayoffTolerance(const NormalForm& game, double eps = 1e-9);

// Each player's payoff range, max - min over the profiles (0 when the
// player's payoffs are all equal).
std::vector<double> PayoffRanges(const NormalForm& game);
// The game with every payoff multiplied by `factor` > 0 (names kept, payoff
// texts dropped). Nash, correlated and logit equilibria (with lambda divided
// by `factor`) are unchanged; methods working in doubles run on
// ScaledPayoffs(game, 1 / MaxAbsPayoff(game)) so that their step lengths and
// thresholds mean the same in any payoff units.
NormalForm ScaledPayoffs(const NormalForm& game, double factor);
// The game with each player's payoffs mapped onto [0, 1] by the positive
// affine map u -> (u - min_p) / range_p (all 0 for a player of range 0).
// Nash and correlated equilibria, best responses and dominance are
// unchanged; regrets are divided by the player's range.
NormalForm NormalisedPayoffs(const NormalForm& game);
// The largest regret of any player divided by that player's payoff range:
// the unit in which "small regret" is judged (0 for a player of range 0).
// MaxRegret on NormalisedPayoffs(game), by deviations alone for a pure
// profile. NaN probabilities give a NaN or infinite result, never "small".
double RelativeRegret(const NormalForm& game, const MixedProfile& profile);
// The same for a game already given by NormalisedPayoffs (no copy made).
double UnitRegret(const NormalForm& unit, const MixedProfile& profile);
// Whether `profile` is a mixed profile of `game`: one distribution per
// player of the right length, every probability finite and in [0, 1], each
// summing to 1 within 1e-9.
bool IsMixedProfile(const NormalForm& game, const MixedProfile& profile);
// Fills payoffs and max_regret of an equilibrium from its profile.
void Evaluate(const NormalForm& game, Equilibrium& eq);

// "NE,p11,p12,...,pn1,..." as Gambit's command-line tools print a profile,
// with exact fractions where available and otherwise `digits` decimals.
std::string GambitLine(const Equilibrium& eq, int digits = 6);
nlohmann::json ToJson(const SolveResult& result, const NormalForm& game);

}  // namespace geostrat
