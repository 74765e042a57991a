"""Setting up a round is a task list with the status of each step (issue 11); the ballot's
status is what would stop voting from opening."""

import pytest
from django.urls import reverse

from delaktig.processes.tests.factories import BudgetRoundFactory, set_phases

from .factories import box_with_proposals

pytestmark = pytest.mark.django_db


def page(client, official, budget_round):
    client.force_login(official)
    url = reverse("processes_manage:round_manage", kwargs={"slug": budget_round.slug})
    return client.get(url).content.decode()


def test_a_new_round_lists_what_is_left(client, official):
    budget_round = BudgetRoundFactory(status="draft", created_by=official)
    content = page(client, official, budget_round)
    assert "Gör i ordning omgången" in content
    assert content.count("Inte klar") == 2  # the timetable and the ballot
    assert "Kan inte börja än" in content and "Lägg till tidsplanen först." in content
    assert reverse("voting_manage:index", kwargs={"slug": budget_round.slug}) in content


def test_steps_turn_done(client, official):
    budget_round = set_phases(BudgetRoundFactory(status="draft", created_by=official), None)
    box_with_proposals(budget_round, [100, 200])
    content = page(client, official, budget_round)
    assert content.count("Inte klar") == 1  # only publishing is left
    assert content.count(">Klar<") == 4  # details, who, timetable, ballot; areas optional
