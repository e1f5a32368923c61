// The C++ half of the Python module `geostrat` (python/geostrat/__init__.py
// is the other): runs, sweeps, tournaments and meta-games through the
// engine's front doors (engine/run/api.h, engine/sweep/api.h,
// engine/analysis/api.h), with the GIL
// released while replicates run, Ctrl-C cancelling a run cleanly, and the
// library's errors raised as geostrat.ConfigError with their fields.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <sstream>

#include "engine/analysis/api.h"
#include "engine/core/error.h"
#include "engine/core/names.h"
#include "engine/run/api.h"
#include "engine/run/results.h"
#include "engine/sweep/api.h"
#include "engine/version.h"
#include "games/normal_form.h"

namespace py = pybind11;

namespace geostrat {
namespace {

// geostrat.ConfigError, handed over by __init__.py when it imports the module.
py::object& ConfigErrorType() {
  static py::object* type = new py::object();  // outlives the interpreter's teardown
  return *type;
}

py::dict ErrorFields(const ConfigError& e) {
  py::dict d;
  d["message"] = std::string(e.what());
  d["file"] = e.file();
  d["pointer"] = e.pointer();
  d["expected"] = e.expected();
  d["found"] = e.found();
  return d;
}

// Every ConfigError becomes geostrat.ConfigError(message, errors): `errors`
// holds one dict per error (several when a file has several).
void RaiseConfigError(const ConfigError& e) {
  py::list errors;
  if (const auto* several = dynamic_cast<const ConfigErrors*>(&e)) {
    for (const auto& one : several->errors()) errors.append(ErrorFields(one));
  } else {
    errors.append(ErrorFields(e));
  }
  const py::object error = ConfigErrorType()(std::string(e.what()), errors);
  PyErr_SetObject(ConfigErrorType().ptr(), error.ptr());
}

MergedConfig ReadConfig(const std::string& path_or_json, bool is_json, const std::string& label) {
  if (!is_json) return api::LoadConfig(path_or_json);
  Json json;
  try {
    json = Json::parse(path_or_json);
  } catch (const Json::parse_error& e) {
    throw ConfigError(label, "", "a JSON object", std::string("unparsable JSON (") + e.what() + ")");
  }
  return api::ConfigFromJson(json, label);
}

// A finished run, held in memory until Python lets it go.
struct PyRun {
  api::RunResult result;
  std::string config_file;

