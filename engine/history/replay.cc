#include "engine/history/replay.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "engine/core/error.h"
#include "engine/run/simulation.h"
#include "games/step.h"

namespace geostrat {
namespace {

bool ParseDate(const std::string& text, int& year, int& month, int& day) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  year = std::stoi(text.substr(0, 4));
  month = std::stoi(text.substr(5, 2));
  day = std::stoi(text.substr(8, 2));
  return year >= 1900 && year <= 2200 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

int QuarterIndex(int year, int quarter) { return year * 4 + quarter - 1; }

// "2019Q2" as a model quarter index, or false.
bool ParseQuarter(const Scenario& s, const std::string& text, int& q) {
  int year = 0, quarter = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%4dQ%1d%c", &year, &quarter, &tail) != 2 || quarter < 1 ||
      quarter > 4) {
    return false;
  }
  q = QuarterIndex(year, quarter) - QuarterIndex(s.start_year, s.start_quarter);
  return true;
}

bool IsScripted(const PolicyPlan& plan) { return plan.ToJson().value("name", "") == "scripted"; }

// The scripted action names of a seat (empty if its policy is not scripted).
std::vector<std::string> ScriptOf(const PolicyPlan& plan) {
  std::vector<std::string> names;
  if (!IsScripted(plan)) return names;
  const Json spec = plan.ToJson();
  for (const auto& a : spec.at("actions")) names.push_back(a.get<std::string>());
  return names;
}

int ActionIndex(const Seat& seat, const std::string& name) {
  for (size_t a = 0; a < seat.actions.size(); ++a) {
    if (seat.actions[a] == name) return static_cast<int>(a);
  }
  return -1;
}

int ClassIndex(const std::string& name) {
  const auto& c = ResponseClasses();
  for (size_t i = 0; i < c.size(); ++i) {
    if (c[i] == name) return static_cast<int>(i);
  }
  return -1;
}

// Which side a seat's agent is on: "us" for the US and allied blocs, "china".
std::string SideOfSeat(const Scenario& s, int seat) {
  switch (s.agents[s.seats[seat].agent].bloc) {
    case Bloc::kUs:
    case Bloc::kAllied:
      return "us";
    case Bloc::kChina:
      return "china";
    default:
      return "";
  }
}

// The instrument class a change of a seat's action counts as, or "" for seats
// whose moves are market choices rather than government responses
// (docs/replay.md, "What counts as a response").
std::string ResponseClassOf(Slot slot, int from, int to) {
  const bool up = to > from;
  switch (slot) {
    case kUsTariff:
    case kCnTariff:
      return up ? "TAR" : "NEG";
    case kRestrictor:
      return up ? "XC" : "LIC";
    case kFeeSeller:
      return "LIC";
    case kFeeBuyer:
      return up ? "BUY" : "NEG";
    case kMineralController:
      return up ? "MIN" : "NEG";
    case kMineralTarget:
      return "SUB";
    case kRdFunder:
      return "SUB";
    case kAligner:
      return up ? "XC" : "NEG";
    case kRegulator:
      return up ? "REG" : "NEG";
    case kListing:
      return up ? "EL" : "NEG";
    case kPurchases:  // a halt is a buy-side measure; a pledge, a concession
      return up ? "BUY" : "NEG";
    case kUsNegotiator:  // an offer of a deal; withdrawing one is no move
    case kCnNegotiator:
      return up ? "" : "NEG";
    default:
      return "";
  }
}

std::string Trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  const size_t b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}

}  // namespace

const std::vector<std::string>& InstrumentClasses() {
  static const std::vector<std::string> c = {"TAR", "XC",  "EL",  "MIN", "BUY",
                                             "REG", "SUB", "LIC", "NEG", "TECH"};
  return c;
}

const std::vector<std::string>& ResponseClasses() {
  static const std::vector<std::string> c = {"none", "TAR", "XC",  "EL",  "MIN",  "BUY",
                                             "REG",  "SUB", "LIC", "NEG", "TECH", "LEGAL"};
  return c;
}

