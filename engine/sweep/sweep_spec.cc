// Reading a sweep spec and building its design matrix.
#include <cmath>
#include <cstdio>
#include <optional>

#include "engine/core/error.h"
#include "engine/core/hash.h"
#include "engine/core/names.h"
#include "engine/run/runner.h"
#include "engine/sweep/sweep.h"

namespace geostrat {
namespace {

std::vector<std::string> IndicatorNames() {
  std::vector<std::string> names;
  for (const auto& ind : SeriesIndicators()) names.push_back(ind.name);
  return names;
}

int IndicatorIndex(const std::string& name) {
  const auto& list = SeriesIndicators();
  for (size_t i = 0; i < list.size(); ++i) {
    if (name == list[i].name) return static_cast<int>(i);
  }
  return -1;
}

// Checks that `pointer` addresses a value of the resolved config; a wrong
// member name is reported with the valid ones at that level, nearest first.
void CheckPointer(const ConfigNode& node, const Json& resolved) {
  const std::string pointer = node.String();
  if (pointer.empty() || pointer[0] != '/') {
    node.Fail("a JSON pointer into the resolved config, starting with '/' (see geostrat validate "
              "CONFIG --print)");
  }
  const Json* at = &resolved;
  std::string walked;
  size_t start = 1;
  while (true) {
    const size_t slash = pointer.find('/', start);
    std::string token = pointer.substr(start, slash == std::string::npos ? std::string::npos
                                                                         : slash - start);
    std::string key;
    for (size_t i = 0; i < token.size(); ++i) {
      if (token[i] == '~' && i + 1 < token.size()) {
        key += token[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        key += token[i];
      }
    }
    if (at->is_object()) {
      if (!at->contains(key)) {
        std::vector<std::string> valid;
        for (auto it = at->begin(); it != at->end(); ++it) valid.push_back(it.key());
        node.Fail("a JSON pointer to a value of the resolved config (see geostrat validate CONFIG "
                      "--print)",
                  "\"" + pointer + "\", which has no member '" + key + "' at " +
                      (walked.empty() ? "/" : walked) + "; valid: " + JoinNearestFirst(key, valid));
      }
      at = &(*at)[key];
    } else if (at->is_array()) {
      const bool digits = !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
      if (!digits || std::stoul(key) >= at->size()) {
        node.Fail("a JSON pointer to a value of the resolved config",
                  "\"" + pointer + "\", whose array at " + walked + " has " +
                      std::to_string(at->size()) + " element(s)");
      }
      at = &(*at)[std::stoul(key)];
    } else {
      node.Fail("a JSON pointer to a value of the resolved config",
                "\"" + pointer + "\", which goes below the value at " + walked);
    }
    walked += "/" + token;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
}

// The number a lever currently has in the resolved config, if it has one:
// a plain number or a parameter {"value": x, ...}.
std::optional<double> CurrentNumber(const Json& resolved, const std::string& pointer) {
  const Json& v = resolved.at(Json::json_pointer(pointer));
  if (v.is_number()) return v.get<double>();
  if (v.is_object() && v.contains("value") && v["value"].is_number()) return v["value"].get<double>();
  return std::nullopt;
}

std::string DefaultLeverName(const std::string& pointer) {
  std::string p = pointer;
  std::string last = p.substr(p.rfind('/') + 1);
  if (last == "value" && p.rfind('/') > 0) {
    p = p.substr(0, p.rfind('/'));
    last = p.substr(p.rfind('/') + 1);
  }
  return last;
}

// What a design needs of its levers.
enum class LeverUse { kValues, kRange, kValuesOrRange };

Lever ReadLever(const ConfigNode& node, const Json& resolved, LeverUse use) {
  node.ExpectObject();
  node.AllowOnlyKeys({"name", "pointer", "values", "range", "steps", "scale", "integer", "baseline"});
  Lever lever;
  const ConfigNode pointer = node.At("pointer");
  CheckPointer(pointer, resolved);
  lever.pointer = pointer.String();
  lever.name = node.Has("name") ? node.At("name").String() : DefaultLeverName(lever.pointer);
  if (lever.name.empty() || lever.name.find_first_of(",\"\n\r ") != std::string::npos) {
    (node.Has("name") ? node.At("name") : node)
        .Fail("a lever name without commas, quotes or spaces (it heads CSV columns)",
              "\"" + lever.name + "\"");
  }
  if (auto integer = node.Find("integer")) lever.integer = integer->Bool();
  if (auto range = node.Find("range")) {
    if (!range->IsArray() || range->Size() != 2) range->Fail("[low, high]");
    lever.lo = range->Element(0).Number(-1e300, 1e300);
    lever.hi = range->Element(1).Number(-1e300, 1e300);
    if (!(lever.lo < lever.hi)) range->Fail("[low, high] with low < high");
    lever.has_range = true;
    if (auto scale = node.Find("scale")) {
      lever.log_scale = scale->Name("lever scale", {"linear", "log"}) == "log";
      if (lever.log_scale && lever.lo <= 0) range->Fail("a positive range for \"scale\": \"log\"");
    }
  } else if (node.Has("scale")) {
    node.At("scale").Fail("no \"scale\" without a \"range\"", "a scale");
  }
  if (auto values = node.Find("values")) {
    if (lever.has_range) values->Fail("either \"values\" or \"range\", not both", "both");
    if (!values->IsArray() || values->Size() == 0) values->Fail("a non-empty array of lever values");
    for (size_t i = 0; i < values->Size(); ++i) lever.values.push_back(values->Element(i).json());
  }
  if (auto steps = node.Find("steps")) {
    if (!lever.has_range) steps->Fail("\"steps\" together with a \"range\"", "no range");
    if (use == LeverUse::kRange) {
      steps->Fail("no \"steps\" (this design places points itself)", "a step count");
    }
    const long n = steps->Integer(2, 100000);
    for (long i = 0; i < n; ++i) {
      lever.values.push_back(lever.FromUnit(static_cast<double>(i) / static_cast<double>(n - 1)));
    }
  }
  if (use == LeverUse::kValues && lever.values.empty()) {
    node.Fail("\"values\": [...] or \"range\" with \"steps\" (a grid crosses value lists)",
              DescribeJson(node.json()));
  }
  if (use == LeverUse::kRange) {
    if (!lever.has_range) node.Fail("a \"range\": [low, high] (this design samples ranges)", DescribeJson(node.json()));
    if (node.Has("values")) node.At("values").Fail("a \"range\" instead (this design samples ranges)", "values");
  }
  if (use == LeverUse::kValuesOrRange && lever.values.empty()) {
    node.Fail("\"values\" or \"range\" with \"steps\" (the values each lever takes in turn)",
              DescribeJson(node.json()));
  }
  if (auto baseline = node.Find("baseline")) {
    if (use != LeverUse::kValuesOrRange) baseline->Fail("no \"baseline\" outside one_at_a_time", "a baseline");
    lever.baseline = baseline->json();
  } else if (use == LeverUse::kValuesOrRange) {
    const auto current = CurrentNumber(resolved, lever.pointer);
    if (!current) {
      node.Fail("a \"baseline\" value (the config's value at " + lever.pointer + " is not a number)",
                DescribeJson(resolved.at(Json::json_pointer(lever.pointer))));
    }
    lever.baseline = *current;
  }
  return lever;
}

SweepEvent ReadEvent(const ConfigNode& node) {
  SweepEvent event;
  if (node.IsString()) {
    const std::string name = node.Name("outcome class", OutcomeClassNames());
    for (size_t c = 0; c < OutcomeClassNames().size(); ++c) {
      if (OutcomeClassNames()[c] == name) event.outcome = static_cast<int>(c);
    }
    return event;
  }
  if (!node.IsObject()) {
    node.Fail("an outcome class name or {\"indicator\": NAME, \"at_least\" | \"at_most\": x}");
  }
  node.AllowOnlyKeys({"indicator", "at_least", "at_most"});
  const std::string name = node.At("indicator").Name("end indicator", IndicatorNames());
  event.indicator = IndicatorIndex(name);
  const bool least = node.Has("at_least"), most = node.Has("at_most");
  if (least == most) {
    node.Fail("exactly one of \"at_least\" and \"at_most\"", least ? "both" : "neither");
  }
  event.at_least = least;
  event.bound = node.At(least ? "at_least" : "at_most").Number(-1e300, 1e300);
  return event;
}

SweepTarget ReadTarget(const ConfigNode& node) {
  SweepTarget t;
  if (node.IsString()) {
    const std::string name = node.String();
    const int ind = IndicatorIndex(name);
    if (ind >= 0) {
      t.is_mean = true;
      t.indicator = ind;
      t.name = name + "_mean";
      return t;
    }
    std::vector<std::string> valid = OutcomeClassNames();
    for (const auto& n : IndicatorNames()) valid.push_back(n);
    node.Name("outcome class or end indicator", valid);
  }
  t.event = ReadEvent(node);
  if (t.event.outcome >= 0) {
    t.name = "p_" + OutcomeClassNames()[t.event.outcome];
  } else {
    t.name = std::string("p_") + SeriesIndicators()[t.event.indicator].name +
             (t.event.at_least ? "_at_least_" : "_at_most_") + FormatNumber(t.event.bound);
  }
  return t;
}

TippingSpec ReadTipping(const ConfigNode& node, const Json& resolved, uint32_t replicates) {
  node.ExpectObject();
  node.AllowOnlyKeys({"lever", "event", "threshold", "replicates", "max_replicates", "tolerance",
                      "max_evaluations", "confidence"});
  TippingSpec t;
  t.lever = ReadLever(node.At("lever"), resolved, LeverUse::kRange);
  t.event = ReadEvent(node.At("event"));
  t.options.lo = t.lever.lo;
  t.options.hi = t.lever.hi;
  t.options.threshold = node.At("threshold").Number(1e-9, 1 - 1e-9);
  t.options.replicates = static_cast<int>(
      node.Has("replicates") ? node.At("replicates").Integer(10, 10000000) : replicates);
  t.options.max_replicates = static_cast<int>(
      node.Has("max_replicates") ? node.At("max_replicates").Integer(t.options.replicates, 100000000)
                                 : std::max(t.options.replicates, 16 * t.options.replicates));
  if (auto tol = node.Find("tolerance")) t.options.tolerance = tol->Number(0, t.lever.hi - t.lever.lo);
  if (auto m = node.Find("max_evaluations")) t.options.max_evaluations = static_cast<int>(m->Integer(3, 1000));
  if (auto c = node.Find("confidence")) t.options.confidence = c->Number(0.5, 0.9999);
  return t;
}

Json LeverCell(const Lever& lever, double u) {
  const double v = lever.FromUnit(u);
  return lever.integer ? Json(static_cast<long long>(v)) : Json(v);
}

}  // namespace

double Lever::FromUnit(double u) const {
  double v = log_scale ? lo * std::pow(hi / lo, u) : lo + u * (hi - lo);
  if (integer) v = std::round(v);
  return v;
}

std::string SweepEvent::Label() const {
  if (outcome >= 0) return OutcomeClassNames()[outcome];
  return std::string(SeriesIndicators()[indicator].name) + (at_least ? " >= " : " <= ") +
         FormatNumber(bound);
}

Json SweepEvent::ToJson() const {
  if (outcome >= 0) return OutcomeClassNames()[outcome];
  return Json{{"indicator", SeriesIndicators()[indicator].name},
              {at_least ? "at_least" : "at_most", bound}};
}

const std::vector<std::string>& DesignKindNames() {
  static const std::vector<std::string> names = {"grid", "latin_hypercube", "sobol",
                                                 "one_at_a_time", "saltelli"};
  return names;
}

std::string SweepSpec::Hash() const { return Fnv1aHex(resolved.dump() + "\n" + sweep_json.dump()); }

std::string SweepSpec::DescribePoint(size_t point) const {
  std::string s;
  for (size_t l = 0; l < levers.size(); ++l) {
    const Json& v = points[point][l];
    s += (l ? ", " : "") + levers[l].name + " = " +
         (v.is_number() ? FormatNumber(v.get<double>()) : v.dump());
  }
  return s;
}

Experiment ExperimentWith(const SweepSpec& spec, const std::vector<const Lever*>& levers,
                          const std::vector<Json>& values, const std::string& where) {
  MergedConfig config{spec.resolved, std::make_shared<SourceMap>()};
  config.sources->Record("", spec.file);
  for (size_t l = 0; l < levers.size(); ++l) {
    config.json[Json::json_pointer(levers[l]->pointer)] = values[l];
  }
  try {
    return ExperimentFromConfig(config, spec.file);
  } catch (const ConfigError& e) {
    RethrowEach(e, [&](const ConfigError& one) {
      return ConfigError(one.file(), one.pointer(), one.expected(), one.found(),
                         (one.hint().empty() ? "" : one.hint() + "; ") + "at " + where);
    });
  }
}

Experiment ExperimentAtPoint(const SweepSpec& spec, size_t point) {
  std::vector<const Lever*> levers;
  for (const auto& l : spec.levers) levers.push_back(&l);
  return ExperimentWith(spec, levers, spec.points[point],
                        "sweep point " + std::to_string(point) + " (" + spec.DescribePoint(point) +
                            ")");
}

std::pair<size_t, size_t> ShardRange(size_t points, int shard, int shards) {
  const auto cut = [&](int k) { return points * static_cast<size_t>(k) / static_cast<size_t>(shards); };
  return {cut(shard - 1), cut(shard)};
}

SweepSpec SweepFromConfig(const MergedConfig& config, const std::string& file) {
  ExpectConfigKind(config, file, {ConfigKind::kSweep},
                   "a sweep config (a member \"sweep\": levers and a design)");
  SweepSpec spec;
  spec.file = file;
  spec.sweep_json = config.json["sweep"];
  MergedConfig base = config;
  base.json.erase("sweep");
  // The base config and each independent part of the sweep member are read
  // even when another failed, so all of the file's errors come at once; a
  // part that depends on a failed one waits (ExperimentFromConfig's rule).
  ConfigErrorCollector errors;
  const bool base_read = errors.Try([&] {
    spec.base = ExperimentFromConfig(base, file);
    spec.resolved = spec.base.ToJson();
  });

  const ConfigNode sweep(spec.sweep_json, "/sweep", config.sources);
  if (!errors.Try([&] { sweep.ExpectObject(); })) errors.ThrowIfAny();
  errors.Try([&] {
    sweep.AllowOnlyKeys({"levers", "design", "replicates", "scenario_csv", "tipping", "sensitivity",
                         "discovery", "report"});
  });
  // How report.html draws the phase diagrams; the page reads these from the
  // manifest's copy of the sweep member, so they are only checked here.
  errors.Try([&] {
    auto report = sweep.Find("report");
    if (!report) return;
    report->ExpectObject();
    report->AllowOnlyKeys({"phase_scale", "contour"});
    if (auto scale = report->Find("phase_scale")) scale->Name("phase_scale", {"shared", "local"});
    if (auto level = report->Find("contour")) level->Number(0.001, 0.999);
  });
  errors.Try([&] {
    spec.replicates = sweep.Has("replicates")
                          ? static_cast<uint32_t>(sweep.At("replicates").Integer(1, 100000000L))
                          : spec.base.replicates;
  });
  errors.Try([&] {
    if (auto s = sweep.Find("scenario_csv")) spec.scenario_csv = s->Bool();
  });

  // The design: a kind name, or an object with the kind and its sizes.
  std::string kind = "grid";
  long n_points = 0;
  uint64_t skip = 0;
  uint64_t lhs_seed = spec.base.seed;
  std::optional<ConfigNode> design;
  const bool design_read = errors.Try([&] {
    auto d = sweep.Find("design");
    if (!d) return;
    design = d;
    if (d->IsString()) {
      kind = d->Name("design", DesignKindNames());
    } else {
      d->ExpectObject();
      d->AllowOnlyKeys({"kind", "points", "base", "skip", "seed"});
      kind = d->At("kind").Name("design", DesignKindNames());
      if (kind == "latin_hypercube" || kind == "sobol") {
        n_points = d->At("points").Integer(1, 10000000L);
      } else if (d->Has("points")) {
        d->At("points").Fail("no \"points\" for a " + kind + " design (its levers fix the count)",
                             "a point count");
      }
      if (kind == "saltelli") spec.saltelli_base = static_cast<int>(d->At("base").Integer(2, 1000000L));
      if (auto s = d->Find("skip")) {
        if (kind != "sobol" && kind != "saltelli") s->Fail("no \"skip\" outside sobol and saltelli", "a skip");
        skip = static_cast<uint64_t>(s->Integer(0, 1L << 40));
      }
      if (auto s = d->Find("seed")) {
        if (kind != "latin_hypercube") s->Fail("no \"seed\" outside latin_hypercube", "a seed");
        lhs_seed = static_cast<uint64_t>(s->Integer(0, 9007199254740991L));
      }
    }
    if (d->IsString() && kind != "grid" && kind != "one_at_a_time") {
      d->Fail("{\"kind\": \"" + kind + "\", " + (kind == "saltelli" ? "\"base\"" : "\"points\"") +
                  ": n} (this design needs a size)",
              DescribeJson(d->json()));
    }
  });
  // Levers and tipping searches point into the base config, and the design
  // decides what a lever must give: they wait for both.
  const bool levers_readable = base_read && design_read;
  for (size_t k = 0; k < DesignKindNames().size(); ++k) {
    if (DesignKindNames()[k] == kind) spec.design = static_cast<DesignKind>(k);
  }
  const LeverUse use = spec.design == DesignKind::kGrid         ? LeverUse::kValues
                       : spec.design == DesignKind::kOneAtATime ? LeverUse::kValuesOrRange
                                                                : LeverUse::kRange;

  // A sweep of tipping-point searches alone needs no design.
  const bool tipping_only = !sweep.Has("levers") && sweep.Has("tipping");
  if (tipping_only && design) design->Fail("no design without \"levers\"", "a design");
  const ConfigNode levers = tipping_only ? sweep.At("tipping") : sweep.At("levers");
  if (!tipping_only && (!levers.IsArray() || levers.Size() == 0)) {
    levers.Fail("a non-empty array of levers");
  }
  std::vector<size_t> written_as;  // each read lever's index in "levers"
  for (size_t i = 0; levers_readable && !tipping_only && i < levers.Size(); ++i) {
    errors.Try([&] {
      Lever lever = ReadLever(levers.Element(i), spec.resolved, use);
      for (size_t j = 0; j < spec.levers.size(); ++j) {
        if (spec.levers[j].name == lever.name) {
          levers.Element(i).Fail("a lever name of its own (names head CSV columns)",
                                 "\"" + lever.name + "\", the name of lever " +
                                     std::to_string(written_as[j]));
        }
        if (spec.levers[j].pointer == lever.pointer) {
          levers.Element(i).At("pointer").Fail("a pointer no other lever moves",
                                               "the pointer of lever " +
                                                   std::to_string(written_as[j]));
        }
      }
      spec.levers.push_back(std::move(lever));
      written_as.push_back(i);
    });
  }
  const int d = static_cast<int>(spec.levers.size());

  // The design matrix, in design order.
  auto unit_points = [&](const UnitPoints& unit) {
    for (const auto& row : unit) {
      std::vector<Json> p;
      for (int l = 0; l < d; ++l) p.push_back(LeverCell(spec.levers[l], row[l]));
      spec.points.push_back(std::move(p));
    }
  };
  // The design matrix needs every lever.
  if (!tipping_only && errors.empty()) switch (spec.design) {
    case DesignKind::kGrid: {
      // Crossed in the order written: the first lever varies slowest.
      size_t total = 1;
      for (const auto& l : spec.levers) total *= l.values.size();
      if (total > 10000000) levers.Fail("a grid of at most 10,000,000 points", std::to_string(total) + " points");
      for (size_t index = 0; index < total; ++index) {
        std::vector<Json> p(d);
        size_t rest = index;
        for (int l = d - 1; l >= 0; --l) {
          const size_t k = spec.levers[l].values.size();
          p[l] = spec.levers[l].values[rest % k];
          rest /= k;
        }
        spec.points.push_back(std::move(p));
      }
      break;
    }
    case DesignKind::kLatinHypercube:
      unit_points(LatinHypercube(static_cast<int>(n_points), d, lhs_seed));
      break;
    case DesignKind::kSobol:
      unit_points(SobolSequence(static_cast<int>(n_points), d, skip));
      break;
    case DesignKind::kSaltelli:
      unit_points(MakeSaltelliDesign(spec.saltelli_base, d, skip).Points());
      break;
    case DesignKind::kOneAtATime: {
      // The baseline, then each lever through its values with the others at
      // their baselines.
      std::vector<Json> baseline;
      for (const auto& l : spec.levers) baseline.push_back(l.baseline);
      spec.points.push_back(baseline);
      for (int l = 0; l < d; ++l) {
        for (const auto& v : spec.levers[l].values) {
          spec.points.push_back(baseline);
          spec.points.back()[l] = v;
        }
      }
      break;
    }
  }

  if (auto tipping = sweep.Find("tipping")) {
    if (!tipping->IsArray()) tipping->Fail("an array of tipping-point searches");
    for (size_t i = 0; levers_readable && i < tipping->Size(); ++i) {
      errors.Try([&] {
        spec.tipping.push_back(ReadTipping(tipping->Element(i), spec.resolved, spec.replicates));
      });
    }
  }
  errors.Try([&] {
    auto sens = sweep.Find("sensitivity");
    if (!sens || !design_read) return;
    if (spec.design != DesignKind::kSaltelli) {
      sens->Fail("no \"sensitivity\" outside a \"saltelli\" design (Sobol' indices need its "
                 "matrices)",
                 "a " + kind + " design");
    }
    sens->ExpectObject();
    sens->AllowOnlyKeys({"targets", "bootstrap", "confidence"});
    if (auto b = sens->Find("bootstrap")) spec.bootstrap = static_cast<int>(b->Integer(0, 100000));
    if (auto c = sens->Find("confidence")) spec.confidence = c->Number(0.5, 0.9999);
    if (auto targets = sens->Find("targets")) {
      if (!targets->IsArray() || targets->Size() == 0) targets->Fail("a non-empty array of targets");
      for (size_t i = 0; i < targets->Size(); ++i) spec.targets.push_back(ReadTarget(targets->Element(i)));
    }
  });
  if (spec.design == DesignKind::kSaltelli && spec.targets.empty()) {
    // Every outcome probability and every end indicator's mean.
    for (int c = 0; c < kNumClasses; ++c) {
      SweepTarget t;
      t.event.outcome = c;
      t.name = "p_" + OutcomeClassNames()[c];
      spec.targets.push_back(t);
    }
    for (size_t i = 0; i < SeriesIndicators().size(); ++i) {
      SweepTarget t;
      t.is_mean = true;
      t.indicator = static_cast<int>(i);
      t.name = std::string(SeriesIndicators()[i].name) + "_mean";
      spec.targets.push_back(t);
    }
  }
  errors.Try([&] {
    auto disc = sweep.Find("discovery");
    if (!disc) return;
    disc->ExpectObject();
    disc->AllowOnlyKeys({"outcome", "alpha", "min_mass", "coverage", "prune", "tree"});
    spec.discovery_outcome = disc->At("outcome").Name("outcome class", OutcomeClassNames());
    if (auto a = disc->Find("alpha")) spec.discovery.alpha = a->Number(0.001, 0.5);
    if (auto m = disc->Find("min_mass")) spec.discovery.min_mass = m->Number(0, 1);
    if (auto c = disc->Find("coverage")) spec.discovery.coverage = c->Number(0, 1);
    if (auto p = disc->Find("prune")) spec.discovery.prune = p->Number(0, 1);
    if (auto tree = disc->Find("tree")) {
      tree->AllowOnlyKeys({"max_depth", "min_leaf"});
      if (auto m = tree->Find("max_depth")) {
        spec.discovery_tree.max_depth = static_cast<int>(m->Integer(1, 8));
      }
      if (auto m = tree->Find("min_leaf")) spec.discovery_tree.min_leaf = m->Number(0, 0.5);
    }
    if (!spec.scenario_csv) {
      disc->Fail("scenario.csv to search (\"scenario_csv\": true, the default)",
                 "\"scenario_csv\": false");
    }
  });
  errors.ThrowIfAny();
  if (spec.points.empty() && spec.tipping.empty()) sweep.Fail("a design with at least one point");

  // Every point's config is read like any other, before anything runs.
  for (size_t p = 0; p < spec.points.size(); ++p) ExperimentAtPoint(spec, p);
  for (const auto& t : spec.tipping) {
    for (double x : {t.lever.lo, t.lever.hi}) {
      ExperimentWith(spec, {&t.lever}, {Json(x)},
                     "the tipping-point search on " + t.lever.name + " = " + FormatNumber(x));
    }
  }
  return spec;
}

SweepSpec LoadSweep(const std::string& path) { return SweepFromConfig(LoadMergedConfig(path), path); }

}  // namespace geostrat
