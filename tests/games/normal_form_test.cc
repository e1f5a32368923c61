// NormalForm, Gambit .nfg reading and writing, and the classic games.
#include <catch2/catch.hpp>

#include "games/classic_games.h"
#include "games/normal_form.h"

namespace geostrat {
namespace {

const char* kPayoffVersion = R"(NFG 1 R "Prisoner's dilemma" { "Player 1" "Player 2" } { 2 2 }
"a comment"

3 3 5 0 0 5 1 1
)";

const char* kOutcomeVersion = R"(NFG 1 R "Three strategies" { "Alice" "Bob" }

{ { "top" "middle" "bottom" }
{ "left" "right" }
}
""

{
{ "o1" 1, 2 }
{ "o2" 3/2, -4 }
{ "" 0.25 1e1 }
}
1 2 3 0 1 2
)";

std::string ErrorOf(const std::string& text) {
  try {
    ParseNfg(text, "bad.nfg");
  } catch (const NfgError& e) {
    return e.what();
  }
  return "";
}

TEST_CASE("The payoff version maps the first player fastest", "[games][nfg]") {
  const NormalForm g = ParseNfg(kPayoffVersion, "pd.nfg");
  REQUIRE(g.num_players() == 2);
  CHECK(g.title() == "Prisoner's dilemma");
  // Profiles: (1,1) (2,1) (1,2) (2,2).
  CHECK(g.Payoff({0, 0}, 0) == 3);
  CHECK(g.Payoff({1, 0}, 0) == 5);
  CHECK(g.Payoff({1, 0}, 1) == 0);
  CHECK(g.Payoff({0, 1}, 0) == 0);
  CHECK(g.Payoff({0, 1}, 1) == 5);
  CHECK(g.Payoff({1, 1}, 1) == 1);
  CHECK(g.Payoff2(1, 0, 0) == 5);
}

TEST_CASE("The outcome version reads names, rationals and the null outcome", "[games][nfg]") {
  const NormalForm g = ParseNfg(kOutcomeVersion, "o.nfg");
  CHECK(g.strategies(0) == std::vector<std::string>{"top", "middle", "bottom"});
  CHECK(g.strategies(1) == std::vector<std::string>{"left", "right"});
  CHECK(g.Payoff({0, 0}, 1) == 2);
  CHECK(g.Payoff({1, 0}, 0) == 1.5);
  CHECK(g.Payoff({2, 0}, 1) == 10);
  CHECK(g.Payoff({0, 1}, 0) == 0);  // outcome 0: the null outcome
  CHECK(g.Payoff({2, 1}, 1) == -4);
}

TEST_CASE("Writing and reading back gives the same game", "[games][nfg]") {
  for (const auto& name : ClassicGameNames()) {
    INFO(name);
    const NormalForm g = BuildClassicGame(name);
    const NormalForm back = ParseNfg(WriteNfg(g), "round.nfg");
    REQUIRE(back.num_players() == g.num_players());
    CHECK(back.title() == g.title());
    for (int p = 0; p < g.num_players(); ++p) CHECK(back.strategies(p) == g.strategies(p));
    for (size_t prof = 0; prof < g.num_profiles(); ++prof) {
      for (int p = 0; p < g.num_players(); ++p) CHECK(back.Payoff(prof, p) == g.Payoff(prof, p));
    }
  }
  NormalForm odd("x", {"a", "b", "c"}, {{"1", "2"}, {"1"}, {"1", "2", "3"}});
  odd.SetPayoff({1, 0, 2}, 2, 0.1);
  CHECK(ParseNfg(WriteNfg(odd), "x").Payoff({1, 0, 2}, 2) == 0.1);
}

TEST_CASE("Malformed .nfg files name the line and what was expected", "[games][nfg]") {
  CHECK_THAT(ErrorOf("EFG 2 R \"x\""), Catch::Contains("bad.nfg:1:1: expected the header"));
  CHECK_THAT(ErrorOf("NFG 1 R \"x\" { \"a\" \"b\" } { 2 }\n1 2 3 4"),
             Catch::Contains("2 strategy entries (one per player)"));
  CHECK_THAT(ErrorOf("NFG 1 R \"x\" { \"a\" \"b\" } { 2 2 }\n1 2 3 4\n5 6 7"),
             Catch::Contains("bad.nfg:3:6: expected payoff of player 2 in profile 4 of 4, found end of file"));
  CHECK_THAT(ErrorOf("NFG 1 R \"x\" { \"a\" } { 2 }\n1 two"),
             Catch::Contains("bad.nfg:2:3: expected payoff of player 1 in profile 2 of 2, found 'two'"));
  CHECK_THAT(ErrorOf("NFG 1 R \"x\" { \"a\" } { 2 }\n1 2 3"),
             Catch::Contains("bad.nfg:2:5: expected the end of the file"));
  CHECK_THAT(ErrorOf("NFG 1 R \"x\" { \"a\" } { { \"s\" \"t\" } }\n{ { \"o\" 1 } }\n1 2"),
             Catch::Contains("expected the outcome index (0 to 1) of profile 2 of 2, found '2'"));
  CHECK_THAT(ErrorOf("NFG 1 R \"x\" { \"a }"), Catch::Contains("a closing '\"'"));
}

TEST_CASE("Classic games have their textbook payoffs", "[games][classic]") {
  const NormalForm pd = BuildClassicGame("prisoners_dilemma");
  CHECK(pd.Payoff2(0, 0, 0) == 3);  // R
  CHECK(pd.Payoff2(0, 1, 0) == 0);  // S
  CHECK(pd.Payoff2(1, 0, 0) == 5);  // T
  CHECK(pd.Payoff2(1, 1, 0) == 1);  // P
  CHECK(pd.Payoff2(0, 1, 1) == 5);
  const NormalForm insp = BuildClassicGame("inspection", {{"P", 8}});
  // Target indifferent at p* = 3 / (3 + P): violating pays 3 (1 - p) - P p = 0.
  const double p = 3.0 / 11.0;
  CHECK((1 - p) * insp.Payoff2(0, 1, 1) + p * insp.Payoff2(1, 1, 1) == Approx(0.0).margin(1e-12));
  // Sender indifferent at q* = 0.4: 2 (1 - q) - 2 q = q.
  const double q = 0.4;
  CHECK((1 - q) * insp.Payoff2(0, 0, 0) + q * insp.Payoff2(0, 1, 0) ==
        Approx((1 - q) * insp.Payoff2(1, 0, 0) + q * insp.Payoff2(1, 1, 0)));
  CHECK_THROWS_WITH(BuildClassicGame("inspection", {{"Q", 1}}), Catch::Contains("no parameter Q"));
}

}  // namespace
}  // namespace geostrat
