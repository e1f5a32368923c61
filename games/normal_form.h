// A finite game in strategic (normal) form for n players, and Gambit's .nfg
// file format (both the payoff-list and the outcome versions).
//
// Profiles are indexed with the first player's strategy changing fastest, as
// in Gambit's payoff list, so a file's numbers map straight onto storage.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace geostrat {

class NormalForm {
 public:
  NormalForm() = default;
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

// A malformed .nfg file: where (line, column) and what was expected.
class NfgError : public std::runtime_error {
 public:
  NfgError(const std::string& file, int line, int column, const std::string& expected,
           const std::string& found);
  int line() const { return line_; }

 private:
  int line_;
};

// Parses .nfg text; `file` names the source in errors.
NormalForm ParseNfg(const std::string& text, const std::string& file);
NormalForm ReadNfgFile(const std::string& path);
// Writes the payoff-list version with strategy names; numbers with up to 17
// significant digits, so reading the output back gives the same game.
std::string WriteNfg(const NormalForm& game);

}  // namespace geostrat
