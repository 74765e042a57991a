"""Issue 9: rounds have owners. A case officer acts only on the rounds an administrator has
assigned them to (or that nobody is assigned to); administrators assign."""

import pytest
from django.urls import reverse

from delaktig.accounts.tests.factories import UserFactory
from delaktig.core.errors import NotAllowed
from delaktig.eligibility.services import roll_files
from delaktig.eligibility.tests.factories import csv_file
from delaktig.processes import services
from delaktig.processes.models import BudgetRound

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned_round(official):
    return services.create_round(
        by=official,
        data={
            "name": "Medborgarbudget Norr",
            "audience": "citizen",
            "summary": "S",
            "total_budget": 1,
        },
    )


@pytest.fixture
def stranger(db):
    return UserFactory(full_name="Sara Annan", is_official=True)


def test_the_creator_owns_the_round(owned_round, official):
    assert list(owned_round.officials.all()) == [official]


def test_another_official_cannot_change_the_round_or_its_roll(owned_round, stranger):
    with pytest.raises(NotAllowed, match="inte handläggare för den här omgången"):
        services.update_round(by=stranger, budget_round=owned_round, data={"name": "Kapad"})
    with pytest.raises(NotAllowed):
        roll_files.queue_roll_file(
            by=stranger,
            budget_round=owned_round,
            kind="invitations",
            uploaded=csv_file("namn\nMallory\n"),
        )
    owned_round.refresh_from_db()
    assert owned_round.name == "Medborgarbudget Norr"


@pytest.mark.parametrize(
    "name",
    [
        "processes_manage:round_manage",
        "processes_manage:schedule_edit",
        "eligibility_manage:index",
        "voting_manage:index",
        "voting_manage:paper",
        "results_manage:overview",
        "assessments_manage:list",
    ],
)
def test_another_officials_pages_answer_403(client, owned_round, stranger, name):
    client.force_login(stranger)
    assert client.get(reverse(name, args=[owned_round.slug])).status_code == 403


def test_the_dashboard_lists_own_and_unassigned_rounds_only(client, owned_round, stranger):
    unassigned = BudgetRound.objects.create(
        slug="fri", name="Fri omgång", audience="citizen", summary="S", total_budget=1
    )
    client.force_login(stranger)
    html = client.get(reverse("processes_manage:dashboard")).content.decode()
    assert unassigned.name in html and owned_round.name not in html


def test_only_administrators_assign(client, owned_round, official, stranger, admin_client):
    with pytest.raises(NotAllowed):
        services.assign_officials(by=official, budget_round=owned_round, officials=[stranger])
    url = reverse("processes_manage:officials_edit", args=[owned_round.slug])
    admin_client.post(url, {"officials": [official.pk, stranger.pk]})
    owned_round = BudgetRound.objects.get(pk=owned_round.pk)
    assert set(owned_round.officials.all()) == {official, stranger}
    owned_round.officials.set([official])
    client.force_login(official)
    assert client.post(url, {"officials": [official.pk, stranger.pk]}).status_code == 403
    assert list(BudgetRound.objects.get(pk=owned_round.pk).officials.all()) == [official]
    services.assign_officials(
        by=owned_round.officials.model.objects.get(is_superuser=True),
        budget_round=owned_round,
        officials=[official, stranger],
    )
    owned_round = BudgetRound.objects.get(pk=owned_round.pk)
    services.update_round(by=stranger, budget_round=owned_round, data={"name": "Norr 2027"})
