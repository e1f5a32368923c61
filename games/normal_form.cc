#include "games/normal_form.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <unordered_set>

namespace geostrat {

NormalForm::NormalForm(std::string title, std::vector<std::string> players,
                       std::vector<std::vector<std::string>> strategies)
    : title_(std::move(title)), players_(std::move(players)), strategies_(std::move(strategies)) {
  if (players_.size() != strategies_.size() || players_.empty()) {
    throw std::invalid_argument("a game needs one strategy list per player");
  }
  if (players_.size() > static_cast<size_t>(GameLimits::kMaxPlayers)) {
    throw std::invalid_argument("a game has at most " + std::to_string(GameLimits::kMaxPlayers) +
                                " players, not " + std::to_string(players_.size()));
  }
  // Profiles x players, checked against the limit before each product so it
  // can never overflow.
  size_t payoffs = players_.size();
  num_profiles_ = 1;
  for (const auto& s : strategies_) {
    if (s.empty()) throw std::invalid_argument("every player needs at least one strategy");
    if (s.size() > GameLimits::kMaxPayoffs / payoffs) {
      throw std::invalid_argument("a game has at most " + std::to_string(GameLimits::kMaxPayoffs) +
                                  " payoffs (profiles x players)");
    }
    payoffs *= s.size();
    num_profiles_ *= s.size();
  }
  payoffs_.assign(payoffs, 0.0);
  payoff_text_.assign(payoffs, std::string());
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

namespace {

std::string Position(int line, int column) {
  if (line <= 0) return "";
  return ":" + std::to_string(line) + ":" + std::to_string(column);
}

// Length of the UTF-8 sequence starting at s[i] that encodes a printable
// character (no C0 or C1 control, no DEL), or 0.
size_t PrintableUtf8(const std::string& s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x20 || c == 0x7F) return 0;
  if (c < 0x80) return 1;
  size_t len;
  unsigned cp;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  // Overlong forms, surrogates, beyond U+10FFFF, and the C1 controls.
  if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp <= 0x9F)) {
    return 0;
  }
  return len;
}

}  // namespace

std::string PrintableText(const std::string& text, size_t max_bytes) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (out.size() >= max_bytes) return out + "...";
    const size_t len = PrintableUtf8(text, i);
    if (len == 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(text[i]));
      out += buf;
      ++i;
    } else {
      out.append(text, i, len);
      i += len;
    }
  }
  return out;
}

NfgError::NfgError(const std::string& file, int line, int column, const std::string& expected,
                   const std::string& found)
    : std::runtime_error(PrintableText(file, 1000) + Position(line, column) + ": expected " + expected +
                         ", found " + found),
      line_(line) {}

namespace {

using Limits = GameLimits;

// Tokens of the .nfg grammar: words/numbers, quoted strings, braces, commas.
struct Token {
  enum Kind { kWord, kString, kOpen, kClose, kComma, kEnd } kind;
  std::string text;
  int line, column;
};

// Reads tokens from `text`, which the caller keeps alive; copyable, so a
// copy can scan ahead (to count the payoffs) without moving this one.
class Lexer {
 public:
  Lexer(const std::string& text, const std::string& file) : text_(&text), file_(&file) {}

  Token Next() {
    SkipSpace();
    Token t{Token::kEnd, "", line_, column_};
    const std::string& text = *text_;
    if (pos_ >= text.size()) return t;
    const char c = text[pos_];
    if (c == '{' || c == '}' || c == ',') {
      t.kind = c == '{' ? Token::kOpen : c == '}' ? Token::kClose : Token::kComma;
      t.text = std::string(1, c);
      Advance();
      return t;
    }
    if (c == '"') {
      Advance();
      t.kind = Token::kString;
      while (pos_ < text.size() && text[pos_] != '"') {
        if (text[pos_] == '\\' && pos_ + 1 < text.size()) Advance();
        t.text += text[pos_];
        Advance();
      }
      if (pos_ >= text.size()) {
        throw NfgError(*file_, t.line, t.column, "a closing '\"' for the string opened here",
                       "end of file");
      }
      Advance();
      return t;
    }
    t.kind = Token::kWord;
    while (pos_ < text.size() && !std::isspace(static_cast<unsigned char>(text[pos_])) &&
           text[pos_] != '{' && text[pos_] != '}' && text[pos_] != ',' && text[pos_] != '"') {
      t.text += text[pos_];
      Advance();
    }
    return t;
  }

  Token Peek() {
    Lexer ahead = *this;
    return ahead.Next();
  }

