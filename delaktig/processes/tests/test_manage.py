from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from delaktig.accounts.tests.factories import DistrictFactory, UnitFactory
from delaktig.audit.models import AuditEvent
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.processes import services
from delaktig.processes.models import BudgetRound
from delaktig.processes.tests.factories import AreaFactory, BudgetRoundFactory, round_in_phase

pytestmark = pytest.mark.django_db


def test_official_creates_a_draft_round_through_the_form(client, official):
    unit = UnitFactory()
    client.force_login(official)
    response = client.post(
        reverse("processes_manage:round_create"),
        {
            "name_sv": "Medarbetarbudget 2021 – du vet bäst",
            "kind": "budget",
            "audience": "staff",
            "summary_sv": "Du bestämmer över 50 000 kronor.",
            "total_budget": "50000",
            "eligibility": "unit",
            "unit": unit.pk,
            "rules_text_sv": "Varje förslag får kosta högst 30 000 kr.",
        },
    )
    budget_round = BudgetRound.objects.get()
    assert response.status_code == 302
    assert budget_round.status == "draft"
    assert budget_round.slug == "medarbetarbudget-2021-du-vet-bast"
    assert AuditEvent.objects.filter(action="round.created", actor=official).exists()


def test_unit_eligibility_needs_a_unit(client, official):
    client.force_login(official)
    response = client.post(
        reverse("processes_manage:round_create"),
        {
            "name_sv": "X",
            "kind": "budget",
            "audience": "staff",
            "summary_sv": "s",
            "total_budget": "100",
            "eligibility": "unit",
        },
    )
    assert response.status_code == 200
    assert "data-error-summary" in response.content.decode()
    assert not BudgetRound.objects.exists()


@pytest.mark.parametrize("fixture", ["resident", "moderator"])
def test_non_officials_cannot_create_rounds(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    response = client.post(reverse("processes_manage:round_create"), {"name_sv": "X"})
    assert response.status_code == 403
    assert not BudgetRound.objects.exists()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("processes_manage:round_create"))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_services_refuse_non_officials(resident):
    with pytest.raises(NotAllowed):
        services.create_round(by=resident, data={"name_sv": "X"})


def test_areas_may_not_exceed_total_budget(official):
    budget_round = BudgetRoundFactory(total_budget=100_000)
    with pytest.raises(InvalidInput):
        services.save_areas(
            by=official,
            budget_round=budget_round,
            areas=[services.AreaData("Norr", 60_000), services.AreaData("Söder", 50_000)],
        )
    assert not budget_round.areas.exists()


def test_areas_form_saves_areas_with_districts(client, official):
    budget_round = BudgetRoundFactory(total_budget=200_000, status="draft")
    district = DistrictFactory(name="Norr")
    client.force_login(official)
    data = {
        "areas-TOTAL_FORMS": "3",
        "areas-INITIAL_FORMS": "0",
        "areas-0-name": "Norr",
        "areas-0-budget": "100000",
        "areas-0-district": district.pk,
        "areas-1-name": "Söder",
        "areas-1-budget": "100000",
        "areas-2-name": "",
        "areas-2-budget": "",
    }
    response = client.post(reverse("processes_manage:areas_edit", args=[budget_round.slug]), data)
    assert response.status_code == 302
    assert [(a.name, a.budget) for a in budget_round.areas.all()] == [
        ("Norr", 100_000),
        ("Söder", 100_000),
    ]


def test_money_is_locked_once_voting_opens(official):
    budget_round = round_in_phase("vote", total_budget=100_000)
    with pytest.raises(Conflict):
        services.update_round(by=official, budget_round=budget_round, data={"total_budget": 1})
    with pytest.raises(Conflict):
        services.save_areas(
            by=official, budget_round=budget_round, areas=[services.AreaData("Norr", 1)]
        )
    budget_round.refresh_from_db()
    assert budget_round.total_budget == 100_000


def test_schedule_must_be_in_order(official):
    budget_round = BudgetRoundFactory(status="draft")
    now = timezone.now()
    with pytest.raises(InvalidInput):
        services.set_schedule(
            by=official,
            budget_round=budget_round,
            schedule={
                "propose": (now, now + timedelta(days=10)),
                "vote": (now + timedelta(days=5), now + timedelta(days=20)),
            },
        )
    with pytest.raises(InvalidInput):
        services.set_schedule(
            by=official, budget_round=budget_round, schedule={"propose": (now, now + timedelta(1))}
        )
    assert not budget_round.phases.exists()


def test_schedule_form_round_trip(client, official):
    budget_round = BudgetRoundFactory(status="draft")
    client.force_login(official)
    url = reverse("processes_manage:schedule_edit", args=[budget_round.slug])
    response = client.post(
        url,
        {
            "propose_start": "2027-03-01T08:00",
            "propose_end": "2027-03-31T23:59",
            "vote_start": "2027-04-10T08:00",
            "vote_end": "2027-04-30T20:00",
            "result_start": "2027-04-30T20:00",
        },
    )
    assert response.status_code == 302
    assert [p.kind for p in budget_round.phases_in_order()] == ["propose", "vote", "result"]
    bad = client.post(url, {"vote_start": "2027-04-10T08:00", "vote_end": "2027-04-01T08:00"})
    assert bad.status_code == 200
    assert "måste sluta efter" in bad.content.decode()


def test_publish_needs_phases_and_then_shows_the_round(client, official, resident):
    budget_round = BudgetRoundFactory(status="draft")
    with pytest.raises(InvalidInput):
        services.publish_round(by=official, budget_round=budget_round)
    client.force_login(resident)
    assert client.get(budget_round.get_absolute_url()).status_code == 404
    round_with_phases = round_in_phase("propose", status="draft")
    services.publish_round(by=official, budget_round=round_with_phases)
    assert client.get(round_with_phases.get_absolute_url()).status_code == 200


def test_official_can_preview_a_draft(client, official):
    budget_round = round_in_phase("propose", status="draft")
    client.force_login(official)
    response = client.get(budget_round.get_absolute_url())
    assert response.status_code == 200
    assert "Utkast" in response.content.decode()


def test_round_page_says_what_you_can_do_now(client):
    budget_round = round_in_phase("vote")
    AreaFactory(budget_round=budget_round, name="Centrum", budget=100_000)
    body = client.get(budget_round.get_absolute_url()).content.decode()
    assert "Nu: Omröstning" in body
    assert "Centrum" in body