  py::object Summary() const {
    return py::module_::import("json").attr("loads")(result.summary.dump());
  }
  std::string OutcomesCsv() const {
    std::ostringstream out;
    WriteOutcomesCsv(out, result.experiment, result.output);
    return out.str();
  }
  std::string SeriesCsvText() const { return SeriesCsv(result.experiment, result.output); }
  void Write(const std::string& dir, const std::string& command) const {
    CheckOutputFolder("geostrat.run", dir);
    result.Write(dir, {command, config_file});
  }
};

void CheckThreads(int threads) {
  if (threads < 1 || threads > 1024) {
    throw py::value_error("threads must be in [1, 1024], not " + std::to_string(threads));
  }
}

PyRun Run(const std::string& path_or_json, bool is_json, const std::string& label,
          std::optional<long long> replicates, std::optional<long long> seed, int threads,
          const py::object& progress) {
  const Experiment experiment =
      api::PrepareExperiment(ReadConfig(path_or_json, is_json, label), label, {replicates, seed});
  CheckThreads(threads);
  RunOptions options;
  options.threads = threads;
  // Called on this (the calling) thread between replicates: take the GIL at
  // most every 50 ms to let Python see a Ctrl-C, which cancels the run, and
  // to report progress (done, total) to `progress`, whose exception cancels
  // it too and is raised in its place.
  auto last = std::chrono::steady_clock::now();
  bool interrupted = false;
  std::optional<py::error_already_set> progress_error;
  uint32_t reported = 0;
  options.on_progress = [&](uint32_t done, uint32_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (done < total && now - last < std::chrono::milliseconds(50)) return true;
    last = now;
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) {
      PyErr_Clear();  // raised again below, once the run has stopped
      interrupted = true;
      return false;
    }
    if (!progress.is_none()) {
      try {
        reported = done;
        progress(done, total);
      } catch (py::error_already_set& e) {
        progress_error = std::move(e);
        return false;
      }
    }
    return true;
  };
  std::optional<PyRun> run;
  try {
    py::gil_scoped_release released;
    run = PyRun{api::Run(experiment, options), label};
  } catch (const RunCancelled& e) {
    // The GIL is held again here (`released` has ended).
    if (progress_error) throw *progress_error;
    if (!interrupted) throw;
    PyErr_SetString(PyExc_KeyboardInterrupt, e.what());
    throw py::error_already_set();
  }
  // The last replicates may have finished on other threads than this one.
  const uint32_t total = experiment.replicates;
  if (!progress.is_none() && reported != total) progress(total, total);
  return std::move(*run);
}

// Lets Python see a Ctrl-C while C++ works with the GIL released: Poll,
// called from the calling thread (OpenMP's thread 0), takes the GIL at most
// every 50 ms and reports whether Ctrl-C was pressed; once the work has
// stopped, Raise turns it into KeyboardInterrupt.
class CtrlC {
 public:
  bool Poll() {
    if (pressed_ || omp_get_thread_num() != 0) return pressed_;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(50)) return false;
    last_ = now;
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) {
      PyErr_Clear();  // raised again by Raise, once the work has stopped
      pressed_ = true;
    }
    return pressed_;
  }
  bool pressed() const { return pressed_; }
  [[noreturn]] static void Raise(const std::string& message) {
    PyErr_SetString(PyExc_KeyboardInterrupt, message.c_str());
    throw py::error_already_set();
  }

 private:
  std::atomic<bool> pressed_{false};
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// A tournament in memory: every file of its folder.
struct PyTournament {
  TournamentSpec spec;
  TournamentResult result;
  bool actions = false;

  py::dict Files(const std::string& command) const {
    py::dict files;
    for (const auto& [name, text] : TournamentFiles(spec, result, actions, command)) {
      files[py::str(name)] = py::str(text);
    }
    return files;
  }
  void Write(const std::string& dir, const std::string& command) const {
    CheckOutputFolder("geostrat.tournament", dir);
    WriteTournamentFolder(dir, spec, result, actions, command);
  }
};

PyTournament RunTournamentConfig(const std::string& path_or_json, bool is_json,
                                 const std::string& label, std::optional<long long> repetitions,
                                 std::optional<long long> seed, int threads, bool actions) {
  CheckThreads(threads);
  const TournamentSpec spec =
      api::PrepareTournament(ReadConfig(path_or_json, is_json, label), label, {repetitions, seed});
  PyTournament t{spec, {}, actions};
  py::gil_scoped_release released;
  t.result = RunTournament(t.spec, threads, actions);
  return t;
}

// A meta-game in memory: its table, equilibria and their assessment.
struct PyMetaGame {
  MetaGameSpec spec;
  MetaGameResult result;

  py::object Summary() const {
    return py::module_::import("json").attr("loads")(MetaGameSummary(spec, result).dump());
  }
  void Write(const std::string& dir) const {
    CheckOutputFolder("geostrat.equilibrium", dir);
    WriteMetaGameFolder(dir, spec, result);
  }
};

PyMetaGame RunEquilibriumConfig(const std::string& path_or_json, bool is_json,
                                const std::string& label, std::optional<long long> replicates,
                                int threads) {
  CheckThreads(threads);
  PyMetaGame m{
      api::PrepareMetaGame(ReadConfig(path_or_json, is_json, label), label, replicates), {}};
  CtrlC ctrl_c;
  try {
    py::gil_scoped_release released;
    m.result = RunMetaGame(m.spec, threads, [&] { return !ctrl_c.Poll(); });
  } catch (const RunCancelled& e) {
    if (!ctrl_c.pressed()) throw;
    CtrlC::Raise(e.what());
  }
  return m;
}

