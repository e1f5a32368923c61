#include "engine/seminar/play.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cereal/archives/binary.hpp>
#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <filesystem>
#include <sstream>
#include <string_view>

#include "engine/core/checked_archive.h"
#include "engine/core/config_node.h"
#include "engine/core/durable_file.h"
#include "engine/core/error.h"
#include "engine/core/names.h"
#include "engine/core/stats.h"
#include "games/step.h"

namespace geostrat {
namespace {

// Written before the archive so any other file is recognised before cereal
// reads a length from it.
constexpr char kSaveMagic[] = "geostrat play save\n";
constexpr uint32_t kSaveVersion = 2;
// The joint best response enumerates every combination of the player's
// actions up to this many (the largest agent of the model has 48).
constexpr size_t kMaxJointProfiles = 4096;

struct SaveFile {
  uint32_t version = kSaveVersion;
  std::string config_hash, experiment, agent;
  uint32_t replicate = 0;
  int32_t quarter = 0;
  std::vector<PlayerMoves> choices;
  std::vector<ForkPoint> forks;
  World world;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(version, config_hash, experiment, agent, replicate, quarter, choices, forks, world);
  }
};

std::string WorldBytes(const World& w) {
  std::ostringstream out;
  {
    cereal::BinaryOutputArchive ar(out);
    ar(w);
  }
  return out.str();
}

}  // namespace

std::vector<int> WithMoves(const std::vector<int>& marked, const std::vector<int>& seats,
                           const PlayerMoves& moves) {
  std::vector<int> actions = marked;
  for (size_t k = 0; k < seats.size(); ++k) actions[seats[k]] = moves[k];
  return actions;
}

PlaySession::PlaySession(const Experiment& experiment, const std::string& agent,
                         uint32_t replicate)
    : experiment_(experiment), replicate_(replicate) {
  const Scenario& s = experiment.scenario;
  std::vector<std::string> playable;
  for (const AgentSpec& a : s.agents) {
    const int index = s.AgentIndex(a.id);
    for (const Seat& seat : s.seats) {
      if (seat.agent == index) {
        playable.push_back(a.id);
        break;
      }
    }
  }
  agent_ = s.AgentIndex(agent);
  if (agent_ < 0) {
    throw UsageError("play: unknown agent '" + agent + "' for --as; valid: " +
                     JoinNearestFirst(agent, playable));
  }
  for (size_t seat = 0; seat < s.seats.size(); ++seat) {
    if (s.seats[seat].agent == agent_) seats_.push_back(static_cast<int>(seat));
  }
  if (seats_.empty()) {
    throw UsageError("play: agent '" + agent + "' has no seat in experiment '" + experiment.name +
                     "'; agents with seats: " + JoinNearestFirst(agent, playable));
  }
  if (s.horizon < 1) throw InternalError("PlaySession: horizon below 1");
  Replay();
}

PlaySession::~PlaySession() = default;

const std::string& PlaySession::agent_id() const { return experiment_.scenario.agents[agent_].id; }

bool PlaySession::Finished() const { return world_.quarter >= experiment_.scenario.horizon; }

PlayerMoves PlaySession::MarkedMoves() const {
  PlayerMoves moves;
  for (int seat : seats_) moves.push_back(marked_.empty() ? 0 : marked_[seat]);
  return moves;
}

void PlaySession::Replay() {
  stepper_ = std::make_unique<QuarterStepper>(experiment_, replicate_);
  world_ = stepper_->Start();
  start_ = world_;
  last_marked_.clear();
  last_chosen_.clear();
  marked_ = stepper_->Decide(world_);
  for (const PlayerMoves& moves : choices_) PlayMoves(moves);
}

void PlaySession::PlayMoves(const PlayerMoves& moves) {
  last_marked_ = marked_;
  std::vector<int> pinned(experiment_.scenario.seats.size(), -1);
  for (size_t k = 0; k < seats_.size(); ++k) pinned[seats_[k]] = moves[k];
  // The stepper's policies have decided this quarter against the marked
  // moves; fresh instances decide against the player's, and carry on.
  stepper_ = std::make_unique<QuarterStepper>(experiment_, replicate_, stepper_->State(world_));
  last_chosen_ = stepper_->Decide(world_, pinned);
  stepper_->Play(world_, last_chosen_);
  if (Finished()) {
    marked_.clear();
  } else {
    marked_ = stepper_->Decide(world_);
  }
}

