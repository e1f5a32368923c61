#include "engine/analysis/tournament.h"

#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/core/error.h"
#include "engine/core/hash.h"
#include "engine/core/names.h"
#include "engine/core/stats.h"
#include "engine/run/experiment.h"
#include "engine/run/results.h"
#include "engine/analysis/stage.h"
#include "engine/version.h"
#include "games/classic_games.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxTournamentActions = 127;

std::string Num(double v) { return CsvNumber(v); }

NormalForm ReadInlineMatrix(const ConfigNode& node) {
  node.AllowOnlyKeys({"title", "rows", "columns", "payoffs"});
  auto names = [](const ConfigNode& list) {
    if (!list.IsArray() || list.Size() == 0) list.Fail("a non-empty array of action names");
    std::vector<std::string> out;
    for (size_t i = 0; i < list.Size(); ++i) out.push_back(list.Element(i).String());
    return out;
  };
  const auto rows = names(node.At("rows"));
  const auto cols = names(node.At("columns"));
  std::string title = "inline matrix game";
  if (auto t = node.Find("title")) title = t->String();
  NormalForm g(title, {"Row", "Column"}, {rows, cols});
  const ConfigNode pay = node.At("payoffs");
  const std::string shape = std::to_string(rows.size()) + " rows of " +
                            std::to_string(cols.size()) + " [row payoff, column payoff] pairs";
  if (!pay.IsArray() || pay.Size() != rows.size()) pay.Fail(shape);
  for (size_t r = 0; r < rows.size(); ++r) {
    const ConfigNode row = pay.Element(r);
    if (!row.IsArray() || row.Size() != cols.size()) row.Fail(shape);
    for (size_t c = 0; c < cols.size(); ++c) {
      const ConfigNode cell = row.Element(c);
      if (!cell.IsArray() || cell.Size() != 2) cell.Fail("[row payoff, column payoff]");
      const std::vector<int> profile = {static_cast<int>(r), static_cast<int>(c)};
      g.SetPayoff(profile, 0, cell.Element(0).Number(-1e12, 1e12));
      g.SetPayoff(profile, 1, cell.Element(1).Number(-1e12, 1e12));
    }
  }
  return g;
}

NormalForm ReadGame(const ConfigNode& node, const std::string& config_file) {
  node.ExpectObject();
  const int forms = node.Has("classic") + node.Has("matrix") + node.Has("nfg") + node.Has("model");
  if (forms != 1) {
    node.Fail("exactly one of \"classic\", \"matrix\", \"nfg\", \"model\"");
  }
  if (auto c = node.Find("classic")) {
    node.AllowOnlyKeys({"classic", "params"});
    const std::string name = c->Name("classic game", ClassicGameNames());
    for (const auto& info : ClassicGames()) {
      if (info.name != name) continue;
      auto params = node.Find("params");
      const ParamSet set = ParamSet::Read(info.params, params ? &*params : nullptr);
      std::vector<double> values;
      for (size_t i = 0; i < set.size(); ++i) {
        if (!set.priors()[i].IsFixed()) {
          params->At(set.specs()[i].name).Fail("a fixed number (a stage game takes no prior)");
        }
        values.push_back(set.priors()[i].a);
      }
      return info.build(values);
    }
  }
  if (auto m = node.Find("matrix")) {
    node.AllowOnlyKeys({"matrix"});
    return ReadInlineMatrix(*m);
  }
  if (auto n = node.Find("nfg")) {
    node.AllowOnlyKeys({"nfg"});
    const fs::path path = fs::path(config_file).parent_path() / n->String();
    try {
      NormalForm g = ReadNfgFile(path.string());
      if (g.num_players() != 2) n->Fail("a two-player game", std::to_string(g.num_players()) + " players");
      return g;
    } catch (const NfgError& e) {
      // The .nfg reader's own message, whole: the same as `geostrat solve`
      // gives for the file.
      throw ConfigError(n->file(), n->pointer(), "a valid two-player .nfg file", e.what());
    }
  }
  node.AllowOnlyKeys({"model", "seats", "quarter", "replicate"});
  const ConfigNode model = node.At("model");
  const fs::path path = fs::path(config_file).parent_path() / model.String();
  const Experiment e = LoadExperiment(path.string());
  const ConfigNode seats = node.At("seats");
  if (!seats.IsArray() || seats.Size() != 2) seats.Fail("two seat ids of the model");
  int seat[2];
  for (int k = 0; k < 2; ++k) {
    seat[k] = e.scenario.SeatIndex(seats.Element(k).Name("seat", e.scenario.SeatIds()));
  }
  if (seat[0] == seat[1]) seats.Fail("two different seats");
  int quarter = 0;
  if (auto q = node.Find("quarter")) quarter = static_cast<int>(q->Integer(0, e.scenario.horizon - 1));
  uint32_t replicate = 0;
  if (auto r = node.Find("replicate")) replicate = static_cast<uint32_t>(r->Integer(0, 100000000L));
  return StagePayoffTable(e, seat[0], seat[1], quarter, replicate);
}