// Runs a sweep into the folder `out` (which the caller chose and checked) and
// returns what `geostrat sweep` prints. Between replicates, thread 0 looks
// for a Ctrl-C at most every 50 ms; the sweep then stops, leaving only its
// checkpoint (out.inprogress), and KeyboardInterrupt is raised.
std::string RunSweepConfig(const std::string& path_or_json, bool is_json,
                           const std::string& label, std::optional<long long> replicates,
                           std::optional<long long> seed, int threads, const std::string& out,
                           bool resume, const std::string& command) {
  CheckThreads(threads);
  const SweepSpec spec =
      api::PrepareSweep(ReadConfig(path_or_json, is_json, label), label, {replicates, seed});
  SweepOptions o;
  o.threads = threads;
  o.out = CheckOutputFolder("geostrat.sweep", out, false, resume);
  o.resume = resume;
  o.command = command;
  CtrlC ctrl_c;
  o.before_replicate = [&](size_t, uint32_t) {
    if (ctrl_c.Poll()) throw RunCancelled("sweep cancelled");
  };
  try {
    py::gil_scoped_release released;
    return RunSweep(spec, o).report;
  } catch (const std::exception&) {
    if (!ctrl_c.pressed()) throw;
    CtrlC::Raise("sweep cancelled; its checkpoint is in " + out + ".inprogress");
  }
}

// Checks a config as the verb of its kind reads it, as `geostrat validate`
// does; returns the kind ("experiment", "sweep", "tournament", "metagame").
std::string Validate(const std::string& path_or_json, bool is_json, const std::string& label) {
  MergedConfig config = ReadConfig(path_or_json, is_json, label);
  switch (KindOfConfig(config.json)) {
    case ConfigKind::kMetaGame:
      api::PrepareMetaGame(std::move(config), label);
      return "metagame";
    case ConfigKind::kSweep:
      api::PrepareSweep(std::move(config), label);
      return "sweep";
    case ConfigKind::kTournament:
      api::PrepareTournament(std::move(config), label);
      return "tournament";
    case ConfigKind::kExperiment:
    case ConfigKind::kHistory:
      break;
  }
  api::PrepareExperiment(std::move(config), label);
  return "experiment";
}

// A whole number option of solve, checked against its range.
long long SolveInteger(const py::handle& value, const std::string& name, long long low,
                       long long high) {
  if (!py::isinstance<py::int_>(value) || py::isinstance<py::bool_>(value)) {
    throw py::type_error(name + " must be an int");
  }
  const long long v = value.cast<long long>();
  if (v < low || v > high) {
    throw py::value_error(name + " must be in [" + std::to_string(low) + ", " +
                          std::to_string(high) + "], not " + std::to_string(v));
  }
  return v;
}