void PlaySession::Play(const PlayerMoves& moves) {
  if (Finished()) throw InternalError("PlaySession::Play after the horizon");
  if (moves.size() != seats_.size()) throw InternalError("PlaySession::Play: one move per seat");
  const Scenario& s = experiment_.scenario;
  for (size_t k = 0; k < seats_.size(); ++k) {
    if (moves[k] < 0 || moves[k] >= s.seat_num_actions[seats_[k]]) {
      throw InternalError("PlaySession::Play: move out of range");
    }
  }
  PlayMoves(moves);
  choices_.push_back(moves);
}

bool PlaySession::Undo() {
  if (choices_.empty()) return false;
  // The policies have seen the quarter undone: rebuild them from the start.
  choices_.pop_back();
  Replay();
  return true;
}

void PlaySession::Fork(const std::string& name) { forks_.push_back({name, choices_}); }

bool PlaySession::Back() {
  if (forks_.empty()) return false;
  choices_ = forks_.back().choices;
  forks_.pop_back();
  Replay();
  return true;
}

World PlaySession::Line(const std::vector<PlayerMoves>& choices, int until, uint32_t sample,
                        int sample_from) const {
  QuarterStepper stepper(experiment_, replicate_);
  stepper.SampleFuturesFrom(sample_from, sample);
  World w = stepper.Start();
  until = std::min(until, experiment_.scenario.horizon);
  while (w.quarter < until) {
    const size_t q = static_cast<size_t>(w.quarter);
    std::vector<int> pinned;
    if (q < choices.size()) {
      pinned.assign(experiment_.scenario.seats.size(), -1);
      for (size_t k = 0; k < seats_.size(); ++k) pinned[seats_[k]] = choices[q][k];
    }
    stepper.Play(w, stepper.Decide(w, pinned));
  }
  return w;
}

BestAnswer PlaySession::Best(int futures) const {
  if (Finished()) throw InternalError("PlaySession::Best after the horizon");
  if (futures < 1) throw InternalError("PlaySession::Best with no future");
  const Experiment& e = experiment_;
  const Scenario& s = e.scenario;
  // The quarter step on a copy of the World with the quarter's own chance
  // draws: every action faces the same shocks (common random numbers).
  auto quarter_value = [&](const PlayerMoves& moves) {
    World w = world_;
    Rng chance(e.seed, replicate_, Rng::kChanceStream, static_cast<uint32_t>(w.quarter));
    StepQuarter(s, stepper_->params(), stepper_->weights(), w,
                WithMoves(marked_, seats_, moves).data(), chance);
    return w.last_utility[agent_];
  };
  // The value in each future.
  auto horizon_values = [&](const PlayerMoves& moves) {
    std::vector<PlayerMoves> line = choices_;
    line.push_back(moves);
    std::vector<double> values;
    for (int k = 0; k < futures; ++k) {
      values.push_back(
          Line(line, s.horizon, static_cast<uint32_t>(k), world_.quarter).utility[agent_]);
    }
    return values;
  };

  BestAnswer best;
  best.futures = futures;
  const PlayerMoves marked = MarkedMoves();
  best.marked_quarter = quarter_value(marked);
  const std::vector<double> marked_values = horizon_values(marked);
  best.marked_horizon = MeanSd(marked_values).mean;
  // The mean over the futures, and the standard error of its difference from
  // the marked choices' (paired: the same futures for both).
  auto horizon_value = [&](const PlayerMoves& moves) {
    const std::vector<double> values = horizon_values(moves);
    std::vector<double> change(values.size());
    for (size_t k = 0; k < values.size(); ++k) change[k] = values[k] - marked_values[k];
    return std::make_pair(MeanSd(values).mean,
                          futures > 1 ? MeanSd(change).sd / std::sqrt(futures) : 0.0);
  };
  size_t profiles = 1;
  for (size_t k = 0; k < seats_.size(); ++k) {
    SeatAnswer answer;
    answer.seat = seats_[k];
    const int n = s.seat_num_actions[seats_[k]];
    profiles *= static_cast<size_t>(n);
    for (int a = 0; a < n; ++a) {
      PlayerMoves moves = marked;
      moves[k] = a;
      answer.quarter.push_back(quarter_value(moves));
      const auto [mean, se] = horizon_value(moves);
      answer.horizon.push_back(mean);
      answer.horizon_se.push_back(se);
    }
    best.seats.push_back(std::move(answer));
  }

  // Every combination in lexicographic order; the first best one wins ties.
  auto better = [](double a, double b) { return a > b + 1e-12 * std::max(1.0, std::abs(b)); };
  if (profiles <= kMaxJointProfiles) {
    PlayerMoves moves(seats_.size(), 0);
    while (true) {
      const double v = quarter_value(moves);
      if (best.joint.empty() || better(v, best.joint_quarter)) {
        best.joint = moves;
        best.joint_quarter = v;
      }
      // The next combination, the last seat's action counting fastest.
      size_t k = seats_.size();
      while (k > 0 && ++moves[k - 1] == s.seat_num_actions[seats_[k - 1]]) moves[--k] = 0;
      if (k == 0) break;
    }
  } else {
    // Too many to enumerate: each seat's own best, the others marked.
    best.joint = marked;
    for (size_t k = 0; k < seats_.size(); ++k) {
      const auto& q = best.seats[k].quarter;
      best.joint[k] = static_cast<int>(std::max_element(q.begin(), q.end()) - q.begin());
    }
    best.joint_quarter = quarter_value(best.joint);
  }
  return best;
}

