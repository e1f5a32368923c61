// geostrat solve and geostrat stage: equilibria of a strategic-form game, and
// the repeated-game reading of a model stage game at a given world state.
#include <omp.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <sstream>

#include "engine/cli/commands.h"
#include "engine/core/error.h"
#include "engine/core/hash.h"
#include "engine/core/names.h"
#include "engine/run/experiment.h"
#include "engine/analysis/metagame.h"
#include "engine/analysis/solve.h"
#include "engine/run/results.h"
#include "engine/run/snapshot.h"
#include "engine/analysis/stage.h"
#include "games/classifier.h"
#include "games/normal_form.h"
#include "games/solvers/correlated.h"
#include "games/solvers/dominance.h"
#include "games/solvers/dynamics.h"
#include "games/solvers/enummixed.h"
#include "games/solvers/stackelberg.h"
#include "games/solvers/enumpure.h"
#include "games/solvers/enumsupport.h"
#include "games/solvers/equilibrium.h"
#include "games/solvers/lcp.h"
#include "games/step.h"
#include "games/solvers/logit.h"
#include "games/solvers/selection.h"
#include "games/solvers/gnm.h"
#include "games/solvers/liap.h"

namespace geostrat {
namespace {

namespace po = boost::program_options;

po::variables_map ParseArgs(const std::string& verb, const std::vector<std::string>& args,
                            const po::options_description& options, const char* positional) {
  return ParseVerbArgs(verb, args, options, positional, 1);
}

// A whole number in [low, high], parsed in full before any narrowing; the
// error states the range.
long long ParseInteger(const std::string& text, const std::string& option, long long low,
                       long long high) {
  long long value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < low || value > high) {
    throw UsageError("solve: " + option + " takes a whole number in [" + std::to_string(low) +
                     ", " + std::to_string(high) + "], found '" + PrintableText(text) + "'");
  }
  return value;
}

std::vector<double> ParseLambdas(const std::string& text) {
  const std::string range = "--lambda takes up to " + std::to_string(kMaxLambdas) +
                            " comma-separated numbers in [0, 1e6]";
  std::vector<double> out;
  size_t begin = 0;
  for (;;) {
    const size_t comma = text.find(',', begin);
    const std::string item = text.substr(begin, comma == std::string::npos ? std::string::npos
                                                                            : comma - begin);
    double v = 0;
    const char* end = item.data() + item.size();
    const auto [ptr, ec] = std::from_chars(item.data(), end, v, std::chars_format::general);
    const bool plain = item.find_first_not_of("0123456789.eE+-") == std::string::npos;
    if (item.empty() || !plain || ec != std::errc() || ptr != end || !(v >= 0 && v <= kMaxLambda)) {
      throw UsageError("solve: " + range + ", found '" + PrintableText(item) + "'");
    }
    out.push_back(v);
    if (out.size() > kMaxLambdas) throw UsageError("solve: " + range + ", found more");
    if (comma == std::string::npos) break;
    begin = comma + 1;
  }
  return out;
}

// Gambit's conventions: "NE,..." for an equilibrium profile; logit points
// before the limit as "QRE,lambda,..."; a correlated equilibrium as
// "CE,..." over the pure profiles (first player fastest). The end point of a
// process that is not an equilibrium within kNashRelativeTolerance is
// printed as "END,..." (never "NE").
std::string PrintedLine(const SolveResult& r, const Equilibrium& eq, bool nash) {
  if (r.method == "logit" && !eq.detail.value("limit", false)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "QRE,%g", eq.detail.value("lambda", 0.0));
    return buf + GambitLine(eq).substr(2);
  }
  if (r.method == "correlated" && !eq.joint.empty()) {
    std::string line = "CE";
    char buf[32];
    for (double p : eq.joint) {
      std::snprintf(buf, sizeof buf, ",%.6f", p);
      line += buf;
    }
    return line;
  }
  return nash ? GambitLine(eq) : "END" + GambitLine(eq).substr(2);
}

}  // namespace

