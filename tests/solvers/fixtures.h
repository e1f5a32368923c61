// The fixture library of games with known equilibria, shared by every solver
// test: each solver is checked against every fixture it applies to.
#pragma once

#include <string>
#include <vector>

#include "games/classic_games.h"
#include "games/normal_form.h"

namespace geostrat::testing {

struct KnownEquilibrium {
  std::vector<std::vector<double>> profile;  // probs[player][strategy]
};

struct Fixture {
  std::string name;
  NormalForm game;
  // Every Nash equilibrium that is an extreme point of the equilibrium set
  // (for games with a continuum, the extreme points of each component).
  std::vector<KnownEquilibrium> extreme;
  bool degenerate = false;
};

inline NormalForm Bimatrix(const std::string& title, const std::vector<std::vector<double>>& a,
                           const std::vector<std::vector<double>>& b) {
  std::vector<std::string> rows, cols;
  for (size_t r = 0; r < a.size(); ++r) rows.push_back("r" + std::to_string(r + 1));
  for (size_t c = 0; c < a[0].size(); ++c) cols.push_back("c" + std::to_string(c + 1));
  NormalForm g(title, {"Row", "Column"}, {rows, cols});
  for (size_t r = 0; r < a.size(); ++r) {
    for (size_t c = 0; c < a[0].size(); ++c) {
      g.SetPayoff({static_cast<int>(r), static_cast<int>(c)}, 0, a[r][c]);
      g.SetPayoff({static_cast<int>(r), static_cast<int>(c)}, 1, b[r][c]);
    }
  }
  return g;
}

inline std::vector<Fixture> Fixtures() {
  std::vector<Fixture> f;
  f.push_back({"prisoners_dilemma", BuildClassicGame("prisoners_dilemma"), {{{{0, 1}, {0, 1}}}}});
  f.push_back({"matching_pennies", BuildClassicGame("matching_pennies"),
               {{{{0.5, 0.5}, {0.5, 0.5}}}}});
  f.push_back({"battle_of_the_sexes", BuildClassicGame("battle_of_the_sexes"),
               {{{{1, 0}, {1, 0}}}, {{{0, 1}, {0, 1}}}, {{{2.0 / 3, 1.0 / 3}, {1.0 / 3, 2.0 / 3}}}}});
  f.push_back({"rock_paper_scissors", BuildClassicGame("rock_paper_scissors"),
               {{{{1.0 / 3, 1.0 / 3, 1.0 / 3}, {1.0 / 3, 1.0 / 3, 1.0 / 3}}}}});
  f.push_back({"shapley", BuildClassicGame("shapley"),
               {{{{1.0 / 3, 1.0 / 3, 1.0 / 3}, {1.0 / 3, 1.0 / 3, 1.0 / 3}}}}});
  f.push_back({"stag_hunt", BuildClassicGame("stag_hunt"),
               {{{{1, 0}, {1, 0}}}, {{{0, 1}, {0, 1}}}, {{{0.75, 0.25}, {0.75, 0.25}}}}});
  for (double P : {4.0, 8.0, 16.0}) {
    // Rows not_enforce, enforce; columns comply, violate: enforce with
    // p* = 3 / (3 + P), violate with q* = 0.4 (MODELS.md V6).
    const double p = 3.0 / (3.0 + P);
    f.push_back({"inspection_P" + std::to_string(static_cast<int>(P)),
                 BuildClassicGame("inspection", {{"P", P}}), {{{{1 - p, p}, {0.6, 0.4}}}}});
  }
  // A degenerate game with a continuum of equilibria: a = [[1, 1], [1, 0]],
  // b = [[1, 1], [0, 1]]. The row player plays r1 and the column player any
  // mix: one component, the edge between the extreme equilibria (r1, c1) and
  // (r1, c2). Any row mix with weight on r2 makes c2 strictly better, against
  // which r1 is strictly better, so there is nothing else.
  f.push_back({"degenerate_edge", Bimatrix("degenerate edge", {{1, 1}, {1, 0}}, {{1, 1}, {0, 1}}),
               {{{{1, 0}, {1, 0}}}, {{{1, 0}, {0, 1}}}},
               true});
  return f;
}

}  // namespace geostrat::testing