const std::vector<std::pair<std::string, std::string>>& ActorWords() {
  // Governments, agencies and firms that act in TIMELINE, by side. Allies
  // count with the US (the blocs of the model).
  static const std::vector<std::pair<std::string, std::string>> words = {
      {"US", "us"},         {"USA", "us"},          {"BIS", "us"},       {"USTR", "us"},
      {"Congress", "us"},   {"Treasury", "us"},     {"Commerce", "us"},  {"White", "us"},
      {"Nvidia", "us"},     {"AMD", "us"},          {"Micron", "us"},    {"Netherlands", "us"},
      {"Dutch", "us"},      {"NL", "us"},           {"Japan", "us"},     {"JP", "us"},
      {"METI", "us"},       {"EU", "us"},           {"UK", "us"},        {"Korea", "us"},
      {"Taiwan", "us"},     {"ASML", "us"},         {"TSMC", "us"},      {"Germany", "us"},
      {"China", "china"},   {"Chinese", "china"},   {"PRC", "china"},    {"Beijing", "china"},
      {"MOFCOM", "china"},  {"CAC", "china"},       {"SAMR", "china"},   {"NPC", "china"},
      {"GAC", "china"},     {"NDRC", "china"},      {"MIIT", "china"},   {"Huawei", "china"},
      {"SMIC", "china"},    {"DeepSeek", "china"},  {"CXMT", "china"},   {"YMTC", "china"}};
  return words;
}

std::string ActorSide(const std::string& actor) {
  bool us = false, china = false;
  std::string word;
  auto flush = [&] {
    for (const auto& [w, side] : ActorWords()) {
      if (w == word) (side == "us" ? us : china) = true;
    }
    word.clear();
  };
  for (const char c : actor) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  if (us && china) return "joint";
  return us ? "us" : china ? "china" : "";
}

int QuarterOfDate(const Scenario& s, const std::string& date) {
  int year = 0, month = 0, day = 0;
  if (!ParseDate(date, year, month, day)) throw InternalError("QuarterOfDate: bad date " + date);
  return QuarterIndex(year, (month - 1) / 3 + 1) - QuarterIndex(s.start_year, s.start_quarter);
}

const PolicyPlan& ModelPlan(const PolicyPlan& plan) {
  if (IsScripted(plan)) return *plan.Nested().at(0);
  return plan;
}

