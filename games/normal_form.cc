#include "games/normal_form.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace geostrat {

NormalForm::NormalForm(std::string title, std::vector<std::string> players,
                       std::vector<std::vector<std::string>> strategies)
    : title_(std::move(title)), players_(std::move(players)), strategies_(std::move(strategies)) {
  if (players_.size() != strategies_.size() || players_.empty()) {
    throw std::invalid_argument("a game needs one strategy list per player");
  }
  num_profiles_ = 1;
  for (const auto& s : strategies_) {
    if (s.empty()) throw std::invalid_argument("every player needs at least one strategy");
    num_profiles_ *= s.size();
  }
  payoffs_.assign(num_profiles_ * players_.size(), 0.0);
  payoff_text_.assign(num_profiles_ * players_.size(), std::string());
}

size_t NormalForm::ProfileIndex(const std::vector<int>& profile) const {
  size_t index = 0, stride = 1;
  for (size_t p = 0; p < players_.size(); ++p) {
    index += static_cast<size_t>(profile[p]) * stride;
    stride *= strategies_[p].size();
  }
  return index;
}

std::vector<int> NormalForm::ProfileAt(size_t index) const {
  std::vector<int> profile(players_.size());
  for (size_t p = 0; p < players_.size(); ++p) {
    profile[p] = static_cast<int>(index % strategies_[p].size());
    index /= strategies_[p].size();
  }
  return profile;
}

void NormalForm::SetPayoff(const std::vector<int>& profile, int player, double value) {
  SetPayoff(ProfileIndex(profile), player, value);
}

NfgError::NfgError(const std::string& file, int line, int column, const std::string& expected,
                   const std::string& found)
    : std::runtime_error(file + ":" + std::to_string(line) + ":" + std::to_string(column) +
                         ": expected " + expected + ", found " + found),
      line_(line) {}

namespace {

// Tokens of the .nfg grammar: words/numbers, quoted strings, braces, commas.
struct Token {
  enum Kind { kWord, kString, kOpen, kClose, kComma, kEnd } kind;
  std::string text;
  int line, column;
};

class Lexer {
 public:
  Lexer(const std::string& text, std::string file) : text_(text), file_(std::move(file)) {}

  Token Next() {
    SkipSpace();
    Token t{Token::kEnd, "", line_, column_};
    if (pos_ >= text_.size()) return t;
    const char c = text_[pos_];
    if (c == '{' || c == '}' || c == ',') {
      t.kind = c == '{' ? Token::kOpen : c == '}' ? Token::kClose : Token::kComma;
      t.text = std::string(1, c);
      Advance();
      return t;
    }
    if (c == '"') {
      Advance();
      t.kind = Token::kString;
      while (pos_ < text_.size() && text_[pos_] != '"') {
        if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) Advance();
        t.text += text_[pos_];
        Advance();
      }
      if (pos_ >= text_.size()) throw NfgError(file_, t.line, t.column, "a closing '\"'", "end of file");
      Advance();
      return t;
    }
    t.kind = Token::kWord;
    while (pos_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos_])) &&
           text_[pos_] != '{' && text_[pos_] != '}' && text_[pos_] != ',' && text_[pos_] != '"') {
      t.text += text_[pos_];
      Advance();
    }
    return t;
  }

  Token Peek() {
    const size_t p = pos_;
    const int l = line_, c = column_;
    Token t = Next();
    pos_ = p;
    line_ = l;
    column_ = c;
    return t;
  }

  [[noreturn]] void Fail(const Token& t, const std::string& expected) const {
    std::string found = t.kind == Token::kEnd      ? "end of file"
                        : t.kind == Token::kString ? "the string \"" + t.text + "\""
                                                   : "'" + t.text + "'";
    throw NfgError(file_, t.line, t.column, expected, found);
  }

  Token Expect(Token::Kind kind, const std::string& what) {
    Token t = Next();
    if (t.kind != kind) Fail(t, what);
    return t;
  }

 private:
  void Advance() {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++pos_;
  }
  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) Advance();
  }

  const std::string& text_;
  std::string file_;
  size_t pos_ = 0;
  int line_ = 1, column_ = 1;
};

