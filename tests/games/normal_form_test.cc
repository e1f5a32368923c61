// NormalForm, Gambit .nfg reading and writing, and the classic games.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "engine/core/rng.h"
#include "games/classic_games.h"
#include "games/normal_form.h"
#include "tests/test_support.h"

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

// --- Hostile files: every limit of GameLimits, checked before allocation ---

std::string Header(const std::string& counts, int players) {
  std::string text = "NFG 1 R \"g\" {";
  for (int p = 0; p < players; ++p) text += " \"" + std::to_string(p + 1) + "\"";
  return text + " } { " + counts + " }\n";
}

TEST_CASE("Profile counts that overflow or exceed the limit are refused", "[games][nfg][hostile]") {
  // The tester's file: 4 x 5581 x 8681 x 49477 x 384773 wrapped to a small
  // buffer and every method wrote past it.
  CHECK(ErrorOf(Header("4 5581 8681 49477 384773", 5) + "1 2 3\n") ==
        "bad.nfg:1:46: expected a game of at most 2000000 payoffs (profiles x players), found 5 "
        "players with strategy counts 4 x 5581 x 8681 x ...");
  // 2^64 + 4 profiles from six players: 2^32 + 1 is already over 2^21, so the
  // first factor that breaks the limit is named.
  CHECK_THAT(ErrorOf(Header("2 2 4294967297 4294967297 2 2", 6)),
             Catch::Contains("bad.nfg:1:47: expected a game of at most 2000000 payoffs"));
  CHECK_THAT(ErrorOf(Header("18446744073709551620 1", 2)),
             Catch::Contains("found 2 players with strategy counts 18446744073709551620 x ..."));
  // The 39-byte header declaring 5000 x 5000.
  const std::string big = "NFG 1 R \"\" { \"\" \"x\" } { 5000 5000 }\n";
  CHECK_THAT(ErrorOf(big), Catch::Contains("at most 2000000 payoffs"));
  // 64 players (with one strategy each the table would be tiny; the player
  // limit stops the list at the 33rd).
  std::string many = "NFG 1 R \"g\" {";
  for (int p = 0; p < 64; ++p) many += " \"p" + std::to_string(p) + "\"";
  many += " } { " + std::string(128, ' ') + " }\n";
  CHECK_THAT(ErrorOf(many), Catch::Contains("expected '}' after at most 32 players, found the string \"p32\""));
}

TEST_CASE("The payoffs present are counted against the header before any table exists",
          "[games][nfg][hostile]") {
  // A header within the limits (1000 x 1000 = 2e6 payoffs) and no payoffs:
  // refused at the end of the file, saying how many were there.
  CHECK(ErrorOf(Header("1000 1000", 2)) ==
        "bad.nfg:2:1: expected payoff of player 1 in profile 1 of 1000000, found end of file "
        "after 0 of the 2000000 payoffs the header declares");
  CHECK(ErrorOf(Header("2 2", 2) + "1 2 3 4 5 6 7") ==
        "bad.nfg:2:14: expected payoff of player 2 in profile 4 of 4, found end of file after 7 "
        "of the 8 payoffs the header declares");
  CHECK_THAT(ErrorOf("NFG 1 R \"x\" { \"a\" } { 3 } \"\"\n{ { \"o\" 1 } }\n1 1"),
             Catch::Contains("found end of file after 2 of the 3 outcome indices"));
}

TEST_CASE("Every payoff is a finite number in the stated range", "[games][nfg][hostile]") {
  const std::string h = Header("2 2", 2);
  // A rational that overflows a double was accepted as infinite.
  CHECK(ErrorOf(h + "1e308/1e-308 0 0 0 0 0 0 0") ==
        "bad.nfg:2:1: expected payoff of player 1 in profile 1 of 4 to be 0 or of magnitude "
        "1e-300 to 1e300, found '1e308/1e-308'");
  for (const std::string bad : {"1e308", "-1e301", "1e-400", "1e-301", "1/0", "0/0", "1e-200/1e200"}) {
    INFO(bad);
    CHECK_THAT(ErrorOf(h + "0 " + bad + " 0 0 0 0 0 0"),
               Catch::Contains("payoff of player 2 in profile 1 of 4 to be 0 or of magnitude"));
  }
  for (const std::string bad : {"inf", "nan", "-inf", "0x10", "1e", "1.2.3", "--1", "1/", "/2", "1/2/3", "+"}) {
    INFO(bad);
    CHECK(ErrorOf(h + bad + " 0 0 0 0 0 0 0") ==
          "bad.nfg:2:1: expected payoff of player 1 in profile 1 of 4, found '" + bad + "'");
  }
  CHECK_THAT(ErrorOf(h + std::string(101, '1') + " 0 0 0 0 0 0 0"),
             Catch::Contains("(a number of at most 100 characters), found a word of 101 characters"));
  // The edges of the range, and Gambit's forms, are read.
  const NormalForm g = ParseNfg(h + "1e300 -1e300 1e-300 -1e-300 0 -0 +.5 3/-4", "ok.nfg");
  CHECK(g.Payoff(0, 0) == 1e300);
  CHECK(g.Payoff(1, 1) == -1e-300);
  CHECK(g.Payoff(3, 0) == 0.5);
  CHECK(g.Payoff(3, 1) == -0.75);
  // Outcome payoffs too.
  CHECK_THAT(ErrorOf("NFG 1 R \"x\" { \"a\" } { 1 } \"\"\n{ { \"o\" 1e999 } }\n1"),
             Catch::Contains("expected payoff 1 of 1 of outcome 1 to be 0 or of magnitude"));
}