bool IsSymmetric(const NormalForm& g) {
  if (g.num_strategies(0) != g.num_strategies(1)) return false;
  for (int r = 0; r < g.num_strategies(0); ++r) {
    for (int c = 0; c < g.num_strategies(1); ++c) {
      if (g.Payoff2(r, c, 0) != g.Payoff2(c, r, 1)) return false;
    }
  }
  return true;
}

// Compact action strings: the action names when all are one character
// (C/D), otherwise action indices separated by spaces.
std::string ActionString(const NormalForm& g, int seat, const std::vector<int8_t>& actions) {
  bool single = true;
  for (const auto& s : g.strategies(seat)) single = single && s.size() == 1;
  std::string out;
  for (size_t t = seat; t < actions.size(); t += 2) {
    if (single) {
      out += g.strategies(seat)[actions[t]];
    } else {
      if (!out.empty()) out += ' ';
      out += std::to_string(actions[t]);
    }
  }
  return out;
}

}  // namespace

Json TournamentSpec::ToJson() const {
  Json strategies = Json::array();
  for (size_t i = 0; i < plans.size(); ++i) {
    strategies.push_back({{"label", labels[i]}, {"policy", plans[i][0]->ToJson()}});
  }
  Json j = {{"name", name},         {"description", description}, {"seed", seed},
            {"game", game_json},    {"turns", turns},             {"repetitions", repetitions},
            {"noise", noise},       {"strategies", strategies}};
  if (ecological_generations > 0) j["ecological"] = {{"generations", ecological_generations}};
  if (moran_population > 0) {
    j["moran"] = {{"population", moran_population},
                  {"trials", moran_trials},
                  {"intensity", moran_intensity}};
  }
  return j;
}

std::string TournamentSpec::Hash() const { return Fnv1aHex(ToJson().dump() + WriteNfg(game)); }

TournamentSpec LoadTournament(const std::string& path) {
  return TournamentFromConfig(LoadMergedConfig(path), path);
}

