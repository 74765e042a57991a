"""One list of counting rules: what officials can choose is what the library can count."""

import pytest

from delaktig.counting import RULES, count
from delaktig.counting.options import COMPLETIONS, Options
from delaktig.results.adapters import build_election
from delaktig.results.forms import PabulibCountForm
from delaktig.results.services import compare_rules
from delaktig.results.tests.factories import box_with_ballots
from delaktig.voting.models import Completion, CountingRule


def test_the_rules_offered_are_exactly_the_rules_the_library_counts():
    assert tuple(CountingRule.values) == RULES
    assert tuple(Completion.values) == COMPLETIONS
    form = PabulibCountForm()
    assert tuple(value for value, _label in form.fields["rule"].choices) == RULES
    assert tuple(value for value, _label in form.fields["completion"].choices) == COMPLETIONS


def test_every_offered_rule_and_completion_counts():
    from delaktig.counting.tests.conftest import election

    instance, profile = election(100, {"a": 60, "b": 50, "c": 40}, [["a"], ["b", "c"], ["c"]])
    for rule in CountingRule.values:
        for completion in Completion.values if rule == "mes" else ("none",):
            assert count(instance, profile, rule, Options(completion=completion)).selected


@pytest.mark.django_db
def test_compare_rules_shows_every_rule(make_round):
    budget_round = make_round("result", total_budget=50_000)
    box, _ = box_with_ballots(budget_round, costs={"A": 30_000, "B": 20_000}, ballots=[["A"]] * 5)
    assert [row.rule.split("+")[0] for row in compare_rules(box)] == list(RULES)


@pytest.mark.django_db
def test_the_file_states_the_ballot_limit_voters_had(make_round):
    """A ranking ballot's limit is its number of places (voting.validation.most_choices), also
    when no separate maximum is set: the .pb says so, as the ballot page did."""
    budget_round = make_round("result", total_budget=50_000)
    box, _ = box_with_ballots(
        budget_round,
        costs={"A": 30_000, "B": 20_000, "C": 10_000},
        ballots=[["A", "B"], ["C"]] * 3,
        kind="ranking",
        rank_count=2,
    )
    assert box.max_choices is None
    assert build_election(box).instance.meta["max_length"] == "2"
