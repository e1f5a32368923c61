"""geostrat from Python: run an experiment config and get its results in memory.

    import geostrat
    r = geostrat.run("experiments/baseline.json", replicates=2000, threads=2)
    r.summary["outcomes"]["symbiotic_bifurcation"]["p"]
    r.outcomes            # numpy structured array, a row per replicate
    r.series              # numpy structured array, a row per quarter and indicator
    r.write("results/my-run")   # the folder `geostrat run` writes, byte for byte

    s = geostrat.sweep("experiments/sweep-fee-redline.json")        # s.points, s.phase
    t = geostrat.tournament("experiments/tournaments/axelrod-classic.json")  # t.ranking
    e = geostrat.equilibrium("experiments/equilibrium-baseline.json")        # e.equilibria
    geostrat.solve([[[3, 0], [0, 2]], [[2, 0], [0, 3]]])  # battle of the sexes, exactly

A config is a path or a dict (a dict's relative "extends" is read from the
current directory). Errors in it raise geostrat.ConfigError, whose `errors`
lists each error's file, JSON pointer, expected and found; Ctrl-C cancels a
run (KeyboardInterrupt) and nothing is written. The replicates run in C++ with
the GIL released, on `threads` OpenMP threads; the results do not depend on
the thread count.
"""

import fractions
import io
import itertools
import json
import numbers
import os
import shutil
import tempfile

from . import _geostrat

__all__ = ["ConfigError", "EquilibriumResult", "RunResult", "SweepResult", "TournamentResult",
           "equilibrium", "run", "solve", "sweep", "tournament", "validate"]


class ConfigError(ValueError):
    """A config that cannot be used as written.

    `errors` holds one dict per error (message, file, pointer, expected,
    found); `file`, `pointer`, `expected` and `found` are the first one's.
    """

    def __init__(self, message, errors):
        super().__init__(message)
        self.errors = list(errors)
        first = self.errors[0] if self.errors else {}
        self.file = first.get("file", "")
        self.pointer = first.get("pointer", "")
        self.expected = first.get("expected", "")
        self.found = first.get("found", "")


_geostrat._set_config_error(ConfigError)

__version__ = _geostrat.version


def _config_argument(config):
    """(text, is_json, label) for the C++ side: a path, or a dict as JSON."""
    if isinstance(config, dict):
        return json.dumps(config), True, "<dict>"
    if isinstance(config, (str, os.PathLike)):
        path = os.fspath(config)
        if not os.path.exists(path):
            raise FileNotFoundError(f"geostrat: no config file {path!r}")
        return path, False, path
    raise TypeError(f"config must be a path or a dict, not {type(config).__name__}")


def _optional_int(name, value):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int or None, not {type(value).__name__}")
    return value


def _column(cells):
    """One CSV column as numpy: int64 when every cell is a whole number,
    float64 when every cell is a number or empty (empty as NaN), else str."""
    import numpy as np

    try:
        return np.array([int(c) for c in cells], dtype=np.int64)
    except (ValueError, OverflowError):  # not whole numbers, or past 64 bits
        pass
    try:
        return np.array([float(c) if c != "" else np.nan for c in cells], dtype=np.float64)
    except ValueError:
        return np.array(cells, dtype=str)


def _csv_array(text):
    """A CSV text with a header row as a numpy structured array."""
    import csv

    import numpy as np

    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    columns = [_column([row[k] for row in body]) for k in range(len(header))]
    out = np.empty(len(body), dtype=[(name, c.dtype) for name, c in zip(header, columns)])
    for name, c in zip(header, columns):
        out[name] = c
    return out


