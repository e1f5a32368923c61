#include "games/classic_games.h"

#include <stdexcept>

namespace geostrat {
namespace {

// A bimatrix game from row-major payoff tables a (row player) and b (column).
NormalForm Bimatrix(const std::string& title, std::vector<std::string> rows,
                    std::vector<std::string> cols, const std::vector<std::vector<double>>& a,
                    const std::vector<std::vector<double>>& b) {
  NormalForm g(title, {"Row", "Column"}, {rows, cols});
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < cols.size(); ++c) {
      const std::vector<int> profile = {static_cast<int>(r), static_cast<int>(c)};
      g.SetPayoff(profile, 0, a[r][c]);
      g.SetPayoff(profile, 1, b[r][c]);
    }
  }
  return g;
}

}  // namespace

const std::vector<ClassicGameInfo>& ClassicGames() {
  static const std::vector<ClassicGameInfo> games = {
      {"prisoners_dilemma",
       "Cooperate or defect; T > R > P > S and 2R > T + S. Unique equilibrium: both defect.",
       "Axelrod (1984); the Axelrod library's default payoffs R, S, T, P = 3, 0, 5, 1",
       {{"R", 3, -1e6, 1e6, "", "Axelrod 1984", "reward for mutual cooperation"},
        {"S", 0, -1e6, 1e6, "", "Axelrod 1984", "sucker's payoff"},
        {"T", 5, -1e6, 1e6, "", "Axelrod 1984", "temptation to defect"},
        {"P", 1, -1e6, 1e6, "", "Axelrod 1984", "punishment for mutual defection"}},
       [](const std::vector<double>& v) {
         const double R = v[0], S = v[1], T = v[2], P = v[3];
         return Bimatrix("Prisoner's dilemma", {"C", "D"}, {"C", "D"}, {{R, S}, {T, P}},
                         {{R, T}, {S, P}});
       }},
      {"chicken",
       "Hawk-dove: value V, cost of a fight C > V. Equilibria: one hawk, one dove; and the "
       "mixed one with P(hawk) = V / C.",
       "Maynard Smith and Price (1973)",
       {{"V", 2, 0, 1e6, "", "Maynard Smith 1982", "value of the prize"},
        {"C", 4, 0, 1e6, "", "Maynard Smith 1982", "cost of a fight"}},
       [](const std::vector<double>& v) {
         const double V = v[0], C = v[1];
         return Bimatrix("Chicken (hawk-dove)", {"dove", "hawk"}, {"dove", "hawk"},
                         {{V / 2, 0}, {V, (V - C) / 2}}, {{V / 2, V}, {0, (V - C) / 2}});
       }},
      {"stag_hunt",
       "Coordination with a safe option: both stag is payoff-dominant, both hare risk-dominant.",
       "Rousseau; Skyrms (2004)",
       {{"stag", 4, -1e6, 1e6, "", "Skyrms 2004", "payoff when both hunt stag"},
        {"hare", 3, -1e6, 1e6, "", "Skyrms 2004", "payoff of hunting hare"},
        {"alone", 0, -1e6, 1e6, "", "Skyrms 2004", "payoff of hunting stag alone"}},
       [](const std::vector<double>& v) {
         return Bimatrix("Stag hunt", {"stag", "hare"}, {"stag", "hare"},
                         {{v[0], v[2]}, {v[1], v[1]}}, {{v[0], v[1]}, {v[2], v[1]}});
       }},
      {"matching_pennies",
       "Zero-sum: the row player wins on a match. Unique equilibrium (1/2, 1/2) each.",
       "von Neumann and Morgenstern (1944)",
       {},
       [](const std::vector<double>&) {
         return Bimatrix("Matching pennies", {"heads", "tails"}, {"heads", "tails"},
                         {{1, -1}, {-1, 1}}, {{-1, 1}, {1, -1}});
       }},
      {"battle_of_the_sexes",
       "Coordination with conflict: two pure equilibria and a mixed one (2/3, 1/3), (1/3, 2/3).",
       "Luce and Raiffa (1957)",
       {},
       [](const std::vector<double>&) {
         return Bimatrix("Battle of the sexes", {"opera", "football"}, {"opera", "football"},
                         {{2, 0}, {0, 1}}, {{1, 0}, {0, 2}});
       }},
      {"rock_paper_scissors",
       "Zero-sum cycle. Unique equilibrium (1/3, 1/3, 1/3) each.",
       "folk",
       {},
       [](const std::vector<double>&) {
         return Bimatrix("Rock-paper-scissors", {"rock", "paper", "scissors"},
                         {"rock", "paper", "scissors"}, {{0, -1, 1}, {1, 0, -1}, {-1, 1, 0}},
                         {{0, 1, -1}, {-1, 0, 1}, {1, -1, 0}});
       }},
      {"shapley",
       "Shapley's 3x3 game: unique equilibrium (1/3, 1/3, 1/3) each, around which fictitious "
       "play cycles without converging.",
       "Shapley (1964)",
       {},
       [](const std::vector<double>&) {
         return Bimatrix("Shapley's game", {"a", "b", "c"}, {"a", "b", "c"},
                         {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, {{0, 1, 0}, {0, 0, 1}, {1, 0, 0}});
       }},
      {"inspection",
       "Tsebelis's sanctions (inspection) game with penalty P: the sender enforces or not, the "
       "target complies or violates. Unique equilibrium: violate with q* = 0.4 whatever P, "
       "enforce with p* = 3 / (3 + P).",
       "Tsebelis (1990); MODELS.md V6",
       {{"P", 4, 0, 1e6, "", "MODELS.md V6", "penalty on a caught violation"}},
       [](const std::vector<double>& v) {
         const double P = v[0];
         // Rows (sender): not_enforce, enforce; columns (target): comply, violate.
         return Bimatrix("Inspection game", {"not_enforce", "enforce"}, {"comply", "violate"},
                         {{2, -2}, {0, 1}}, {{0, 3}, {0, -P}});
       }},
  };
  return games;
}

std::vector<std::string> ClassicGameNames() {
  std::vector<std::string> names;
  for (const auto& g : ClassicGames()) names.push_back(g.name);
  return names;
}

NormalForm BuildClassicGame(const std::string& name,
                            const std::vector<std::pair<std::string, double>>& overrides) {
  for (const auto& g : ClassicGames()) {
    if (g.name != name) continue;
    std::vector<double> values;
    for (const auto& p : g.params) values.push_back(p.default_value);
    for (const auto& [key, value] : overrides) {
      bool found = false;
      for (size_t i = 0; i < g.params.size(); ++i) {
        if (g.params[i].name == key) {
          values[i] = value;
          found = true;
        }
      }
      if (!found) throw std::invalid_argument(name + " has no parameter " + key);
    }
    return g.build(values);
  }
  throw std::invalid_argument("no classic game " + name);
}

}  // namespace geostrat