TournamentSpec TournamentFromConfig(const MergedConfig& merged, const std::string& path) {
  ExpectConfigKind(merged, path, {ConfigKind::kTournament}, "a tournament config");
  const ConfigNode root(merged.json, "", merged.sources);
  root.AllowOnlyKeys({"name", "description", "seed", "game", "turns", "repetitions", "noise",
                      "strategies", "ecological", "moran"});
  TournamentSpec spec;
  spec.file = path;
  spec.name = ReadFolderName(root.At("name"));
  if (auto d = root.Find("description")) spec.description = d->String();
  spec.seed = static_cast<uint64_t>(root.At("seed").Integer(0, 9007199254740991L));
  spec.game_json = root.At("game").json();
  spec.game = ReadGame(root.At("game"), path);
  // Matches store each turn's action in an int8_t.
  for (int seat = 0; seat < spec.game.num_players(); ++seat) {
    if (spec.game.num_strategies(seat) > kMaxTournamentActions) {
      root.At("game").Fail("a game of at most " + std::to_string(kMaxTournamentActions) +
                               " actions per seat (a match stores each action in one byte)",
                           std::to_string(spec.game.num_strategies(seat)) + " actions for " +
                               (seat == 0 ? "the row seat" : "the column seat"));
    }
  }
  spec.symmetric = IsSymmetric(spec.game);
  if (auto t = root.Find("turns")) spec.turns = static_cast<int>(t->Integer(1, 10000000L));
  if (auto r = root.Find("repetitions")) spec.repetitions = static_cast<int>(r->Integer(1, 1000000L));
  if (auto n = root.Find("noise")) spec.noise = n->Number(0, 1);

  const GameContext context = MatrixContext(spec.game);
  const ConfigNode list = root.At("strategies");
  if (!list.IsArray() || list.Size() < 2) list.Fail("an array of at least two strategies");
  for (size_t i = 0; i < list.Size(); ++i) {
    const ConfigNode entry = list.Element(i);
    entry.ExpectObject();
    // A strategy is a policy spec, {"label", "policy"}, or - for games whose
    // seats have different actions - {"label", "row", "column"}.
    std::string label;
    std::array<std::shared_ptr<const PolicyPlan>, 2> plans;
    if (entry.Has("row") || entry.Has("column")) {
      entry.AllowOnlyKeys({"label", "row", "column"});
      plans = {ReadPolicy(entry.At("row"), context, 0), ReadPolicy(entry.At("column"), context, 1)};
      if (plans[0]->ToJson()["name"] != plans[1]->ToJson()["name"]) {
        entry.At("column").Fail("the same policy as \"row\" (" +
                                plans[0]->ToJson()["name"].get<std::string>() + ")");
      }
    } else {
      std::optional<ConfigNode> policy = entry;
      if (entry.Has("policy")) {
        entry.AllowOnlyKeys({"label", "policy"});
        policy = entry.At("policy");
      }
      plans = {ReadPolicy(*policy, context, 0), ReadPolicy(*policy, context, 1)};
    }
    if (auto l = entry.Find("label")) label = l->String();
    if (label.empty()) label = plans[0]->ToJson()["name"].get<std::string>();
    // Repeated names get a suffix so every label is unique.
    std::string unique = label;
    for (int k = 2; std::find(spec.labels.begin(), spec.labels.end(), unique) != spec.labels.end();
         ++k) {
      unique = label + "#" + std::to_string(k);
    }
    spec.labels.push_back(unique);
    spec.plans.push_back(plans);
  }
  if (auto eco = root.Find("ecological")) {
    eco->AllowOnlyKeys({"generations"});
    spec.ecological_generations = static_cast<int>(eco->At("generations").Integer(1, 1000000L));
  }
  if (auto moran = root.Find("moran")) {
    moran->AllowOnlyKeys({"population", "trials", "intensity"});
    spec.moran_population = static_cast<int>(moran->At("population").Integer(2, 100000L));
    spec.moran_trials = 1000;
    if (auto t = moran->Find("trials")) spec.moran_trials = static_cast<int>(t->Integer(1, 100000000L));
    if (auto w = moran->Find("intensity")) spec.moran_intensity = w->Number(0, 1);
  }
  return spec;
}

double MoranFixationExact(double m_ii, double m_ij, double m_ji, double m_jj, int n, double w) {
  // rho = 1 / (1 + sum_{k=1}^{N-1} prod_{m=1}^{k} f_res(m) / f_mut(m)).
  double sum = 0, product = 1;
  for (int m = 1; m < n; ++m) {
    const double f_res = 1 - w + w * ((n - m - 1) * m_ii + m * m_ij) / (n - 1);
    const double f_mut = 1 - w + w * ((n - m) * m_ji + (m - 1) * m_jj) / (n - 1);
    if (f_mut == 0) return 0.0;  // mutants cannot grow past m: they never fix
    product *= f_res / f_mut;
    sum += product;
  }
  return 1.0 / (1.0 + sum);
}

