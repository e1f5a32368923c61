// The seminar mode's console: the quarterly dashboard, the menu of the
// player's moves, the prompt's commands and the end summary, over any pair of
// streams (a terminal, a pipe, or strings in tests). Everything printed is a
// function of the session, so the same config, seed and input give the same
// transcript.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "engine/seminar/play.h"
#include "engine/seminar/play_narrative.h"

namespace geostrat {

struct ConsoleStyle {
  bool colour = false;  // ANSI colours (a terminal, NO_COLOR unset)
  bool clear = false;   // clear the screen before each dashboard (an interactive terminal)
  bool echo = false;    // print each command read after the prompt (piped input)
  bool ask = false;     // questions (overwrite a save?) are answered on the input: a terminal
  // Columns the screen may use: a terminal's minus one (a line that fills the
  // last column wraps on some terminals); the dashboard uses at most 112.
  size_t width = 112;
  // Rows of the screen: the dashboard, menu and prompt are fitted into them
  // (what happened is cut short, `more` shows it all). 0: no limit (pipes).
  int height = 0;
  int best_futures = 20;  // futures averaged by `best` (PlaySession::Best)
  // When set, asked for the current width and height before each dashboard,
  // so a terminal resized during a seminar gets a dashboard that fits.
  std::function<void(size_t& width, int& height)> measure;
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
// which replaces a previous save without asking). With a `transcript`, it
// is brought up to the session's history before every prompt; a failure to
// write it is reported on `out` and the play goes on.
int RunPlayConsole(PlaySession& session, std::istream& in, std::ostream& out,
                   const ConsoleStyle& style, PlayTranscript* transcript = nullptr);

// The pieces the console prints, exposed for tests (plain text when
// `colour` is false), each at most `width` columns (72 to 112): wide
// screens get the panels side by side with full labels, 80 columns short
// labels and seat names, narrower ones the panels stacked. With `max_lines`
// (> 0) the dashboard drops its rule and blank lines and cuts what happened
// to fit, its last line naming the `more` command; PlayMore is what `more`
// prints: what happened in full and the end-state check.
std::string PlayDashboard(const PlaySession& session, bool colour, size_t width = 112,
                          int max_lines = 0);
std::string PlayMore(const PlaySession& session, bool colour, size_t width = 112);
std::string PlayMenu(const PlaySession& session, bool colour, size_t width = 112);
std::string BestAnswerTable(const PlaySession& session, const BestAnswer& best, bool colour,
                            size_t width = 112);
std::string PlaySummary(const PlaySession& session, bool colour);

// Parses a line of moves ("3 7", "tight", "restrictor=tight", ...) into the
// player's moves for the next quarter, seats not named keeping their marked
// choice; returns the error message (empty on success).
std::string ParseMoves(const PlaySession& session, const std::string& line, PlayerMoves& moves);

}  // namespace geostrat
