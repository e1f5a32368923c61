"""The Python module: the numbers and bytes of the CLI, errors as documented
Python exceptions, and Ctrl-C cancelling a run with nothing written."""

import contextlib
import json
import os
import signal
import subprocess
import tempfile
import threading

import numpy as np
import pytest

import geostrat

SOURCE = os.environ["GEOSTRAT_SOURCE_DIR"]
BINARY = os.environ["GEOSTRAT_BINARY"]
SMOKE = os.path.join(SOURCE, "experiments", "smoke.json")


@contextlib.contextmanager
def ctrl_c_after(seconds):
    """Sends this process SIGINT (Ctrl-C) after `seconds`, unless the block
    has ended by then."""
    timer = threading.Timer(seconds, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def cli_run(tmp_path, *args):
    out = tmp_path / "cli"
    subprocess.run([BINARY, "run", SMOKE, *args, "--out", str(out), "-q"], check=True)
    return out


def test_a_run_writes_the_bytes_the_cli_writes(tmp_path):
    cli = cli_run(tmp_path, "--replicates", "120", "--seed", "9", "--threads", "1")
    r = geostrat.run(SMOKE, replicates=120, seed=9, threads=2)
    assert r.replicates == 120 and r.seed == 9
    written = r.write(tmp_path / "py")
    for name in ["summary.json", "outcomes.csv", "series.csv", "representative.json"]:
        assert (tmp_path / "py" / name).read_bytes() == (cli / name).read_bytes(), name
    manifest = json.loads((tmp_path / "py" / "manifest.json").read_text())
    expected = json.loads((cli / "manifest.json").read_text())
    assert manifest["run"]["threads"] == 2
    assert "from Python" in manifest["run"]["command"]
    del manifest["run"], expected["run"]
    assert manifest == expected
    assert written == str(tmp_path / "py")


def test_results_in_memory_match_the_files(tmp_path):
    out = tmp_path / "run"
    r = geostrat.run(SMOKE, replicates=50, seed=3, threads=1, out=out)
    assert r.summary == json.loads((out / "summary.json").read_text())
    outcomes = r.outcomes
    assert isinstance(outcomes, np.ndarray) and outcomes.dtype.names is not None
    assert len(outcomes) == 50
    assert list(outcomes["replicate"]) == list(range(50))
    assert set(outcomes["outcome"]) <= set(r.summary["outcomes"].keys())
    # Each class's share in outcomes equals the summary's probability.
    for name, cls in r.summary["outcomes"].items():
        assert np.mean(outcomes["outcome"] == name) == pytest.approx(cls["p"], abs=1e-12)
    series = r.series
    assert set(series.dtype.names) >= {"step", "quarter", "indicator", "q50"}
    assert series["quarter"][0] == "2025Q4"


def test_a_dict_config_follows_extends_and_overrides():
    r = geostrat.run({"extends": SMOKE, "name": "from-a-dict", "replicates": 20}, threads=1)
    assert r.name == "from-a-dict" and r.replicates == 20


def test_config_errors_carry_their_fields_and_list_every_error():
    with pytest.raises(geostrat.ConfigError) as caught:
        geostrat.validate({"extends": SMOKE, "name": "x", "colour": 1, "seed": -1})
    e = caught.value
    assert isinstance(e, ValueError)
    assert len(e.errors) == 2
    assert e.file == "<dict>" and e.pointer == "/colour"
    assert e.expected == "a known key name" and e.found == "'colour'"
    assert e.errors[1]["pointer"] == "/seed"
    assert str(e).startswith("2 errors; fix them all, then rerun:")
    assert geostrat.validate(SMOKE) == "experiment"


def test_bad_arguments_raise_clear_python_exceptions(tmp_path):
    with pytest.raises(TypeError, match="config must be a path or a dict, not int"):
        geostrat.run(3)
    with pytest.raises(TypeError, match="replicates must be an int or None, not str"):
        geostrat.run(SMOKE, replicates="ten")
    with pytest.raises(FileNotFoundError, match="no config file"):
        geostrat.run(str(tmp_path / "missing.json"))
    with pytest.raises(geostrat.ConfigError, match="at /replicates: expected an override in"):
        geostrat.run(SMOKE, replicates=0)
    with pytest.raises(ValueError, match=r"threads must be in \[1, 1024\], not 0"):
        geostrat.run(SMOKE, replicates=5, threads=0)
    (tmp_path / "taken").mkdir()
    with pytest.raises(FileExistsError, match="already exists"):
        geostrat.run(SMOKE, replicates=5, out=tmp_path / "taken")


def test_ctrl_c_cancels_a_run_and_nothing_is_written(tmp_path):
    baseline = os.path.join(SOURCE, "experiments", "baseline.json")
    with ctrl_c_after(0.5), pytest.raises(KeyboardInterrupt, match="run cancelled after"):
        geostrat.run(baseline, replicates=20000, threads=2, out=tmp_path / "never")
    assert not (tmp_path / "never").exists()
    assert os.listdir(tmp_path) == []


def test_solve_gives_exact_equilibria_as_fractions():
    from fractions import Fraction as F
    # Battle of the sexes: two pure equilibria and the mixed one (2/3, 1/3).
    a = [[2, 0], [0, 1]]
    b = [[1, 0], [0, 2]]
    r = geostrat.solve((a, b), method="enummixed")
    assert r["method"] == "enummixed" and r["complete"] is True
    profiles = sorted(tuple(tuple(p) for p in eq["profile"]) for eq in r["equilibria"])
    assert profiles == sorted([((F(1), F(0)), (F(1), F(0))), ((F(0), F(1)), (F(0), F(1))),
                               ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))])
    assert all(eq["nash"] for eq in r["equilibria"])
    # Fractions in, exact out: matching pennies with payoffs of 1/2.
    h = F(1, 2)
    pennies = geostrat.solve(([[h, -h], [-h, h]], [[-h, h], [h, -h]]))
    assert pennies["equilibria"][0]["profile"] == [[F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)]]
    # A three-player .nfg file.
    nfg = os.path.join(SOURCE, "fuzz", "corpus", "nfg", "three-players.nfg")
    three = geostrat.solve(nfg, method="enumpure")
    assert len(three["equilibria"][0]["profile"]) == 3