namespace {

// Per-seat scores of an asymmetric tournament (StrategyStats::Seat): each
// strategy's mean per-turn payoff in a seat over repetitions, against the
// other strategies (self-play excluded), its Student's t interval, its rank
// and its place between the seat's worst and best strategy.
void SeatStatistics(const TournamentSpec& spec, TournamentResult& result) {
  const int n = static_cast<int>(spec.plans.size()), reps = spec.repetitions;
  for (int seat = 0; seat < 2; ++seat) {
    std::vector<std::vector<double>> sum(n, std::vector<double>(reps, 0.0));
    std::vector<std::vector<double>> count(n, std::vector<double>(reps, 0.0));
    for (const MatchRecord& m : result.matches) {
      if (m.a == m.b) continue;
      const int who = seat == 0 ? m.a : m.b;
      sum[who][m.repetition] += (seat == 0 ? m.score_a : m.score_b) / spec.turns;
      count[who][m.repetition] += 1;
    }
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < n; ++i) {
      std::vector<double> per_rep;
      for (int r = 0; r < reps; ++r) {
        if (count[i][r] > 0) per_rep.push_back(sum[i][r] / count[i][r]);
      }
      StrategyStats::Seat& st = result.stats[i].seats[seat];
      if (per_rep.empty()) continue;  // a one-strategy tournament
      const Moments mo = MeanSd(per_rep);
      double half = 0;
      if (per_rep.size() > 1) {
        const boost::math::students_t t(static_cast<double>(per_rep.size() - 1));
        half = boost::math::quantile(boost::math::complement(t, 0.025)) * mo.sd /
               std::sqrt(static_cast<double>(per_rep.size()));
      }
      st.mean_per_turn = mo.mean;
      st.ci_low = mo.mean - half;
      st.ci_high = mo.mean + half;
      lo = std::min(lo, mo.mean);
      hi = std::max(hi, mo.mean);
    }
    std::vector<int> order(n);
    for (int i = 0; i < n; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
      return result.stats[x].seats[seat].mean_per_turn > result.stats[y].seats[seat].mean_per_turn;
    });
    for (int k = 0; k < n; ++k) {
      StrategyStats::Seat& st = result.stats[order[k]].seats[seat];
      st.rank = k + 1;
      // All equal: every strategy is the seat's best.
      st.normalised = hi > lo ? (st.mean_per_turn - lo) / (hi - lo) : 1.0;
    }
  }
  for (StrategyStats& s : result.stats) {
    s.normalised = (s.seats[0].normalised + s.seats[1].normalised) / 2;
  }
}

}  // namespace

