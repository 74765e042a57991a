"""A file states how it was counted (recount.stated_settings) and a recount reads it back
(recount.settings_from_meta, ``--settings-from-file``) with the same outcome."""

from __future__ import annotations

import json

import pytest

from delaktig.counting import RULES, count, greedy, mes, pabulib, phragmen
from delaktig.counting.__main__ import main
from delaktig.counting.options import Options
from delaktig.counting.recount import settings_from_meta, stated_settings

from .conftest import election

CASES = [
    ("greedy", Options()),
    ("greedy", Options(greedy_score="per-cost")),
    ("greedy", Options(tie_break="cost")),
    ("mes", Options()),
    ("mes", Options(completion="add1")),
    ("mes", Options(completion="add1-utilitarian")),
    ("mes", Options(completion="add1-utilitarian", greedy_score="per-cost")),
    ("mes", Options(sat="cardinality", tie_break="random", seed=7)),
    ("phragmen", Options()),
]
BALLOTS = [["a", "b"], ["a"], ["c"], ["b", "c"], ["c", "d"], ["d"], ["a", "d"]]
COSTS = {"a": 40, "b": 30, "c": 30, "d": 20}


def test_the_rules_the_library_counts_are_one_list():
    assert RULES == ("greedy", "mes", "phragmen")
    assert [f.__name__ for f in (greedy, mes, phragmen)] == list(RULES)


@pytest.mark.parametrize(("rule", "options"), CASES, ids=[f"{r}-{o}" for r, o in CASES])
def test_a_recount_from_the_stated_settings_gives_the_same_outcome(rule, options):
    instance, profile = election(100, COSTS, BALLOTS)
    meta = {"vote_type": "approval", **stated_settings(rule, options, "approval")}
    back_rule, back_options = settings_from_meta(meta)
    first = count(instance, profile, rule, options)
    again = count(instance, profile, back_rule, back_options)
    assert (
        again.rule == first.rule == meta["rule"].replace("greedy", first.rule, 1)[: len(first.rule)]
    )
    assert again.selected == first.selected
    assert again.rounds == first.rounds


def test_the_stated_settings_name_everything_that_changes_a_count():
    meta = stated_settings("mes", Options(completion="add1"), "approval")
    assert meta["rule"] == "mes+add1"
    assert meta["completion"] == "add1"
    assert meta["satisfaction"] == "cost"
    assert meta["tie_break"] == "lexico"
    assert meta["counted_with"].startswith("delaktig.counting ")
    assert stated_settings("mes", Options(), "ordinal")["satisfaction"] == "borda"


@pytest.mark.parametrize(
    "meta",
    [
        {},
        {"rule": "equalshares/add1"},
        {"rule": "greedy+add1"},
        {"rule": "mes+add1", "completion": "none"},
        {"rule": "mes", "tie_break": "coin"},
        {"rule": "mes", "tie_break": "random"},
        {"rule": "mes", "satisfaction": "joy"},
    ],
)
def test_settings_the_library_cannot_follow_are_refused(meta):
    with pytest.raises(ValueError, match="META"):
        settings_from_meta(meta)


def test_the_command_line_counts_with_the_settings_the_file_states(tmp_path, capsys):
    instance, profile = election(100, COSTS, BALLOTS)
    settings = stated_settings("mes", Options(completion="add1"), "approval")
    instance = type(instance)(
        budget=instance.budget, projects=instance.projects, meta={**instance.meta, **settings}
    )
    path = tmp_path / "result.pb"
    path.write_text(pabulib.dumps(instance, profile), encoding="utf-8")
    assert main([str(path), "--settings-from-file", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    expected = count(instance, profile, "mes", Options(completion="add1"))
    assert data["rule"] == "mes+add1"
    assert data["selected"] == list(expected.selected)
    path.write_text(pabulib.dumps(instance, profile).replace("rule;mes+add1", "rule;x"))
    assert main([str(path), "--settings-from-file"]) == 2