int SolveCommand(const std::vector<std::string>& args) {
  po::options_description options("geostrat solve GAME.nfg --method M [options]");
  options.add_options()("help,h", "describe the options")(
      "game", po::value<std::string>(), "a game in Gambit's .nfg format")(
      "method,m", po::value<std::string>()->default_value("enummixed"),
      "enumpure, enummixed, enumsupport, lcp, logit, liap, gnm, replicator, fictitious_play, "
      "regret_matching, correlated, dominance")(
      "json", "print the result as JSON (method, parameters, equilibria with max regret)")(
      "select", po::value<std::string>(),
      "also name the equilibrium chosen by a rule: payoff_dominance, risk_dominance, "
      "max_welfare, logit_limit, learning")(
      "lambda", po::value<std::string>(), "logit: lambda values to report, e.g. 0.5,1,2 (each in [0, 1e6])")(
      "iterations", po::value<std::string>(),
      "replicator, fictitious_play, regret_matching: iterations or steps, in [1, 100000000]")(
      "seed", po::value<std::string>(), "liap, gnm, regret_matching: the seed (default 1)")(
      "start-label", po::value<std::string>(),
      "lcp: starting label, 0 to m + n - 1 (default -1: all)")(
      "starts", po::value<std::string>(),
      "liap, gnm: number of seeded starts (gnm: random bonus directions), in [1, 100000]")(
      "mixed", "dominance: also eliminate strategies dominated by mixed strategies")(
      "max-seconds", po::value<std::string>(),
      "enummixed: stop after this many seconds (0 < S <= 1e6) and list the equilibria found so "
      "far, marked as not all")(
      "threads", po::value<std::string>(),
      "enummixed: OpenMP threads (default: every core; the result does not depend on it)");
  const auto vm = ParseArgs("solve", args, options, "game");
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  if (!vm.count("game")) throw UsageError("solve: missing GAME.nfg");
  const std::string method = vm["method"].as<std::string>();
  const MethodInfo* info = nullptr;
  for (const auto& m : SolveMethods()) {
    if (m.name == method) info = &m;
  }
  if (info == nullptr) {
    throw UsageError("solve: unknown method '" + PrintableText(method) + "'; valid: " +
                     JoinNearestFirst(method, SolveMethodNames()));
  }
  for (const std::string option :
       {"lambda", "iterations", "seed", "start-label", "starts", "mixed", "max-seconds", "threads"}) {
    if (!vm.count(option)) continue;
    if (std::find(info->options.begin(), info->options.end(), option) == info->options.end()) {
      std::string users;
      for (const auto& m : SolveMethods()) {
        if (std::find(m.options.begin(), m.options.end(), option) != m.options.end()) {
          users += (users.empty() ? "" : ", ") + m.name;
        }
      }
      throw UsageError("solve: --" + option + " applies to " + users + ", not to --method " + method);
    }
  }
  SolveOptions so;
  if (vm.count("lambda")) so.lambdas = ParseLambdas(vm["lambda"].as<std::string>());
  if (vm.count("iterations")) {
    so.iterations = ParseInteger(vm["iterations"].as<std::string>(), "--iterations", 1, kMaxIterations);
  }
  if (vm.count("seed")) {
    so.seed = static_cast<uint64_t>(ParseInteger(vm["seed"].as<std::string>(), "--seed", 0,
                                                 std::numeric_limits<long long>::max()));
  }
  if (vm.count("start-label")) {
    so.start_label = static_cast<int>(ParseInteger(vm["start-label"].as<std::string>(),
                                                   "--start-label", -1, 2 * GameLimits::kMaxPayoffs));
  }
  if (vm.count("starts")) {
    so.starts = static_cast<int>(ParseInteger(vm["starts"].as<std::string>(), "--starts", 1, kMaxStarts));
  }
  so.mixed_dominance = vm.count("mixed") > 0;
  if (vm.count("max-seconds")) {
    const std::string text = vm["max-seconds"].as<std::string>();
    double s = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), s);
    if (ec != std::errc() || ptr != text.data() + text.size() || !(s > 0 && s <= kMaxSolveSeconds)) {
      throw UsageError("solve: --max-seconds expects a number of seconds in (0, 1e6], found '" +
                       PrintableText(text) + "'");
    }
    so.max_seconds = s;
  }
  so.threads = vm.count("threads") ? static_cast<int>(ParseInteger(vm["threads"].as<std::string>(),
                                                                   "--threads", 1, kMaxSolveThreads))
                                   : omp_get_num_procs();
  const std::string select = vm.count("select") ? vm["select"].as<std::string>() : "";
  if (!select.empty()) {
    bool known = false;
    for (const auto& r : SelectionRules()) known = known || r == select;
    if (!known) {
      throw UsageError("solve: unknown selection rule '" + PrintableText(select) + "'; valid: " +
                       JoinNearestFirst(select, SelectionRules()));
    }
    if (info->name == "dominance") {
      throw UsageError("solve: --select picks among equilibria; --method dominance lists none");
    }
  }

  const std::string file = vm["game"].as<std::string>();
  NormalForm game;
  try {
    game = ReadNfgFile(file);
  } catch (const NfgError& e) {
    std::fprintf(stderr, "geostrat: configuration error: %s\n", e.what());
    return 2;
  }
  // Options whose valid range depends on the game.
  if (so.start_label >= 0 && game.num_players() == 2) {
    const int labels = game.num_strategies(0) + game.num_strategies(1);
    if (so.start_label >= labels) {
      throw UsageError("solve: --start-label " + std::to_string(so.start_label) +
                       " is not a label of this " + std::to_string(game.num_strategies(0)) + "x" +
                       std::to_string(game.num_strategies(1)) + " game: its labels are 0 to " +
                       std::to_string(labels - 1) + " (row strategies first), or -1 for all");
    }
  }
  // The selection rule's own applicability and limits first, so nothing
  // runs for minutes and then fails.
  if (!select.empty()) {
    try {
      CheckSelectionRule(game, select);
    } catch (const NotApplicable& e) {
      std::fprintf(stderr, "geostrat: --select %s does not apply: %s\n", select.c_str(), e.what());
      return 2;
    }
  }
  SolveResult result;
  try {
    result = info->run(game, so);
  } catch (const NotApplicable& e) {
    std::fprintf(stderr, "geostrat: %s does not apply: %s\n", method.c_str(), e.what());
    return 2;
  }
  const std::vector<bool> nash = VerifyResult(game, *info, result);
  int chosen = -1;
  if (!select.empty()) chosen = SelectEquilibrium(game, result.equilibria, select);
  if (!result.warning.empty()) std::fprintf(stderr, "geostrat: %s: %s\n", method.c_str(), result.warning.c_str());
  if (vm.count("json")) {
    Json out = ToJson(result, game);
    if (!select.empty()) out["selected"] = {{"rule", select}, {"index", chosen < 0 ? Json() : Json(chosen)}};
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (!result.surviving.empty()) {
    for (int p = 0; p < game.num_players(); ++p) {
      std::cout << game.players()[p] << ":";
      for (int s : result.surviving[p]) std::cout << " " << game.strategies(p)[s];
      std::cout << "\n";
    }
  }
  for (size_t i = 0; i < result.equilibria.size(); ++i) {
    std::cout << PrintedLine(result, result.equilibria[i], nash[i]) << "\n";
  }
  if (!select.empty()) {
    std::cerr << select << ": "
              << (chosen < 0 ? std::string("no equilibrium is selected")
                             : "equilibrium " + std::to_string(chosen + 1) + " of " +
                                   std::to_string(result.equilibria.size()))
              << "\n";
  }
  return 0;
}