TournamentResult RunTournament(const TournamentSpec& spec, int threads, bool keep_actions) {
  const auto t0 = std::chrono::steady_clock::now();
  const int n = static_cast<int>(spec.plans.size());
  const int reps = spec.repetitions;
  // Symmetric games play each unordered pair once (self-play included);
  // asymmetric ones play every ordered pair, so each strategy holds each seat.
  std::vector<std::pair<int, int>> pairs;
  for (int i = 0; i < n; ++i) {
    for (int j = spec.symmetric ? i : 0; j < n; ++j) pairs.emplace_back(i, j);
  }
  TournamentResult result;
  result.threads = threads;
  result.matches.resize(pairs.size() * reps);
  std::vector<std::exception_ptr> errors(result.matches.size());

#pragma omp parallel for schedule(dynamic, 4) num_threads(threads)
  for (int64_t k = 0; k < static_cast<int64_t>(result.matches.size()); ++k) {
    try {
      const auto [a, b] = pairs[k / reps];
      MatchSpec m{.game = &spec.game,
                  .row = spec.plans[a][0].get(),
                  .column = spec.plans[b][1].get(),
                  .turns = spec.turns,
                  .noise = spec.noise,
                  .seed = spec.seed,
                  .index = static_cast<uint32_t>(k)};
      MatchResult played = PlayMatch(m);
      MatchRecord& rec = result.matches[k];
      rec.a = a;
      rec.b = b;
      rec.repetition = static_cast<int>(k % reps);
      rec.score_a = played.score[0];
      rec.score_b = played.score[1];
      rec.cooperation_a = static_cast<double>(played.cooperations[0]) / spec.turns;
      rec.cooperation_b = static_cast<double>(played.cooperations[1]) / spec.turns;
      if (keep_actions) rec.actions = std::move(played.actions);
    } catch (...) {
      errors[k] = std::current_exception();
    }
  }
  for (size_t k = 0; k < errors.size(); ++k) {
    if (errors[k]) std::rethrow_exception(errors[k]);
  }

  // Per repetition and strategy: score and turns against others.
  std::vector<std::vector<double>> score(reps, std::vector<double>(n, 0.0));
  std::vector<std::vector<double>> turns(reps, std::vector<double>(n, 0.0));
  std::vector<double> coop_turns(n, 0.0), all_turns(n, 0.0);
  result.payoff_matrix.assign(n, std::vector<double>(n, 0.0));
  std::vector<std::vector<double>> pm_count(n, std::vector<double>(n, 0.0));
  result.stats.resize(n);
  for (const MatchRecord& m : result.matches) {
    const double per_a = m.score_a / spec.turns, per_b = m.score_b / spec.turns;
    result.payoff_matrix[m.a][m.b] += per_a;
    pm_count[m.a][m.b] += 1;
    result.payoff_matrix[m.b][m.a] += per_b;
    pm_count[m.b][m.a] += 1;
    if (m.a == m.b) continue;  // self-play counts in the matrix, not in totals
    score[m.repetition][m.a] += m.score_a;
    score[m.repetition][m.b] += m.score_b;
    turns[m.repetition][m.a] += spec.turns;
    turns[m.repetition][m.b] += spec.turns;
    coop_turns[m.a] += m.cooperation_a * spec.turns;
    coop_turns[m.b] += m.cooperation_b * spec.turns;
    all_turns[m.a] += spec.turns;
    all_turns[m.b] += spec.turns;
    // Wins compare the two players' payoffs, which only means something when
    // both sit in the same seat of a symmetric game.
    if (spec.symmetric && m.score_a > m.score_b) ++result.stats[m.a].wins;
    if (spec.symmetric && m.score_b > m.score_a) ++result.stats[m.b].wins;
  }
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      if (pm_count[i][j] > 0) result.payoff_matrix[i][j] /= pm_count[i][j];
    }
  }
  for (int i = 0; i < n; ++i) {
    StrategyStats& s = result.stats[i];
    s.label = spec.labels[i];
    s.rank_counts.assign(n, 0);
    std::vector<double> per_turn;
    for (int r = 0; r < reps; ++r) {
      s.total += score[r][i];
      per_turn.push_back(turns[r][i] > 0 ? score[r][i] / turns[r][i] : 0.0);
    }
    const Moments mo = MeanSd(per_turn);
    s.mean_per_turn = mo.mean;
    s.sd_per_turn = mo.sd;
    std::sort(per_turn.begin(), per_turn.end());
    s.median_per_turn = QuantileSorted(per_turn, 0.5);
    double half = 0;
    if (reps > 1) {
      // Student's t interval for the mean per-turn score over repetitions.
      const boost::math::students_t t(reps - 1);
      half = boost::math::quantile(boost::math::complement(t, 0.025)) * mo.sd / std::sqrt(reps);
    }
    s.ci_low = mo.mean - half;
    s.ci_high = mo.mean + half;
    s.cooperation = all_turns[i] > 0 ? coop_turns[i] / all_turns[i] : 0.0;
  }
  // Rank within each repetition (higher per-turn score first; ties by index).
  for (int r = 0; r < reps; ++r) {
    std::vector<int> order(n);
    for (int i = 0; i < n; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
      const double sx = turns[r][x] > 0 ? score[r][x] / turns[r][x] : 0;
      const double sy = turns[r][y] > 0 ? score[r][y] / turns[r][y] : 0;
      return sx > sy;
    });
    for (int k = 0; k < n; ++k) ++result.stats[order[k]].rank_counts[k];
  }
  if (!spec.symmetric) SeatStatistics(spec, result);
  // The overall ranking: in a symmetric game the median per-turn score (as
  // the Axelrod library), then the mean; in an asymmetric one the mean of the
  // per-seat normalised scores.
  result.order.resize(n);
  for (int i = 0; i < n; ++i) result.order[i] = i;
  std::stable_sort(result.order.begin(), result.order.end(), [&](int x, int y) {
    const auto &a = result.stats[x], &b = result.stats[y];
    if (!spec.symmetric) return a.normalised > b.normalised;
    if (a.median_per_turn != b.median_per_turn) return a.median_per_turn > b.median_per_turn;
    return a.mean_per_turn > b.mean_per_turn;
  });
  for (int k = 0; k < n; ++k) result.stats[result.order[k]].rank = k + 1;

  // Ecological mode: discrete replicator dynamics from equal shares; payoffs
  // are shifted to be positive when the game has negative ones.
  if (spec.ecological_generations > 0) {
    double lowest = 0;
    for (const auto& row : result.payoff_matrix) {
      for (double v : row) lowest = std::min(lowest, v);
    }
    std::vector<double> x(n, 1.0 / n);
    result.ecological.push_back(x);
    for (int g = 0; g < spec.ecological_generations; ++g) {
      std::vector<double> fitness(n, 0.0);
      double mean = 0;
      for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) fitness[i] += (result.payoff_matrix[i][j] - lowest) * x[j];
        mean += x[i] * fitness[i];
      }
      if (mean <= 0) break;
      for (int i = 0; i < n; ++i) x[i] = x[i] * fitness[i] / mean;
      result.ecological.push_back(x);
    }
  }

  // Moran process: one mutant j among N - 1 residents i, for every ordered pair.
  if (spec.moran_population > 0) {
    const int N = spec.moran_population;
    const double w = spec.moran_intensity;
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < n; ++j) {
        if (i == j) continue;
        const auto& M = result.payoff_matrix;
        for (int m = 1; m < N; ++m) {
          const double f_res = 1 - w + w * ((N - m - 1) * M[i][i] + m * M[i][j]) / (N - 1);
          const double f_mut = 1 - w + w * ((N - m) * M[j][i] + (m - 1) * M[j][j]) / (N - 1);
          // A type may fail to reproduce (fitness 0), but not both at once.
          if (f_res < 0 || f_mut < 0 || f_res + f_mut <= 0) {
            throw std::runtime_error("Moran process: fitness 1 - w + w x payoff must be "
                                     "non-negative and not zero for both types (" +
                                     spec.labels[i] + " invaded by " + spec.labels[j] +
                                     "); lower moran.intensity");
          }
        }
        result.moran.push_back({i, j, 0, spec.moran_trials, 0, 0, 0,
                                MoranFixationExact(M[i][i], M[i][j], M[j][i], M[j][j], N, w)});
      }
    }
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (int64_t k = 0; k < static_cast<int64_t>(result.moran.size()); ++k) {
      TournamentResult::Moran& mo = result.moran[k];
      const auto& M = result.payoff_matrix;
      int fixed = 0;
      for (int trial = 0; trial < mo.trials; ++trial) {
        Rng rng(spec.seed, static_cast<uint32_t>(k), 3, static_cast<uint32_t>(trial));
        int m = 1;
        while (m > 0 && m < N) {
          const double f_res =
              1 - w + w * ((N - m - 1) * M[mo.resident][mo.resident] + m * M[mo.resident][mo.mutant]) / (N - 1);
          const double f_mut =
              1 - w + w * ((N - m) * M[mo.mutant][mo.resident] + (m - 1) * M[mo.mutant][mo.mutant]) / (N - 1);
          const bool birth_mutant = rng.Uniform() * (m * f_mut + (N - m) * f_res) < m * f_mut;
          const bool death_mutant = rng.Uniform() * N < m;
          m += static_cast<int>(birth_mutant) - static_cast<int>(death_mutant);
        }
        fixed += m == N;
      }
      mo.fixations = fixed;
      mo.estimate = static_cast<double>(fixed) / mo.trials;
      const Interval ci = WilsonInterval(fixed, mo.trials);
      mo.ci_low = ci.low;
      mo.ci_high = ci.high;
    }
  }
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