std::vector<TimelineMove> ReadTimeline(const MergedConfig& config, const Experiment& e) {
  const Scenario& s = e.scenario;
  const ConfigNode root(config.json, "", config.sources);
  const ConfigNode list = root.At("timeline");
  if (!list.IsArray() || list.Size() == 0) list.Fail("a non-empty array of timeline moves");
  std::vector<TimelineMove> moves;
  for (size_t i = 0; i < list.Size(); ++i) {
    const ConfigNode node = list.Element(i);
    node.AllowOnlyKeys(
        {"row", "date", "actor", "class", "move", "seat", "action", "quarter", "note"});
    TimelineMove m;
    m.row = static_cast<int>(node.At("row").Integer(1, 100000));
    const ConfigNode date = node.At("date");
    int y = 0, mo = 0, d = 0;
    m.date = date.String();
    if (!ParseDate(m.date, y, mo, d)) date.Fail("a date like \"2018-07-06\"");
    m.actor = node.At("actor").String();
    // Rows without an instrument code in TIMELINE.md (laws, institutions) have no class.
    // LEGAL (a WTO case) is a class of responses in TIMELINE's backtest protocol.
    if (auto c = node.Find("class")) {
      const std::vector<std::string> valid(ResponseClasses().begin() + 1, ResponseClasses().end());
      m.instrument = c->Name("instrument class", valid);
    }
    m.move = node.At("move").String();
    if (auto n = node.Find("note")) m.note = n->String();
    m.quarter = QuarterOfDate(s, m.date);
    if (auto q = node.Find("quarter")) {
      int played = 0;
      if (!ParseQuarter(s, q->String(), played)) q->Fail("a quarter like \"2019Q2\"");
      if (played < m.quarter) {
        q->Fail("a quarter no earlier than the move's date " + m.date + " (" +
                    s.QuarterLabel(m.quarter) + ")",
                "'" + q->String() + "'");
      }
      m.quarter = played;
    }
    if (auto seat = node.Find("seat")) {
      m.seat = s.SeatIndex(seat->Name("seat", s.SeatIds()));
      const Seat& info = s.seats[m.seat];
      const ConfigNode action = node.At("action");
      m.action = ActionIndex(info, action.Name("action of " + info.id, info.actions));
      if (m.quarter < 0 || m.quarter >= s.horizon) {
        node.At("date").Fail("a move inside the scenario's quarters " + s.QuarterLabel(0) + "-" +
                                 s.QuarterLabel(s.horizon - 1),
                             "one played in " + s.QuarterLabel(m.quarter));
      }
      const std::vector<std::string> script = ScriptOf(*e.policies[m.seat]);
      if (script.empty()) {
        seat->Fail("a seat whose policy is 'scripted' (a timeline move is played by the script)",
                   "'" + info.id + "', whose policy is '" +
                       e.policies[m.seat]->ToJson().value("name", "") + "'");
      }
      if (m.quarter >= static_cast<int>(script.size())) {
        node.Fail("a move within the script of " + info.id + " (it ends at " +
                      s.QuarterLabel(static_cast<int>(script.size()) - 1) + ")",
                  "a move played in " + s.QuarterLabel(m.quarter));
      }
      if (script[m.quarter] != info.actions[m.action]) {
        action.Fail("the action the script of " + info.id + " plays in " +
                        s.QuarterLabel(m.quarter) + " ('" + script[m.quarter] + "')",
                    "'" + info.actions[m.action] + "'");
      }
    } else {
      if (node.Has("action")) node.At("action").Fail("no action without a seat");
      if (m.note.empty()) node.Fail("a \"note\" saying why a move without a seat is not played");
    }
    moves.push_back(m);
  }
  // Every change of a script is a move of the timeline.
  const ConfigNode policies = root.At("policies");
  for (size_t seat = 0; seat < s.seats.size(); ++seat) {
    const std::vector<std::string> script = ScriptOf(*e.policies[seat]);
    for (size_t q = 1; q < script.size(); ++q) {
      if (script[q] == script[q - 1]) continue;
      bool explained = false;
      for (const auto& m : moves) {
        explained =
            explained || (m.seat == static_cast<int>(seat) && m.quarter == static_cast<int>(q));
      }
      if (!explained) {
        const ConfigNode at = policies.At(s.seats[seat].id).At("actions").Element(q);
        at.Fail("a timeline move of " + s.seats[seat].id + " in " +
                    s.QuarterLabel(static_cast<int>(q)) + " explaining the change from '" +
                    script[q - 1] + "'",
                "'" + script[q] + "' with no timeline move");
      }
    }
  }
  return moves;
}

