// geostrat replay, backtest and calibrate: a history config quarter by quarter,
// the scoring of the model's predicted responses (engine/history/replay.h), and the
// fit of its response rules to the observed ones (engine/history/calibrate.h).
#include "engine/history/replay.h"

#include "engine/history/calibrate.h"
#include "engine/analysis/rationalise.h"

#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "engine/cli/commands.h"
#include "engine/core/error.h"
#include "engine/core/names.h"
#include "engine/run/results.h"
#include "engine/version.h"

namespace geostrat {
namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

constexpr const char* kHistoryExpected = "a history config (a member \"timeline\")";

std::string OptionsText(const po::options_description& options) {
  std::ostringstream s;
  s << options;
  return s.str();
}

// The output folder, checked before the work starts (engine/run/results.h).
std::string RunDir(const po::variables_map& vm, const Experiment& e, const std::string& kind) {
  if (vm.count("out")) return CheckOutputFolder(kind, vm["out"].as<std::string>());
  return CheckOutputFolder(kind,
                           (fs::path(vm["results-root"].as<std::string>()) / e.name /
                            (kind + "-" + UtcStampForFolder() + "-" + e.Hash().substr(0, 12)))
                               .string(),
                           true);
}

Json Program() {
  return {
      {"name", "geostrat"}, {"version", kVersion}, {"git", kGitCommit}, {"git_dirty", kGitDirty}, {"build_type", kBuildType}};
}

// The manifest of a run folder written by `verb`: the resolved config, its
// file and hash, the program and the command line; `extra` adds the verb's own
// inputs (the observed file, the replicate).
Json VerbManifest(const Experiment& e, const std::string& config_file, const std::string& verb,
                  const std::vector<std::string>& args, const Json& extra = Json::object()) {
  Json manifest = {
      {"config", e.ToJson()},
      {"config_file", config_file},
      {"config_hash", e.Hash()},
      {"program", Program()},
      {"run", {{"command", CommandLine(verb, args)}, {"created_utc", UtcStampForFolder()}}}};
  for (auto it = extra.begin(); it != extra.end(); ++it) manifest[it.key()] = *it;
  return manifest;
}

Json ScoresJson(const Scores& sc) {
  Json reliability = Json::array();
  for (const ReliabilityBin& b : sc.reliability) {
    reliability.push_back(
        {{"low", b.low},
         {"high", b.high},
         {"pairs", b.pairs},
         {"mean_forecast", b.pairs > 0 ? Json(b.mean_forecast) : Json(nullptr)},
         {"observed_frequency", b.pairs > 0 ? Json(b.observed_frequency) : Json(nullptr)}});
  }
  return Json{{"log_score", sc.log_score},
              {"brier", sc.brier},
              {"lag_error_quarters", sc.lag_scored > 0 ? Json(sc.lag_error) : Json(nullptr)},
              {"lag_scored", sc.lag_scored},
              {"triggers", sc.triggers},
              {"reliability", reliability}};
}

// The CONFIG and --observed every scoring verb needs, and its --window and
// --smoothing, checked.
BacktestOptions ReadScoringOptions(const po::variables_map& vm, const std::string& verb,
                                   const po::options_description& options) {
  if (!vm.count("config")) throw UsageError(verb + ": missing CONFIG\n" + OptionsText(options));
  if (!vm.count("observed"))
    throw UsageError(verb + ": missing --observed FILE\n" + OptionsText(options));
  BacktestOptions opt;
  opt.window = vm["window"].as<int>();
  if (opt.window < 0 || opt.window > 40) throw UsageError(verb + ": --window must be in [0, 40]");
  opt.smoothing = vm["smoothing"].as<double>();
  if (!(opt.smoothing > 0 && opt.smoothing <= 100)) {
    throw UsageError(verb +
                     ": --smoothing must be in (0, 100] (a zero pseudo-count gives log(0))");
  }
  return opt;
}

std::string ActionName(const Seat& seat, int a) { return a < 0 ? "" : seat.actions[a]; }

}  // namespace