std::string RankingTable(const TournamentSpec& spec, const TournamentResult& r) {
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line,
                "%s: %zu strategies, %d turns x %d repetitions, noise %g, seed %llu, %d thread(s), "
                "%.2f s\n",
                spec.name.c_str(), spec.plans.size(), spec.turns, spec.repetitions, spec.noise,
                static_cast<unsigned long long>(spec.seed), r.threads, r.wall_seconds);
  out << line;
  if (!spec.symmetric) {
    // Each seat's payoffs in their own column: a row payoff and a column
    // payoff are different things (the US's and China's utility).
    std::snprintf(line, sizeof line, "%4s  %-28s %10s %21s %4s %10s %21s %4s %10s\n", "rank",
                  "strategy", "row/turn", "95% CI", "rank", "column/turn", "95% CI", "rank",
                  "normalised");
    out << line;
    for (int idx : r.order) {
      const StrategyStats& s = r.stats[idx];
      const auto& a = s.seats[0];
      const auto& b = s.seats[1];
      std::snprintf(line, sizeof line,
                    "%4d  %-28s %10.4f   [%8.4f, %8.4f] %4d %10.4f   [%8.4f, %8.4f] %4d %10.3f\n",
                    s.rank, s.label.c_str(), a.mean_per_turn, a.ci_low, a.ci_high, a.rank,
                    b.mean_per_turn, b.ci_low, b.ci_high, b.rank, s.normalised);
      out << line;
    }
    out << "ranked by the mean of the two seats' normalised scores (0: the seat's worst "
           "strategy, 1: its best)\n";
    return out.str();
  }
  std::snprintf(line, sizeof line, "%4s  %-28s %10s %10s %21s %7s %7s\n", "rank", "strategy",
                "median/turn", "mean/turn", "95% CI", "wins", "coop");
  out << line;
  for (int idx : r.order) {
    const StrategyStats& s = r.stats[idx];
    const std::string wins = spec.symmetric ? std::to_string(s.wins) : "-";
    std::snprintf(line, sizeof line, "%4d  %-28s %10.4f %10.4f   [%8.4f, %8.4f] %7s %7.3f\n",
                  s.rank, s.label.c_str(), s.median_per_turn, s.mean_per_turn, s.ci_low,
                  s.ci_high, wins.c_str(), s.cooperation);
    out << line;
  }
  return out.str();
}