// The options of one method from Python keywords (Python's names: lambdas,
// iterations, seed, start_label, starts, mixed, max_seconds, threads); an
// option the method does not read is an error, as on the command line.
SolveOptions ReadSolveOptions(const MethodInfo& method, const NormalForm& game,
                              const py::dict& options) {
  SolveOptions so;
  for (const auto& [key_handle, value] : options) {
    const std::string key = py::str(key_handle);
    std::string cli_name = key == "lambdas" ? "lambda" : key;
    std::replace(cli_name.begin(), cli_name.end(), '_', '-');
    const auto& reads = method.options;
    if (std::find(reads.begin(), reads.end(), cli_name) == reads.end()) {
      std::string users;
      for (const auto& m : SolveMethods()) {
        if (std::find(m.options.begin(), m.options.end(), cli_name) != m.options.end()) {
          users += (users.empty() ? "" : ", ") + m.name;
        }
      }
      throw py::value_error("solve: " + key + " " +
                            (users.empty() ? std::string("is not an option of any method")
                                           : "applies to " + users) +
                            ", not to method " + method.name);
    }
    if (key == "lambdas") {
      for (const auto& l : value) {
        const double v = l.cast<double>();
        if (!(v >= 0 && v <= kMaxLambda)) {
          throw py::value_error("solve: each of lambdas must be in [0, 1e6]");
        }
        so.lambdas.push_back(v);
      }
      if (so.lambdas.empty() || so.lambdas.size() > kMaxLambdas) {
        throw py::value_error("solve: lambdas takes 1 to " + std::to_string(kMaxLambdas) +
                              " values");
      }
    } else if (key == "iterations") {
      so.iterations = SolveInteger(value, key, 1, kMaxIterations);
    } else if (key == "seed") {
      so.seed = static_cast<uint64_t>(
          SolveInteger(value, key, 0, std::numeric_limits<long long>::max()));
    } else if (key == "starts") {
      so.starts = static_cast<int>(SolveInteger(value, key, 1, kMaxStarts));
    } else if (key == "start_label") {
      const long long labels =
          game.num_players() == 2 ? game.num_strategies(0) + game.num_strategies(1) : 0;
      so.start_label = static_cast<int>(SolveInteger(value, key, -1, labels - 1));
    } else if (key == "mixed") {
      so.mixed_dominance = value.cast<bool>();
    } else if (key == "max_seconds") {
      if (!py::isinstance<py::int_>(value) && !py::isinstance<py::float_>(value)) {
        throw py::type_error("max_seconds must be a number");
      }
      so.max_seconds = value.cast<double>();
      if (!(so.max_seconds > 0 && so.max_seconds <= kMaxSolveSeconds)) {
        throw py::value_error("solve: max_seconds must be in (0, 1e6]");
      }
    } else if (key == "threads") {
      so.threads = static_cast<int>(SolveInteger(value, key, 1, kMaxSolveThreads));
    }
  }
  return so;
}

// What `geostrat solve --json` prints, with each point's "nash" flag.
py::object Solve(const NormalForm& game, const std::string& method, const py::dict& options) {
  const MethodInfo* info = nullptr;
  for (const auto& m : SolveMethods()) {
    if (m.name == method) info = &m;
  }
  if (info == nullptr) {
    throw py::value_error("solve: unknown method '" + method +
                          "'; valid: " + JoinNearestFirst(method, SolveMethodNames()));
  }
  const SolveOptions so = ReadSolveOptions(*info, game, options);
  SolveResult result;
  try {
    py::gil_scoped_release released;
    result = info->run(game, so);
  } catch (const NotApplicable& e) {
    throw py::value_error("solve: " + method + " does not apply: " + e.what());
  }
  const std::vector<bool> nash = VerifyResult(game, *info, result);
  Json out = ToJson(result, game);
  for (size_t i = 0; i < nash.size(); ++i) out["equilibria"][i]["nash"] = static_cast<bool>(nash[i]);
  return py::module_::import("json").attr("loads")(out.dump());
}

py::object SolveFile(const std::string& path, const std::string& method, const py::dict& options) {
  NormalForm game;
  try {
    game = ReadNfgFile(path);
  } catch (const NfgError& e) {
    throw py::value_error(e.what());
  }
  return Solve(game, method, options);
}

