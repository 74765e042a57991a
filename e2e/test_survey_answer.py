"""Issue 12: a respondent answers a survey of several sections on a phone (320 px), with and
without JavaScript; a signed-in respondent saves and comes back."""

import pytest
from playwright.sync_api import expect

from e2e import journeys
from e2e.conftest import LOCALE, MOBILE
from e2e.journeys import (
    assert_accessible,
    assert_accessible_markup,
    assert_error_summary_focused,
    assert_no_errors,
    assert_no_horizontal_scroll,
    assert_one_h1,
    make_resident,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

BATH = "Badar du i badhuset?"
WHY = "Vad gör badet bra för dig?"
TRUST = "Hur mycket litar du på kommunen?"


@pytest.fixture
def survey(db):
    """A dialogue's survey in three sections: a choice that a later question depends on and a
    scale; a matrix and the conditional text; a ranking."""
    from delaktig.surveys.models import QuestionKind
    from delaktig.surveys.tests.factories import (
        QuestionFactory,
        SectionFactory,
        SurveyFactory,
        choice_question,
        matrix_question,
        scale_question,
    )

    survey = SurveyFactory(title="Utmaningen")
    first = SectionFactory(survey=survey, title="Om dig", position=0)
    second = SectionFactory(survey=survey, title="Om badet", position=1)
    third = SectionFactory(survey=survey, title="Det viktigaste", position=2)
    bath = choice_question(survey, ("Ja", "Nej"), section=first, text=BATH, required=True)
    scale_question(survey, section=first, text=TRUST, allow_dont_know=True)
    matrix_question(
        survey, ("Kommunen lyssnar", "Kommunen informerar"), section=second, text="Tycker du att…"
    )
    why = QuestionFactory(
        survey=survey, kind=QuestionKind.LONG_TEXT, section=second, text=WHY, show_if_question=bath
    )
    why.show_if_options.set([bath.options.get(text="Ja")])
    choice_question(
        survey, ("Öppettider", "Pris", "Kafé"), kind=QuestionKind.RANKING, section=third,
        text="Vad är viktigast?",
    )  # fmt: skip
    return survey


def answer_path(survey) -> str:
    return f"/omgangar/{survey.process.slug}/enkater/{survey.slug}/"


def test_a_respondent_answers_on_a_phone_with_javascript(mobile_page, goto, console_errors, survey):
    from delaktig.surveys.models import Response

    page = mobile_page
    goto(page, answer_path(survey))
    assert assert_one_h1(page) == "Utmaningen"
    expect(page.locator(".progress")).to_contain_text("Steg 1 av 3")
    assert "kan svara mer än en gång" in page.locator("main").inner_text()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    # The required answer missing: the summary says so and links to it.
    page.get_by_role("button", name="Nästa").click()
    summary = assert_error_summary_focused(page)
    assert "Svara på frågan." in summary
    page.get_by_label("Ja").check()
    page.get_by_label("4").check()
    page.get_by_role("button", name="Nästa").click()
    expect(page.locator(".progress")).to_contain_text("Steg 2 av 3")
    # The matrix stacks at 320 px: each statement with its labelled answers.
    assert_no_horizontal_scroll(page)
    page.locator("table.matrix input[value='2']").first.check()
    page.get_by_label(WHY).fill("Simning året om")
    assert_accessible(page)
    page.get_by_role("button", name="Nästa").click()
    expect(page.locator(".progress")).to_contain_text("Steg 3 av 3")
    page.get_by_label("Öppettider").select_option("1")
    page.get_by_label("Pris").select_option("2")
    page.get_by_label("Kafé").select_option("3")
    # The script swaps places: "Pris" to 1 gives "Öppettider" the 2 "Pris" had.
    page.get_by_label("Pris").select_option("1")
    expect(page.get_by_label("Öppettider")).to_have_value("2")
    assert_accessible(page)
    page.get_by_role("button", name="Skicka dina svar").click()
    expect(page.locator("h1")).to_have_text("Tack för dina svar")
    assert "Vad händer nu" in page.locator("main").inner_text()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    response = Response.objects.get()
    assert response.submitted and response.answers.count() == 7  # 1+1+1 row+1 text+3 places
    assert_no_errors(console_errors(page))


def test_a_same_page_condition_is_shown_by_the_script(mobile_page, goto, survey):
    """With JavaScript a conditional question on the same step appears when its condition is
    met (here both live on one step of a one-section survey)."""
    from delaktig.surveys.models import Question, Section

    Question.objects.filter(survey=survey).update(section=None)
    Section.objects.filter(survey=survey).delete()
    page = mobile_page
    goto(page, answer_path(survey))
    why = page.get_by_label(WHY)
    expect(why).to_be_hidden()
    page.get_by_label("Ja").check()
    expect(why).to_be_visible()
    page.get_by_label("Nej").check()
    expect(why).to_be_hidden()


def test_a_respondent_answers_on_a_phone_without_javascript(browser, live_server, survey):
    from delaktig.surveys.models import Response

    context = browser.new_context(
        viewport=MOBILE, locale=LOCALE, timezone_id="Europe/Stockholm", java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        response = journeys.goto(page, live_server, answer_path(survey))
        assert_accessible_markup(browser, page.url, response.text())
        page.get_by_label("Nej").check()
        page.get_by_role("button", name="Nästa").click()
        page.wait_for_load_state()
        assert "Steg 2 av 3" in page.locator("main").inner_text()
        # "Nej": the question about why the bath is good is not asked.
        expect(page.get_by_label(WHY)).to_have_count(0)
        assert_accessible_markup(browser, page.url, page.content())
        page.get_by_role("button", name="Tillbaka").click()
        page.wait_for_load_state()
        expect(page.get_by_label("Nej")).to_be_checked()  # kept between steps
        page.get_by_role("button", name="Nästa").click()
        page.wait_for_load_state()
        page.get_by_role("button", name="Nästa").click()
        page.wait_for_load_state()
        # A ranking with two items on one place is refused, with the reason.
        page.get_by_label("Öppettider").select_option("1")
        page.get_by_label("Pris").select_option("1")
        page.get_by_label("Kafé").select_option("2")
        page.get_by_role("button", name="Skicka dina svar").click()
        page.wait_for_load_state()
        assert (
            "Ge varje alternativ en egen plats" in page.locator("[data-error-summary]").inner_text()
        )
        assert_accessible_markup(browser, page.url, page.content())
        page.get_by_label("Pris").select_option("3")
        page.get_by_label("Kafé").select_option("2")
        page.get_by_role("button", name="Skicka dina svar").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Tack för dina svar"
        assert Response.objects.filter(submitted=True).count() == 1
    finally:
        context.close()


def test_a_signed_in_respondent_saves_and_comes_back(page, login, goto, survey):
    from delaktig.surveys.models import Access, Respondent, Response

    survey.access = Access.SIGNED_IN
    survey.save()
    resident = make_resident()
    login(page, resident)
    goto(page, answer_path(survey))
    page.get_by_label("Ja").check()
    page.get_by_role("button", name="Spara och fortsätt senare").click()
    expect(page.locator("main")).to_contain_text("Dina svar är sparade")
    assert not Response.objects.get().submitted and not Respondent.objects.exists()
    # Later, from another visit: the saved answer is filled in.
    goto(page, "/")
    goto(page, answer_path(survey))
    expect(page.locator("main")).to_contain_text("Dina sparade svar är ifyllda")
    expect(page.get_by_label("Ja")).to_be_checked()
    assert_accessible(page)
    for _step in range(2):
        page.get_by_role("button", name="Nästa").click()
    page.get_by_label("Öppettider").select_option("1")
    page.get_by_label("Pris").select_option("2")
    page.get_by_label("Kafé").select_option("3")
    page.get_by_role("button", name="Skicka dina svar").click()
    expect(page.locator("h1")).to_have_text("Tack för dina svar")
    expect(page.locator("main")).to_contain_text("Du kan ändra dina svar tills enkäten stänger")
    assert Response.objects.get().submitted and Respondent.objects.count() == 1


def test_sweep_of_the_officials_and_confirmation_pages(
    page, mobile_page, live_server, console_errors, survey
):
    """The pages the journeys above do not reach: the surveys list, the preview, the paper
    entry page and the confirmation, at 1280 and 320 px (h1, axe, console, reflow)."""
    from delaktig.surveys.models import SurveyStatus
    from delaktig.surveys.tests.factories import SurveyFactory, scale_question
    from e2e.journeys import make_official, page_problems, sign_in_with_cookie

    official = make_official()
    survey.process.officials.add(official)
    draft = SurveyFactory(
        process=survey.process, title="Utkast till enkät", status=SurveyStatus.DRAFT
    )
    scale_question(draft, text="Hur nöjd är du?")
    base = answer_path(survey)
    paths = [
        f"/omgangar/{survey.process.slug}/enkater/",
        f"/omgangar/{survey.process.slug}/enkater/{draft.slug}/forhandsgranska/",
        f"{base}forhandsgranska/",
        f"{base}tack/",
        f"/hantera/omgangar/{survey.process.slug}/enkater/{survey.slug}/papper/",
    ]
    problems = []
    for browser_page in (page, mobile_page):
        sign_in_with_cookie(browser_page, live_server, official)
        for path in paths:
            response = browser_page.goto(journeys.url(live_server, path))
            found = page_problems(browser_page, response, console_errors(browser_page))
            problems += [f"{path} at {browser_page.viewport_size['width']}: {p}" for p in found]
    assert not problems, "\n".join(problems)
