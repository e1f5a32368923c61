// The C++ half of the Python module `geostrat` (python/geostrat/__init__.py
// is the other): experiment runs through engine/run/api.h, with the GIL
// released while replicates run, Ctrl-C cancelling a run cleanly, and the
// library's errors raised as geostrat.ConfigError with their fields.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <sstream>

#include "engine/core/error.h"
#include "engine/run/api.h"

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

PyRun Run(const std::string& path_or_json, bool is_json, const std::string& label,
          std::optional<long long> replicates, std::optional<long long> seed, int threads) {
  const Experiment experiment =
      api::PrepareExperiment(ReadConfig(path_or_json, is_json, label), label, {replicates, seed});
  if (threads < 1 || threads > 1024) {
    throw py::value_error("threads must be in [1, 1024], not " + std::to_string(threads));
  }
  RunOptions options;
  options.threads = threads;
  // Called on this (the calling) thread between replicates: take the GIL at
  // most every 50 ms to let Python see a Ctrl-C, which cancels the run.
  auto last = std::chrono::steady_clock::now();
  bool interrupted = false;
  options.on_progress = [&](uint32_t, uint32_t) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last < std::chrono::milliseconds(50)) return true;
    last = now;
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) {
      PyErr_Clear();  // raised again below, once the run has stopped
      interrupted = true;
      return false;
    }
    return true;
  };
  try {
    py::gil_scoped_release released;
    return PyRun{api::Run(experiment, options), label};
  } catch (const RunCancelled& e) {
    // The GIL is held again here (`released` has ended).
    if (!interrupted) throw;
    PyErr_SetString(PyExc_KeyboardInterrupt, e.what());
    throw py::error_already_set();
  }
}

void Validate(const std::string& path_or_json, bool is_json, const std::string& label) {
  api::PrepareExperiment(ReadConfig(path_or_json, is_json, label), label);
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
        py::arg("replicates"), py::arg("seed"), py::arg("threads"));
  m.def("validate", &Validate, py::arg("config"), py::arg("is_json"), py::arg("label"));
}