ReplayResult Replay(const Experiment& e, uint32_t replicate) {
  const Scenario& s = e.scenario;
  const size_t seats = s.seats.size();
  const ModelParams params = s.DrawParams(e.seed, replicate);
  const std::vector<AgentWeights> weights = s.DrawAgentWeights(e.seed, replicate);

  // Shadow instances of every seat's model policy, with the numbers the
  // simulation draws for the seat and a stream of their own.
  std::vector<std::unique_ptr<Policy>> model;
  std::vector<Rng> streams;
  std::vector<int> script_length;
  for (size_t seat = 0; seat < seats; ++seat) {
    const PolicyPlan& plan = ModelPlan(*e.policies[seat]);
    if (plan.UsesOracle()) {
      throw ConfigError(e.file, "/policies/" + s.seats[seat].id,
                        "a model policy that does not read counterfactual payoffs (the replay "
                        "computes best responses itself)",
                        "'" + plan.ToJson().value("name", "") + "'");
    }
    const auto numbers = e.policies[seat]->numbers().Draw(
        e.seed, replicate, kPolicySubstream + 100 * static_cast<uint32_t>(seat));
    model.push_back(plan.Make(numbers));
    streams.emplace_back(e.seed, replicate, 1 + static_cast<uint32_t>(s.seats[seat].agent),
                         1000 + static_cast<uint32_t>(seat));
    script_length.push_back(static_cast<int>(ScriptOf(*e.policies[seat]).size()));
  }

  ReplayResult r;
  r.quarters = s.horizon;
  r.seats = static_cast<int>(seats);
  r.cells.resize(static_cast<size_t>(s.horizon) * seats);
  Simulation(e).Run(
      replicate,
      [&](const World& w) {
        if (w.quarter == 0) return;  // the start state
        const int q = w.quarter - 1;
        for (size_t seat = 0; seat < seats; ++seat) {
          r.cells[q * seats + seat].played = w.ActionAt(q, static_cast<int>(seat));
        }
        r.indicators.push_back(w.now);
        r.flows.push_back(w.flows);
      },
      [&](const World& w, const std::vector<int>& chosen) {
        const int q = w.quarter;
        // The model policies see the quarter as the order of moves lets them:
        // followers see the leaders' moves as played.
        const std::vector<int> seen =
            LeadersSeen(e, params, replicate, w, chosen, Rng::kChanceStream);
        const bool any_leader =
            std::find(s.seat_leads.begin(), s.seat_leads.end(), 1) != s.seat_leads.end();
        for (size_t seat = 0; seat < seats; ++seat) {
          ReplaySeatQuarter& cell = r.cells[q * seats + seat];
          if (q < script_length[seat]) cell.observed = chosen[seat];
          Observation obs = ObserveWorld(s, w, static_cast<int>(seat));
          if (!s.seat_leads[seat] && any_leader) obs.current = seen.data();
          cell.model = model[seat]->Act(obs, streams[seat]);
          // Myopic best response: the quarter re-run with each action of the
          // seat, everyone else as chosen, the quarter's own chance draws.
          double best = -HUGE_VAL;
          for (int a = 0; a < static_cast<int>(s.seats[seat].actions.size()); ++a) {
            World copy = w;
            std::vector<int> actions = chosen;
            actions[seat] = a;
            Rng chance(e.seed, replicate, Rng::kChanceStream, static_cast<uint32_t>(q));
            StepQuarter(s, params, weights, copy, actions.data(), chance);
            const double u = copy.last_utility[s.seats[seat].agent];
            if (u > best) {
              best = u;
              cell.best_response = a;
            }
          }
        }
      });
  return r;
}

// ---- backtest ----

