"""One public overview of every way to take part ("se helheten", issue 12): budget rounds and
dialogues, open now, coming and finished, filtered by kind and audience, in bounded queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delaktig.accounts.tests.factories import UnitFactory
from delaktig.processes import components
from delaktig.processes.models import Phase
from delaktig.processes.queries import COMING, FINISHED, OPEN, by_state, rounds_with_phases
from delaktig.processes.tests.factories import BudgetRoundFactory, set_phases

pytestmark = pytest.mark.django_db


def dialogue(current="consult", **kwargs):
    process = BudgetRoundFactory(kind=components.DIALOGUE, total_budget=None, **kwargs)
    return set_phases(process, current)


def finished(**kwargs):
    process = BudgetRoundFactory(kind=components.DIALOGUE, total_budget=None, **kwargs)
    start = timezone.now() - timedelta(days=40)
    for i, kind in enumerate(("inform", "consult", "analysis")):
        Phase.objects.create(
            budget_round=process,
            kind=kind,
            starts_at=start + timedelta(days=10 * i),
            ends_at=start + timedelta(days=10 * i + 10),
        )
    return process


def section(content: str, key: str) -> str:
    start = content.index(f'id="group-{key}"')
    end = content.find("</section>", start)
    return content[start:end]


def test_processes_are_sorted_by_state():
    open_now = dialogue("consult", name="Öppen")
    coming = dialogue(None, name="Kommande")
    over = finished(name="Klar")
    undated = BudgetRoundFactory(name="Utan datum")
    groups = by_state(rounds_with_phases())
    assert [p.name for p in groups[OPEN]] == [open_now.name]
    assert {p.name for p in groups[COMING]} == {coming.name, undated.name}
    assert [p.name for p in groups[FINISHED]] == [over.name]
    assert groups[OPEN][0].state_date == open_now.current_phase().ends_at


def test_the_overview_lists_both_kinds_with_what_you_can_do(client):
    set_phases(BudgetRoundFactory(name="Medborgarbudget Centrum"), "vote")
    dialogue("consult", name="Trygg i Nässjö")
    dialogue(None, name="Framtidens bibliotek")
    finished(name="Skolvägar")
    content = client.get(reverse("overview")).content.decode()
    open_now = section(content, "open")
    assert "Medborgarbudget Centrum" in open_now and "Rösta senast" in open_now
    assert "Trygg i Nässjö" in open_now and "Medborgardialog" in open_now
    assert "Svara senast" in open_now  # the dialogue's primary action
    assert "Svara på enkäten och berätta för kommunen vad du tycker." in open_now
    assert "Framtidens bibliotek" in section(content, "coming")
    assert "Börjar" in section(content, "coming")
    assert "Skolvägar" in section(content, "finished")
    assert "Avslutades" in section(content, "finished")


def test_drafts_are_not_in_the_overview_even_for_officials(client, official):
    dialogue("consult", name="Hemligt utkast", status="draft")
    client.force_login(official)
    assert "Hemligt utkast" not in client.get(reverse("overview")).content.decode()


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"typ": "dialog"}, ["Trygg i Nässjö", "Samverkan"], ["Medborgarbudget Centrum"]),
        ({"typ": "budget"}, ["Medborgarbudget Centrum"], ["Trygg i Nässjö", "Samverkan"]),
        ({"for": "anstallda"}, ["Samverkan"], ["Trygg i Nässjö", "Medborgarbudget Centrum"]),
        ({"typ": "dialog", "for": "invanare"}, ["Trygg i Nässjö"], ["Samverkan"]),
        ({}, ["Trygg i Nässjö", "Samverkan", "Medborgarbudget Centrum"], []),
    ],
)
def test_filters_by_kind_and_audience(client, query, shown, hidden):
    set_phases(BudgetRoundFactory(name="Medborgarbudget Centrum"), "vote")
    dialogue("consult", name="Trygg i Nässjö", audience="citizen")
    dialogue("consult", name="Samverkan", audience="staff")
    content = client.get(reverse("overview"), query).content.decode()
    for name in shown:
        assert name in content, name
    for name in hidden:
        assert name not in content, name


def test_an_unknown_filter_value_lists_everything_and_says_so(client):
    dialogue("consult", name="Trygg i Nässjö")
    response = client.get(reverse("overview"), {"typ": "<script>"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Trygg i Nässjö" in content
    assert "data-error-summary" in content and "<script>" not in content


def test_the_chosen_filter_stays_checked(client):
    content = client.get(reverse("overview"), {"typ": "dialog"}).content.decode()
    assert 'value="dialog" id="id_typ_2" checked' in content


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["overview", "home"])
def test_the_number_of_queries_does_not_grow_with_the_processes(client, url_name):
    unit = UnitFactory()

    def add_some(n):
        for i in range(n):
            set_phases(BudgetRoundFactory(), ("vote", "propose", None)[i % 3])
            dialogue(
                ("consult", None, "analysis")[i % 3],
                audience="staff",
                eligibility="unit",
                unit=unit,
            )
            finished()

    add_some(2)
    url = reverse(url_name)
    few = _queries(client, url)
    add_some(6)
    assert _queries(client, url) == few
    assert few <= 4  # the processes, their phases, their areas (3 today)


def test_the_header_links_to_the_overview(client):
    content = client.get(reverse("home")).content.decode()
    assert f'<a href="{reverse("overview")}">Sätt att delta</a>' in content


def test_the_start_page_lists_dialogues_too(client):
    dialogue("consult", name="Trygg i Nässjö")
    content = client.get(reverse("home")).content.decode()
    assert "Trygg i Nässjö" in section(content, "open")
    assert reverse("overview") in content
