"""The goal pages: public reading (drafts are 404), the manage pages and their permissions, the
import's three steps, choosing among hundreds, and query counts that do not grow with the
number of values."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delaktig.accounts.tests.factories import UnitFactory
from delaktig.followup.models import Project, ProjectStatus
from delaktig.goals.models import Goal, Measurement
from delaktig.processes.tests.factories import BudgetRoundFactory
from delaktig.proposals.tests.factories import ProposalFactory

from .factories import GoalFactory, IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(name, kwargs=kwargs)


# -- public ---------------------------------------------------------------------------------------


def test_the_goal_page_shows_chart_table_direction_and_projects(client, indicator):
    goal = indicator.goal
    MeasurementFactory(
        indicator=indicator, measured_on=datetime.date(2023, 1, 1), value=Decimal("58.5")
    )
    budget_round = BudgetRoundFactory()
    proposal = ProposalFactory(budget_round=budget_round, title="Belysning i parken")
    project = Project.objects.create(
        budget_round=budget_round,
        proposal=proposal,
        title="Belysning byggs",
        budgeted_cost=45_000,
        status=ProjectStatus.DELAYED,
        status_reason="Leveransen är sen.",
    )
    goal.rounds.add(budget_round)
    goal.proposals.add(proposal)
    goal.projects.add(project)
    response = client.get(url("goals:detail", slug=goal.slug))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "<polyline" in html
    assert "58,5" in html and "Högre är bättre" in html
    assert "Utgångsvärde" in html and "Målvärde" in html
    assert "Belysning byggs" in html and "Leveransen är sen." in html
    assert str(project.get_status_display()) in html
    assert proposal.get_absolute_url() in html
    assert budget_round.get_absolute_url() in html
    assert f'href="{project.get_absolute_url()}"' in html  # the project's own page
    assert "23 procent av vägen" in html  # (58.5 − 55) / (70 − 55)


def test_drafts_are_404_to_the_public_and_shown_to_officials(client, resident, official):
    draft = IndicatorFactory(goal=GoalFactory(published=False)).goal
    assert client.get(url("goals:detail", slug=draft.slug)).status_code == 404
    client.force_login(resident)
    assert client.get(url("goals:detail", slug=draft.slug)).status_code == 404
    assert draft.title not in client.get(url("goals:list")).content.decode()
    client.force_login(official)
    assert client.get(url("goals:detail", slug=draft.slug)).status_code == 200


def test_the_goal_page_reads_the_same_queries_however_many_values(
    client, django_assert_max_num_queries
):
    def count_for(n):
        indicator = IndicatorFactory()
        for i in range(n):
            MeasurementFactory(indicator=indicator, measured_on=datetime.date(2022, 2, 1 + i))
        IndicatorFactory(goal=indicator.goal)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("goals:detail", slug=indicator.goal.slug)).status_code == 200
        return len(queries)

    assert count_for(2) == count_for(25)


def test_the_rounds_page_lists_the_goals_it_serves(client, indicator):
    budget_round = BudgetRoundFactory()
    hidden = IndicatorFactory(goal=GoalFactory(published=False, title="Hemligt mål")).goal
    indicator.goal.rounds.add(budget_round)
    hidden.rounds.add(budget_round)
    html = client.get(budget_round.get_absolute_url()).content.decode()
    assert indicator.goal.title in html
    assert url("goals:detail", slug=indicator.goal.slug) in html
    assert "Hemligt mål" not in html


# -- manage ---------------------------------------------------------------------------------------


def test_residents_and_other_units_officials_are_refused(
    client, resident, other_official, indicator
):
    client.force_login(resident)
    assert client.get(url("goals_manage:list")).status_code == 403
    assert client.get(url("goals_manage:goal", slug=indicator.goal.slug)).status_code == 403
    unit = UnitFactory()
    goal = GoalFactory(unit=unit)
    client.force_login(other_official)
    response = client.get(url("goals_manage:goal", slug=goal.slug))
    assert response.status_code == 403 and "en annan enhet" in response.content.decode()
    response = client.post(url("goals_manage:publish", slug=goal.slug), {"confirm": "yes"})
    assert response.status_code == 403


def test_the_dashboard_links_to_the_goals_for_officials_only(client, official, moderator):
    client.force_login(official)
    assert (
        url("goals_manage:list") in client.get(url("processes_manage:dashboard")).content.decode()
    )
    client.force_login(moderator)
    assert (
        url("goals_manage:list")
        not in client.get(url("processes_manage:dashboard")).content.decode()
    )


def test_an_official_creates_a_goal_adds_an_indicator_and_a_value(official_client):
    response = official_client.post(
        url("goals_manage:create"),
        {"title": "Fler i arbete", "effect": "Fler unga har jobb.", "unit": "", "decided_by": "KF"},
    )
    goal = Goal.objects.get()
    assert response.status_code == 302 and not goal.published
    response = official_client.post(
        url("goals_manage:indicator_create", slug=goal.slug),
        {
            "name": "Unga utan arbete",
            "unit": "%",
            "baseline": "12,5",
            "baseline_on": "2022-01-01",
            "target": "8",
            "target_on": "2027-12-31",
            "direction": "down",
            "source": "Arbetsförmedlingen",
        },
    )
    indicator = goal.indicators.get()
    assert indicator.baseline == Decimal("12.5")
    values_url = url("goals_manage:values", slug=goal.slug, pk=indicator.pk)
    assert response["Location"] == values_url
    response = official_client.post(
        values_url, {"measured_on": "2023-01-01", "value": "tolv", "comment": ""}
    )
    assert response.status_code == 200 and "ett tal" in response.content.decode()
    official_client.post(values_url, {"measured_on": "2023-01-01", "value": "11,75"})
    assert indicator.measurements.get().value == Decimal("11.75")
    response = official_client.post(values_url, {"measured_on": "2023-01-01", "value": "11"})
    assert "redan ett värde" in response.content.decode()


def test_a_target_on_the_wrong_side_is_shown_beside_the_field(official_client, goal):
    response = official_client.post(
        url("goals_manage:indicator_create", slug=goal.slug),
        {
            "name": "Trygghet",
            "unit": "%",
            "baseline": "55",
            "baseline_on": "2022-01-01",
            "target": "55",
            "direction": "up",
            "source": "SCB",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "samma som utgångsvärdet" in html
    assert 'href="#id_target"' in html


def test_publishing_and_unpublishing_ask_first(official_client, indicator):
    goal = GoalFactory(published=False)
    IndicatorFactory(goal=goal)
    publish = url("goals_manage:publish", slug=goal.slug)
    response = official_client.get(publish)
    assert response.status_code == 200 and "Publicera målet?" in response.content.decode()
    goal.refresh_from_db()
    assert not goal.published
    official_client.post(publish, {"confirm": "yes"})
    goal.refresh_from_db()
    assert goal.published
    unpublish = url("goals_manage:unpublish", slug=goal.slug)
    assert "Avpublicera" in official_client.get(unpublish).content.decode()
    official_client.post(unpublish, {"confirm": "yes"})
    goal.refresh_from_db()
    assert not goal.published


def test_the_import_checks_shows_and_only_then_stores(official_client, indicator):
    goal = indicator.goal
    upload = url("goals_manage:import", slug=goal.slug)
    bad = SimpleUploadedFile(
        "v.csv", "indikator;datum;värde\nTrygghet;2023-01-01;x\nOkänd;2023-01-01;1\n".encode()
    )
    response = official_client.post(upload, {"file": bad})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fel i filen" in html and "Ingenting har lästs in" in html
    assert "Målet har ingen indikator som heter ”Okänd”." in html
    good = SimpleUploadedFile(
        "v.csv",
        "indikator;datum;värde\nTrygghet;2023-01-01;58,5\nTrygghet;2024-01-01;60\n".encode(),
    )
    response = official_client.post(upload, {"file": good})
    html = response.content.decode()
    assert response.status_code == 200 and "Kontrollera värdena" in html
    assert not Measurement.objects.exists()
    token = response.context["token"]
    response = official_client.post(
        url("goals_manage:import_confirm", slug=goal.slug), {"token": token}
    )
    assert response.status_code == 302
    assert indicator.measurements.count() == 2
    # The same confirmation again: the dates are stored now, so nothing more is imported.
    response = official_client.post(
        url("goals_manage:import_confirm", slug=goal.slug), {"token": token}, follow=True
    )
    assert "Inget importerades" in response.content.decode()
    assert indicator.measurements.count() == 2


def test_a_forged_token_imports_nothing(official_client, indicator):
    response = official_client.post(
        url("goals_manage:import_confirm", slug=indicator.goal.slug),
        {"token": "forged"},
        follow=True,
    )
    assert "Ladda upp den igen" in response.content.decode()
    assert not Measurement.objects.exists()


def test_the_templates_download(official_client, indicator):
    response = official_client.get(
        url("goals_manage:import_template_csv", slug=indicator.goal.slug)
    )
    assert response.status_code == 200 and b"indikator;datum" in response.content
    response = official_client.get(
        url("goals_manage:import_template_xlsx", slug=indicator.goal.slug)
    )
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_choosing_proposals_among_hundreds(official_client, goal):
    budget_round = BudgetRoundFactory()
    other_round = BudgetRoundFactory()
    ProposalFactory.create_batch(120, budget_round=budget_round)
    wanted = ProposalFactory(budget_round=budget_round, title="Belysning vid sjön")
    ProposalFactory(budget_round=other_round, title="Belysning i centrum")
    pick = url("goals_manage:pick_proposals", slug=goal.slug)
    response = official_client.get(pick)
    assert "första 100" in response.content.decode()
    query = f"?round={budget_round.pk}&q=belysning"
    response = official_client.get(pick + query)
    assert [p.pk for p in response.context["shown"]] == [wanted.pk]
    official_client.post(pick + query, {"chosen": [str(wanted.pk)]})
    assert list(goal.proposals.all()) == [wanted]
    official_client.post(pick + query, {})
    assert not goal.proposals.exists()


def test_choosing_rounds(official_client, goal):
    rounds = BudgetRoundFactory.create_batch(3)
    official_client.post(
        url("goals_manage:links", slug=goal.slug), {"rounds": [rounds[0].pk, rounds[2].pk]}
    )
    assert set(goal.rounds.all()) == {rounds[0], rounds[2]}


def test_the_edit_forms_show_stored_numbers_as_typed(official_client, indicator):
    measurement = MeasurementFactory(indicator=indicator, value=Decimal("12.5"))
    html = official_client.get(
        url("goals_manage:indicator_edit", slug=indicator.goal.slug, pk=indicator.pk)
    ).content.decode()
    assert 'value="55"' in html and 'value="70"' in html
    html = official_client.get(
        url(
            "goals_manage:measurement_edit",
            slug=indicator.goal.slug,
            pk=indicator.pk,
            measurement_pk=measurement.pk,
        )
    ).content.decode()
    assert 'value="12,5"' in html
    official_client.post(
        url(
            "goals_manage:measurement_edit",
            slug=indicator.goal.slug,
            pk=indicator.pk,
            measurement_pk=measurement.pk,
        ),
        {"value": "13,25", "comment": "Rättat"},
    )
    measurement.refresh_from_db()
    assert (measurement.value, measurement.comment) == (Decimal("13.25"), "Rättat")


def test_every_manage_page_answers(official_client, indicator):
    goal = indicator.goal
    measurement = MeasurementFactory(indicator=indicator)
    slug, pk = goal.slug, indicator.pk
    pages = [
        url("goals_manage:list"),
        url("goals_manage:create"),
        url("goals_manage:goal", slug=slug),
        url("goals_manage:edit", slug=slug),
        url("goals_manage:indicator_create", slug=slug),
        url("goals_manage:values", slug=slug, pk=pk),
        url("goals_manage:indicator_delete", slug=slug, pk=pk),
        url("goals_manage:measurement_delete", slug=slug, pk=pk, measurement_pk=measurement.pk),
        url("goals_manage:import", slug=slug),
        url("goals_manage:links", slug=slug),
        url("goals_manage:pick_projects", slug=slug),
        url("goals:list"),
    ]
    for page in pages:
        assert official_client.get(page).status_code == 200, page


def test_removing_a_value_and_an_indicator_after_confirming(official_client, indicator):
    goal = indicator.goal
    second = IndicatorFactory(goal=goal)
    measurement = MeasurementFactory(indicator=indicator)
    remove_value = url(
        "goals_manage:measurement_delete",
        slug=goal.slug,
        pk=indicator.pk,
        measurement_pk=measurement.pk,
    )
    official_client.post(remove_value)  # without the confirm button: only the check page
    assert Measurement.objects.filter(pk=measurement.pk).exists()
    official_client.post(remove_value, {"confirm": "yes"})
    assert not Measurement.objects.filter(pk=measurement.pk).exists()
    official_client.post(
        url("goals_manage:indicator_delete", slug=goal.slug, pk=second.pk), {"confirm": "yes"}
    )
    response = official_client.post(
        url("goals_manage:indicator_delete", slug=goal.slug, pk=indicator.pk),
        {"confirm": "yes"},
        follow=True,
    )
    assert "minst en indikator" in response.content.decode()
    assert list(goal.indicators.all()) == [indicator]


def test_a_value_of_another_goals_indicator_is_404(official_client, indicator):
    other = MeasurementFactory()
    response = official_client.get(
        url(
            "goals_manage:measurement_edit",
            slug=indicator.goal.slug,
            pk=indicator.pk,
            measurement_pk=other.pk,
        )
    )
    assert response.status_code == 404