int ReplayCommand(const std::vector<std::string>& args) {
  po::options_description options("geostrat replay CONFIG [options]");
  options.add_options()("help,h", "describe the options")(
      "config", po::value<std::string>(), "history config (JSON with a \"timeline\")")(
      "replicate", po::value<long long>()->default_value(0), "the replicate to replay")(
      "out", po::value<std::string>(),
      "write the run folder to exactly this path (must not exist)")(
      "results-root", po::value<std::string>()->default_value("results"),
      "root of the default run folder results/<experiment>/replay-<UTC time>-<hash>/")(
      "report", "also write report.html into the run folder (geostrat report)")(
      "quiet,q", "no quarter-by-quarter account on stdout");
  const auto vm = ParseVerbArgs("replay", args, options, "config", 1);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  if (!vm.count("config")) throw UsageError("replay: missing CONFIG\n" + OptionsText(options));
  const long long replicate = IntegerOption(vm, "replay", "replicate", 0, 100000000);
  const std::string config = vm["config"].as<std::string>();
  const MergedConfig merged = LoadMergedConfig(config);
  ExpectConfigKind(merged, config, {ConfigKind::kHistory}, kHistoryExpected);
  const Experiment e = ExperimentFromConfig(merged, config);
  const std::vector<TimelineMove> timeline = ReadTimeline(merged, e);
  const std::string dir = RunDir(vm, e, "replay");

  const Scenario& s = e.scenario;
  const ReplayResult r = Replay(e, static_cast<uint32_t>(replicate));

  std::ostringstream csv, indicators, text;
  // Every move of the timeline beside what the seat's model policy and its
  // best response chose from the same pre-quarter World (the report's table).
  Json moves = Json::array();
  for (const TimelineMove& m : timeline) {
    Json j = {{"row", m.row},          {"date", m.date},
              {"actor", m.actor},      {"instrument", m.instrument},
              {"move", m.move},        {"quarter", s.QuarterLabel(m.quarter)},
              {"note", m.note}};
    if (m.seat >= 0 && m.quarter >= 0 && m.quarter < r.quarters) {
      const Seat& seat = s.seats[m.seat];
      const ReplaySeatQuarter& c = r.At(m.quarter, m.seat);
      j["seat"] = seat.id;
      j["action"] = seat.actions[m.action];
      j["played"] = ActionName(seat, c.played);
      j["model"] = ActionName(seat, c.model);
      j["best_response"] = ActionName(seat, c.best_response);
    } else {
      j["seat"] = nullptr;
    }
    moves.push_back(j);
  }
  csv << "quarter,seat,observed,played,model,best_response,rows\n";
  indicators << "quarter,F,X_chip,S_CN,X_min,R_US,C_CN,G_US,gap,tariff_us,tariff_cn,softened\n";
  for (int q = 0; q < r.quarters; ++q) {
    const Indicators& ind = r.indicators[q];
    // Tariffs as played (their rates are the action names).
    std::string tariff_us = "-", tariff_cn = "-";
    for (int seat = 0; seat < r.seats; ++seat) {
      if (s.seats[seat].slot == kUsTariff)
        tariff_us = ActionName(s.seats[seat], r.At(q, seat).played);
      if (s.seats[seat].slot == kCnTariff)
        tariff_cn = ActionName(s.seats[seat], r.At(q, seat).played);
    }
    char line[256];
    std::snprintf(line, sizeof line,
                  "%s  F %.2f  X_chip %.2f  S_CN %.2f  X_min %.2f  C_CN %.3f  gap %.1f y  "
                  "tariffs US %s, China %s%s\n",
                  s.QuarterLabel(q).c_str(), ind.f, ind.x_chip, ind.s_cn, ind.x_min, ind.c_cn,
                  ind.gap, tariff_us.c_str(), tariff_cn.c_str(),
                  r.flows[q].softened ? "  (lobbying softened the export stance)" : "");
    text << line;
    for (const TimelineMove& m : timeline) {
      if (m.quarter != q) continue;
      text << "  row " << m.row << " " << m.date << " " << m.actor << " (" << m.instrument << ") "
           << m.move;
      if (m.seat >= 0) {
        const Seat& seat = s.seats[m.seat];
        const ReplaySeatQuarter& c = r.At(q, m.seat);
        text << "\n      -> " << seat.id << " = " << seat.actions[m.action]
             << "; model: " << ActionName(seat, c.model)
             << "; best response: " << ActionName(seat, c.best_response);
      } else {
        text << "\n      -> not played: " << m.note;
      }
      text << "\n";
    }
    for (int seat = 0; seat < r.seats; ++seat) {
      const ReplaySeatQuarter& c = r.At(q, seat);
      const Seat& info = s.seats[seat];
      std::string rows;
      for (const TimelineMove& m : timeline) {
        if (m.quarter == q && m.seat == seat)
          rows += (rows.empty() ? "" : " ") + std::to_string(m.row);
      }
      csv << s.QuarterLabel(q) << "," << info.id << "," << ActionName(info, c.observed) << ","
          << ActionName(info, c.played) << "," << ActionName(info, c.model) << ","
          << ActionName(info, c.best_response) << "," << rows << "\n";
      if (c.observed >= 0 && c.model != c.observed && rows.empty()) {
        text << "  " << info.id << ": observed " << info.actions[c.observed]
             << ", the model would play " << info.actions[c.model] << "\n";
      }
      // Seats without a script play their model policy: show its moves.
      const int before = q == 0 ? s.seat_initial[seat] : r.At(q - 1, seat).played;
      if (c.observed < 0 && c.played != before && q > 0) {
        text << "  model move: " << info.id << " " << info.actions[before] << " -> "
             << info.actions[c.played] << "\n";
      }
    }
    indicators << s.QuarterLabel(q) << "," << CsvNumber(ind.f) << "," << CsvNumber(ind.x_chip)
               << "," << CsvNumber(ind.s_cn) << "," << CsvNumber(ind.x_min) << ","
               << CsvNumber(ind.r_us) << "," << CsvNumber(ind.c_cn) << "," << CsvNumber(ind.g_us)
               << "," << CsvNumber(ind.gap) << "," << tariff_us << "," << tariff_cn << ","
               << r.flows[q].softened << "\n";
  }

  WriteFolderAtomically(dir, [&](const fs::path& partial) {
    WriteText(partial / "replay.csv", csv.str());
    WriteText(partial / "indicators.csv", indicators.str());
    WriteText(partial / "timeline.json", moves.dump(2) + "\n");
    const Json manifest = VerbManifest(
        e, config, "replay", args,
        {{"replicate", replicate},
         {"rerun", ShellCommand({"geostrat", "replay", config, "--replicate",
                                 std::to_string(replicate)})}});
    WriteText(partial / "manifest.json", manifest.dump(2) + "\n");
    if (const auto report = ReportWriter(vm.count("report") > 0)) report(partial);
  });
  if (!vm.count("quiet")) {
    std::cout << e.name << ": replicate " << replicate << ", " << s.QuarterLabel(0) << "-"
              << s.QuarterLabel(s.horizon - 1) << ", " << timeline.size() << " timeline moves\n"
              << text.str() << "results: " << dir << "\n";
  }
  return 0;
}

