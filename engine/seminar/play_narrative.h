// The seminar mode's narrative: what happened in the last quarter, in plain
// words, and why. Each move is phrased from its seat and action ("China banned
// gallium, germanium and antimony exports to the US"); its reason comes from
// the seat's policy configuration and the history ("answering the US's move to
// 'tight' in 2026Q1 (cross_retaliation, lag 1)"), from the player, or from
// lobbying; chance events of the quarter follow. PlayTranscript writes these
// down, quarter by quarter, for a class's record of its play.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/seminar/play.h"

namespace geostrat {

// One sentence per seat whose played action changed in the last quarter, then
// lobbying's softening and the quarter's chance events.
std::vector<std::string> WhatHappened(const PlaySession& session);

// The action `seat` played at quarter q (its status quo before quarter 0).
int PlayedAt(const Scenario& scenario, const World& world, int q, int seat);

// One quarter of a transcript, as the dashboard showed it after the quarter.
struct TranscriptQuarter {
  PlayerMoves choice;          // the player's moves (PlaySession::choices)
  std::vector<int> played;     // per seat: the action in force (after lobbying)
  std::vector<int> policy;     // per seat: its configured policy's choice
  Indicators now;
  double salience = 0, utility_quarter = 0, utility = 0;  // the player's agent's utility
  std::vector<std::string> explanations;                 // WhatHappened
};

// geostrat play --transcript: the class's play as Markdown (BASE.md: a
// header, then per quarter every seat's move marked human or policy, the
// indicators and what happened, and why) and CSV (BASE.csv: one row per
// quarter and seat). Both files are rewritten atomically and durably
// (engine/core/durable_file.h) whenever the history changes, so a crash
// leaves the quarters played, and an undone quarter leaves the files.
class PlayTranscript {
 public:
  // The file pair of `path`: BASE.md and BASE.csv, BASE being `path` without
  // a ".md" or ".csv" ending. A UsageError for an empty name or a folder.
  struct Files {
    std::string markdown, csv;
  };
  static Files FilesFor(const std::string& path);

  // Refuses (UsageError) when either file exists and `replace` is false, or
  // when the folder does not exist; then writes both for the session's
  // history so far, so that a place it cannot write is found before play
  // starts (std::runtime_error naming the file). `config` is the config's
  // path as given, for the header.
  PlayTranscript(const std::string& path, const std::string& config, bool replace,
                 const PlaySession& session);

  // Brings the files up to the session's history: quarters no longer in it
  // are dropped, new ones recorded (from the session itself after one more
  // quarter, by a replay of its choices after a load or a fork's back).
  // Writes only when something changed.
  void Update(const PlaySession& session);

  const Files& files() const { return files_; }
  const std::vector<TranscriptQuarter>& quarters() const { return quarters_; }
  std::string Markdown(const PlaySession& session) const;
  std::string Csv(const PlaySession& session) const;

 private:
  void Write(const PlaySession& session) const;

  Files files_;
  std::string config_;
  uint32_t replicate_ = 0;
  std::vector<TranscriptQuarter> quarters_;
};

// The CSV columns after quarter, seat, agent, action, by, configured_policy:
// the indicators (the report's names) and the player's agent's utility.
const std::vector<std::string>& TranscriptIndicatorColumns();

}  // namespace geostrat