class RunResult:
    """A finished run: the numbers of the run folder, in memory."""

    def __init__(self, run, config_label):
        self._run = run
        self._config = config_label
        self._outcomes = None
        self._series = None

    @property
    def name(self):
        return self._run.name

    @property
    def seed(self):
        return self._run.seed

    @property
    def replicates(self):
        return self._run.replicates

    @property
    def summary(self):
        """summary.json as a dict: each class's probability with its Wilson
        interval, the end indicators' and utilities' moments and quantiles."""
        return self._run.summary

    @property
    def outcomes(self):
        """outcomes.csv as a numpy structured array: replicate, seed, outcome,
        drawn parameters, end indicators, utilities, first quarters."""
        if self._outcomes is None:
            self._outcomes = _csv_array(self._run.outcomes_csv())
        return self._outcomes

    @property
    def series(self):
        """series.csv as a numpy structured array: step, quarter, indicator
        and its quantiles q05..q95 over replicates."""
        if self._series is None:
            self._series = _csv_array(self._run.series_csv())
        return self._series

    def to_pandas(self):
        """(outcomes, series) as pandas DataFrames; needs pandas."""
        try:
            import pandas as pd
        except ImportError as e:
            raise ImportError("RunResult.to_pandas needs pandas (Debian: python3-pandas)") from e
        return (pd.read_csv(io.StringIO(self._run.outcomes_csv())),
                pd.read_csv(io.StringIO(self._run.series_csv())))

    def write(self, dir):
        """Writes the folder `geostrat run` writes (complete, or not at all);
        `dir` must not exist yet."""
        self._run.write(os.fspath(dir), f"geostrat.run({self._config!r}) from Python")
        return os.fspath(dir)

    def __repr__(self):
        return f"<geostrat.RunResult {self.name!r}: {self.replicates} replicates, seed {self.seed}>"


def run(config, replicates=None, threads=None, seed=None, out=None, progress=None):
    """Runs an experiment config (a path or a dict) and returns a RunResult.

    replicates and seed override the config's (they become part of its hash,
    as `geostrat run --replicates --seed`); threads defaults to every core;
    with `out` the run folder is also written there. `progress`, a callable,
    is called as progress(done, total) at most every 50 ms and once at the end
    (e.g. to move a tqdm bar); an exception it raises cancels the run and is
    raised from run().
    """
    text, is_json, label = _config_argument(config)
    replicates = _optional_int("replicates", replicates)
    seed = _optional_int("seed", seed)
    if progress is not None and not callable(progress):
        raise TypeError(f"progress must be a callable or None, not {type(progress).__name__}")
    out = _check_out("run", out)
    result = RunResult(_geostrat.run(text, is_json, label, replicates, seed, _threads(threads),
                                     progress), label)
    if out is not None:
        result.write(out)
    return result


def _threads(threads):
    threads = _optional_int("threads", threads)
    return (os.cpu_count() or 1) if threads is None else threads


def _check_out(verb, out):
    if out is None:
        return None
    if not isinstance(out, (str, os.PathLike)):
        raise TypeError(f"out must be a path or None, not {type(out).__name__}")
    if os.path.exists(os.fspath(out)):
        raise FileExistsError(f"geostrat.{verb}: output folder {os.fspath(out)!r} already exists; "
                              "choose another out")
    return os.fspath(out)


def _pandas(what):
    try:
        import pandas as pd
    except ImportError as e:
        raise ImportError(f"{what}.to_pandas needs pandas (Debian: python3-pandas)") from e
    return pd


class _Files:
    """A run folder's files held in memory (name -> text), read on demand."""

    def __init__(self, files):
        self._files = dict(files)

    def names(self):
        return sorted(self._files)

    def text(self, name):
        return self._files.get(name)

    def json(self, name):
        text = self._files.get(name)
        return None if text is None else json.loads(text)

    def array(self, name):
        text = self._files.get(name)
        return None if text is None else _csv_array(text)

    def frames(self):
        pd = _pandas("result")
        return {name[:-4]: pd.read_csv(io.StringIO(text))
                for name, text in sorted(self._files.items()) if name.endswith(".csv")}

    def write(self, dir):
        """All files into `dir` (which must not exist), complete or not at all."""
        dir = os.fspath(dir)
        if os.path.exists(dir):
            raise FileExistsError(f"geostrat: output folder {dir!r} already exists; choose another")
        partial = f"{dir}.partial-{os.getpid()}"
        os.makedirs(partial)
        try:
            for name, text in self._files.items():
                with open(os.path.join(partial, name), "w", encoding="utf-8", newline="") as f:
                    f.write(text)
                    f.flush()
                    os.fsync(f.fileno())
            os.rename(partial, dir)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        return dir