int BacktestCommand(const std::vector<std::string>& args) {
  po::options_description options("geostrat backtest CONFIG --observed FILE [options]");
  options.add_options()("help,h", "describe the options")(
      "config", po::value<std::string>(), "history config (JSON with a \"timeline\")")(
      "observed", po::value<std::string>(), "observed responses, a table in TIMELINE.md's format")(
      "window", po::value<int>()->default_value(4),
      "quarters after the trigger's quarter a response may come in")(
      "replicates", po::value<long long>(), "override the config's replicate count")(
      "smoothing", po::value<double>()->default_value(0.5), "pseudo-count added to every class")(
      "train", po::value<std::string>(),
      "observed file whose response frequencies are the base-rate forecaster (default: the "
      "triggers of --observed from other years than the scored one)")(
      "out", po::value<std::string>(),
      "write the run folder to exactly this path (must not exist)")(
      "results-root", po::value<std::string>()->default_value("results"),
      "root of the default run folder results/<experiment>/backtest-<UTC time>-<hash>/")(
      "report", "also write report.html into the run folder (geostrat report)")(
      "quiet,q", "no tables on stdout");
  const auto vm = ParseVerbArgs("backtest", args, options, "config", 1);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  BacktestOptions opt = ReadScoringOptions(vm, "backtest", options);
  if (vm.count("replicates")) {
    opt.replicates = static_cast<uint32_t>(IntegerOption(vm, "backtest", "replicates", 1, 1000000));
  }
  const std::string config = vm["config"].as<std::string>();
  const std::string observed = vm["observed"].as<std::string>();
  const MergedConfig merged = LoadMergedConfig(config);
  ExpectConfigKind(merged, config, {ConfigKind::kHistory}, kHistoryExpected);
  const Experiment e = ExperimentFromConfig(merged, config);
  ReadTimeline(merged, e);  // the history must be consistent before it is scored
  const std::vector<ObservedRow> rows = ReadObservedFile(observed);
  const std::string train = vm.count("train") ? vm["train"].as<std::string>() : "";
  if (!train.empty()) opt.train = ReadObservedFile(train);
  const std::string dir = RunDir(vm, e, "backtest");

  const BacktestResult r = Backtest(merged, e, rows, opt);
  const auto& classes = ResponseClasses();
  const Scenario& s = e.scenario;

  auto forecast_json = [&](const Forecast& f) {
    Json p = Json::object();
    for (size_t k = 0; k < classes.size(); ++k) p[classes[k]] = f.p[k];
    return Json{{"p", p}, {"lag", f.lag_known ? Json(f.lag) : Json(nullptr)}};
  };
  Json triggers = Json::array();
  for (const auto& t : r.triggers) {
    triggers.push_back({{"row", t.row.row},
                        {"date", t.row.date},
                        {"actor", t.row.actor},
                        {"side", t.side},
                        {"instrument", t.row.instrument},
                        {"quarter", s.QuarterLabel(t.quarter)},
                        {"played_by_model", t.played},
                        {"observed", classes[t.observed]},
                        {"observed_lag", t.observed == 0 ? Json(nullptr) : Json(t.observed_lag)},
                        {"model", forecast_json(t.model)},
                        {"match_in_kind", forecast_json(t.match_in_kind)},
                        {"never_respond", forecast_json(t.never_respond)},
                        {"base_rates", forecast_json(t.base_rates)}});
  }
  Json skipped = Json::array();
  for (const auto& [row, why] : r.skipped) skipped.push_back({{"row", row.row}, {"why", why}});
  const Json summary = {
      {"experiment", e.name},
      {"config_hash", e.Hash()},
      {"observed_file", observed},
      {"window_quarters", opt.window},
      {"replicates", r.replicates},
      {"smoothing", opt.smoothing},
      {"horizon_quarters", r.horizon},
      {"base_rates_from",
       train.empty() ? Json("the observed file's triggers of other years (leave one year out)")
                     : Json(train)},
      {"classes", classes},
      {"scores",
       {{"model", ScoresJson(r.model)},
        {"match_in_kind", ScoresJson(r.match_in_kind)},
        {"never_respond", ScoresJson(r.never_respond)},
        {"base_rates", ScoresJson(r.base_rates)}}},
      {"triggers", triggers},
      {"skipped", skipped},
      {"notes",
       {{"log_score",
         "mean natural log of the probability given to the observed class; higher is better"},
        {"brier",
         "mean over triggers of the sum over classes of (p - outcome)^2; 0 is perfect, 2 the "
         "worst"},
        {"lag_error_quarters",
         "mean |forecast lag - observed lag| over triggers with an observed "
         "response and a forecast lag"},
        {"forecast",
         "the model's response to the move: over Monte Carlo replicates run with the move and "
         "with it withheld (common random numbers), the earliest change of a responding-side "
         "government seat within the window that the world without the move does not have, "
         "each class changed in that quarter sharing the replicate; smoothed frequencies. A move "
         "no model seat plays gets 'none'"},
        {"base_rates",
         "the frequencies of the responding side's observed classes in the training file, or "
         "in this file's triggers of other years"},
        {"reliability",
         "(trigger, class) pairs binned by forecast probability: mean forecast against how "
         "often the class was observed"}}}};
  WriteFolderAtomically(dir, [&](const fs::path& partial) {
    WriteText(partial / "backtest.json", summary.dump(2) + "\n");
    const Json manifest = VerbManifest(e, config, "backtest", args, {{"observed_file", observed}});
    WriteText(partial / "manifest.json", manifest.dump(2) + "\n");
    if (const auto report = ReportWriter(vm.count("report") > 0)) report(partial);
  });
  if (!vm.count("quiet")) {
    std::printf(
        "%s: %zu triggers from %s (%zu rows skipped), window %d quarters, %u replicates, "
        "smoothing %g\n\n",
        e.name.c_str(), r.triggers.size(), observed.c_str(), r.skipped.size(), opt.window,
        r.replicates, opt.smoothing);
    std::printf("%-4s %-7s %-6s %-6s %-9s %-8s %-14s\n", "row", "quarter", "side", "move",
                "observed", "P(model)", "model's mode");
    for (const auto& t : r.triggers) {
      size_t mode = 0;
      for (size_t k = 1; k < classes.size(); ++k) {
        if (t.model.p[k] > t.model.p[mode]) mode = k;
      }
      const std::string obs = classes[t.observed] +
                              (t.observed == 0 ? "" : " +" + std::to_string(t.observed_lag) + "q");
      char lag[32] = "";
      if (t.model.lag_known) std::snprintf(lag, sizeof lag, " (lag %.1f q)", t.model.lag);
      std::printf("%-4d %-7s %-6s %-6s %-9s %8.3f %s %.2f%s\n", t.row.row,
                  s.QuarterLabel(t.quarter).c_str(), t.side.c_str(), t.row.instrument.c_str(),
                  obs.c_str(), t.model.p[t.observed], classes[mode].c_str(), t.model.p[mode], lag);
    }
    std::printf("\n%-28s %10s %8s %15s %11s\n", "forecaster", "log score", "Brier", "lag error (q)",
                "lag scored");
    auto print = [](const char* name, const Scores& sc) {
      char lag[32] = "n/a";
      if (sc.lag_scored > 0) std::snprintf(lag, sizeof lag, "%.2f", sc.lag_error);
      std::printf("%-28s %10.3f %8.3f %15s %11d\n", name, sc.log_score, sc.brier, lag,
                  sc.lag_scored);
    };
    print("model", r.model);
    print("always match in kind", r.match_in_kind);
    print("never respond", r.never_respond);
    print(train.empty() ? "base rates (leave year out)" : "base rates (--train)", r.base_rates);
    std::printf("results: %s\n", dir.c_str());
  }
  return 0;
}