TEST_CASE("Names and strings and strategy lists are bounded and printable", "[games][nfg][hostile]") {
  CHECK(ErrorOf("NFG 1 R \"" + std::string(1001, 't') + "\" { \"a\" } { 1 }\n1") ==
        "bad.nfg:1:9: expected a title of at most 1000 bytes, found a string of 1001 bytes");
  CHECK_THAT(ErrorOf("NFG 1 R \"t\" { \"a\x1b[2J\" } { 1 }\n1"),
             Catch::Contains("expected a player name of printable UTF-8 text (no control "
                             "characters), found the string \"a\\x1b[2J\""));
  CHECK_THAT(ErrorOf("NFG 1 R \"t\" { \"a\" } { { \"\xff\" } }\n1"),
             Catch::Contains("expected a strategy name of printable UTF-8 text"));
  static const char kNulInTitle[] = "NFG 1 R \"t\0\" { \"a\" } { 1 }\n1";
  CHECK_THAT(ErrorOf(std::string(kNulInTitle, sizeof kNulInTitle - 1)),
             Catch::Contains("found the string \"t\\x00\""));
  CHECK(ErrorOf("NFG 1 R \"t\" { \"a\" \"a\" } { 1 1 }\n1 1") ==
        "bad.nfg:1:15: expected players with distinct names, found \"a\" twice");
  CHECK(ErrorOf("NFG 1 R \"t\" { \"a\" } { { \"s\" \"s\" } }\n1 1") ==
        "bad.nfg:1:23: expected the strategies of player 1 with distinct names, found \"s\" twice");
  // A missing closing quote swallows the rest of the file: reported where
  // the string opened.
  CHECK(ErrorOf("NFG 1 R \"t { \"a\" } { 2 }\n1 2") ==
        "bad.nfg:1:15: expected '{' opening the player list, found 'a'");
  CHECK(ErrorOf("NFG 1 R \"t\" { \"a } { 2 }\n1 2") ==
        "bad.nfg:1:15: expected a closing '\"' for the string opened here, found end of file");
  // Deeply nested braces are just an unexpected token.
  CHECK(ErrorOf("NFG 1 R \"t\" { \"a\" } { { " + std::string(100000, '{')) ==
        "bad.nfg:1:25: expected a strategy name in quotes or '}', found '{'");
  // A long list of strategy names stops at the payoff limit as it is read.
  std::string names = "NFG 1 R \"t\" { \"a\" \"b\" } { {";
  for (int s = 0; s < 1000001; ++s) names += " \"" + std::to_string(s) + "\"";
  CHECK_THAT(ErrorOf(names), Catch::Contains("player 1 may have at most 1000000 strategies here"));
  // Counts are whole numbers of digits.
  for (const std::string bad : {"0", "-2", "2.0", "1e3", "0x2", "+2"}) {
    INFO(bad);
    CHECK_THAT(ErrorOf("NFG 1 R \"t\" { \"a\" } { " + bad + " }\n1"),
               Catch::Contains("expected a positive whole strategy count, found '" + bad + "'"));
  }
  // Long text in messages is cut short.
  const std::string message =
      ErrorOf("NFG 1 R \"t\" { \"a\" } { 2 }\n1 \"" + std::string(5000, 'x') + "\"");
  CHECK(message.size() < 300);
  CHECK_THAT(message, Catch::EndsWith("...\""));
}