class TournamentResult:
    """A finished tournament: the numbers of its folder, in memory."""

    def __init__(self, handle, config_label):
        self._handle = handle
        self._command = f"geostrat.tournament({config_label!r}) from Python"
        self._files = _Files(handle.files(self._command))

    @property
    def name(self):
        return self._handle.name

    @property
    def summary(self):
        """summary.json as a dict: each strategy's scores and rank, the mean
        payoff matrix, the ecological and Moran results when run."""
        return self._files.json("summary.json")

    @property
    def ranking(self):
        """ranking.csv as a numpy structured array, best first."""
        return self._files.array("ranking.csv")

    @property
    def pairs(self):
        """pairs.csv: a row per match and repetition."""
        return self._files.array("pairs.csv")

    @property
    def payoff_matrix(self):
        """Mean per-turn payoff of strategy i (row) against j, as a numpy array;
        its labels are `labels`."""
        import numpy as np

        return np.array(self.summary["mean_payoff_matrix"], dtype=float)

    @property
    def labels(self):
        return list(self.summary["labels"])

    @property
    def ecological(self):
        """ecological.csv (shares per generation), or None when not run."""
        return self._files.array("ecological.csv")

    @property
    def moran(self):
        """moran.csv (fixation probabilities), or None when not run."""
        return self._files.array("moran.csv")

    def to_pandas(self):
        """Every table of the folder as a DataFrame, by name (ranking, pairs,
        ecological, moran, actions); needs pandas."""
        return self._files.frames()

    def write(self, dir):
        """Writes the folder `geostrat tournament` writes (complete, or not at
        all); `dir` must not exist yet."""
        self._handle.write(os.fspath(dir), self._command)
        return os.fspath(dir)

    def __repr__(self):
        return f"<geostrat.TournamentResult {self.name!r}: {len(self.labels)} strategies>"


def tournament(config, repetitions=None, seed=None, threads=None, actions=False, out=None):
    """Runs a tournament config (a path or a dict) and returns a
    TournamentResult. repetitions and seed override the config's; with
    `actions` every match's moves are kept (actions.csv); with `out` the
    folder is also written there."""
    text, is_json, label = _config_argument(config)
    repetitions = _optional_int("repetitions", repetitions)
    seed = _optional_int("seed", seed)
    if not isinstance(actions, bool):
        raise TypeError(f"actions must be a bool, not {type(actions).__name__}")
    out = _check_out("tournament", out)
    result = TournamentResult(
        _geostrat.tournament(text, is_json, label, repetitions, seed, _threads(threads), actions),
        label)
    if out is not None:
        result.write(out)
    return result


class EquilibriumResult:
    """A solved meta-game: its table, equilibria and their assessment."""

    def __init__(self, handle):
        self._handle = handle
        self._summary = None

    @property
    def name(self):
        return self._handle.name

    @property
    def summary(self):
        """equilibria.json as a dict."""
        if self._summary is None:
            self._summary = self._handle.summary
        return self._summary

    @property
    def equilibria(self):
        """Each equilibrium: profile (seat -> policy -> probability), payoffs,
        max_regret, bootstrap_stability and the end states under it."""
        return self.summary["equilibria"]

    @property
    def complete(self):
        """Whether every extreme equilibrium is listed (enummixed)."""
        return self.summary["complete"]

    @property
    def profiles(self):
        """profiles.csv as a numpy structured array: a row per profile with
        each seat's policy, mean payoff and standard error, and the share of
        replicates ending in each class."""
        return _csv_array(self._handle.profiles_csv())

    @property
    def nfg(self):
        """The meta-game as Gambit .nfg text (geostrat.solve reads it back)."""
        return self._handle.nfg()

    def to_pandas(self):
        """profiles as a DataFrame; needs pandas."""
        return _pandas("EquilibriumResult").read_csv(io.StringIO(self._handle.profiles_csv()))

    def write(self, dir):
        """Writes the folder `geostrat equilibrium` writes (complete, or not
        at all); `dir` must not exist yet."""
        self._handle.write(os.fspath(dir))
        return os.fspath(dir)

    def __repr__(self):
        return f"<geostrat.EquilibriumResult {self.name!r}: {len(self.equilibria)} equilibria>"


