// The seminar mode's narrative: what happened in the last quarter, in plain
// words, and why. Each move is phrased from its seat and action ("China banned
// gallium, germanium and antimony exports to the US"); its reason comes from
// the seat's policy configuration and the history ("answering the US's move to
// 'tight' in 2026Q1 (cross_retaliation, lag 1)"), from the player, or from
// lobbying; chance events of the quarter follow.
#pragma once

#include <string>
#include <vector>

#include "engine/play.h"

namespace geostrat {

// One sentence per seat whose played action changed in the last quarter, then
// lobbying's softening and the quarter's chance events.
std::vector<std::string> WhatHappened(const PlaySession& session);

// The action `seat` played at quarter q (its status quo before quarter 0).
int PlayedAt(const Scenario& scenario, const World& world, int q, int seat);

}  // namespace geostrat
