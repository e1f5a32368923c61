// The end-state classifier of OUTCOMES.md section 3.2. Conditions are checked on
// trailing 8-quarter averages of the indicators, in the stated order (first
// match wins); a run's class is declared only if it held for the last 8
// consecutive quarters, otherwise the run ends as contested_transition. The
// thresholds are parameters (ModelParams, "decoupling_*" ... "symbiotic_*"),
// so a config can move them and a sweep can measure what they decide.
#pragma once

#include <string>
#include <vector>

#include "games/model_params.h"
#include "games/world.h"

namespace geostrat {

enum OutcomeClass : int {
  kFullDecoupling,
  kReintegration,
  kChinaCatchUp,
  kUsLedUnipolar,
  kSymbioticBifurcation,
  kContestedTransition,
};

constexpr int kClassWindow = 8;

const std::vector<std::string>& OutcomeClassNames();

// Mean of the indicators of quarters [t - window + 1, t] (fewer at the start).
Indicators TrailingMean(const std::vector<Indicators>& history, int t, int window = kClassWindow);

// Least-squares slope of the frontier gap (years per quarter) over the
// `window` quarters ending at quarter t.
double GapSlope(const std::vector<Indicators>& history, int t, int window = kClassWindow);

// Which classes' conditions hold at quarter t, as a bit mask (bit c = class c),
// and the first one that holds (kContestedTransition if none or if fewer than
// `window` quarters have been seen).
struct WindowVerdict {
  unsigned mask = 0;
  OutcomeClass first = kContestedTransition;
};
WindowVerdict ClassifyAt(const std::vector<Indicators>& history, int t, const ModelParams& p);

// The run's class from the per-quarter verdicts.
OutcomeClass DeclareClass(const std::vector<int8_t>& class_history);

}  // namespace geostrat
