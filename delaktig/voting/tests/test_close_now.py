"""'Stäng nu' (issue 11): closing voting before its planned end takes a second case officer
(issue 9 lets one official only move the end later), and it is final."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from delaktig.approvals import services as approvals
from delaktig.approvals.models import Approval
from delaktig.core.errors import Conflict, NotAllowed
from delaktig.eligibility.tests.factories import colleague
from delaktig.processes import services as processes
from delaktig.voting.rules import voting_has_closed

pytestmark = pytest.mark.django_db


def test_one_official_alone_cannot_close_early(make_round, official):
    budget_round = make_round("vote")
    for approved_by in (None, official):
        with pytest.raises(NotAllowed):
            processes.close_binding_phase_now(
                by=official, budget_round=budget_round, approved_by=approved_by
            )
    assert not voting_has_closed(budget_round)


def test_two_officials_close_it_and_it_stays_closed(client, make_round, official, time_machine):
    budget_round = make_round("vote")
    budget_round.officials.add(official)
    second = colleague()
    budget_round.officials.add(second)
    time_machine.move_to(timezone.now() + timedelta(minutes=1))
    client.force_login(official)
    response = client.post(
        reverse("voting_manage:close_now", kwargs={"slug": budget_round.slug}),
        {"reason": "Fel på röstsedeln i område Norr."},
    )
    assert response.status_code == 302
    approval = Approval.objects.get(action="voting.close_now")
    assert not voting_has_closed(type(budget_round).objects.get(pk=budget_round.pk))
    with pytest.raises(NotAllowed):
        approvals.approve(by=official, approval=approval)  # not by the one who asked
    approvals.approve(by=second, approval=approval)
    budget_round = type(budget_round).objects.get(pk=budget_round.pk)
    assert voting_has_closed(budget_round)
    assert budget_round.current_phase_kind() == "result"
    # Final: the timetable cannot re-open it.
    schedule = {p.kind: (p.starts_at, p.ends_at) for p in budget_round.phases.all()}
    starts, ends = schedule["vote"]
    later = ends + timedelta(days=3)
    schedule["vote"] = (starts, later)
    schedule["result"] = (later, later + timedelta(days=1))
    schedule["follow_up"] = (later + timedelta(days=1), None)
    with pytest.raises(Conflict):
        processes.set_schedule(by=official, budget_round=budget_round, schedule=schedule)


def test_nothing_to_close_before_voting_opens(make_round, official):
    with pytest.raises(Conflict):
        processes.close_binding_phase_now(
            by=official, budget_round=make_round("propose"), approved_by=colleague()
        )