int CalibrateCommand(const std::vector<std::string>& args) {
  po::options_description options("geostrat calibrate CONFIG --observed FILE [options]");
  options.add_options()("help,h", "describe the options")(
      "config", po::value<std::string>(), "history config whose response rules are fitted")(
      "observed", po::value<std::string>(), "observed responses, a table in TIMELINE.md's format")(
      "window", po::value<int>()->default_value(4),
      "quarters after the trigger's quarter a response may come in")(
      "replicates", po::value<long long>()->default_value(100),
      "replicates per backtest (the simulated likelihood's sample)")(
      "smoothing", po::value<double>()->default_value(0.5), "pseudo-count added to every class")(
      "sweeps", po::value<long long>()->default_value(2), "coordinate sweeps over the free numbers")(
      "no-cv", "skip the leave-one-year-out cross-validation")(
      "resume", "continue the calibration interrupted in --out DIR (its DIR.inprogress journal)")(
      "threads", po::value<long long>()->default_value(0), "threads (0: OpenMP's default)")(
      "out", po::value<std::string>(),
      "write the run folder to exactly this path (must not exist)")(
      "results-root", po::value<std::string>()->default_value("results"),
      "root of the default run folder results/<experiment>/calibrate-<UTC time>-<hash>/")(
      "quiet,q", "no progress on stderr and no tables on stdout");
  const auto vm = ParseVerbArgs("calibrate", args, options, "config", 1);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  CalibrateOptions opt;
  opt.backtest = ReadScoringOptions(vm, "calibrate", options);
  opt.backtest.replicates =
      static_cast<uint32_t>(IntegerOption(vm, "calibrate", "replicates", 1, 1000000));
  opt.sweeps = static_cast<int>(IntegerOption(vm, "calibrate", "sweeps", 1, 10));
  opt.threads = static_cast<int>(IntegerOption(vm, "calibrate", "threads", 0, 1024));
  opt.cross_validate = vm.count("no-cv") == 0;
  const bool quiet = vm.count("quiet") > 0;
  if (!quiet) opt.progress = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };

  const std::string config = vm["config"].as<std::string>();
  const std::string observed = vm["observed"].as<std::string>();
  const MergedConfig merged = LoadMergedConfig(config);
  ExpectConfigKind(merged, config, {ConfigKind::kHistory}, kHistoryExpected);
  const Experiment e = ExperimentFromConfig(merged, config);
  ReadTimeline(merged, e);
  const std::vector<ObservedRow> rows = ReadObservedFile(observed);
  const std::string dir = RunDir(vm, e, "calibrate");
  // The journal of the backtests run sits beside the folder until it is
  // complete, so that --resume can pick the calibration up.
  const fs::path progress = dir + ".inprogress";
  if (vm.count("resume")) {
    if (!vm.count("out")) {
      throw UsageError("calibrate: --resume needs --out DIR (the folder to resume)");
    }
    if (!fs::exists(progress / "journal.jsonl")) {
      throw UsageError("calibrate: --resume: nothing to resume (no " +
                       (progress / "journal.jsonl").string() + ")");
    }
  } else if (fs::exists(progress)) {
    throw UsageError("calibrate: " + progress.string() +
                     " holds an interrupted calibration: add --resume to continue it, or remove "
                     "it to start again");
  }
  fs::create_directories(progress);
  opt.journal = (progress / "journal.jsonl").string();

  const CalibrationResult r = Calibrate(merged, e, rows, opt);

  auto number_json = [](const FittedNumber& f) {
    Json profile = Json::array();
    for (const auto& [x, ll] : f.profile) profile.push_back({x, ll});
    return Json{{"seat", f.seat},          {"parameter", f.name}, {"start", f.start},
                {"value", f.value},        {"interval95", {f.low, f.high}},
                {"profile_log_likelihood", profile}};
  };
  Json numbers = Json::array();
  for (const FittedNumber& f : r.numbers) numbers.push_back(number_json(f));
  Json folds = Json::array();
  for (const CalibrationFold& f : r.folds) {
    Json values = Json::object();
    for (const FittedNumber& n : f.numbers) values[n.seat + "/" + n.name] = n.value;
    folds.push_back({{"held_out_year", f.year},
                     {"triggers", f.triggers},
                     {"model_log_likelihood", f.model_log_likelihood},
                     {"fitted", values}});
  }
  const Json summary = {
      {"experiment", e.name},
      {"config_hash", e.Hash()},
      {"observed_file", observed},
      {"window_quarters", opt.backtest.window},
      {"replicates", opt.backtest.replicates},
      {"smoothing", opt.backtest.smoothing},
      {"sweeps", opt.sweeps},
      {"backtests_run", r.evaluations},
      {"backtests_reused", r.reused},
      {"method",
       "simulated maximum likelihood: coordinate ascent over each free number's grid of the sum "
       "of ln p(observed class) of the backtest's model forecasts; 95% intervals from the "
       "profile likelihood (values within 1.92 of the best, the others held at the fit)"},
      {"numbers", numbers},
      {"in_sample", {{"start", ScoresJson(r.start)}, {"fitted", ScoresJson(r.fitted)}}},
      {"cross_validation",
       opt.cross_validate
           ? Json{{"scheme", "leave one year out: each year's triggers forecast by the rules "
                             "fitted without that year"},
                  {"folds", folds},
                  {"scores",
                   {{"model", ScoresJson(r.cv_model)},
                    {"match_in_kind", ScoresJson(r.cv_match_in_kind)},
                    {"never_respond", ScoresJson(r.cv_never_respond)},
                    {"base_rates", ScoresJson(r.cv_base_rates)}}}}
           : Json(nullptr)}};
  // The fitted config extends the calibrated one by a path relative to the
  // run folder, so it runs from there as written.
  const std::string parent =
      fs::relative(fs::absolute(config), fs::absolute(fs::path(dir))).generic_string();
  const Json fitted = FittedConfig(r, merged.json, parent, e.name + "-fitted", observed);
  WriteFolderAtomically(dir, [&](const fs::path& partial) {
    WriteText(partial / "calibration.json", summary.dump(2) + "\n");
    WriteText(partial / "fitted.json", fitted.dump(2) + "\n");
    const Json manifest = VerbManifest(e, config, "calibrate", args, {{"observed_file", observed}});
    WriteText(partial / "manifest.json", manifest.dump(2) + "\n");
  });
  fs::remove_all(progress);
  if (!quiet) {
    std::printf("%s: %zu free numbers fitted on %d triggers (%d backtests of %u replicates, %d "
                "of them answered from the journal)\n\n",
                e.name.c_str(), r.numbers.size(), r.fitted.triggers, r.evaluations,
                opt.backtest.replicates, r.reused);
    std::printf("%-34s %-10s %8s %8s %18s\n", "seat", "number", "start", "fitted", "95% interval");
    for (const FittedNumber& f : r.numbers) {
      std::printf("%-34s %-10s %8g %8g %8g .. %-8g\n", f.seat.c_str(), f.name.c_str(), f.start,
                  f.value, f.low, f.high);
    }
    std::printf("\nin-sample log score: %.3f at the start, %.3f fitted\n", r.start.log_score,
                r.fitted.log_score);
    if (opt.cross_validate) {
      std::printf("\nleave-one-year-out log score (Brier):\n");
      auto print = [](const char* name, const Scores& sc) {
        std::printf("  %-26s %8.3f (%.3f)\n", name, sc.log_score, sc.brier);
      };
      print("model", r.cv_model);
      print("always match in kind", r.cv_match_in_kind);
      print("never respond", r.cv_never_respond);
      print("base rates (leave year out)", r.cv_base_rates);
    }
    std::printf("results: %s (fitted.json extends %s)\n", dir.c_str(), config.c_str());
  }
  return 0;
}