// A number as Gambit writes them: integers, decimals, exponents, rationals a/b.
bool ParseNumber(const std::string& text, double& value) {
  const size_t slash = text.find('/');
  char* end = nullptr;
  if (slash != std::string::npos) {
    const std::string num = text.substr(0, slash), den = text.substr(slash + 1);
    double a = 0, b = 0;
    if (!ParseNumber(num, a) || !ParseNumber(den, b) || b == 0) return false;
    value = a / b;
    return true;
  }
  if (text.empty()) return false;
  value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(value);
}

double ReadNumber(Lexer& lex, const std::string& what, std::string* text = nullptr) {
  Token t = lex.Next();
  double v = 0;
  if (t.kind != Token::kWord || !ParseNumber(t.text, v)) lex.Fail(t, what);
  if (text != nullptr) *text = t.text;
  return v;
}

}  // namespace

NormalForm ParseNfg(const std::string& text, const std::string& file) {
  Lexer lex(text, file);
  Token t = lex.Next();
  if (t.kind != Token::kWord || t.text != "NFG") lex.Fail(t, "the header 'NFG 1 R'");
  t = lex.Next();
  if (t.text != "1") lex.Fail(t, "format version 1");
  t = lex.Next();
  if (t.text != "R" && t.text != "D") lex.Fail(t, "'R' (or 'D')");
  const std::string title = lex.Expect(Token::kString, "the game's title in quotes").text;

  lex.Expect(Token::kOpen, "'{' opening the player list");
  std::vector<std::string> players;
  for (t = lex.Next(); t.kind == Token::kString; t = lex.Next()) players.push_back(t.text);
  if (t.kind != Token::kClose) lex.Fail(t, "a player name in quotes or '}'");
  if (players.empty()) lex.Fail(t, "at least one player");

  lex.Expect(Token::kOpen, "'{' opening the strategy counts or lists");
  std::vector<std::vector<std::string>> strategies;
  for (t = lex.Next(); t.kind != Token::kClose; t = lex.Next()) {
    if (t.kind == Token::kOpen) {
      std::vector<std::string> names;
      for (t = lex.Next(); t.kind == Token::kString; t = lex.Next()) names.push_back(t.text);
      if (t.kind != Token::kClose) lex.Fail(t, "a strategy name in quotes or '}'");
      if (names.empty()) lex.Fail(t, "at least one strategy");
      strategies.push_back(names);
    } else if (t.kind == Token::kWord) {
      double n = 0;
      if (!ParseNumber(t.text, n) || n < 1 || n != std::floor(n) || n > 1e6) {
        lex.Fail(t, "a positive strategy count");
      }
      std::vector<std::string> names;
      for (int s = 1; s <= static_cast<int>(n); ++s) names.push_back(std::to_string(s));
      strategies.push_back(names);
    } else {
      lex.Fail(t, "a strategy count, a '{' list of strategy names, or '}'");
    }
  }
  if (strategies.size() != players.size()) {
    lex.Fail(t, std::to_string(players.size()) + " strategy entries (one per player), not " +
                    std::to_string(strategies.size()));
  }
  NormalForm game(title, players, strategies);
  const int n = game.num_players();

  if (lex.Peek().kind == Token::kString) lex.Next();  // the optional comment

  if (lex.Peek().kind == Token::kOpen) {
    // Outcome version: { { "name" payoffs... } ... } then one outcome index
    // per profile (1-based; 0 = the null outcome, all payoffs 0).
    lex.Next();
    std::vector<std::vector<double>> outcomes;
    std::vector<std::vector<std::string>> texts;
    for (t = lex.Next(); t.kind == Token::kOpen; t = lex.Next()) {
      lex.Expect(Token::kString, "the outcome's name in quotes");
      std::vector<double> pay;
      std::vector<std::string> text(n);
      for (int p = 0; p < n; ++p) {
        if (p > 0 && lex.Peek().kind == Token::kComma) lex.Next();
        pay.push_back(ReadNumber(lex,
                                 "payoff " + std::to_string(p + 1) + " of " + std::to_string(n) +
                                     " of outcome " + std::to_string(outcomes.size() + 1),
                                 &text[p]));
      }
      texts.push_back(text);
      lex.Expect(Token::kClose, "'}' closing outcome " + std::to_string(outcomes.size() + 1) +
                                    " after " + std::to_string(n) + " payoffs");
      outcomes.push_back(pay);
    }
    if (t.kind != Token::kClose) lex.Fail(t, "'{' opening an outcome or '}'");
    for (size_t prof = 0; prof < game.num_profiles(); ++prof) {
      t = lex.Next();
      double k = 0;
      if (t.kind != Token::kWord || !ParseNumber(t.text, k) || k < 0 || k != std::floor(k) ||
          k > static_cast<double>(outcomes.size())) {
        lex.Fail(t, "the outcome index (0 to " + std::to_string(outcomes.size()) +
                        ") of profile " + std::to_string(prof + 1) + " of " +
                        std::to_string(game.num_profiles()));
      }
      for (int p = 0; p < n; ++p) {
        game.SetPayoff(prof, p, k == 0 ? 0.0 : outcomes[static_cast<size_t>(k) - 1][p]);
        game.SetPayoffText(prof, p, k == 0 ? "0" : texts[static_cast<size_t>(k) - 1][p]);
      }
    }
  } else {
    for (size_t prof = 0; prof < game.num_profiles(); ++prof) {
      for (int p = 0; p < n; ++p) {
        if (lex.Peek().kind == Token::kComma) lex.Next();
        std::string text;
        game.SetPayoff(prof, p, ReadNumber(lex,
                                           "payoff of player " + std::to_string(p + 1) +
                                               " in profile " + std::to_string(prof + 1) + " of " +
                                               std::to_string(game.num_profiles()),
                                           &text));
        game.SetPayoffText(prof, p, text);
      }
    }
  }
  t = lex.Next();
  if (t.kind != Token::kEnd) lex.Fail(t, "the end of the file");
  return game;
}

