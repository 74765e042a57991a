"""A round's title, summary and rules in Swedish and English (issue 11): English pages fall
back to Swedish where there is no translation, say so, and mark the Swedish text's language."""

import pytest
from django.urls import reverse

from delaktig.processes import services
from delaktig.processes.tests.factories import BudgetRoundFactory, round_in_phase, set_phases

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_english_page_shows_the_english_texts(client, official):
    budget_round = round_in_phase("propose")
    services.update_round(
        by=official,
        budget_round=budget_round,
        data={"name_en": "The youth park", "summary_en": "Decide what the park gets."},
    )
    content = english(client).get(budget_round.get_absolute_url()).content.decode()
    assert '<h1 lang="en">The youth park</h1>' in content
    assert "Decide what the park gets." in content


def test_english_page_falls_back_to_swedish_and_says_so(client):
    budget_round = round_in_phase("propose", name="Ungas park")
    content = english(client).get(budget_round.get_absolute_url()).content.decode()
    assert '<h1 lang="sv">Ungas park</h1>' in content
    assert "only in Swedish" in content
    client.cookies.pop("django_language")
    swedish = client.get(budget_round.get_absolute_url())
    assert "only in Swedish" not in swedish.content.decode()


def test_officials_write_both_languages_in_the_form(client, official):
    client.force_login(official)
    response = client.post(
        reverse("processes_manage:round_create"),
        {
            "name_sv": "Parken",
            "name_en": "The park",
            "kind": "budget",
            "audience": "citizen",
            "summary_sv": "Om parken.",
            "summary_en": "About the park.",
            "total_budget": "100000",
            "eligibility": "signed_in",
        },
    )
    assert response.status_code == 302
    budget_round = type(round_in_phase(None)).objects.get(slug="parken")
    assert (budget_round.name_sv, budget_round.name_en) == ("Parken", "The park")


def test_the_decision_a_dialogue_informs_in_english(client, official):
    process = set_phases(
        BudgetRoundFactory(
            kind="dialogue",
            total_budget=None,
            name="Trygg i Nässjö",
            decision_body="Kommunstyrelsen",
            decision_subject="budget 2027",
            decision_when="juni 2027",
        ),
        "consult",
    )
    services.update_round(
        by=official,
        budget_round=process,
        data={"decision_body_en": "The Municipal Executive Board", "decision_when_en": "June 2027"},
    )
    content = english(client).get(process.get_absolute_url()).content.decode()
    assert "The Municipal Executive Board decides on budget 2027, June 2027." in content
    assert "Some of this dialogue's texts are only in Swedish." in content  # name, subject