  [[noreturn]] void Fail(const Token& t, const std::string& expected) const {
    Fail(t, expected, Describe(t));
  }
  [[noreturn]] void Fail(const Token& t, const std::string& expected,
                         const std::string& found) const {
    throw NfgError(*file_, t.line, t.column, expected, found);
  }
  static std::string Describe(const Token& t) {
    return t.kind == Token::kEnd      ? "end of file"
           : t.kind == Token::kString ? "the string \"" + PrintableText(t.text) + "\""
                                      : "'" + PrintableText(t.text) + "'";
  }

  Token Expect(Token::Kind kind, const std::string& what) {
    Token t = Next();
    if (t.kind != kind) Fail(t, what);
    return t;
  }

 private:
  void Advance() {
    if ((*text_)[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++pos_;
  }
  void SkipSpace() {
    while (pos_ < text_->size() && std::isspace(static_cast<unsigned char>((*text_)[pos_]))) Advance();
  }

  const std::string* text_;
  const std::string* file_;
  size_t pos_ = 0;
  int line_ = 1, column_ = 1;
};

// A quoted name (title, player, strategy, outcome): at most `max_bytes`,
// printable UTF-8.
std::string CheckName(const Lexer& lex, const Token& t, const std::string& what,
                      size_t max_bytes = Limits::kMaxNameBytes) {
  if (t.text.size() > max_bytes) {
    lex.Fail(t, what + " of at most " + std::to_string(max_bytes) + " bytes",
             "a string of " + std::to_string(t.text.size()) + " bytes");
  }
  for (size_t i = 0; i < t.text.size();) {
    const size_t len = PrintableUtf8(t.text, i);
    if (len == 0) {
      lex.Fail(t, what + " of printable UTF-8 text (no control characters)");
    }
    i += len;
  }
  return t.text;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// [+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?: the decimal
// forms Gambit writes (no hexadecimal, no inf or nan).
bool DecimalSyntax(const std::string& s, size_t begin, size_t end) {
  size_t i = begin;
  if (i < end && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  while (i < end && IsDigit(s[i])) ++i, ++digits;
  if (i < end && s[i] == '.') {
    ++i;
    while (i < end && IsDigit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < end && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < end && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exponent_digits = 0;
    while (i < end && IsDigit(s[i])) ++i, ++exponent_digits;
    if (exponent_digits == 0) return false;
  }
  return i == end;
}

enum class Number { kOk, kSyntax, kRange };

// The double nearest a decimal literal; kRange when it overflows or
// underflows a double.
Number DecimalValue(const std::string& s, size_t begin, size_t end, double& value) {
  if (!DecimalSyntax(s, begin, end)) return Number::kSyntax;
  if (s[begin] == '+') ++begin;  // from_chars takes no '+'
  const auto [ptr, ec] = std::from_chars(s.data() + begin, s.data() + end, value);
  if (ec == std::errc::result_out_of_range) return Number::kRange;
  if (ec != std::errc() || ptr != s.data() + end) return Number::kSyntax;
  return Number::kOk;
}

// A payoff as Gambit writes them: integers, decimals, exponents, rationals
// a/b of those. kRange unless the value is 0 or of magnitude within
// [kMinPayoffMagnitude, kMaxPayoffMagnitude] (a zero denominator included).
Number PayoffValue(const std::string& text, double& value) {
  if (text.empty() || text.size() > Limits::kMaxNumberChars) return Number::kSyntax;
  const size_t slash = text.find('/');
  if (slash == std::string::npos) {
    const Number n = DecimalValue(text, 0, text.size(), value);
    if (n != Number::kOk) return n;
  } else {
    double a = 0, b = 0;
    const Number na = DecimalValue(text, 0, slash, a);
    const Number nb = DecimalValue(text, slash + 1, text.size(), b);
    if (na == Number::kSyntax || nb == Number::kSyntax) return Number::kSyntax;
    if (na == Number::kRange || nb == Number::kRange || b == 0.0) return Number::kRange;
    value = a / b;
    if (a != 0.0 && value == 0.0) return Number::kRange;  // underflowed to 0
  }
  const double magnitude = std::fabs(value);
  if (!std::isfinite(value) || magnitude > Limits::kMaxPayoffMagnitude ||
      (value != 0.0 && magnitude < Limits::kMinPayoffMagnitude)) {
    return Number::kRange;
  }
  return Number::kOk;
}

// A non-negative decimal integer of digits only; kRange above `limit`.
Number IntegerValue(const std::string& text, unsigned long long limit, unsigned long long& value) {
  if (text.empty() || text.size() > Limits::kMaxNumberChars) return Number::kSyntax;
  for (char c : text) {
    if (!IsDigit(c)) return Number::kSyntax;
  }
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range || (ec == std::errc() && value > limit)) {
    return Number::kRange;
  }
  return ec == std::errc() ? Number::kOk : Number::kSyntax;
}

const std::string kPayoffRange = "0 or of magnitude 1e-300 to 1e300";

// Reads one payoff token; `what` describes it for errors ("payoff of player
// 1 in profile 3 of 4").
double ReadPayoff(Lexer& lex, const std::string& what, std::string* text) {
  Token t = lex.Next();
  double v = 0;
  if (t.kind != Token::kWord) lex.Fail(t, what);
  if (t.text.size() > Limits::kMaxNumberChars) {
    lex.Fail(t, what + " (a number of at most " + std::to_string(Limits::kMaxNumberChars) +
                    " characters)",
             "a word of " + std::to_string(t.text.size()) + " characters");
  }
  switch (PayoffValue(t.text, v)) {
    case Number::kSyntax: lex.Fail(t, what);
    case Number::kRange: lex.Fail(t, what + " to be " + kPayoffRange);
    case Number::kOk: break;
  }
  if (text != nullptr) *text = std::move(t.text);
  return v;
}

std::string PayoffWhat(size_t index, int players, size_t profiles) {
  return "payoff of player " + std::to_string(index % players + 1) + " in profile " +
         std::to_string(index / players + 1) + " of " + std::to_string(profiles);
}

// One entry of the strategy block: a count, or a list of names.
struct StrategyEntry {
  size_t count = 0;
  std::vector<std::string> names;  // empty for a count
};

void RequireDistinct(const Lexer& lex, const Token& where, const std::vector<std::string>& names,
                     const std::string& what) {
  std::unordered_set<std::string> seen;
  for (const auto& name : names) {
    if (!seen.insert(name).second) {
      lex.Fail(where, what + " with distinct names", "\"" + PrintableText(name) + "\" twice");
    }
  }
}

}  // namespace

NormalForm ParseNfg(const std::string& text, const std::string& file) {
  if (text.size() > Limits::kMaxFileBytes) {
    throw NfgError(file, 0, 0,
                   "a game file of at most " + std::to_string(Limits::kMaxFileBytes) + " bytes",
                   std::to_string(text.size()) + " bytes");
  }
  Lexer lex(text, file);
  Token t = lex.Next();
  if (t.kind != Token::kWord || t.text != "NFG") lex.Fail(t, "the header 'NFG 1 R'");
  t = lex.Next();
  if (t.kind != Token::kWord || t.text != "1") lex.Fail(t, "format version 1");
  t = lex.Next();
  if (t.kind != Token::kWord || (t.text != "R" && t.text != "D")) lex.Fail(t, "'R' (or 'D')");
  t = lex.Expect(Token::kString, "the game's title in quotes");
  const std::string title = CheckName(lex, t, "a title");

  lex.Expect(Token::kOpen, "'{' opening the player list");
  std::vector<std::string> players;
  const Token player_list = lex.Peek();
  for (t = lex.Next(); t.kind == Token::kString; t = lex.Next()) {
    if (players.size() == static_cast<size_t>(Limits::kMaxPlayers)) {
      lex.Fail(t, "'}' after at most " + std::to_string(Limits::kMaxPlayers) + " players");
    }
    players.push_back(CheckName(lex, t, "a player name"));
  }
  if (t.kind != Token::kClose) lex.Fail(t, "a player name in quotes or '}'");
  if (players.empty()) lex.Fail(t, "at least one player");
  RequireDistinct(lex, player_list, players, "players");
  const int n = static_cast<int>(players.size());

  // Strategy counts or name lists. The payoff count players x profiles is
  // kept below the limit as each entry (and each name) is read, so no list,
  // product or table can grow past it.
  lex.Expect(Token::kOpen, "'{' opening the strategy counts or lists");
  const std::string too_large = "a game of at most " + std::to_string(Limits::kMaxPayoffs) +
                                " payoffs (profiles x players)";
  std::vector<StrategyEntry> entries;
  std::string shape;  // "4 x 5581 x ..." for the size error
  size_t payoffs = static_cast<size_t>(n);
  for (t = lex.Next(); t.kind != Token::kClose; t = lex.Next()) {
    if (entries.size() == players.size() && (t.kind == Token::kOpen || t.kind == Token::kWord)) {
      lex.Fail(t, "'}' after " + std::to_string(n) + " strategy entries (one per player)");
    }
    StrategyEntry entry;
    if (t.kind == Token::kOpen) {
      const Token list = t;
      for (t = lex.Next(); t.kind == Token::kString; t = lex.Next()) {
        if (entry.names.size() + 1 > Limits::kMaxPayoffs / payoffs) {
          lex.Fail(t, "'}': " + too_large + "; player " + std::to_string(entries.size() + 1) +
                          " may have at most " +
                          std::to_string(Limits::kMaxPayoffs / payoffs) + " strategies here");
        }
        entry.names.push_back(CheckName(lex, t, "a strategy name"));
      }
      if (t.kind != Token::kClose) lex.Fail(t, "a strategy name in quotes or '}'");
      if (entry.names.empty()) lex.Fail(t, "at least one strategy");
      RequireDistinct(lex, list, entry.names,
                      "the strategies of player " + std::to_string(entries.size() + 1));
      entry.count = entry.names.size();
    } else if (t.kind == Token::kWord) {
      unsigned long long count = 0;
      const Number status = IntegerValue(t.text, Limits::kMaxPayoffs, count);
      if (status == Number::kSyntax || (status == Number::kOk && count == 0)) {
        lex.Fail(t, "a positive whole strategy count");
      }
      if (status == Number::kRange || count > Limits::kMaxPayoffs / payoffs) {
        std::string all = shape.empty() ? t.text : shape + " x " + t.text;
        lex.Fail(t, too_large,
                 std::to_string(n) + " players with strategy counts " + all +
                     (entries.size() + 1 < players.size() ? " x ..." : ""));
      }
      entry.count = static_cast<size_t>(count);
    } else {
      lex.Fail(t, "a strategy count, a '{' list of strategy names, or '}'");
    }
    payoffs *= entry.count;
    shape += (shape.empty() ? "" : " x ") + std::to_string(entry.count);
    entries.push_back(std::move(entry));
  }
  if (entries.size() != players.size()) {
    lex.Fail(t, std::to_string(players.size()) + " strategy entries (one per player), not " +
                    std::to_string(entries.size()));
  }
  const size_t profiles = payoffs / static_cast<size_t>(n);

  if (lex.Peek().kind == Token::kString) {  // the optional comment
    t = lex.Next();
    CheckName(lex, t, "a comment", Limits::kMaxCommentBytes);
  }

  // Outcome version: { { "name" payoffs... } ... } then one outcome index
  // per profile (1-based; 0 = the null outcome, all payoffs 0). Payoff
  // version: players x profiles numbers. Either way the numbers present are
  // counted and checked first, then the game is allocated and filled.
  std::vector<std::vector<double>> outcomes;
  std::vector<std::vector<std::string>> texts;
  const bool outcome_version = lex.Peek().kind == Token::kOpen;
  if (outcome_version) {
    lex.Next();
    for (t = lex.Next(); t.kind == Token::kOpen; t = lex.Next()) {
      const std::string number = std::to_string(outcomes.size() + 1);
      if (outcomes.size() + 1 > Limits::kMaxPayoffs / n) {
        lex.Fail(t, "'}': at most " + std::to_string(Limits::kMaxPayoffs / n) + " outcomes of " +
                        std::to_string(n) + " payoffs");
      }
      CheckName(lex, lex.Expect(Token::kString, "the outcome's name in quotes"), "an outcome name");
      std::vector<double> pay(n);
      std::vector<std::string> text(n);
      for (int p = 0; p < n; ++p) {
        if (p > 0 && lex.Peek().kind == Token::kComma) lex.Next();
        pay[p] = ReadPayoff(lex,
                            "payoff " + std::to_string(p + 1) + " of " + std::to_string(n) +
                                " of outcome " + number,
                            &text[p]);
      }
      lex.Expect(Token::kClose, "'}' closing outcome " + number + " after " + std::to_string(n) +
                                    " payoffs");
      outcomes.push_back(std::move(pay));
      texts.push_back(std::move(text));
    }
    if (t.kind != Token::kClose) lex.Fail(t, "'{' opening an outcome or '}'");
  }
  const auto index_what = [&](size_t prof) {
    return "the outcome index (0 to " + std::to_string(outcomes.size()) + ") of profile " +
           std::to_string(prof + 1) + " of " + std::to_string(profiles);
  };
  {
    Lexer scan = lex;
    const size_t expected = outcome_version ? profiles : payoffs;
    for (size_t found = 0; found < expected; ++found) {
      if (!outcome_version && found > 0 && scan.Peek().kind == Token::kComma) scan.Next();
      const Token next = scan.Peek();
      const std::string what = outcome_version ? index_what(found) : PayoffWhat(found, n, profiles);
      if (next.kind == Token::kEnd) {
        scan.Fail(next, what,
                  "end of file after " + std::to_string(found) + " of the " +
                      std::to_string(expected) +
                      (outcome_version ? " outcome indices" : " payoffs") + " the header declares");
      }
      if (outcome_version) {
        t = scan.Next();
        unsigned long long k = 0;
        if (t.kind != Token::kWord || IntegerValue(t.text, outcomes.size(), k) != Number::kOk) {
          scan.Fail(t, what);
        }
      } else {
        ReadPayoff(scan, what, nullptr);
      }
    }
  }

  std::vector<std::vector<std::string>> strategies(n);
  for (int p = 0; p < n; ++p) {
    if (!entries[p].names.empty()) {
      strategies[p] = std::move(entries[p].names);
    } else {
      strategies[p].reserve(entries[p].count);
      for (size_t s = 1; s <= entries[p].count; ++s) strategies[p].push_back(std::to_string(s));
    }
  }
  NormalForm game(title, std::move(players), std::move(strategies));
  if (outcome_version) {
    for (size_t prof = 0; prof < profiles; ++prof) {
      t = lex.Next();
      unsigned long long k = 0;
      IntegerValue(t.text, outcomes.size(), k);  // checked by the scan
      for (int p = 0; p < n; ++p) {
        game.SetPayoff(prof, p, k == 0 ? 0.0 : outcomes[k - 1][p]);
        game.SetPayoffText(prof, p, k == 0 ? "0" : texts[k - 1][p]);
      }
    }
  } else {
    for (size_t index = 0; index < payoffs; ++index) {
      if (index > 0 && lex.Peek().kind == Token::kComma) lex.Next();
      std::string number;
      const double v = ReadPayoff(lex, PayoffWhat(index, n, profiles), &number);
      const size_t prof = index / n;
      const int p = static_cast<int>(index % n);
      game.SetPayoff(prof, p, v);
      game.SetPayoffText(prof, p, std::move(number));
    }
  }
  t = lex.Next();
  if (t.kind != Token::kEnd) lex.Fail(t, "the end of the file");
  return game;
}

namespace {

std::string KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

const std::string kReadable = "a readable regular .nfg file";

}  // namespace

NormalForm ReadNfgFile(const std::string& path) {
  // stat first, so a FIFO or device is refused without being opened; then
  // open without blocking and check the descriptor itself (the path may have
  // changed in between).
  if (path.empty()) throw NfgError("(an empty path)", 0, 0, kReadable, "no file named");
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int error = errno;
    throw NfgError(path, 0, 0, kReadable,
                   error == ENOENT ? std::string("no such file") : std::strerror(error));
  }
  if (!S_ISREG(st.st_mode)) throw NfgError(path, 0, 0, kReadable, KindOf(st.st_mode));
  const auto too_big = [&](long long size) {
    return NfgError(path, 0, 0,
                    "a game file of at most " + std::to_string(Limits::kMaxFileBytes) + " bytes",
                    std::to_string(size) + " bytes");
  };
  if (st.st_size > static_cast<off_t>(Limits::kMaxFileBytes)) throw too_big(st.st_size);
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) throw NfgError(path, 0, 0, kReadable, std::strerror(errno));
  std::string text;
  try {
    if (::fstat(fd, &st) != 0) throw NfgError(path, 0, 0, kReadable, std::strerror(errno));
    if (!S_ISREG(st.st_mode)) throw NfgError(path, 0, 0, kReadable, KindOf(st.st_mode));
    // Read at most one byte past the limit, whatever the size said.
    text.resize(Limits::kMaxFileBytes + 1 < static_cast<size_t>(st.st_size) + 1
                    ? Limits::kMaxFileBytes + 1
                    : static_cast<size_t>(st.st_size) + 1);
    size_t have = 0;
    for (;;) {
      if (have == text.size()) {
        if (have > Limits::kMaxFileBytes) throw too_big(static_cast<long long>(have));
        text.resize(std::min(Limits::kMaxFileBytes + 1, 2 * have + 4096));
      }
      const ssize_t got = ::read(fd, &text[have], text.size() - have);
      if (got < 0) {
        if (errno == EINTR) continue;
        throw NfgError(path, 0, 0, kReadable, std::strerror(errno));
      }
      if (got == 0) break;
      have += static_cast<size_t>(got);
    }
    if (have > Limits::kMaxFileBytes) throw too_big(static_cast<long long>(have));
    text.resize(have);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return ParseNfg(text, path);
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
