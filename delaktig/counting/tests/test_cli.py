"""The command line: ``python -m delaktig.counting FILE.pb ...``."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from delaktig.counting.__main__ import main

from .conftest import DATA, needs_data
from .test_pabulib import GOOD


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.pb"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_plain_output(good, capsys):
    assert main([str(good), "--rule", "greedy"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["rule: greedy", "selected: 1 10", "cost: 90", "budget: 100"]


def test_json_output(good, capsys):
    assert main([str(good), "--rule", "mes", "--completion", "add1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rule"] == "mes+add1"
    assert all(isinstance(x, str) for x in data["selected"])
    assert data["budget"] == 100
    assert data["cost"] <= 100
    assert "rounds" not in data


def test_explain_output(good, capsys):
    assert main([str(good), "--rule", "phragmen", "--explain", "--tie-break", "cost"]) == 0
    out = capsys.readouterr().out
    assert "steps:" in out
    assert "funded" in out
    assert main([str(good), "--rule", "mes", "--json", "--explain"]) == 0
    assert json.loads(capsys.readouterr().out)["rounds"]


def test_malformed_file_exits_2_without_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.pb"
    bad.write_text(GOOD.replace("b;10;41", "b;99;41"), encoding="utf-8")
    assert main([str(bad)]) == 2
    err = capsys.readouterr().err
    assert "line 17" in err
    assert "unknown project '99'" in err
    assert "Traceback" not in err
    assert main([str(tmp_path / "missing.pb")]) == 2
    assert main([str(bad), "--tie-break", "random"]) == 2  # random needs a seed
    assert "seed" in capsys.readouterr().err


def test_bad_satisfaction_for_the_ballots(good, capsys):
    assert main([str(good), "--sat", "borda"]) == 2
    assert "borda" in capsys.readouterr().err


@needs_data("Poland_Gdansk_2020_Olszynka.pb")
def test_module_runs_as_a_program(tmp_path):
    done = subprocess.run(  # noqa: S603 - our own module, run by this interpreter
        [
            sys.executable,
            "-m",
            "delaktig.counting",
            str(DATA / "Poland_Gdansk_2020_Olszynka.pb"),
            "--rule",
            "mes",
            "--completion",
            "add1-utilitarian",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["rule"] == "mes+add1-utilitarian"
    bad = tmp_path / "x.pb"
    bad.write_text("PROJECTS\n", encoding="utf-8")
    done = subprocess.run(  # noqa: S603 - our own module, run by this interpreter
        [sys.executable, "-m", "delaktig.counting", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: ")


def test_the_command_line_loads_only_what_a_count_needs():
    """Start-up dominates a recount (bench/counting.py): the CLI must not load the writer,
    random (only for random tie-breaks), Django or the reference library."""
    probe = (
        "import sys, delaktig.counting.__main__\n"
        "print(sorted(m for m in ('delaktig.counting.pabulib.writer', 'random', 'django',"
        " 'pabutools') if m in sys.modules))"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
