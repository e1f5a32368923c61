// The seminar mode's console: the quarterly dashboard, the menu of the
// player's moves, the prompt's commands and the end summary, over any pair of
// streams (a terminal, a pipe, or strings in tests). Everything printed is a
// function of the session, so the same config, seed and input give the same
// transcript.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "engine/play.h"
#include "engine/play_narrative.h"

namespace geostrat {

struct ConsoleStyle {
  bool colour = false;  // ANSI colours (a terminal, NO_COLOR unset)
  bool clear = false;   // clear the screen before each dashboard (an interactive terminal)
  bool echo = false;    // print each command read after the prompt (piped input)
  bool ask = false;     // questions (overwrite a save?) are answered on the input: a terminal
  size_t width = 112;   // screen columns (the terminal's); the dashboard uses at most 112
  int best_futures = 20;  // futures averaged by `best` (PlaySession::Best)
};

// One line typed at the prompt: its command word in lower case ("save!",
// "3", "") and the rest of the line, trimmed.
struct ConsoleCommand {
  std::string command, argument;
};
ConsoleCommand ParseConsoleCommand(const std::string& line);

// Reads commands from `in` until `quit` or the end of input and answers on
// `out`. Bad input gets a message and the prompt again; nothing read from
// `in` makes it throw. Returns 0. `save FILE` never replaces the config
// being played or a file that is not a save; it asks before replacing a
// previous save (with `ask`; otherwise it refuses and names `save! FILE`,
// which replaces a previous save without asking).
int RunPlayConsole(PlaySession& session, std::istream& in, std::ostream& out,
                   const ConsoleStyle& style);

// The pieces the console prints, exposed for tests (plain text when
// `colour` is false).
std::string PlayDashboard(const PlaySession& session, bool colour, size_t width = 112);
std::string PlayMenu(const PlaySession& session, bool colour);
std::string BestAnswerTable(const PlaySession& session, const BestAnswer& best, bool colour);
std::string PlaySummary(const PlaySession& session, bool colour);

// Parses a line of moves ("3 7", "tight", "restrictor=tight", ...) into the
// player's moves for the next quarter, seats not named keeping their marked
// choice; returns the error message (empty on success).
std::string ParseMoves(const PlaySession& session, const std::string& line, PlayerMoves& moves);

}  // namespace geostrat
