// A finite game in strategic (normal) form for n players, and Gambit's .nfg
// file format (both the payoff-list and the outcome versions).
//
// Profiles are indexed with the first player's strategy changing fastest, as
// in Gambit's payoff list, so a file's numbers map straight onto storage.
//
// Every game obeys GameLimits (the constructor enforces the size limits, the
// reader all of them), so code downstream may rely on: at most kMaxPlayers
// players, profiles x players <= kMaxPayoffs (no overflow anywhere in index
// arithmetic), and, for games read from a file, every payoff finite and 0 or
// of magnitude in [kMinPayoffMagnitude, kMaxPayoffMagnitude]. docs/limits.md
// gives the reasons.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace geostrat {

struct GameLimits {
  // A .nfg file is read whole into memory; 64 MiB holds the largest game
  // below (2,000,000 payoffs) at over 30 characters a payoff.
  static constexpr size_t kMaxFileBytes = size_t{64} << 20;
  // Two strategies each for 32 players are already 4.3e9 profiles, far past
  // kMaxPayoffs; more players only make sense with one strategy each.
  static constexpr int kMaxPlayers = 32;
  // Profiles times players: the payoff table held in memory (about 40 bytes
  // a payoff with its text), a 1000 x 1000 two-player game.
  static constexpr size_t kMaxPayoffs = 2'000'000;
  // Title and every player, strategy and outcome name, in bytes (UTF-8, no
  // control characters: they are printed to terminals, JSON and HTML).
  static constexpr size_t kMaxNameBytes = 1000;
  // The optional comment after the strategies.
  static constexpr size_t kMaxCommentBytes = 100'000;
  // One number as written ("-12345/678", "1.5e-3").
  static constexpr size_t kMaxNumberChars = 100;
  // Payoffs are 0 or of magnitude in [1e-300, 1e300]: sums over players,
  // differences of two payoffs and expected payoffs then never overflow a
  // double, and no payoff is a denormal whose double differs from its text.
  static constexpr double kMaxPayoffMagnitude = 1e300;
  static constexpr double kMinPayoffMagnitude = 1e-300;
};

class NormalForm {
 public:
  NormalForm() = default;
  // Throws std::invalid_argument for no players, a player without strategies,
  // more than GameLimits::kMaxPlayers players or more than
  // GameLimits::kMaxPayoffs payoffs (profiles x players).
  NormalForm(std::string title, std::vector<std::string> players,
             std::vector<std::vector<std::string>> strategies);

  const std::string& title() const { return title_; }
  const std::vector<std::string>& players() const { return players_; }
  const std::vector<std::string>& strategies(int player) const { return strategies_[player]; }
  int num_players() const { return static_cast<int>(players_.size()); }
  int num_strategies(int player) const { return static_cast<int>(strategies_[player].size()); }
  size_t num_profiles() const { return num_profiles_; }

  // Index of a pure profile (one strategy per player), first player fastest.
  size_t ProfileIndex(const std::vector<int>& profile) const;
  std::vector<int> ProfileAt(size_t index) const;

  double Payoff(size_t profile_index, int player) const {
    return payoffs_[profile_index * players_.size() + player];
  }
  double Payoff(const std::vector<int>& profile, int player) const {
    return Payoff(ProfileIndex(profile), player);
  }
  void SetPayoff(const std::vector<int>& profile, int player, double value);
  void SetPayoff(size_t profile_index, int player, double value) {
    payoffs_[profile_index * players_.size() + player] = value;
    payoff_text_[profile_index * players_.size() + player].clear();
  }
  // The payoff as written in the .nfg file it came from ("3/2", "0.1"), for
  // exact solvers; empty when it was set as a double (then the double itself
  // is the exact value).
  const std::string& PayoffText(size_t profile_index, int player) const {
    return payoff_text_[profile_index * players_.size() + player];
  }
  void SetPayoffText(size_t profile_index, int player, std::string text) {
    payoff_text_[profile_index * players_.size() + player] = std::move(text);
  }

  // For two players: payoff to `player` when row plays r and column plays c.
  double Payoff2(int r, int c, int player) const {
    return payoffs_[(static_cast<size_t>(c) * strategies_[0].size() + r) * 2 + player];
  }

 private:
  std::string title_;
  std::vector<std::string> players_;
  std::vector<std::vector<std::string>> strategies_;
  size_t num_profiles_ = 0;
  std::vector<double> payoffs_;  // [profile * players + player]
  std::vector<std::string> payoff_text_;  // same layout
};

// A malformed or unreadable .nfg file: where (line, column; both 0 when the
// problem is the file itself) and what was expected. what() is
// "FILE:LINE:COLUMN: expected WHAT, found WHAT" ("FILE: expected ..." without
// a position).
class NfgError : public std::runtime_error {
 public:
  NfgError(const std::string& file, int line, int column, const std::string& expected,
           const std::string& found);
  int line() const { return line_; }

 private:
  int line_;
};

// Parses .nfg text; `file` names the source in errors. Safe for any byte
// string: every limit of GameLimits is checked before memory is allocated
// for it (the number of payoffs present is counted against the header first),
// and anything else throws NfgError.
NormalForm ParseNfg(const std::string& text, const std::string& file);
// Reads a regular file of at most GameLimits::kMaxFileBytes (directories,
// FIFOs and devices are refused without being opened for reading) and
// parses it.
NormalForm ReadNfgFile(const std::string& path);
// Writes the payoff-list version with strategy names; numbers with up to 17
// significant digits, so reading the output back gives the same game.
std::string WriteNfg(const NormalForm& game);

// `text` made safe to quote in a one-line message: at most `max_bytes` bytes
// (then "..."), control characters and bytes that are not UTF-8 as \xnn
// (lower-case hex, as engine/core's Printable writes them).
std::string PrintableText(const std::string& text, size_t max_bytes = 60);

}  // namespace geostrat