def equilibrium(config, replicates=None, threads=None, out=None):
    """Builds and solves the meta-game of a config with a "metagame" member
    (a path or a dict) and returns an EquilibriumResult; replicates overrides
    metagame.replicates; with `out` the folder is also written there."""
    text, is_json, label = _config_argument(config)
    replicates = _optional_int("replicates", replicates)
    out = _check_out("equilibrium", out)
    result = EquilibriumResult(_geostrat.equilibrium(text, is_json, label, replicates,
                                                     _threads(threads)))
    if out is not None:
        result.write(out)
    return result


class SweepResult:
    """A finished sweep: every file of its folder, in memory."""

    def __init__(self, files, report):
        self._files = _Files(files)
        self.report = report  # what `geostrat sweep` prints

    @property
    def files(self):
        """The names of the folder's files."""
        return self._files.names()

    @property
    def manifest(self):
        return self._files.json("manifest.json")

    @property
    def design(self):
        """design.csv: each point's lever values."""
        return self._files.array("design.csv")

    @property
    def points(self):
        """points.csv: each point's class probabilities with intervals, end
        indicators and utilities."""
        return self._files.array("points.csv")

    @property
    def phase(self):
        """phase.csv of a two-lever grid, else None."""
        return self._files.array("phase.csv")

    @property
    def scenarios(self):
        """scenario.csv (a row per replicate and point), when the sweep keeps it."""
        return self._files.array("scenario.csv")

    @property
    def sensitivity(self):
        """sensitivity.json (Sobol' indices), else None."""
        return self._files.json("sensitivity.json")

    @property
    def tipping(self):
        """tipping.json (tipping-point searches), else None."""
        return self._files.json("tipping.json")

    @property
    def discovery(self):
        """discovery.json (PRIM box and CART tree), else None."""
        return self._files.json("discovery.json")

    def to_pandas(self):
        """Every table of the folder as a DataFrame, by name (design, points,
        phase, scenario, sensitivity); needs pandas."""
        return self._files.frames()

    def write(self, dir):
        """Writes the folder `geostrat sweep` wrote (complete, or not at all);
        `dir` must not exist yet."""
        return self._files.write(dir)

    def __repr__(self):
        return f"<geostrat.SweepResult: {', '.join(self.files)}>"


def sweep(config, replicates=None, seed=None, threads=None, out=None, resume=False):
    """Runs a sweep config (a path or a dict with a "sweep" member) and
    returns a SweepResult. replicates (per point) and seed override the
    config's. The sweep writes its folder as `geostrat sweep` does: into
    `out` when given (kept), else into a temporary folder that is read into
    memory and removed. Ctrl-C stops it between replicates
    (KeyboardInterrupt): with `out`, its checkpoint stays in out + ".inprogress"
    and resume=True finishes it; nothing is left otherwise."""
    text, is_json, label = _config_argument(config)
    replicates = _optional_int("replicates", replicates)
    seed = _optional_int("seed", seed)
    if not isinstance(resume, bool):
        raise TypeError(f"resume must be a bool, not {type(resume).__name__}")
    threads = _threads(threads)
    if resume and out is None:
        raise ValueError("geostrat.sweep: resume=True needs out, the folder the interrupted "
                         "sweep was writing")
    if out is not None and not resume:
        out = _check_out("sweep", out)
    elif out is not None:
        out = os.fspath(out)
    command = f"geostrat.sweep({label!r}) from Python"
    temporary = None
    folder = out
    if out is None:
        temporary = tempfile.mkdtemp(prefix="geostrat-sweep-")
        folder = os.path.join(temporary, "sweep")
    try:
        report = _geostrat.sweep(text, is_json, label, replicates, seed, threads, folder,
                                 resume, command)
        files = {}
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), encoding="utf-8", newline="") as f:
                files[name] = f.read()
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    return SweepResult(files, report)