int RationaliseCommand(const std::vector<std::string>& args) {
  po::options_description options("geostrat rationalise CONFIG [options]");
  options.add_options()("help,h", "describe the options")(
      "config", po::value<std::string>(), "experiment config whose policy profile is rationalised")(
      "target", po::value<double>()->default_value(0.05, "0.05"),
      "largest regret allowed, as a share of the seat's utility range")(
      "replicates", po::value<long long>()->default_value(400), "replicates per profile")(
      "threads", po::value<long long>()->default_value(0), "threads (0: OpenMP's default)")(
      "out", po::value<std::string>(),
      "write the run folder to exactly this path (must not exist)")(
      "results-root", po::value<std::string>()->default_value("results"),
      "root of the default run folder results/<experiment>/rationalise-<UTC time>-<hash>/")(
      "quiet,q", "no progress on stderr and no tables on stdout");
  const auto vm = ParseVerbArgs("rationalise", args, options, "config", 1);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  if (!vm.count("config")) throw UsageError("rationalise: missing CONFIG\n" + OptionsText(options));
  RationaliseOptions opt;
  opt.target = vm["target"].as<double>();
  if (!(opt.target > 0 && opt.target < 1)) {
    throw UsageError("rationalise: --target must be in (0, 1) (a share of the utility range)");
  }
  opt.replicates =
      static_cast<uint32_t>(IntegerOption(vm, "rationalise", "replicates", 1, 1000000));
  opt.threads = static_cast<int>(IntegerOption(vm, "rationalise", "threads", 0, 1024));
  const bool quiet = vm.count("quiet") > 0;
  if (!quiet) opt.progress = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };

  const std::string config = vm["config"].as<std::string>();
  const MergedConfig merged = LoadMergedConfig(config);
  ExpectConfigKind(merged, config, {ConfigKind::kExperiment}, "an experiment config");
  const Experiment e = ExperimentFromConfig(merged, config);
  const std::string dir = RunDir(vm, e, "rationalise");

  const RationaliseResult r = Rationalise(merged, e, opt);

  auto seat_json = [](const SeatRegret& before, const SeatRegret& after) {
    auto one = [](const SeatRegret& x) {
      return Json{{"best_deviation", x.best.empty() ? Json(nullptr) : Json(x.best)},
                  {"regret", x.regret},
                  {"utility_range", x.range},
                  {"regret_share", x.Ratio()},
                  {"seat_utility_range", x.seat_range},
                  {"regret_share_of_seat_range", x.SeatRatio()}};
    };
    return Json{{"seat", before.seat},
                {"agent", before.agent},
                {"policy", before.policy},
                {"start", one(before)},
                {"fitted", one(after)}};
  };
  Json seats = Json::array();
  for (size_t i = 0; i < r.start.size(); ++i) seats.push_back(seat_json(r.start[i], r.fitted[i]));
  Json weights = Json::array();
  for (const WeightFit& f : r.weights) {
    Json w = Json::object();
    for (size_t i = 0; i < f.names.size(); ++i) {
      w[f.names[i]] = {{"start", f.start[i]}, {"fitted", f.fitted[i]}};
    }
    weights.push_back({{"agent", f.agent},
                       {"weights", w},
                       {"worst_regret_share_of_seat_range",
                        {{"start", f.start_ratio}, {"fitted", f.fitted_ratio}}},
                       {"meets_target", f.fitted_ratio <= opt.target}});
  }
  const Json summary = {
      {"experiment", e.name},
      {"config_hash", e.Hash()},
      {"replicates", opt.replicates},
      {"target", opt.target},
      {"profiles_simulated", r.profiles},
      {"method",
       "inverse optimisation: each seat played by its policy and by every constant action "
       "(the others by theirs), under common random numbers; utilities are linear in the "
       "objective weights, so each government's weights are searched exhaustively on a grid "
       "(w_industry the numeraire) for the nearest to its own, in log(1 + w), under which no "
       "seat of it gains more by a constant deviation than the target share of the range of "
       "its utility across that seat's actions, or failing that the smallest worst share; the "
       "share of the agent's utility range over every profile simulated (the usual "
       "epsilon-equilibrium normalisation) is reported beside it"},
      {"payoff_reading_policies", r.payoff_readers},
      {"grid", WeightGrid()},
      {"governments", weights},
      {"seats", seats}};
  const std::string parent =
      fs::relative(fs::absolute(config), fs::absolute(fs::path(dir))).generic_string();
  const Json fitted = RationalisedConfig(r, parent, e.name + "-rationalised", opt.target);
  WriteFolderAtomically(dir, [&](const fs::path& partial) {
    WriteText(partial / "rationalise.json", summary.dump(2) + "\n");
    WriteText(partial / "rationalised.json", fitted.dump(2) + "\n");
    const Json manifest = VerbManifest(e, config, "rationalise", args);
    WriteText(partial / "manifest.json", manifest.dump(2) + "\n");
  });
  if (!quiet) {
    std::printf("%s: %d profiles of %u replicates; target: regret <= %g of the utility range\n\n",
                e.name.c_str(), r.profiles, opt.replicates, opt.target);
    if (r.payoff_readers) {
      std::printf("note: some policies read payoffs; the profiles were simulated at the "
                  "config's weights\n\n");
    }
    std::printf("regret as a share of the seat's utility range (of the agent's whole range)\n");
    std::printf("%-32s %-12s %-18s %-28s %-28s\n", "seat", "agent", "policy", "start",
                "fitted");
    auto cell = [](const SeatRegret& x) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%5.1f%% (%4.1f%%) %s", 100 * x.SeatRatio(), 100 * x.Ratio(),
                    x.best.empty() ? "-" : x.best.c_str());
      return std::string(buf);
    };
    for (size_t i = 0; i < r.start.size(); ++i) {
      const SeatRegret& a = r.start[i];
      std::printf("%-32s %-12s %-18s %-28s %-28s\n", a.seat.c_str(), a.agent.c_str(),
                  a.policy.c_str(), cell(a).c_str(), cell(r.fitted[i]).c_str());
    }
    std::printf("\n");
    for (const WeightFit& f : r.weights) {
      std::printf("%s: worst regret %.1f%% -> %.1f%%%s\n", f.agent.c_str(), 100 * f.start_ratio,
                  100 * f.fitted_ratio, f.fitted_ratio <= opt.target ? "" : " (target not met)");
      for (size_t i = 0; i < f.names.size(); ++i) {
        std::printf("  %-20s %8g -> %g\n", f.names[i].c_str(), f.start[i], f.fitted[i]);
      }
    }
    std::printf("results: %s (rationalised.json extends %s)\n", dir.c_str(), config.c_str());
  }
  return 0;
}

}  // namespace geostrat
