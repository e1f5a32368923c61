"""geostrat from Python: run an experiment config and get its results in memory.

    import geostrat
    r = geostrat.run("experiments/baseline.json", replicates=2000, threads=2)
    r.summary["outcomes"]["symbiotic_bifurcation"]["p"]
    r.outcomes            # numpy structured array, a row per replicate
    r.series              # numpy structured array, a row per quarter and indicator
    r.write("results/my-run")   # the folder `geostrat run` writes, byte for byte

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

from . import _geostrat

__all__ = ["ConfigError", "RunResult", "run", "solve", "validate"]


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


def _csv_array(text):
    import numpy as np

    return np.genfromtxt(io.StringIO(text), delimiter=",", names=True, dtype=None,
                         encoding="utf-8", deletechars="")


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


def run(config, replicates=None, threads=None, seed=None, out=None):
    """Runs an experiment config (a path or a dict) and returns a RunResult.

    replicates and seed override the config's (they become part of its hash,
    as `geostrat run --replicates --seed`); threads defaults to every core;
    with `out` the run folder is also written there.
    """
    text, is_json, label = _config_argument(config)
    replicates = _optional_int("replicates", replicates)
    seed = _optional_int("seed", seed)
    threads = _optional_int("threads", threads)
    if threads is None:
        threads = os.cpu_count() or 1
    if out is not None and os.path.exists(os.fspath(out)):
        raise FileExistsError(f"geostrat.run: output folder {os.fspath(out)!r} already exists; "
                              "choose another out")
    result = RunResult(_geostrat.run(text, is_json, label, replicates, seed, threads), label)
    if out is not None:
        result.write(out)
    return result


def validate(config):
    """Checks a config (a path or a dict) without running it; raises
    ConfigError listing every error of the file."""
    text, is_json, label = _config_argument(config)
    _geostrat.validate(text, is_json, label)


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
    seed, start_label, starts, mixed), each accepted only by the methods that
    read it.

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
