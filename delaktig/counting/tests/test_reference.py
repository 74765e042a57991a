"""Golden tests: our outcomes against pabutools' on every Pabulib file.

* ``REFERENCE.tsv`` (shared data): greedy by total support, pabutools' greedy per krona and MES
  without completion, for every file.
* ``data/pabutools_completions.tsv`` (here): pabutools 1.2.3 outcomes for MES with ``add1``,
  ``add1`` + greedy, and sequential Phragmén, computed once by ``make_completions_reference.py``
  for every file where pabutools finished within its time limit.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from delaktig.counting import Options, count

from .conftest import load, needs_data, reference_rows, size_marks

COMPLETIONS = Path(__file__).parent / "data" / "pabutools_completions.tsv"


def rule_of(name: str) -> tuple[str, Options] | None:
    if name == "greedy_total_support":
        return "greedy", Options()
    if name.startswith("greedy_utilitarian_welfare["):
        return "greedy", Options(greedy_score="per-cost")
    if name.startswith("method_of_equal_shares["):
        return "mes", Options()
    if name == "mes+add1":
        return "mes", Options(completion="add1")
    if name == "mes+add1+greedy_utilitarian_welfare":
        return "mes", Options(completion="add1-utilitarian", greedy_score="per-cost")
    if name == "sequential_phragmen":
        return "phragmen", Options()
    return None


def cases(rows):
    out = []
    for row in rows:
        if rule_of(row["rule"]) is None:
            continue
        marks = [*size_marks(row["file"]), needs_data(row["file"])]
        out.append(pytest.param(row, id=f"{row['file']}:{row['rule']}", marks=marks))
    return out or [pytest.param(None, marks=pytest.mark.skip(reason="no reference data"))]


def check(row) -> None:
    rule, options = rule_of(row["rule"])
    inst, prof = load(row["file"])
    out = count(inst, prof, rule, options)
    expected = sorted(x for x in row["selected_project_ids"].split(",") if x)
    assert sorted(out.selected) == expected
    if row.get("selected_cost"):
        assert out.cost == Fraction(Decimal(row["selected_cost"]))
    if row.get("budget"):
        assert out.budget == Fraction(Decimal(row["budget"]))
    assert out.cost <= out.budget


@needs_data()
@pytest.mark.parametrize("row", cases(reference_rows()))
def test_reference(row):
    check(row)


def completion_rows():
    if not COMPLETIONS.is_file():
        return ()
    with open(COMPLETIONS, encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh, delimiter="\t"))


@needs_data()
@pytest.mark.parametrize("row", cases(completion_rows()))
def test_pabutools_completions_and_phragmen(row):
    check(row)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=needs_data(name))
        for name in (
            "Poland_Warszawa_2019_Obszar_1-Zoliborz_Centralny.pb",
            "Netherlands_Amsterdam_166.pb",
            "Switzerland_Zurich_S5D10.pb",
            "US_Stanford_Dataset_PB_Chicago_39th_Ward_2021_vote_rankings.pb",
            "Hungary_Budapest_2025_VIII_Jozsefvaros.pb",
            "Hungary_Budapest_2024_VIII_Jozsefvaros.pb",
        )
    ],
)
def test_exact_mode_agrees_with_the_fast_path(name):
    inst, prof = load(name)
    fast = count(inst, prof, "mes")
    exact = count(inst, prof, "mes", Options(exact=True))
    assert fast.selected == exact.selected
    assert [(r.project, r.decision) for r in fast.rounds] == [
        (r.project, r.decision) for r in exact.rounds
    ]