std::vector<ObservedRow> ReadObservedFile(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw ConfigError(path, "", "a readable observed-responses file",
                      "no such file or it cannot be read");
  std::vector<ObservedRow> rows;
  std::string text;
  int line = 0;
  auto fail = [&](const std::string& expected, const std::string& found) {
    throw ConfigError(path, "line " + std::to_string(line), expected, found);
  };
  // Column positions: TIMELINE's by default; a header row (first cell "#")
  // may reorder them and add a Side column.
  size_t c_date = 1, c_actor = 2, c_move = 3, c_response = 5;
  size_t c_side = std::string::npos;
  while (std::getline(in, text)) {
    ++line;
    const std::string t = Trim(text);
    if (t.empty() || t[0] != '|') continue;
    std::vector<std::string> cells;
    std::stringstream ss(t.substr(1));
    std::string cell;
    while (std::getline(ss, cell, '|')) cells.push_back(Trim(cell));
    if (!cells.empty() && cells.back().empty()) cells.pop_back();
    if (cells.empty() || cells[0].find("---") == 0) continue;
    if (cells[0] == "#") {
      c_side = std::string::npos;
      for (size_t k = 0; k < cells.size(); ++k) {
        const std::string& h = cells[k];
        if (h.rfind("Date", 0) == 0) c_date = k;
        if (h.rfind("Actor", 0) == 0) c_actor = k;
        if (h.rfind("Move", 0) == 0) c_move = k;
        if (h.rfind("Observed", 0) == 0) c_response = k;
        if (h.rfind("Side", 0) == 0) c_side = k;
      }
      continue;
    }
    const size_t needed =
        std::max({c_date, c_actor, c_move, c_response, c_side == std::string::npos ? 0 : c_side}) +
        1;
    if (cells.size() < needed) {
      fail("a table row | # | Date | Actor | Move (code) | Parameters | Observed response | ... "
           "with " + std::to_string(needed) + " cells",
           std::to_string(cells.size()) + " cells");
    }
    ObservedRow r;
    r.file = path;
    r.line = line;
    try {
      size_t used = 0;
      r.row = std::stoi(cells[0], &used);
      if (used != cells[0].size() || r.row < 1) throw std::invalid_argument("");
    } catch (const std::exception&) {
      fail("a row number in the first cell", "'" + cells[0] + "'");
    }
    int y = 0, m = 0, d = 0;
    const std::string& date = cells[c_date];
    for (size_t i = 0; i + 10 <= date.size() && r.date.empty(); ++i) {
      if (ParseDate(date.substr(i, 10), y, m, d)) r.date = date.substr(i, 10);
    }
    if (r.date.empty()) fail("a date like 2018-07-06 in the Date cell", "'" + date + "'");
    r.actor = cells[c_actor];
    r.move = cells[c_move];
    if (c_side != std::string::npos) {
      r.side = cells[c_side];
      if (r.side != "us" && r.side != "china" && r.side != "joint") {
        throw UnknownNameError(path, "line " + std::to_string(line), "side", r.side,
                               {"us", "china", "joint"});
      }
    } else {
      r.side = ActorSide(r.actor);
      if (r.side.empty()) {
        std::string known;
        for (const auto& [word, side] : ActorWords()) known += (known.empty() ? "" : ", ") + word;
        fail("an actor naming a known government, agency or firm (" + known +
                 ") or a Side column (us, china, joint)",
             "'" + r.actor + "'");
      }
    }
    // The instrument code: the last parenthesised group of the Move cell whose
    // first '/'-separated part is a class ("(XC/EL)" counts as XC). A group in
    // capitals that is no class is a misspelt code, not a comment.
    std::string unknown_code;
    for (size_t close = r.move.rfind(')'); close != std::string::npos && r.instrument.empty();) {
      const size_t open = r.move.rfind('(', close);
      if (open == std::string::npos) break;
      const std::string code = r.move.substr(open + 1, close - open - 1);
      const std::string first = code.substr(0, code.find('/'));
      for (const auto& c : InstrumentClasses()) {
        if (c == first) r.instrument = c;
      }
      const bool capitals = !first.empty() && first.size() <= 6 &&
                            std::all_of(first.begin(), first.end(),
                                        [](char c) { return c >= 'A' && c <= 'Z'; });
      if (r.instrument.empty() && capitals && unknown_code.empty()) unknown_code = first;
      if (open == 0) break;
      close = r.move.rfind(')', open - 1);
    }
    if (r.instrument.empty() && !unknown_code.empty()) {
      throw UnknownNameError(path, "line " + std::to_string(line), "instrument code", unknown_code,
                             InstrumentClasses());
    }
    const std::string& response = cells[c_response];
    // "—" (optionally followed by a comment) means no response.
    if (!response.empty() && response.rfind("—", 0) != 0 && response[0] != '-') {
      size_t pos = 0;
      while (pos < response.size() && response[pos] == '[') {
        const size_t end = response.find(']', pos);
        if (end == std::string::npos)
          fail("a closing ']' in the response tags", "'" + response + "'");
        std::stringstream tag(response.substr(pos + 1, end - pos - 1));
        ObservedResponse o;
        tag >> o.instrument >> o.date;
        if (ClassIndex(o.instrument) <= 0) {
          std::vector<std::string> valid(ResponseClasses().begin() + 1, ResponseClasses().end());
          throw UnknownNameError(path, "line " + std::to_string(line), "response class",
                                 o.instrument, valid);
        }
        if (!ParseDate(o.date, y, m, d)) {
          fail("a tag [CODE YYYY-MM-DD]", "'" + response.substr(pos, end - pos + 1) + "'");
        }
        if (o.date < r.date) {
          fail("a response dated on or after the move (" + r.date + ")",
               "'" + response.substr(pos, end - pos + 1) + "'");
        }
        r.responses.push_back(o);
        pos = end + 1;
        while (pos < response.size() && response[pos] == ' ') ++pos;
      }
      if (r.responses.empty()) {
        fail("'—' (no response) or tags [CODE YYYY-MM-DD] at the start of the response cell",
             "'" + response + "'");
      }
    }
    rows.push_back(r);
  }
  if (rows.empty()) {
    throw ConfigError(path, "", "a markdown table of TIMELINE rows", "no table rows");
  }
  return rows;
}