// ---------------------------------------------------------------------------

namespace {

// Critical discount factor for grim-trigger restraint with Nash reversion to
// `punishment`: player i cooperates iff delta >= (D_i - C_i) / (D_i - N_i),
// with C_i its payoff when both play their most cooperative action (0),
// D_i its best one-shot deviation from that, N_i its punishment payoff
// (Friedman 1971; the folk theorem's simplest form). Infinity: not
// sustainable (the punishment pays at least as much as cooperating).
double CriticalDelta(const NormalForm& g, const Equilibrium& punishment, int player) {
  const double c = g.Payoff2(0, 0, player);
  double d = c;
  for (int a = 0; a < g.num_strategies(player); ++a) {
    d = std::max(d, player == 0 ? g.Payoff2(a, 0, 0) : g.Payoff2(0, a, 1));
  }
  const double n = punishment.payoffs[player];
  const double tol = PayoffTolerance(g);
  if (d <= c + tol) return 0.0;  // no temptation to deviate
  if (n >= c - tol) return std::numeric_limits<double>::infinity();
  return (d - c) / (d - n);
}

std::string Fixed(double v, int digits = 3) {
  if (std::isinf(v)) return "never";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// The licence fee as the US seller faces it this quarter: China's market
// cleared at every fee from 0 to 100%, the fee beyond which buyers walk away
// from the licensed chip, and the fee that maximises fee revenue.
void PrintFeeCurve(const Experiment& e, int quarter, uint32_t replicate, std::ostream& out) {
  const Scenario& s = e.scenario;
  const StageState state = StageStateAt(e, quarter, replicate);
  auto level = [&](Slot slot) {
    const int seat = s.slot_seat[slot];
    return seat >= 0 ? state.played[seat] : s.status_quo[slot];
  };
  const ChinaMarketOutcome m = ClearChinaMarket(
      ChinaMarketOf(state.params, state.before, level(kSkuDesigner), level(kCnBuyer),
                    DomesticCapForChina(state.params, state.before, level(kGsBuyer))));
  out << "\nChina's accelerator market this quarter (budget $" << Fixed(state.before.cn_budget / 4 + state.before.backlog, 2)
      << "B, fee " << Fixed(100 * state.before.tau, 0) << "%, block " << Fixed(state.before.block, 2) << "):\n";
  out << "  source        cards (M)   price ($k)   spend ($B)   H100e (M)   utility\n";
  const char* names[] = {"licensed", "domestic", "grey", "offshore"};
  for (int k = 0; k < kNumChinaOptions; ++k) {
    char row[160];
    std::snprintf(row, sizeof row, "  %-10s %11.4f %12.2f %12.3f %11.4f %9.3f\n", names[k], m.cards[k], m.price[k],
                  m.spend[k], m.cards[k] * ChinaMarketOf(state.params, state.before, level(kSkuDesigner), level(kCnBuyer), 0).option[k].perf,
                  m.utility[k]);
    out << row;
  }
  char row[160];
  std::snprintf(row, sizeof row, "  %-10s %11s %12s %12.3f %11s %9.3f\n", "deferred", "", "", m.deferred, "", m.defer_utility);
  out << row;
  const FeeCurve curve =
      LicenceFeeCurve(state.params, state.before, level(kSkuDesigner), level(kCnBuyer), level(kGsBuyer));
  out << "\nlicence fee curve (China's market at red line F = " << Fixed(state.before.f, 3)
      << ", fee collection " << Fixed(state.params.fee_collection, 2) << "):\n";
  out << "   fee   licensed cards (M/q)   budget share   fee revenue ($B/q)   import - domestic utility\n";
  for (size_t i = 0; i < curve.points.size(); i += 10) {
    const FeePoint& pt = curve.points[i];
    char row[160];
    std::snprintf(row, sizeof row, "  %4.0f%%  %21.4f  %13.4f  %19.4f  %26.3f\n", 100 * pt.fee,
                  pt.import_cards, pt.import_share, pt.fees, pt.utility_gap);
    out << row;
  }
  out << "walk-away fee (buyers prefer the domestic card beyond it): "
      << (curve.walk_away_fee == 0 ? std::string("0 (they already do at no fee)")
          : std::isinf(curve.walk_away_fee) ? std::string("above 100%")
                                            : Fixed(100 * curve.walk_away_fee, 1) + "%")
      << "\n";
  out << "revenue-maximising fee: " << Fixed(100 * curve.revenue_max_fee, 1) << "% (fee revenue "
      << Fixed(curve.revenue_max, 3) << " $B per quarter)\n";
}

}  // namespace

int StageCommand(const std::vector<std::string>& args) {
  po::options_description options("geostrat stage CONFIG --game G [options]");
  options.add_options()("help,h", "describe the options")(
      "config", po::value<std::string>(), "experiment config (JSON)")(
      "game", po::value<std::string>(), "a stage game of the model, e.g. license_fee")(
      "seats", po::value<std::string>(), "two seat ids, comma-separated (default: the game's)")(
      "quarter", po::value<std::string>()->default_value("0"),
      "quarter of the run, as YYYYQn or quarters played (0 = the start)")(
      "replicate", po::value<long long>()->default_value(0), "which replicate's world")(
      "nfg", po::value<std::string>(), "also write the payoff table to this .nfg file");
  const auto vm = ParseArgs("stage", args, options, "config");
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  if (!vm.count("config")) throw UsageError("stage: missing CONFIG");
  const Experiment e = LoadExperiment(vm["config"].as<std::string>());
  const Scenario& s = e.scenario;
  std::vector<int> seats;
  if (vm.count("seats")) {
    std::stringstream in(vm["seats"].as<std::string>());
    std::string id;
    while (std::getline(in, id, ',')) {
      const int k = s.SeatIndex(id);
      if (k < 0) {
        throw UsageError("stage: unknown seat '" + id + "'; valid: " + JoinNearestFirst(id, s.SeatIds()));
      }
      seats.push_back(k);
    }
  } else {
    if (!vm.count("game")) throw UsageError("stage: give --game or --seats");
    const std::string game = vm["game"].as<std::string>();
    for (size_t k = 0; k < s.seats.size(); ++k) {
      if (s.seats[k].id.rfind(game + ".", 0) == 0) seats.push_back(static_cast<int>(k));
    }
    if (seats.empty()) {
      throw UsageError("stage: the experiment plays no game '" + game + "'; valid: " +
                       JoinNearestFirst(game, s.games));
    }
    // A one-seat game is read against the seat that answers it in kind:
    // export controls against China's mineral controls (seed 001).
    if (seats.size() == 1 && game == "export_control") {
      const int answer = s.SeatIndex("mineral_retaliation.controller");
      if (answer >= 0) seats.push_back(answer);
    }
    if (seats.size() > 2) seats.resize(2);
  }
  if (seats.size() != 2) {
    throw UsageError("stage: a stage game needs two seats; name them with --seats A,B");
  }
  const std::string quarter_text = vm["quarter"].as<std::string>();
  const int quarter = ParseQuarter(s, quarter_text);
  if (quarter < 0 || quarter >= s.horizon) {
    throw UsageError("stage: --quarter " + quarter_text + ": expected a quarter from " +
                     s.QuarterLabel(0) + " (0) to " + s.QuarterLabel(s.horizon - 1) + " (" +
                     std::to_string(s.horizon - 1) + "), as YYYYQn or quarters played");
  }
  const long long replicate = vm["replicate"].as<long long>();
  if (replicate < 0 || replicate > 100000000) throw UsageError("stage: --replicate out of range");
  const NormalForm g = StagePayoffTable(e, seats[0], seats[1], quarter, static_cast<uint32_t>(replicate));
  if (vm.count("nfg")) {
    std::ofstream(vm["nfg"].as<std::string>()) << WriteNfg(g);
  }

  std::ostream& out = std::cout;
  out << g.title() << " (replicate " << replicate << ")\n";
  out << "payoffs: quarterly utility in $B-equivalents (row, column); row = " << g.players()[0]
      << ", column = " << g.players()[1] << "\n\n";
  char cell[64];
  std::snprintf(cell, sizeof cell, "%-16s", "");
  out << cell;
  for (const auto& c : g.strategies(1)) {
    std::snprintf(cell, sizeof cell, "%22s", c.c_str());
    out << cell;
  }
  out << "\n";
  for (int r = 0; r < g.num_strategies(0); ++r) {
    std::snprintf(cell, sizeof cell, "%-16s", g.strategies(0)[r].c_str());
    out << cell;
    for (int c = 0; c < g.num_strategies(1); ++c) {
      std::snprintf(cell, sizeof cell, "%11.3f,%10.3f", g.Payoff2(r, c, 0), g.Payoff2(r, c, 1));
      out << cell;
    }
    out << "\n";
  }
  const SolveResult nash = EnumMixed(g);
  out << "\nstage-game equilibria (all extreme equilibria, exact):\n";
  for (size_t i = 0; i < nash.equilibria.size(); ++i) {
    const Equilibrium& eq = nash.equilibria[i];
    out << "  " << i + 1 << ". " << GambitLine(eq) << "   payoffs " << Fixed(eq.payoffs[0]) << ", "
        << Fixed(eq.payoffs[1]) << "\n";
  }
  // The leader-follower solution: the scenario's order of moves decides who
  // commits; when both seats lead or both follow, each way is shown.
  const bool row_leads = s.seat_leads[seats[0]], column_leads = s.seat_leads[seats[1]];
  std::vector<int> leaders;
  if (row_leads != column_leads) {
    leaders.push_back(row_leads ? 0 : 1);
  } else {
    leaders = {0, 1};
  }
  out << "\nleader-follower (Stackelberg, pure) solution";
  out << (leaders.size() == 1 ? " in the scenario's order of moves:\n"
                              : ": the two seats move at once in the scenario's order, so each way:\n");
  for (int leader : leaders) {
    const StackelbergSolution st = SolveStackelberg(g, leader);
    auto line = [&](const char* kind, const StackelbergOutcome& o) {
      const int r = leader == 0 ? o.leader_action : o.follower_action;
      const int c = leader == 0 ? o.follower_action : o.leader_action;
      out << "  " << g.players()[leader] << " leads (" << kind << "): (" << g.strategies(0)[r]
          << ", " << g.strategies(1)[c] << ") paying " << Fixed(g.Payoff2(r, c, 0)) << ", "
          << Fixed(g.Payoff2(r, c, 1)) << "\n";
    };
    line("ties broken for the leader", st.strong);
    if (st.weak.leader_action != st.strong.leader_action ||
        st.weak.follower_action != st.strong.follower_action) {
      line("ties broken against it", st.weak);
    }
  }
  out << "\nrestraint: both play their most cooperative action (" << g.strategies(0)[0] << ", "
      << g.strategies(1)[0] << ") paying " << Fixed(g.Payoff2(0, 0, 0)) << ", "
      << Fixed(g.Payoff2(0, 0, 1)) << "\n";
  out << "critical discount factor for grim-trigger restraint, by punishment equilibrium\n"
      << "(delta* = (D - C) / (D - N); the scenario discounts " << s.discount << " per quarter):\n";
  for (size_t i = 0; i < nash.equilibria.size(); ++i) {
    const double d0 = CriticalDelta(g, nash.equilibria[i], 0);
    const double d1 = CriticalDelta(g, nash.equilibria[i], 1);
    const double need = std::max(d0, d1);
    out << "  punish with " << i + 1 << ": row " << Fixed(d0) << ", column " << Fixed(d1)
        << "  ->  " << (std::isinf(need) ? "restraint not sustainable"
                        : need <= s.discount ? "sustainable at " + Fixed(s.discount)
                                             : "not sustainable at " + Fixed(s.discount))
        << "\n";
  }
  if (s.slot_seat[kFeeSeller] >= 0 &&
      (seats[0] == s.slot_seat[kFeeSeller] || seats[1] == s.slot_seat[kFeeSeller])) {
    PrintFeeCurve(e, quarter, static_cast<uint32_t>(replicate), out);
  }
  return 0;
}

// ---------------------------------------------------------------------------

int EquilibriumCommand(const std::vector<std::string>& args) {
  po::options_description options("geostrat equilibrium CONFIG [options]");
  options.add_options()("help,h", "describe the options")(
      "config", po::value<std::string>(), "experiment config with a \"metagame\" member")(
      "threads", po::value<int>()->default_value(omp_get_num_procs()), "OpenMP threads")(
      "replicates", po::value<long long>(), "override metagame.replicates")(
      "out", po::value<std::string>(), "write the run folder to exactly this path (must not exist)")(
      "results-root", po::value<std::string>()->default_value("results"),
      "root of the default run folder")(
      "report", "also write report.html (an offline HTML report) into the run folder")(
      "quiet,q", "no table on stdout");
  const auto vm = ParseArgs("equilibrium", args, options, "config");
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  if (!vm.count("config")) throw UsageError("equilibrium: missing CONFIG");
  const int threads = ThreadsOption(vm, "equilibrium");
  MetaGameSpec spec = LoadMetaGame(vm["config"].as<std::string>());
  if (vm.count("replicates")) {
    const long long r = vm["replicates"].as<long long>();
    if (r < 2 || r > 10000000) throw UsageError("equilibrium: --replicates must be in [2, 10000000]");
    spec.replicates = static_cast<uint32_t>(r);
  }
  const std::string hash = Fnv1aHex(MetaGameConfig(spec).dump());
  const std::string dir = CheckOutputFolder(
      "equilibrium",
      vm.count("out") ? vm["out"].as<std::string>()
                      : (std::filesystem::path(vm["results-root"].as<std::string>()) /
                         spec.experiment.name / (UtcStampForFolder() + "-" + hash.substr(0, 12)))
                            .string(),
      !vm.count("out"));

  const MetaGameResult r = RunMetaGame(spec, threads);
  const NormalForm& g = r.game;
  WriteMetaGameFolder(dir, spec, r, ReportWriter(vm.count("report") > 0));
  if (!r.solved.warning.empty()) std::fprintf(stderr, "geostrat: %s\n", r.solved.warning.c_str());
  if (r.bootstrap_cut_short > 0) {
    std::fprintf(stderr,
                 "geostrat: max_seconds cut short %d of %d bootstrap solves; their stability "
                 "counts rest on the equilibria those solves found\n",
                 r.bootstrap_cut_short, spec.bootstrap);
  }
  if (!vm.count("quiet")) {
    std::printf("%s: %zu profiles x %u replicates, %d thread(s), %.2f s; %s (%s)\n",
                spec.experiment.name.c_str(), g.num_profiles(), spec.replicates, r.threads,
                r.wall_seconds, r.solved.method.c_str(),
                r.solved.complete ? "all extreme equilibria" : "equilibria found");
    for (size_t e = 0; e < r.solved.equilibria.size(); ++e) {
      const Equilibrium& eq = r.solved.equilibria[e];
      std::printf("\nequilibrium %zu: max regret %.3g, bootstrap stability %.2f\n", e + 1,
                  eq.max_regret, r.assessments[e].stability);
      for (int p = 0; p < g.num_players(); ++p) {
        std::printf("  %s:", g.players()[p].c_str());
        for (int s = 0; s < g.num_strategies(p); ++s) {
          if (eq.profile[p][s] > 1e-9) std::printf(" %s %.3f", g.strategies(p)[s].c_str(), eq.profile[p][s]);
        }
        std::printf("\n");
      }
      for (int c = 0; c < kNumClasses; ++c) {
        const auto& a = r.assessments[e];
        std::printf("    %-24s %.3f [%.3f, %.3f]\n", OutcomeClassNames()[c].c_str(), a.outcome_p[c],
                    a.outcome_low[c], a.outcome_high[c]);
      }
    }
    if (spec.expand.enabled) {
      std::printf("\nexpansion (epsilon %g):\n", spec.expand.epsilon);
      for (size_t i = 0; i < r.rounds.size(); ++i) {
        std::printf("  round %zu: best pool gain %.3g", i + 1, r.rounds[i].regret);
        for (size_t k = 0; k < r.rounds[i].added.size(); ++k) {
          if (!r.rounds[i].added[k].empty()) {
            std::printf("; %s adds %s", g.players()[k].c_str(), r.rounds[i].added[k].c_str());
          }
        }
        std::printf("\n");
      }
      std::printf("  %s\n", r.converged ? "converged: no pool policy beats an equilibrium by more "
                                          "than epsilon"
                                        : "stopped at the round limit");
    }
    if (!spec.observed.empty()) {
      std::printf("\nobserved profile:");
      for (int p = 0; p < g.num_players(); ++p) {
        std::printf(" %s %s (regret %.3g, %.1f%% of its range)%s", g.players()[p].c_str(),
                    g.strategies(p)[spec.observed[p]].c_str(), r.observed_regret[p],
                    100 * r.observed_regret_share[p], p + 1 < g.num_players() ? ";" : "");
      }
      std::printf("\n");
    }
    std::printf("results: %s\n", dir.c_str());
  }
  return 0;
}

}  // namespace geostrat