void PlaySession::Save(const std::string& path) const {
  SaveFile save;
  save.config_hash = experiment_.Hash();
  save.experiment = experiment_.name;
  save.agent = agent_id();
  save.replicate = replicate_;
  save.quarter = world_.quarter;
  save.choices = choices_;
  save.forks = forks_;
  save.world = world_;
  std::ostringstream bytes;
  bytes << kSaveMagic;
  {
    cereal::PortableBinaryOutputArchive ar(bytes);
    ar(save);
  }
  // Never write what Load would refuse to read back.
  if (bytes.str().size() > kMaxSaveBytes) {
    throw UsageError("save: the session takes " + std::to_string(bytes.str().size()) + " bytes, more than the " +
                     DescribeBytes(kMaxSaveBytes) + " a save may have; 'back' drops fork points");
  }
  // A failed write (or a crash) never leaves a half-written save under the
  // name asked for, nor loses the previous one.
  WriteFileDurably(path, bytes.str());
}

PlaySession::SaveTarget PlaySession::CheckSaveTarget(const std::string& path) const {
  namespace fs = std::filesystem;
  SaveTarget target;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) return target;
  if (!experiment_.file.empty() && fs::equivalent(path, experiment_.file, ec)) {
    target.refusal = "save: " + path + " is the config being played; choose another file name";
  } else if (fs::is_directory(status)) {
    target.refusal = "save: " + path + " is a folder; name a file";
  } else if (!fs::is_regular_file(status)) {
    target.refusal = "save: " + path + " is not a regular file; choose another file name";
  } else {
    bool is_save = false;
    try {
      const std::string magic = kSaveMagic;
      is_save = ReadFileCapped(path, kMaxSaveBytes, "a save").compare(0, magic.size(), magic) == 0;
    } catch (const ConfigError&) {
    }
    if (is_save) {
      target.previous_save = true;
    } else {
      target.refusal = "save: " + path + " exists and is not a save of geostrat play; refusing to overwrite it "
                       "(choose another file name)";
    }
  }
  return target;
}

void PlaySession::Load(const std::string& path) {
  LoadBytes(ReadFileCapped(path, kMaxSaveBytes, "a save of geostrat play"), path);
}