std::vector<ResultFile> TournamentFiles(const TournamentSpec& spec, const TournamentResult& r,
                                        bool with_actions, const std::string& command) {
  std::vector<ResultFile> files;
  {
    const int n = static_cast<int>(spec.plans.size());
    {
      std::ostringstream pairs;
      pairs << "repetition,player_a,player_b,score_a,score_b,per_turn_a,per_turn_b,"
               "cooperation_a,cooperation_b,winner\n";
      for (const MatchRecord& m : r.matches) {
        // A winner compares the two players' payoffs: only within a seat,
        // so only in a symmetric game.
        const std::string winner = !spec.symmetric          ? ""
                                   : m.score_a > m.score_b   ? spec.labels[m.a]
                                   : m.score_b > m.score_a   ? spec.labels[m.b]
                                                             : "";
        pairs << m.repetition << "," << spec.labels[m.a] << "," << spec.labels[m.b] << ","
              << Num(m.score_a) << "," << Num(m.score_b) << "," << Num(m.score_a / spec.turns)
              << "," << Num(m.score_b / spec.turns) << "," << Num(m.cooperation_a) << ","
              << Num(m.cooperation_b) << "," << winner << "\n";
      }
      files.push_back({"pairs.csv", pairs.str()});
    }
    std::ostringstream ranking;
    ranking << "rank,strategy,median_per_turn,mean_per_turn,sd_per_turn,ci_low,ci_high,total,"
               "wins,cooperation,row_mean_per_turn,row_rank,column_mean_per_turn,column_rank,"
               "normalised\n";
    Json strategies = Json::array();
    for (int idx : r.order) {
      const StrategyStats& s = r.stats[idx];
      ranking << s.rank << "," << s.label << "," << Num(s.median_per_turn) << ","
              << Num(s.mean_per_turn) << "," << Num(s.sd_per_turn) << "," << Num(s.ci_low) << ","
              << Num(s.ci_high) << "," << Num(s.total) << ","
              << (spec.symmetric ? std::to_string(s.wins) : std::string()) << ","
              << Num(s.cooperation);
      if (spec.symmetric) {
        ranking << ",,,,,\n";  // the per-seat columns belong to asymmetric games
      } else {
        ranking << "," << Num(s.seats[0].mean_per_turn) << "," << s.seats[0].rank << ","
                << Num(s.seats[1].mean_per_turn) << "," << s.seats[1].rank << ","
                << Num(s.normalised) << "\n";
      }
      strategies.push_back({{"rank", s.rank},
                            {"strategy", s.label},
                            {"total", s.total},
                            {"mean_per_turn", s.mean_per_turn},
                            {"median_per_turn", s.median_per_turn},
                            {"sd_per_turn", s.sd_per_turn},
                            {"ci_low", s.ci_low},
                            {"ci_high", s.ci_high},
                            {"wins", spec.symmetric ? Json(s.wins) : Json()},
                            {"cooperation", s.cooperation},
                            {"rank_distribution", s.rank_counts}});
      if (!spec.symmetric) {
        Json seats = Json::object();
        for (int k = 0; k < 2; ++k) {
          const auto& st = s.seats[k];
          seats[k == 0 ? "row" : "column"] = {{"mean_per_turn", st.mean_per_turn},
                                              {"ci_low", st.ci_low},
                                              {"ci_high", st.ci_high},
                                              {"rank", st.rank},
                                              {"normalised", st.normalised}};
        }
        strategies.back()["seats"] = seats;
        strategies.back()["normalised"] = s.normalised;
      }
    }
    files.push_back({"ranking.csv", ranking.str()});
    Json summary = {{"tournament", spec.name},
                    {"config_hash", spec.Hash()},
                    {"seed", spec.seed},
                    {"turns", spec.turns},
                    {"repetitions", spec.repetitions},
                    {"noise", spec.noise},
                    {"symmetric_game", spec.symmetric},
                    {"strategies", strategies},
                    {"labels", spec.labels},
                    {"mean_payoff_matrix", r.payoff_matrix},
                    {"notes",
                     {{"totals", "self-play matches are in pairs.csv and the payoff matrix, "
                                 "never in a strategy's total, mean, median, wins or ranks"},
                      {"ranking", spec.symmetric
                                      ? "by median per-turn score over repetitions, then mean"
                                      : "by the mean of the per-seat normalised scores (each "
                                        "strategy's seats.row and seats.column: its mean per-turn "
                                        "payoff in that seat, 0 for the seat's worst strategy, 1 "
                                        "for its best); a row payoff is never compared with a "
                                        "column payoff"},
                      {"wins", "matches scored strictly higher than the opponent; null in "
                               "asymmetric games, where the two seats' payoffs differ in kind"},
                      {"asymmetric", "in an asymmetric game every ordered pair plays, so each "
                                     "strategy holds each seat against each opponent"},
                      {"ci", "Student's t 95% interval of the mean per-turn score over "
                             "repetitions"}}}};
    if (!r.ecological.empty()) {
      std::ostringstream eco;
      eco << "generation";
      for (const auto& l : spec.labels) eco << "," << l;
      eco << "\n";
      for (size_t g = 0; g < r.ecological.size(); ++g) {
        eco << g;
        for (double x : r.ecological[g]) eco << "," << Num(x);
        eco << "\n";
      }
      files.push_back({"ecological.csv", eco.str()});
      Json final_shares = Json::object();
      for (int i = 0; i < n; ++i) final_shares[spec.labels[i]] = r.ecological.back()[i];
      summary["ecological"] = {{"generations", r.ecological.size() - 1},
                               {"final_shares", final_shares}};
    }
    if (!r.moran.empty()) {
      std::ostringstream mo;
      mo << "resident,mutant,population,trials,fixations,estimate,ci_low,ci_high,exact,"
            "neutral\n";
      Json list = Json::array();
      for (const auto& m : r.moran) {
        mo << spec.labels[m.resident] << "," << spec.labels[m.mutant] << ","
           << spec.moran_population << "," << m.trials << "," << m.fixations << ","
           << Num(m.estimate) << "," << Num(m.ci_low) << "," << Num(m.ci_high) << ","
           << Num(m.exact) << "," << Num(1.0 / spec.moran_population) << "\n";
        list.push_back({{"resident", spec.labels[m.resident]},
                        {"mutant", spec.labels[m.mutant]},
                        {"estimate", m.estimate},
                        {"ci_low", m.ci_low},
                        {"ci_high", m.ci_high},
                        {"exact", m.exact}});
      }
      files.push_back({"moran.csv", mo.str()});
      summary["moran"] = {{"population", spec.moran_population},
                          {"intensity", spec.moran_intensity},
                          {"fixation", list}};
    }
    if (with_actions) {
      std::ostringstream actions;
      actions << "repetition,player_a,player_b,actions_a,actions_b\n";
      for (const MatchRecord& m : r.matches) {
        actions << m.repetition << "," << spec.labels[m.a] << "," << spec.labels[m.b] << ","
                << ActionString(spec.game, 0, m.actions) << ","
                << ActionString(spec.game, 1, m.actions) << "\n";
      }
      files.push_back({"actions.csv", actions.str()});
    }
    files.push_back({"summary.json", summary.dump(2) + "\n"});
    files.push_back({"game.nfg", WriteNfg(spec.game)});
    const Json manifest = {
        {"config", spec.ToJson()},
        {"config_file", spec.file},
        {"config_hash", spec.Hash()},
        {"program", {{"name", "geostrat"}, {"version", kVersion}, {"git", kGitCommit}, {"git_dirty", kGitDirty},
                     {"build_type", kBuildType}}},
        {"rerun", ShellCommand({"geostrat", "tournament", spec.file, "--seed",
                                std::to_string(spec.seed)})},
        {"run", {{"command", command}, {"threads", r.threads}, {"wall_seconds", r.wall_seconds}}}};
    files.push_back({"manifest.json", manifest.dump(2) + "\n"});
  }
  return files;
}

void WriteTournamentFolder(const std::string& dir, const TournamentSpec& spec,
                           const TournamentResult& r, bool with_actions,
                           const std::string& command,
                           const std::function<void(const fs::path&)>& finish) {
  const std::vector<ResultFile> files = TournamentFiles(spec, r, with_actions, command);
  WriteFolderAtomically(dir, [&](const fs::path& partial) {
    for (const auto& [name, text] : files) WriteText(partial / name, text);
    if (finish) finish(partial);
  });
}

}  // namespace geostrat