def validate(config):
    """Checks a config (a path or a dict) without running it, as the verb of
    its kind reads it; raises ConfigError listing every error of the file.
    Returns the kind: "experiment", "sweep", "tournament" or "metagame"."""
    text, is_json, label = _config_argument(config)
    return _geostrat.validate(text, is_json, label)


def _payoff(value):
    """(double, exact text) of one payoff: ints and Fractions are exact."""
    if isinstance(value, bool):
        raise TypeError("payoffs must be numbers, not bool")
    if isinstance(value, numbers.Integral):
        return float(int(value)), str(int(value))
    if isinstance(value, fractions.Fraction):
        return float(value), f"{value.numerator}/{value.denominator}"
    if isinstance(value, numbers.Real):
        return float(value), ""
    raise TypeError(f"payoffs must be numbers, not {type(value).__name__}")


def solve(game, method="enummixed", **options):
    """Equilibria of a strategic-form game, by Gambit's method names.

    `game` is a path to a Gambit .nfg file, or one payoff array per player,
    each of shape (n_1, ..., n_N) (for two players, the row and column
    players' matrices A and B); ints and fractions.Fraction payoffs are read
    exactly. `method` is one of enumpure, enummixed, enumsupport, lcp, logit,
    liap, gnm, replicator, fictitious_play, regret_matching, correlated,
    dominance; options are those of `geostrat solve` (lambdas, iterations,
    seed, start_label, starts, mixed, max_seconds, threads), each accepted
    only by the methods that read it. enummixed with max_seconds stops there
    and returns the equilibria found so far with complete False and a
    `warning`.

    Returns a dict: method, complete (whether every equilibrium of the kind
    is listed), and equilibria, each with `profile` (one list of
    probabilities per player: fractions.Fraction where the method is exact,
    floats otherwise), payoffs, max_regret and `nash`.
    """
    if not isinstance(method, str):
        raise TypeError(f"method must be a str, not {type(method).__name__}")
    if isinstance(game, (str, os.PathLike)):
        path = os.fspath(game)
        if not os.path.exists(path):
            raise FileNotFoundError(f"geostrat.solve: no game file {path!r}")
        result = _geostrat.solve_file(path, method, options)
    else:
        import numpy as np

        arrays = [np.asarray(a, dtype=object) for a in game]
        if not arrays:
            raise ValueError("solve: a game needs at least one player's payoffs")
        shape = arrays[0].shape
        if len(shape) != len(arrays) or any(a.shape != shape for a in arrays):
            raise ValueError(f"solve: {len(arrays)} players need {len(arrays)} payoff arrays of "
                             f"one shape with {len(arrays)} axes, found shapes "
                             f"{[a.shape for a in arrays]}")
        values, texts = [], []
        # Profiles with the first player's strategy varying fastest.
        for reversed_profile in itertools.product(*[range(n) for n in reversed(shape)]):
            profile = tuple(reversed(reversed_profile))
            for a in arrays:
                v, t = _payoff(a[profile])
                values.append(v)
                texts.append(t)
        players = [f"Player {k + 1}" for k in range(len(shape))]
        strategies = [[str(s + 1) for s in range(n)] for n in shape]
        result = _geostrat.solve_game("", players, strategies, values, texts, method, options)
    for eq in result["equilibria"]:
        names = list(eq["profile"].keys())
        exact = eq.get("exact")
        profile = []
        for k, player in enumerate(names):
            probs = list(eq["profile"][player].values())
            if exact:
                probs = [fractions.Fraction(x) for x in exact[k]]
            profile.append(probs)
        eq["players"] = names
        eq["strategies"] = [list(eq["profile"][p].keys()) for p in names]
        eq["profile"] = profile
    return result
