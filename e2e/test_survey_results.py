"""Issue 12: the results of a survey, read by anyone when public and by the process's
official: charts with their tables, a breakdown chosen in a plain form, the K rule; axe at
1280 and 320 px."""

import pytest
from playwright.sync_api import expect

from e2e.journeys import (
    assert_accessible,
    assert_no_errors,
    assert_no_horizontal_scroll,
    assert_one_h1,
    make_official,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture
def survey(db):
    from delaktig.accounts.tests.factories import DistrictFactory
    from delaktig.surveys.models import QuestionKind
    from delaktig.surveys.tests.factories import (
        QuestionFactory,
        SurveyFactory,
        choice_question,
        matrix_question,
        scale_question,
        stored_response,
    )

    survey = SurveyFactory(title="Trygghet i Vansbro", results_public=True, min_group_size=5)
    choice = choice_question(
        survey, ("Ja", "Nej"), text="Känner du dig trygg i centrum på kvällen?", allow_other=True
    )
    scale = scale_question(survey, 1, 5, text="Hur stort förtroende har du för kommunen?")
    matrix = matrix_question(
        survey,
        ("Kommunen är öppen med hur beslut fattas", "Kommunen genomför det som beslutats"),
        text="Vad tycker du om kommunens arbete?",
        allow_dont_know=True,
    )
    text = QuestionFactory(survey=survey, kind=QuestionKind.LONG_TEXT, text="Något mer?")
    north, south, tiny = (DistrictFactory(name=n) for n in ("Norr", "Söder", "Järna"))
    yes, no = choice.options.all()
    s1, s2 = matrix.statements.all()
    for i in range(40):
        district = north if i < 20 else south if i < 38 else tiny
        stored_response(
            survey,
            {
                choice: "Ibland" if i == 0 else (yes if i % 3 else no),
                scale: i % 5 + 1,
                matrix: {s1: i % 5 + 1, s2: None if i % 7 == 0 else 5 - i % 4},
                text: "Mer belysning",
            },
            district=district,
        )
    return survey


def results_path(survey, *, manage=False):
    prefix = "/hantera" if manage else ""
    return f"{prefix}/omgangar/{survey.process.slug}/enkater/{survey.slug}/resultat/"


def test_anyone_reads_public_results_and_breaks_them_down(
    page, mobile_page, goto, console_errors, survey
):
    goto(page, results_path(survey))
    assert assert_one_h1(page) == "Resultat: Trygghet i Vansbro"
    expect(page.get_by_text("40 svar i det här urvalet.")).to_be_visible()
    chart = page.get_by_role("img", name="Staplar för ”Vad tycker du om kommunens arbete?”")
    expect(chart).to_be_visible()
    statement = "Kommunen genomför det som beslutats"
    expect(page.get_by_role("rowheader", name=statement)).to_be_visible()  # the table
    assert_accessible(page)

    # A breakdown by district through the plain form: Järna (2) is too small, and so is the
    # next smallest group, or it could be worked out from the total.
    page.get_by_label("Dela upp efter").select_option(label="Område")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url("**by=district**")
    expect(page.get_by_role("heading", name="Uppdelat efter: Område", level=2)).to_be_visible()
    groups = page.get_by_role("table", name="Antal svar per grupp")
    expect(groups.get_by_role("row", name="Järna För få svar för att visas")).to_be_visible()
    expect(groups.get_by_role("row", name="Norr 20")).to_be_visible()
    assert_accessible(page)

    goto(mobile_page, results_path(survey))
    assert_one_h1(mobile_page)
    assert_no_horizontal_scroll(mobile_page)
    assert_accessible(mobile_page)
    goto(mobile_page, results_path(survey) + "?by=district&district=x")
    expect(mobile_page.get_by_text("kunde inte användas")).to_be_visible()
    assert_no_horizontal_scroll(mobile_page)
    assert_accessible(mobile_page)
    assert_no_errors(console_errors(page) + console_errors(mobile_page))


def test_the_official_sees_who_was_reached(page, login, goto, console_errors, survey):
    from delaktig.accounts.models import Unit
    from delaktig.accounts.tests.factories import UserFactory

    unit = Unit.objects.create(name="Badhuset")
    for _ in range(50):
        UserFactory().units.add(unit)
    survey.responses.update(unit=unit)
    survey.results_public = False
    survey.save()
    official = make_official()
    survey.process.officials.add(official)
    login(page, official)
    goto(page, results_path(survey, manage=True))
    assert_one_h1(page)
    expect(page.get_by_role("heading", name="Vilka nåddes och vilka inte")).to_be_visible()
    units = page.get_by_role("table", name="Efter enhet (enhetens medarbetare)")
    expect(units.get_by_role("row", name="Badhuset 50 40 80 % 10")).to_be_visible()
    assert_accessible(page)
    assert_no_errors(console_errors(page))
