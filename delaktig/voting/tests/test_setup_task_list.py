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


def test_the_last_step_opens_voting(client, official, make_round):
    """From the task list to an open vote (issue 11): the step links "Öppna omröstningen nu"
    once the round is published and voting has not opened, and is done once it has."""
    from delaktig.processes.tests.factories import round_in_phase

    draft = set_phases(BudgetRoundFactory(status="draft", created_by=official), None)
    open_now = reverse("processes_manage:open_voting_now", kwargs={"slug": draft.slug})
    content = page(client, official, draft)
    assert "Öppna omröstningen" in content and "Publicera omgången först." in content
    assert open_now not in content

    published = round_in_phase("assess")
    box_with_proposals(published, [100])
    content = page(client, official, published)
    url = reverse("processes_manage:open_voting_now", kwargs={"slug": published.slug})
    assert f'href="{url}"' in content and "öppnar av sig själv" in content

    voting = round_in_phase("vote")
    content = page(client, official, voting)
    assert "Omröstningen har öppnat." in content
    assert reverse("processes_manage:open_voting_now", kwargs={"slug": voting.slug}) not in content


def test_a_round_without_voting_in_its_timetable_cannot_open_it(client, official):
    budget_round = BudgetRoundFactory(status="draft", created_by=official)
    assert "Lägg först till omröstningen i tidsplanen." in page(client, official, budget_round)


def test_one_new_ballot_box_leads_to_its_design(client, official, make_round):
    from delaktig.processes.tests.factories import AreaFactory
    from delaktig.voting.models import BallotBox

    budget_round = make_round("assess")
    client.force_login(official)
    create = reverse("voting_manage:create", kwargs={"slug": budget_round.slug})
    response = client.post(create, {"kind": "knapsack"})
    box = BallotBox.objects.get(budget_round=budget_round)
    assert response.url == reverse(
        "voting_manage:box", kwargs={"slug": budget_round.slug, "box_id": box.pk}
    )
    with_areas = make_round("assess")
    AreaFactory.create_batch(2, budget_round=with_areas)
    response = client.post(
        reverse("voting_manage:create", kwargs={"slug": with_areas.slug}), {"kind": "approval"}
    )
    assert response.url == reverse("voting_manage:index", kwargs={"slug": with_areas.slug})