Forecast ForecastFromCounts(const std::vector<double>& counts, double alpha, double lag_sum,
                            double responded) {
  Forecast f;
  double total = 0;
  for (double c : counts) total += c;
  const double k = static_cast<double>(counts.size());
  for (double c : counts) f.p.push_back((c + alpha) / (total + k * alpha));
  f.lag_known = responded > 0;
  f.lag = responded > 0 ? lag_sum / responded : 0.0;
  return f;
}

Scores ScoreForecasts(const std::vector<Forecast>& forecasts, const std::vector<int>& observed,
                      const std::vector<int>& observed_lag) {
  Scores s;
  s.triggers = static_cast<int>(forecasts.size());
  constexpr int kBins = 10;
  for (int b = 0; b < kBins; ++b) s.reliability.push_back({b / 10.0, (b + 1) / 10.0, 0, 0, 0});
  for (size_t i = 0; i < forecasts.size(); ++i) {
    const Forecast& f = forecasts[i];
    s.log_score += std::log(f.p[observed[i]]);
    for (size_t k = 0; k < f.p.size(); ++k) {
      const double o = static_cast<int>(k) == observed[i] ? 1.0 : 0.0;
      s.brier += (f.p[k] - o) * (f.p[k] - o);
      ReliabilityBin& bin = s.reliability[std::min(kBins - 1, static_cast<int>(f.p[k] * kBins))];
      ++bin.pairs;
      bin.mean_forecast += f.p[k];
      bin.observed_frequency += o;
    }
    if (observed[i] != 0 && f.lag_known) {
      s.lag_error += std::abs(f.lag - observed_lag[i]);
      ++s.lag_scored;
    }
  }
  if (s.triggers > 0) {
    s.log_score /= s.triggers;
    s.brier /= s.triggers;
  }
  if (s.lag_scored > 0) s.lag_error /= s.lag_scored;
  for (ReliabilityBin& bin : s.reliability) {
    if (bin.pairs == 0) continue;
    bin.mean_forecast /= bin.pairs;
    bin.observed_frequency /= bin.pairs;
  }
  return s;
}

namespace {

// The observed response to a trigger: the class of the earliest tagged
// response dated within the window (the trigger's quarter and `window`
// quarters after it), first listed on a tie; none if there is none.
void ObservedResponseOf(const Scenario& s, const ObservedRow& row, int q, int window, int& cls,
                        int& lag) {
  cls = 0;
  lag = 0;
  std::string first_date;
  for (const auto& o : row.responses) {
    const int l = QuarterOfDate(s, o.date) - q;
    if (l < 0 || l > window) continue;
    if (cls == 0 || o.date < first_date) {
      cls = ClassIndex(o.instrument);
      lag = l;
      first_date = o.date;
    }
  }
}

// The script of `seat` in `json` as action names, quarter by quarter.
std::vector<std::string> ScriptNames(const Json& json, const std::string& seat) {
  std::vector<std::string> names;
  const Json& policy = json["policies"][seat];
  if (policy.value("name", "") != "scripted") return names;
  for (const auto& a : policy["actions"]) names.push_back(a.get<std::string>());
  return names;
}

}  // namespace

