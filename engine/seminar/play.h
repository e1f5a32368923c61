// The seminar mode's session: a player takes every seat of one agent of the
// model and chooses its actions quarter by quarter, while every other seat
// follows its configured policy. Nothing here touches a terminal; the console
// (engine/seminar/play_console.h) reads commands and draws the dashboard.
//
// The session's state is the player's choices, one list per quarter played.
// Everything else (the World, the policies' memories and random streams) is a
// replay of those choices from the start of the replicate, so undo, load and
// returning to a fork point restore exactly the state that was reached the
// first time, and a session is reproducible from its choices alone.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/run/experiment.h"
#include "engine/run/simulation.h"
#include "games/world.h"

namespace geostrat {

// The player's actions for one quarter, one per player seat (seats() order).
using PlayerMoves = std::vector<int>;

// A what-if branch point: the choices that led to it.
struct ForkPoint {
  std::string name;
  std::vector<PlayerMoves> choices;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(name, choices);
  }
};

// How each action of one player seat would fare this quarter, every other
// seat playing its marked choice (the player's other seats their configured
// policy's choice).
struct SeatAnswer {
  int seat = 0;                 // index into Scenario::seats
  std::vector<double> quarter;  // per action: the agent's utility this quarter
  std::vector<double> horizon;  // per action: its discounted utility at the horizon,
                                // every seat following its policy afterwards,
                                // averaged over the sampled futures
  std::vector<double> horizon_se;  // per action: the standard error of its change from the
                                   // marked choice (paired over the same futures)
};

// "What would the model's best response be here?": the myopic best response
// (counterfactual evaluation of the quarter with its own chance draws, as the
// myopic_best_response policy computes it) per seat and for all the player's
// seats together, and each action's value to the horizon.
struct BestAnswer {
  std::vector<SeatAnswer> seats;
  PlayerMoves joint;            // the best combination for this quarter
  double joint_quarter = 0;     // its utility this quarter
  double marked_quarter = 0;    // the marked choices' utility this quarter
  double marked_horizon = 0;    // and their discounted utility at the horizon
  int futures = 1;              // sampled futures behind the horizon values
};

class PlaySession {
 public:
  // `agent` is an agent id of the experiment's scenario with at least one
  // seat; anything else is a UsageError listing the valid ids, nearest first.
  PlaySession(const Experiment& experiment, const std::string& agent, uint32_t replicate);
  ~PlaySession();

  const Experiment& experiment() const { return experiment_; }
  int agent() const { return agent_; }
  const std::string& agent_id() const;
  const std::vector<int>& seats() const { return seats_; }  // the player's, scenario order
  uint32_t replicate() const { return replicate_; }
  const World& world() const { return world_; }
  const World& start() const { return start_; }  // before the first quarter
  int quarter() const { return world_.quarter; }
  bool Finished() const;
  const std::vector<PlayerMoves>& choices() const { return choices_; }

  // What every seat's policy chooses for the next quarter; for the player's
  // seats this is the marked choice an empty line plays.
  const std::vector<int>& marked() const { return marked_; }
  PlayerMoves MarkedMoves() const;
  // For the last quarter played (empty before the first): what the policies
  // chose and what was chosen after the player's moves (before lobbying).
  const std::vector<int>& last_marked() const { return last_marked_; }
  const std::vector<int>& last_chosen() const { return last_chosen_; }

  // Plays the next quarter with the player's moves (one per player seat);
  // InternalError if finished or a move is out of range.
  void Play(const PlayerMoves& moves);
  // Back one quarter; false if no quarter has been played.
  bool Undo();

  // Forks are a stack of what-if branch points.
  void Fork(const std::string& name);
  const std::vector<ForkPoint>& forks() const { return forks_; }
  // Returns to the most recent fork point and removes it; false if none.
  bool Back();

  // The horizon values average `futures` futures of this world: the
  // replicate's own and futures - 1 sampled ones (QuarterStepper::
  // SampleFuturesFrom, from this quarter on), all with common random numbers
  // across the moves compared. One future rests on single draws (a lobbying
  // draw can make every fee look better); the default is 20.
  BestAnswer Best(int futures = kDefaultBestFutures) const;
  static constexpr int kDefaultBestFutures = 20;

  // The same replicate with the player's seats playing `choices` for the
  // first choices.size() quarters and every seat following its policy after
  // that, up to quarter `until`.
  // From quarter `sample_from` on, chance comes from sampled future `sample`
  // (0: the replicate's own).
  World Line(const std::vector<PlayerMoves>& choices, int until, uint32_t sample = 0,
             int sample_from = 0) const;
  // No player at all: every seat following its policy, up to `until`.
  World PolicyLine(int until) const { return Line({}, until); }

  // A cereal archive of the session: config hash, replicate, agent, quarter,
  // the player's choices, the fork points and the World reached. Load checks
  // the save belongs to this config and agent (a ConfigError naming the file
  // otherwise), replays the choices and checks the World equals the saved
  // one; it adopts the save's replicate. The session is unchanged on error.
  // Save writes atomically and durably (engine/core/durable_file.h) and
  // replaces whatever `path` holds: callers ask first (SaveTarget). A save
  // larger than kMaxSaveBytes is refused (a UsageError), as Load would.
  void Save(const std::string& path) const;
  void Load(const std::string& path);
  // Load from a save's bytes (`file` names them in messages): the reader
  // exposed for fuzzing. Returns normally or throws ConfigError.
  void LoadBytes(const std::string& bytes, const std::string& file);

  // What saving to `path` would replace. `refusal` is set when a save must
  // not go there at all: the config being played, a folder, anything that is
  // not a previous save of geostrat play. `previous_save`: there is one,
  // which the player should agree to overwrite.
  struct SaveTarget {
    bool previous_save = false;
    std::string refusal;
  };
  SaveTarget CheckSaveTarget(const std::string& path) const;

 private:
  void Replay();  // rebuilds the World and the policies from choices_
  // Plays the quarter with the player's moves: the model's seats decide with
  // the player's seats pinned, so followers answer the player's leader moves
  // (fresh policy instances, as a replay from the saved choices has them).
  void PlayMoves(const PlayerMoves& moves);

  const Experiment& experiment_;
  int agent_ = 0;
  std::vector<int> seats_;
  uint32_t replicate_;
  std::vector<PlayerMoves> choices_;
  std::vector<ForkPoint> forks_;
  std::unique_ptr<QuarterStepper> stepper_;
  World start_, world_;
  std::vector<int> marked_, last_marked_, last_chosen_;
};

// Saves are small (a session of the longest horizon with many fork points
// takes well under a megabyte): anything larger is not read.
constexpr uint64_t kMaxSaveBytes = uint64_t{16} << 20;
// Fork names are one line typed at the console, printed back on it.
constexpr size_t kMaxForkName = 200;

// The actions of every seat for one quarter: `marked` with the player's seats
// replaced by `moves`.
std::vector<int> WithMoves(const std::vector<int>& marked, const std::vector<int>& seats,
                           const PlayerMoves& moves);

}  // namespace geostrat