void PlaySession::LoadBytes(const std::string& bytes, const std::string& path) {
  const std::string magic = kSaveMagic;
  if (bytes.compare(0, magic.size(), magic) != 0) {
    throw ConfigError(path, "/", "a save of geostrat play",
                      "a file that is not one (" + std::to_string(bytes.size()) + " bytes)");
  }
  SaveFile save;
  try {
    // The lengths in a save are checked against the bytes that remain
    // before anything is allocated (engine/core/checked_archive.h).
    CheckedInputArchive ar(std::string_view(bytes).substr(magic.size()),
                           CheckedInputArchive::Format::kPortableBinary);
    // The version first: another version's layout is not read at all.
    ar(save.version);
    if (save.version != kSaveVersion) {
      throw ConfigError(path, "/version", "save format " + std::to_string(kSaveVersion),
                        "format " + std::to_string(save.version) + " (written by another version of geostrat)");
    }
    ar(save.config_hash, save.experiment, save.agent, save.replicate, save.quarter, save.choices, save.forks,
       save.world);
    ar.ExpectEnd();
  } catch (const ArchiveError& err) {
    throw ConfigError(path, "/", "a complete save of geostrat play",
                      std::string("a damaged one (") + err.what() + ")");
  }
  const std::string hash = experiment_.Hash();
  if (save.config_hash != hash) {
    throw ConfigError(path, "/config_hash",
                      "a save of this session's config (experiment '" + experiment_.name +
                          "', hash " + hash + ")",
                      "a save of experiment '" + Printable(save.experiment) + "' (hash " +
                          Printable(save.config_hash) + ")",
                      "play it with the config it was saved from");
  }
  if (save.agent != agent_id()) {
    throw ConfigError(path, "/agent", "a save of a game played as '" + agent_id() + "'",
                      "one played as '" + Printable(save.agent) + "'",
                      "start the session with --as " + Printable(save.agent));
  }
  const Scenario& s = experiment_.scenario;
  auto check_choices = [&](const std::vector<PlayerMoves>& choices, const std::string& pointer) {
    if (choices.size() > static_cast<size_t>(s.horizon)) {
      throw ConfigError(path, pointer, "at most " + std::to_string(s.horizon) + " quarters",
                        std::to_string(choices.size()));
    }
    for (size_t q = 0; q < choices.size(); ++q) {
      bool ok = choices[q].size() == seats_.size();
      for (size_t k = 0; ok && k < seats_.size(); ++k) {
        ok = choices[q][k] >= 0 && choices[q][k] < s.seat_num_actions[seats_[k]];
      }
      if (!ok) {
        throw ConfigError(path, pointer + "/" + std::to_string(q),
                          "one valid action per seat of " + agent_id(), "something else");
      }
    }
  };
  check_choices(save.choices, "/choices");
  for (size_t f = 0; f < save.forks.size(); ++f) {
    check_choices(save.forks[f].choices, "/forks/" + std::to_string(f) + "/choices");
    // Fork names are printed on the player's terminal.
    const std::string& name = save.forks[f].name;
    if (name.size() > kMaxForkName || Printable(name) != name) {
      throw ConfigError(path, "/forks/" + std::to_string(f) + "/name",
                        "a name of at most " + std::to_string(kMaxForkName) + " printable characters",
                        "\"" + Printable(name, kMaxForkName) + "\"");
    }
  }
  if (save.quarter != static_cast<int32_t>(save.choices.size())) {
    throw ConfigError(path, "/quarter", std::to_string(save.choices.size()) + " (its choices)",
                      std::to_string(save.quarter));
  }

  // Replay on a copy so a failed check leaves this session as it was.
  const uint32_t old_replicate = replicate_;
  std::vector<PlayerMoves> old_choices = choices_;
  replicate_ = save.replicate;
  choices_ = save.choices;
  Replay();
  if (WorldBytes(world_) != WorldBytes(save.world)) {
    replicate_ = old_replicate;
    choices_ = std::move(old_choices);
    Replay();
    throw ConfigError(path, "/world",
                      "the World a replay of its choices reaches in " + s.QuarterLabel(save.quarter),
                      "a different one (saved by another version of geostrat?)");
  }
  forks_ = save.forks;
}

}  // namespace geostrat