def test_solve_refuses_what_it_cannot_use():
    pd = ([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(ValueError, match="unknown method 'enummixd'; valid: enummixed"):
        geostrat.solve(pd, method="enummixd")
    with pytest.raises(ValueError, match="iterations applies to replicator, fictitious_play, "
                                         "regret_matching, not to method enummixed"):
        geostrat.solve(pd, iterations=10)
    with pytest.raises(ValueError, match=r"iterations must be in \[1, 100000000\], not 0"):
        geostrat.solve(pd, method="replicator", iterations=0)
    with pytest.raises(ValueError, match="2 players need 2 payoff arrays of one shape"):
        geostrat.solve(([[1, 2]], [[1], [2]]))
    with pytest.raises(TypeError, match="payoffs must be numbers, not str"):
        geostrat.solve(([["a"]], [["b"]]))
    with pytest.raises(FileNotFoundError, match="no game file"):
        geostrat.solve("missing.nfg")
    r = geostrat.solve(pd, method="enumpure")
    assert r["equilibria"][0]["profile"] == [[0, 1], [0, 1]]  # (defect, defect)


def same_folders(py, cli):
    """Every file byte for byte, and manifest.json but for its "run" member."""
    assert sorted(os.listdir(py)) == sorted(os.listdir(cli))
    for name in os.listdir(cli):
        if name == "manifest.json":
            a = json.loads((py / name).read_text())
            b = json.loads((cli / name).read_text())
            a.pop("run"), b.pop("run")
            assert a == b
        else:
            assert (py / name).read_bytes() == (cli / name).read_bytes(), name


TOURNAMENT = os.path.join(SOURCE, "experiments", "tournaments", "axelrod-noisy.json")
METAGAME = os.path.join(SOURCE, "experiments", "equilibrium-baseline.json")
SWEEP = os.path.join(SOURCE, "experiments", "sweep-fee-redline.json")


def test_a_tournament_writes_the_bytes_the_cli_writes(tmp_path):
    subprocess.run([BINARY, "tournament", TOURNAMENT, "--repetitions", "3", "--seed", "5",
                    "--threads", "1", "--actions", "--out", str(tmp_path / "cli"), "-q"], check=True)
    t = geostrat.tournament(TOURNAMENT, repetitions=3, seed=5, threads=2, actions=True)
    t.write(tmp_path / "py")
    same_folders(tmp_path / "py", tmp_path / "cli")
    # In memory: the ranking is the file's, best first, and the payoff matrix
    # is square over the labels.
    summary = json.loads((tmp_path / "cli" / "summary.json").read_text())
    assert t.summary == summary
    assert list(t.ranking["strategy"]) == [s["strategy"] for s in summary["strategies"]]
    assert list(t.ranking["rank"]) == sorted(t.ranking["rank"])
    assert t.payoff_matrix.shape == (len(t.labels), len(t.labels))
    assert t.moran is None or len(t.moran) > 0
    assert len(t.pairs) == len(summary["labels"]) * (len(summary["labels"]) + 1) // 2 * 3


def test_an_equilibrium_writes_the_bytes_the_cli_writes(tmp_path):
    subprocess.run([BINARY, "equilibrium", METAGAME, "--replicates", "12", "--threads", "1",
                    "--out", str(tmp_path / "cli"), "-q"], check=True)
    e = geostrat.equilibrium(METAGAME, replicates=12, threads=2, out=tmp_path / "py")
    same_folders(tmp_path / "py", tmp_path / "cli")
    assert e.summary == json.loads((tmp_path / "cli" / "equilibria.json").read_text())
    assert e.complete and len(e.equilibria) >= 1
    assert len(e.profiles) == len(e.summary["profiles"])
    # The meta-game read back and solved exactly gives the same equilibria.
    (tmp_path / "meta.nfg").write_text(e.nfg)
    solved = geostrat.solve(str(tmp_path / "meta.nfg"), method="enummixed")
    assert len(solved["equilibria"]) == len(e.equilibria)


def test_a_sweep_gives_the_cli_folder_in_memory_and_leaves_nothing(tmp_path):
    subprocess.run([BINARY, "sweep", SWEEP, "--replicates", "10", "--seed", "4", "--threads", "1",
                    "--out", str(tmp_path / "cli"), "-q"], check=True)
    def ours():
        return {n for n in os.listdir(tempfile.gettempdir()) if n.startswith("geostrat-sweep-")}

    before = ours()
    s = geostrat.sweep(SWEEP, replicates=10, seed=4, threads=2)
    assert ours() == before  # its temporary folder is gone
    s.write(tmp_path / "py")
    same_folders(tmp_path / "py", tmp_path / "cli")
    assert s.files == sorted(os.listdir(tmp_path / "cli"))
    assert len(s.points) == 400 and set(s.points["replicates"]) == {10}
    assert "P(symbiotic_bifurcation)" in s.report
    assert s.sensitivity is None and s.tipping is None
    for name in ["p_symbiotic_bifurcation", "ci_low_symbiotic_bifurcation"]:
        assert np.all((s.points[name] >= 0) & (s.points[name] <= 1))


def test_ctrl_c_cancels_a_sweep_and_keeps_only_its_checkpoint(tmp_path):
    with ctrl_c_after(0.5), pytest.raises(KeyboardInterrupt, match="sweep cancelled"):
        geostrat.sweep(SWEEP, replicates=2000, threads=2, out=tmp_path / "never")
    assert not (tmp_path / "never").exists()
    assert os.listdir(tmp_path) in ([], ["never.inprogress"])


def test_the_other_verbs_refuse_bad_arguments(tmp_path):
    with pytest.raises(TypeError, match="actions must be a bool, not int"):
        geostrat.tournament(TOURNAMENT, actions=1)
    # Overrides are checked like the config's own values.
    with pytest.raises(geostrat.ConfigError) as caught:
        geostrat.tournament(TOURNAMENT, repetitions=0)
    assert caught.value.pointer == "/repetitions" and caught.value.found == "the number 0"
    with pytest.raises(geostrat.ConfigError) as caught:
        geostrat.equilibrium(METAGAME, replicates=1)
    assert caught.value.pointer == "/metagame/replicates"
    with pytest.raises(geostrat.ConfigError) as caught:
        geostrat.sweep(SWEEP, replicates=0)
    assert caught.value.pointer == "/sweep/replicates"
    with pytest.raises(ValueError, match="resume=True needs out"):
        geostrat.sweep(SWEEP, resume=True)
    with pytest.raises(FileNotFoundError, match="no config file"):
        geostrat.sweep(str(tmp_path / "missing.json"))
    # validate reads each kind as its verb does.
    assert [geostrat.validate(c) for c in [SWEEP, TOURNAMENT, METAGAME]] == [
        "sweep", "tournament", "metagame"]
    with pytest.raises(geostrat.ConfigError) as caught:
        geostrat.validate({"extends": METAGAME, "metagame": {"candidates": {}, "colour": 1}})
    assert caught.value.pointer.startswith("/metagame")
    # A config of the wrong kind names what the verb expects.
    with pytest.raises(geostrat.ConfigError, match="metagame"):
        geostrat.equilibrium(SMOKE)
    with pytest.raises(geostrat.ConfigError) as caught:
        geostrat.tournament({"extends": TOURNAMENT, "colour": 1})
    assert caught.value.pointer == "/colour" and caught.value.file == "<dict>"
    (tmp_path / "taken").mkdir()
    with pytest.raises(FileExistsError, match="already exists"):
        geostrat.equilibrium(METAGAME, replicates=2, out=tmp_path / "taken")
    assert os.listdir(tmp_path) == ["taken"]


def test_progress_is_reported_and_its_exception_cancels_the_run(tmp_path):
    calls = []
    r = geostrat.run(SMOKE, replicates=300, threads=2, progress=lambda d, n: calls.append((d, n)))
    assert calls and calls[-1] == (300, 300)
    assert all(n == 300 and 0 < d <= 300 for d, n in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert r.replicates == 300

    def stop(done, total):
        raise RuntimeError(f"stop at {done}")

    baseline = os.path.join(SOURCE, "experiments", "baseline.json")
    with pytest.raises(RuntimeError, match="stop at"):
        geostrat.run(baseline, replicates=5000, threads=2, progress=stop, out=tmp_path / "never")
    assert os.listdir(tmp_path) == []
    with pytest.raises(TypeError, match="progress must be a callable or None, not int"):
        geostrat.run(SMOKE, progress=3)
    assert geostrat.__version__.count(".") == 2


def test_ctrl_c_cancels_a_meta_game_and_nothing_is_written(tmp_path):
    with ctrl_c_after(0.5), pytest.raises(KeyboardInterrupt, match="meta-game cancelled"):
        geostrat.equilibrium(METAGAME, replicates=5000, threads=2, out=tmp_path / "never")
    assert os.listdir(tmp_path) == []


def test_solve_stops_at_max_seconds_and_says_found_not_all():
    rng = np.random.default_rng(20)
    a = rng.integers(0, 100, size=(20, 20)).tolist()
    b = rng.integers(0, 100, size=(20, 20)).tolist()
    cut = geostrat.solve([a, b], method="enummixed", max_seconds=0.2, threads=2)
    assert cut["complete"] is False
    assert "not necessarily all" in cut["warning"] and "lcp" in cut["warning"]
    assert all(eq["nash"] for eq in cut["equilibria"])
    with pytest.raises(ValueError, match="max_seconds applies to enummixed, not to method lcp"):
        geostrat.solve([a, b], method="lcp", max_seconds=1)
    with pytest.raises(ValueError, match=r"max_seconds must be in \(0, 1e6\]"):
        geostrat.solve([a, b], max_seconds=0)
    with pytest.raises(ValueError, match=r"threads must be in \[1, 1024\], not 0"):
        geostrat.solve([a, b], threads=0)