BacktestResult Backtest(const MergedConfig& config, const Experiment& e,
                        const std::vector<ObservedRow>& rows, const BacktestOptions& options) {
  const Scenario& s = e.scenario;
  const int classes = static_cast<int>(ResponseClasses().size());
  const std::vector<TimelineMove> timeline = ReadTimeline(config, e);
  BacktestResult result;
  result.replicates = options.replicates > 0 ? options.replicates : e.replicates;
  const uint32_t reps = result.replicates;

  // Triggers: every one-sided move with an instrument code. A date outside
  // the config's quarters is an error: the model cannot be asked about it.
  struct Pending {
    ObservedRow row;
    int quarter;
  };
  std::vector<Pending> pending;
  result.horizon = s.horizon;
  for (const ObservedRow& row : rows) {
    const int q = QuarterOfDate(s, row.date);
    if (q < 0 || q >= s.horizon) {
      throw ConfigError(row.file, "line " + std::to_string(row.line),
                        "a date inside the config's quarters (" + s.QuarterLabel(0) + " to " +
                            s.QuarterLabel(s.horizon - 1) + ")",
                        "'" + row.date + "' (row " + std::to_string(row.row) + ")");
    }
    if (row.side == "joint") {
      result.skipped.push_back({row, "a joint move (both sides): no responding side"});
      continue;
    }
    if (row.instrument.empty()) {
      result.skipped.push_back({row, "no instrument code in the Move cell"});
      continue;
    }
    pending.push_back({row, q});
    // A window that runs past the config's horizon extends the simulation
    // (scripts end there and the model policies play on), never scores "none".
    result.horizon = std::max(result.horizon, q + options.window + 1);
  }

  // Base rates: the observed class frequencies of the responding side, from
  // the training rows, or from this file's triggers of other years (leave one
  // year out, so that a year's cluster of answers does not forecast itself).
  struct Outcome {
    std::string side;
    int cls, lag;
  };
  auto outcomes_of = [&](const std::vector<ObservedRow>& list) {
    std::vector<Outcome> out;
    for (const ObservedRow& row : list) {
      if (row.side == "joint" || row.instrument.empty()) continue;
      const int q = QuarterOfDate(s, row.date);
      Outcome o{row.side, 0, 0};
      ObservedResponseOf(s, row, q, options.window, o.cls, o.lag);
      out.push_back(o);
    }
    return out;
  };
  const std::vector<Outcome> train = outcomes_of(options.train);
  auto base_rates = [&](const std::string& side, size_t self) {
    std::vector<double> counts(classes, 0.0);
    double lag_sum = 0, responded = 0;
    auto add = [&](const Outcome& o) {
      if (o.side != side) return;
      counts[o.cls] += 1;
      if (o.cls != 0) {
        lag_sum += o.lag;
        responded += 1;
      }
    };
    if (!options.train.empty()) {
      for (const Outcome& o : train) add(o);
    } else {
      const std::string year = pending[self].row.date.substr(0, 4);
      for (size_t k = 0; k < pending.size(); ++k) {
        if (pending[k].row.date.substr(0, 4) == year) continue;
        Outcome o{pending[k].row.side, 0, 0};
        ObservedResponseOf(s, pending[k].row, pending[k].quarter, options.window, o.cls, o.lag);
        add(o);
      }
    }
    return ForecastFromCounts(counts, options.smoothing, lag_sum, responded);
  };

  std::vector<Forecast> model, kind, never, base;
  std::vector<int> observed, observed_lag;
  for (size_t index = 0; index < pending.size(); ++index) {
    const ObservedRow& row = pending[index].row;
    const int q = pending[index].quarter;
    BacktestTrigger t;
    t.row = row;
    t.side = row.side;
    t.quarter = q;
    ObservedResponseOf(s, row, q, options.window, t.observed, t.observed_lag);

    // With the move: the responding side's scripts end at the trigger's
    // quarter, so its model policies answer what they see; the trigger's
    // side keeps its script.
    const std::string responder = t.side == "us" ? "china" : "us";
    Json with = config.json;
    with["scenario"]["horizon"] = result.horizon;
    std::vector<int> responding;
    for (size_t seat = 0; seat < s.seats.size(); ++seat) {
      if (SideOfSeat(s, static_cast<int>(seat)) != responder) continue;
      if (!ResponseClassOf(s.seats[seat].slot, 0, 1).empty())
        responding.push_back(static_cast<int>(seat));
      const std::vector<std::string> script = ScriptOf(*e.policies[seat]);
      if (script.empty() || q >= static_cast<int>(script.size())) continue;
      Json& policy = with["policies"][s.seats[seat].id];
      if (q == 0) {
        policy = policy.contains("fallback") ? Json(policy["fallback"])
                                             : Json{{"name", "fixed"}, {"action", script[0]}};
      } else {
        Json actions = Json::array();
        for (int k = 0; k < q; ++k) actions.push_back(script[k]);
        policy["actions"] = actions;
      }
    }
    // Without it: each seat that plays the row's move holds its previous
    // action through the window instead.
    Json without = with;
    for (const TimelineMove& m : timeline) {
      if (m.row != row.row || m.seat < 0 || m.quarter < 1) continue;
      const std::string& id = s.seats[m.seat].id;
      std::vector<std::string> script = ScriptNames(without, id);
      if (static_cast<int>(script.size()) <= m.quarter) continue;
      t.played = true;
      const std::string held = script[m.quarter - 1];
      for (int k = m.quarter; k < static_cast<int>(script.size()) && k <= q + options.window; ++k)
        script[k] = held;
      without["policies"][id]["actions"] = script;
    }
    const Experiment with_e = ExperimentFromConfig({with, config.sources}, e.file);
    const Experiment without_e = ExperimentFromConfig({without, config.sources}, e.file);
    const Simulation with_sim(with_e), without_sim(without_e);
    std::vector<double> counts(classes, 0.0);
    double lag_sum = 0, responded = 0;
    const int last = q + options.window;
    // A move no model seat plays cannot be answered by the model: it
    // forecasts no response.
    if (!t.played) counts[0] = reps;
    for (uint32_t rep = 0; t.played && rep < reps; ++rep) {
      const World w1 = with_sim.Run(rep);
      const World w0 = without_sim.Run(rep);
      // The earliest quarter in which a responding seat changes its action
      // and the world without the move does not have that action; every
      // class changed in that quarter shares the replicate equally.
      std::vector<int> first;
      int at = -1;
      for (int tq = std::max(1, q); tq <= last && at < 0; ++tq) {
        for (int seat : responding) {
          const int from = w1.ActionAt(tq - 1, seat), to = w1.ActionAt(tq, seat);
          if (from == to || to == w0.ActionAt(tq, seat)) continue;
          const int cls = ClassIndex(ResponseClassOf(s.seats[seat].slot, from, to));
          if (std::find(first.begin(), first.end(), cls) == first.end()) first.push_back(cls);
          at = tq;
        }
      }
      if (first.empty()) {
        counts[0] += 1;
        continue;
      }
      for (int cls : first) counts[cls] += 1.0 / first.size();
      lag_sum += at - q;
      responded += 1;
    }
    t.model = ForecastFromCounts(counts, options.smoothing, lag_sum, responded);
    std::vector<double> in_kind(classes, 0.0), none(classes, 0.0);
    in_kind[ClassIndex(row.instrument)] = reps;
    none[0] = reps;
    t.match_in_kind = ForecastFromCounts(in_kind, options.smoothing, 0.0, reps);
    t.never_respond = ForecastFromCounts(none, options.smoothing, 0.0, 0);
    t.base_rates = base_rates(t.side, index);
    model.push_back(t.model);
    kind.push_back(t.match_in_kind);
    never.push_back(t.never_respond);
    base.push_back(t.base_rates);
    observed.push_back(t.observed);
    observed_lag.push_back(t.observed_lag);
    result.triggers.push_back(t);
  }
  result.model = ScoreForecasts(model, observed, observed_lag);
  result.match_in_kind = ScoreForecasts(kind, observed, observed_lag);
  result.never_respond = ScoreForecasts(never, observed, observed_lag);
  result.base_rates = ScoreForecasts(base, observed, observed_lag);
  return result;
}

}  // namespace geostrat