TEST_CASE("Outcome-version files with bad outcome indices are refused", "[games][nfg][hostile]") {
  const std::string head = "NFG 1 R \"o\" { \"a\" \"b\" } { 2 2 } \"\"\n{ { \"x\" 1 2 } { \"y\" 3, 4 } }\n";
  for (const std::string bad : {"3", "-1", "1.0", "1e0", "99999999999999999999999", "x", "{"}) {
    INFO(bad);
    CHECK_THAT(ErrorOf(head + "1 " + bad + " 0 2"),
               Catch::Contains("bad.nfg:3:3: expected the outcome index (0 to 2) of profile 2 of 4, found"));
  }
  const NormalForm g = ParseNfg(head + "1 2 0 2", "ok.nfg");
  CHECK(g.Payoff(1, 1) == 4);
  CHECK(g.Payoff(2, 0) == 0);
  CHECK_THAT(ErrorOf(head + "1 2 0 2 1"), Catch::Contains("bad.nfg:3:9: expected the end of the file"));
}

TEST_CASE("Only regular files of bounded size are read", "[games][nfg][hostile]") {
  const std::string dir = testing::TempDir("nfg-files");
  auto error_of = [](const std::string& path) {
    try {
      ReadNfgFile(path);
    } catch (const NfgError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(error_of(dir) == dir + ": expected a readable regular .nfg file, found a directory");
  CHECK(error_of("/dev/zero") ==
        "/dev/zero: expected a readable regular .nfg file, found a character device");
  const std::string fifo = dir + "/pipe.nfg";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(error_of(fifo) == fifo + ": expected a readable regular .nfg file, found a FIFO (named pipe)");
  CHECK(error_of(dir + "/missing.nfg") ==
        dir + "/missing.nfg: expected a readable regular .nfg file, found no such file");
  CHECK(error_of("") == "(an empty path): expected a readable regular .nfg file, found no file named");
  // A sparse file one byte over the limit is refused without being read.
  const std::string huge = dir + "/huge.nfg";
  { std::ofstream(huge) << "NFG"; }
  std::filesystem::resize_file(huge, GameLimits::kMaxFileBytes + 1);
  CHECK(error_of(huge) == huge + ": expected a game file of at most 67108864 bytes, found 67108865 bytes");
  CHECK_THAT(ErrorOf(std::string(GameLimits::kMaxFileBytes + 1, ' ')),
             Catch::Contains("bad.nfg: expected a game file of at most 67108864 bytes"));
}

TEST_CASE("ParseNfg survives arbitrary bytes", "[games][nfg][hostile]") {
  // A cheap stand-in for the fuzzer: mutations of valid files and random
  // bytes either parse or throw NfgError; nothing else escapes.
  const std::vector<std::string> seeds = {kPayoffVersion, kOutcomeVersion,
                                          WriteNfg(BuildClassicGame("battle_of_the_sexes"))};
  Rng rng(7, 0, 0, 0);
  int parsed = 0, refused = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text = seeds[rng.Below(seeds.size())];
    const int edits = 1 + static_cast<int>(rng.Below(4));
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const size_t at = rng.Below(text.size());
      switch (rng.Below(4)) {
        case 0: text[at] = static_cast<char>(rng.Below(256)); break;
        case 1: text.erase(at, 1 + rng.Below(8)); break;
        case 2: text.insert(at, std::string(1 + rng.Below(3), "{}\",/0123456789e-. \n"[rng.Below(20)])); break;
        default: text.insert(at, text.substr(rng.Below(text.size()), rng.Below(16))); break;
      }
    }
    try {
      const NormalForm g = ParseNfg(text, "fuzz.nfg");
      for (size_t index = 0; index < g.num_profiles(); ++index) {
        for (int p = 0; p < g.num_players(); ++p) {
          REQUIRE(std::isfinite(g.Payoff(index, p)));
          REQUIRE(std::fabs(g.Payoff(index, p)) <= GameLimits::kMaxPayoffMagnitude);
        }
      }
      ++parsed;
    } catch (const NfgError&) {
      ++refused;
    }
  }
  CHECK(parsed > 0);
  CHECK(refused > 0);
}

TEST_CASE("The constructor refuses games beyond the limits", "[games][nfg][hostile]") {
  const std::vector<std::string> two = {"a", "b"};
  CHECK_THROWS_WITH(NormalForm("x", std::vector<std::string>(33, "p"),
                               std::vector<std::vector<std::string>>(33, {"s"})),
                    "a game has at most 32 players, not 33");
  std::vector<std::string> many(1001, "s");
  CHECK_THROWS_WITH(NormalForm("x", {"1", "2", "3"}, {many, many, two}),
                    "a game has at most 2000000 payoffs (profiles x players)");
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