NormalForm ReadNfgFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw NfgError(path, 0, 0, "a readable .nfg file", "no such file or it cannot be read");
  std::stringstream s;
  s << in.rdbuf();
  return ParseNfg(s.str(), path);
}

namespace {
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}
}  // namespace

std::string WriteNfg(const NormalForm& game) {
  // The outcome version keeps strategy names (Gambit's own choice when
  // strategies are named): one outcome per profile, in profile order.
  std::ostringstream out;
  out << "NFG 1 R " << Quote(game.title()) << " {";
  for (const auto& p : game.players()) out << " " << Quote(p);
  out << " }\n\n{";
  for (int p = 0; p < game.num_players(); ++p) {
    out << " {";
    for (const auto& s : game.strategies(p)) out << " " << Quote(s);
    out << " }\n";
  }
  out << "}\n\"\"\n\n{\n";
  char buf[32];
  for (size_t prof = 0; prof < game.num_profiles(); ++prof) {
    out << "{ \"\"";
    for (int p = 0; p < game.num_players(); ++p) {
      std::snprintf(buf, sizeof buf, "%.17g", game.Payoff(prof, p));
      out << (p == 0 ? " " : ", ") << buf;
    }
    out << " }\n";
  }
  out << "}\n";
  for (size_t prof = 0; prof < game.num_profiles(); ++prof) out << (prof ? " " : "") << prof + 1;
  out << "\n";
  return out.str();
}

}  // namespace geostrat
