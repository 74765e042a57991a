from datetime import timedelta

import pytest
from django.utils import timezone

from delaktig.processes.tests.factories import (
    BudgetRoundFactory,
    budget_phases,
    round_in_phase,
    set_phases,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", budget_phases())
def test_exactly_one_current_phase(kind):
    budget_round = round_in_phase(kind)
    assert budget_round.current_phase_kind() == kind


def test_phase_start_inclusive_end_exclusive():
    budget_round = round_in_phase("propose")
    propose = budget_round.phase_of_kind("propose")
    assert budget_round.current_phase_kind(at=propose.starts_at) == "propose"
    assert budget_round.current_phase_kind(at=propose.ends_at) == "assess"
    before = propose.starts_at - timedelta(microseconds=1)
    assert budget_round.current_phase_kind(at=before) == "inform"


def test_no_phase_before_start():
    budget_round = set_phases(BudgetRoundFactory(), None)
    assert budget_round.current_phase() is None
    assert not budget_round.allows("submit_proposal")


def test_phases_switch_by_themselves(time_machine):
    budget_round = round_in_phase("propose")
    assert budget_round.allows("submit_proposal")
    time_machine.move_to(budget_round.phase_of_kind("vote").starts_at + timedelta(hours=1))
    budget_round.refresh_from_db()
    assert budget_round.current_phase_kind() == "vote"
    assert budget_round.allows("cast_ballot")
    assert not budget_round.allows("submit_proposal")


def test_draft_round_allows_nothing():
    budget_round = round_in_phase("vote", status="draft")
    assert not budget_round.allows("cast_ballot")


def test_gap_between_phases_has_no_phase():
    budget_round = round_in_phase("propose")
    propose = budget_round.phase_of_kind("propose")
    assess = budget_round.phase_of_kind("assess")
    assess.starts_at = propose.ends_at + timedelta(days=1)
    assess.save()
    budget_round = type(budget_round).objects.get(pk=budget_round.pk)
    assert budget_round.current_phase(at=propose.ends_at + timedelta(hours=1)) is None
    assert timezone.now() < propose.ends_at
