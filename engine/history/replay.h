// History replay and backtest. A history config is an experiment whose seats
// play `scripted` policies (the observed moves, quarter by quarter) with a
// fallback (the model's own policy for the seat), plus a "timeline" member that
// ties every scripted change to the rows of TIMELINE.md it comes from.
//
// Replay: one replicate played along the script; for every seat and quarter,
// what was observed, what was played (lobbying may soften the export stance),
// what the seat's model policy would have chosen from the same pre-quarter
// World, and the myopic best response by counterfactual evaluation.
//
// Backtest: for every observed move by one side (a trigger), the model's
// forecast of the other side's response to that move (instrument class and
// lag in quarters). Monte Carlo replicates are run twice under common random
// numbers, with the trigger's move and with it withheld, the responding
// side's scripts ending at the trigger's quarter so that its model policies
// take over; a response is a change by a responding seat that the world
// without the move does not have. Scored against observed responses with the
// log score, the Brier score, the lag error and a reliability table, beside
// three naive forecasters. docs/replay.md defines each.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/run/experiment.h"

namespace geostrat {

// The instrument classes of TIMELINE.md, plus LEGAL (a WTO case) and "none".
const std::vector<std::string>&
InstrumentClasses();  // TAR, XC, EL, MIN, BUY, REG, SUB, LIC, NEG, TECH
const std::vector<std::string>& ResponseClasses();  // none, the ten above, LEGAL

// One move of the timeline: a TIMELINE.md row's move by one actor, and the
// model seat and action it is played as (seat -1: recorded, not played).
struct TimelineMove {
  int row = 0;
  std::string date;  // YYYY-MM-DD (announcement)
  std::string actor;
  std::string instrument;  // one of InstrumentClasses(), or "" (TIMELINE gives none)
  std::string move;
  int seat = -1;
  int action = -1;
  int quarter = 0;   // model quarter the move is played from (0 = the start)
  std::string note;  // why this seat and action, or why not played
};

// Quarter index of a date (YYYY-MM-DD) relative to the scenario's start; the
// date must be well formed (callers validate).
int QuarterOfDate(const Scenario& s, const std::string& date);

// Reads and checks the config's "timeline": every move names a known class,
// seat and action; a played move's seat is scripted and its script plays the
// move's action at the move's quarter; every change of a scripted action
// (from quarter 1 on) is explained by a move of that seat at that quarter.
std::vector<TimelineMove> ReadTimeline(const MergedConfig& config, const Experiment& e);

// One seat in one quarter of a replay. Actions are indices (-1: none).
struct ReplaySeatQuarter {
  int observed = -1;       // the scripted action (-1: the seat is not scripted then)
  int played = -1;         // what was played (after lobbying)
  int model = -1;          // the seat's model policy on the same pre-quarter World
  int best_response = -1;  // the myopic best response of the seat's agent
};

struct ReplayResult {
  int quarters = 0;
  int seats = 0;
  std::vector<ReplaySeatQuarter> cells;  // [q * seats + seat]
  std::vector<Indicators> indicators;    // after each quarter
  std::vector<Flows> flows;              // each quarter's flows
  const ReplaySeatQuarter& At(int q, int seat) const { return cells[q * seats + seat]; }
};

ReplayResult Replay(const Experiment& e, uint32_t replicate);

// The model policy of a seat: a scripted policy's fallback, else the policy.
const PolicyPlan& ModelPlan(const PolicyPlan& plan);

// ---- backtest ----

// One observed response: its class and date.
struct ObservedResponse {
  std::string instrument;  // one of ResponseClasses() except none
  std::string date;
};

// A row of an observed file (TIMELINE's table; the response cell is "—" or
// starts with bracketed tags "[CODE YYYY-MM-DD]").
struct ObservedRow {
  std::string file;  // the observed file, for errors
  int row = 0;
  int line = 0;  // line in the file
  std::string date, actor, instrument, move;
  // "us" (the US and its allies), "china" or "joint": the file's Side column
  // if it has one, else ActorSide(actor).
  std::string side;
  std::vector<ObservedResponse> responses;
};

// The side of a TIMELINE actor, from the words of its name ("US BIS",
// "China MOFCOM/GAC", "US/JP/NL", "Huawei"): each word is looked up in an
// explicit table (ActorWords()); words of both sides make "joint"; a name
// with no known word gives "" (the caller reports it).
std::string ActorSide(const std::string& actor);
const std::vector<std::pair<std::string, std::string>>& ActorWords();  // word, side

// Reads an observed file. Every row must resolve to a side, carry a known
// instrument code if its Move cell has one, and well-formed response tags;
// errors name the file and the line.
std::vector<ObservedRow> ReadObservedFile(const std::string& path);

// A forecast: a probability per ResponseClasses() entry, and the expected lag
// (quarters) if the forecaster predicts any response (lag_known false if not).
struct Forecast {
  std::vector<double> p;
  bool lag_known = false;
  double lag = 0;
};

// Smoothed frequencies: p_k = (n_k + alpha) / (N + K alpha). Counts may be
// fractional (a replicate whose first response has two classes counts half
// to each).
Forecast ForecastFromCounts(const std::vector<double>& counts, double alpha, double lag_sum,
                            double responded);

// One bin of a reliability table: the (trigger, class) pairs whose forecast
// probability fell in [low, high), their mean forecast and how often the
// class was the one observed.
struct ReliabilityBin {
  double low = 0, high = 0;
  int pairs = 0;
  double mean_forecast = 0, observed_frequency = 0;
};

struct Scores {
  double log_score = 0;  // mean ln p(observed class): higher is better
  double brier = 0;      // mean sum_k (p_k - [k = observed])^2: lower is better
  double lag_error = 0;  // mean |forecast lag - observed lag| in quarters
  int lag_scored = 0;    // triggers with an observed response and a forecast lag
  int triggers = 0;
  std::vector<ReliabilityBin> reliability;  // ten bins of width 0.1
};

// Scores forecasts against observed classes (indices into ResponseClasses())
// and lags (quarters; ignored where the observed class is none).
Scores ScoreForecasts(const std::vector<Forecast>& forecasts, const std::vector<int>& observed,
                      const std::vector<int>& observed_lag);

struct BacktestOptions {
  int window = 4;           // quarters after the trigger's quarter
  uint32_t replicates = 0;  // 0: the config's
  double smoothing = 0.5;
  // Rows whose observed responses give the base rates; empty: each trigger's
  // base rates come from the scored file's triggers of other years (leave one
  // year out).
  std::vector<ObservedRow> train;
};

struct BacktestTrigger {
  ObservedRow row;
  std::string side;  // "us" (US and allies) or "china": the trigger's side
  int quarter = 0;
  int observed = 0;  // class index within the window
  int observed_lag = 0;
  bool played = false;  // the move is played by a model seat (else the model cannot see it)
  Forecast model, match_in_kind, never_respond, base_rates;
};

struct BacktestResult {
  std::vector<BacktestTrigger> triggers;
  std::vector<std::pair<ObservedRow, std::string>> skipped;  // row, why
  Scores model, match_in_kind, never_respond, base_rates;
  uint32_t replicates = 0;
  int horizon = 0;  // quarters simulated (the config's, extended to cover every window)
};

BacktestResult Backtest(const MergedConfig& config, const Experiment& e,
                        const std::vector<ObservedRow>& rows, const BacktestOptions& options);

}  // namespace geostrat