// A game given as payoffs: `values[profile * players + player]` over the pure
// profiles (the first player's strategy varying fastest), with each value's
// exact text ("3/2"; empty where the double is exact).
py::object SolveGame(const std::string& title, const std::vector<std::string>& players,
                     const std::vector<std::vector<std::string>>& strategies,
                     const std::vector<double>& values, const std::vector<std::string>& texts,
                     const std::string& method, const py::dict& options) {
  NormalForm game;
  try {
    game = NormalForm(title, players, strategies);
  } catch (const std::invalid_argument& e) {
    throw py::value_error(std::string("solve: ") + e.what());
  }
  const size_t n = game.num_profiles() * players.size();
  if (values.size() != n || texts.size() != n) {
    throw py::value_error("solve: expected " + std::to_string(n) + " payoffs, found " +
                          std::to_string(values.size()));
  }
  for (size_t k = 0; k < n; ++k) {
    if (!std::isfinite(values[k])) throw py::value_error("solve: payoffs must be finite");
    const size_t profile = k / players.size();
    const int player = static_cast<int>(k % players.size());
    game.SetPayoff(profile, player, values[k]);
    if (!texts[k].empty()) game.SetPayoffText(profile, player, texts[k]);
  }
  return Solve(game, method, options);
}

}  // namespace
}  // namespace geostrat

PYBIND11_MODULE(_geostrat, m) {
  using namespace geostrat;
  m.doc() = "geostrat's C++ engine; use the geostrat package, which wraps it";
  m.def("_set_config_error", [](py::object type) { ConfigErrorType() = std::move(type); });
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ConfigError& e) {
      RaiseConfigError(e);
    } catch (const UsageError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const RunCancelled& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
    }
  });
  py::class_<PyRun>(m, "Run")
      .def_property_readonly("summary", &PyRun::Summary)
      .def("outcomes_csv", &PyRun::OutcomesCsv)
      .def("series_csv", &PyRun::SeriesCsvText)
      .def("write", &PyRun::Write, py::arg("dir"), py::arg("command"))
      .def_property_readonly("replicates",
                             [](const PyRun& r) { return r.result.experiment.replicates; })
      .def_property_readonly("seed", [](const PyRun& r) { return r.result.experiment.seed; })
      .def_property_readonly("name", [](const PyRun& r) { return r.result.experiment.name; });
  m.def("run", &Run, py::arg("config"), py::arg("is_json"), py::arg("label"),
        py::arg("replicates"), py::arg("seed"), py::arg("threads"), py::arg("progress"));
  m.attr("version") = kVersion;
  py::class_<PyTournament>(m, "Tournament")
      .def("files", &PyTournament::Files, py::arg("command"))
      .def("write", &PyTournament::Write, py::arg("dir"), py::arg("command"))
      .def_property_readonly("name", [](const PyTournament& t) { return t.spec.name; });
  m.def("tournament", &RunTournamentConfig, py::arg("config"), py::arg("is_json"),
        py::arg("label"), py::arg("repetitions"), py::arg("seed"), py::arg("threads"),
        py::arg("actions"));
  py::class_<PyMetaGame>(m, "MetaGame")
      .def_property_readonly("summary", &PyMetaGame::Summary)
      .def("profiles_csv",
           [](const PyMetaGame& g) { return MetaGameProfilesCsv(g.spec, g.result); })
      .def("nfg", [](const PyMetaGame& g) { return WriteNfg(g.result.game); })
      .def("write", &PyMetaGame::Write, py::arg("dir"))
      .def_property_readonly("name", [](const PyMetaGame& g) { return g.spec.experiment.name; });
  m.def("equilibrium", &RunEquilibriumConfig, py::arg("config"), py::arg("is_json"),
        py::arg("label"), py::arg("replicates"), py::arg("threads"));
  m.def("sweep", &RunSweepConfig, py::arg("config"), py::arg("is_json"), py::arg("label"),
        py::arg("replicates"), py::arg("seed"), py::arg("threads"), py::arg("out"),
        py::arg("resume"), py::arg("command"));
  m.def("validate", &Validate, py::arg("config"), py::arg("is_json"), py::arg("label"));
  m.def("solve_file", &SolveFile, py::arg("path"), py::arg("method"), py::arg("options"));
  m.def("solve_game", &SolveGame, py::arg("title"), py::arg("players"), py::arg("strategies"),
        py::arg("values"), py::arg("texts"), py::arg("method"), py::arg("options"));
}
