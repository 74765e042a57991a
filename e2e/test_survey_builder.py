"""Issue 12: an official builds a survey in the browser (a section, a matrix question shown
only after a "yes", a choice question), checks it, and publishes it; at 1280 and 320 px, each
page checked with axe."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.journeys import (
    assert_accessible,
    assert_error_summary_focused,
    assert_no_errors,
    assert_no_horizontal_scroll,
    assert_one_h1,
    make_official,
    save_screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _dialogue(official):
    from delaktig.processes.models import Phase
    from delaktig.surveys.tests.factories import dialogue_factory

    dialogue = dialogue_factory(name="Trygghet i Vansbro")
    Phase.objects.create(
        budget_round=dialogue,
        kind="consult",
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=30),
    )
    dialogue.officials.add(official)
    return dialogue


def _check(page, width, name):
    assert assert_one_h1(page)
    assert_accessible(page)
    if width == "mobile":
        assert_no_horizontal_scroll(page)
    save_screenshot(page, f"survey-builder-{name}-{width}")


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_an_official_builds_and_publishes_a_survey(request, login, goto, console_errors, width):
    from delaktig.surveys.models import Question, Survey

    page = request.getfixturevalue("page" if width == "desktop" else "mobile_page")
    official = make_official()
    dialogue = _dialogue(official)
    login(page, official)

    goto(page, f"/hantera/omgangar/{dialogue.slug}/")
    page.get_by_role("link", name="Enkäter", exact=True).click()
    page.wait_for_url(f"**/hantera/omgangar/{dialogue.slug}/enkater/")
    _check(page, width, "list")

    page.get_by_role("link", name="Skapa en enkät").click()
    _check(page, width, "create")
    expect(page.locator("main")).to_contain_text("från 3 till 50")
    page.get_by_label("Minsta grupp som visas (K)").fill("2")
    page.get_by_role("button", name="Skapa enkäten").click()
    summary = assert_error_summary_focused(page)
    assert "rubrik" in summary.lower() and "minst 3" in summary
    assert not Survey.objects.exists()
    assert_accessible(page)

    page.get_by_label("Rubrik", exact=True).fill("Trygg på bussen")
    page.get_by_label("Alla, utan att logga in").check()
    page.get_by_label("Minsta grupp som visas (K)").fill("5")
    page.get_by_role("button", name="Skapa enkäten").click()
    expect(page.locator("h1")).to_contain_text("Trygg på bussen")
    survey = Survey.objects.get()
    assert survey.status == "draft"
    expect(page.locator("main")).to_contain_text("Lägg till minst en fråga.")
    _check(page, width, "survey-empty")

    page.get_by_role("link", name="Lägg till ett avsnitt").click()
    page.get_by_label("Avsnittets rubrik").fill("Om resan")
    page.get_by_role("button", name="Spara avsnittet").click()
    expect(page.locator("main")).to_contain_text("Om resan")

    page.get_by_role("link", name="Lägg till en fråga i avsnittet").click()
    _check(page, width, "question-form")
    page.get_by_label("Ett val", exact=True).check()
    page.get_by_label("Fråga", exact=True).fill("Åker du buss?")
    page.get_by_label("Svarsalternativ", exact=True).fill("Ja")
    page.get_by_role("button", name="Spara frågan").click()
    summary = assert_error_summary_focused(page)
    assert "minst två svarsalternativ" in summary
    assert_accessible(page)
    page.get_by_label("Svarsalternativ", exact=True).fill("Ja\nNej")
    page.get_by_role("button", name="Spara frågan").click()
    expect(page.locator("main")).to_contain_text("Åker du buss?")

    page.get_by_role("link", name="Lägg till en fråga i avsnittet").click()
    page.get_by_label("Flera påståenden på samma skala").check()
    page.get_by_label("Fråga", exact=True).fill("Hur trygg känner du dig?")
    page.get_by_label("Lägsta värde", exact=True).fill("1")
    page.get_by_label("Högsta värde", exact=True).fill("5")
    page.get_by_label("Vad det lägsta värdet betyder").fill("Inte alls trygg")
    page.get_by_label("Vad det högsta värdet betyder").fill("Helt trygg")
    page.get_by_label("Påståenden", exact=True).fill("På bussen\nVid hålplatsen")
    page.get_by_label("Visa frågan bara efter ett svar på").select_option(label="Åker du buss?")
    page.get_by_label("Åker du buss? – Ja").check()
    page.get_by_role("button", name="Spara frågan").click()
    main = page.locator("main")
    expect(main).to_contain_text("Hur trygg känner du dig?")
    expect(main).to_contain_text("Visas bara när svaret på ”Åker du buss?” är: Ja")
    _check(page, width, "survey-built")

    matrix = Question.objects.get(kind="matrix")
    assert matrix.show_if_question.text == "Åker du buss?"
    assert [s.text for s in matrix.statements.all()] == ["På bussen", "Vid hålplatsen"]
    assert matrix.section.title == "Om resan"

    page.get_by_role("link", name="Publicera enkäten").click()
    assert assert_one_h1(page) == "Publicera enkäten?"
    expect(page.locator("main")).to_contain_text("Alla, utan att logga in kan svara från")
    _check(page, width, "publish")
    page.get_by_role("button", name="Ja, publicera enkäten").click()
    expect(page.locator("main")).to_contain_text("Enkäten är publicerad")
    survey.refresh_from_db()
    assert survey.status == "published"
    _check(page, width, "published")

    # The first answer locks the questions; a typo can still be fixed, and is listed.
    from delaktig.surveys.tests.factories import stored_response

    bus = Question.objects.get(text="Åker du buss?")
    stored_response(survey, {bus: bus.options.get(text="Ja")})
    page.reload()
    main = page.locator("main")
    expect(main).to_contain_text(
        "Enkäten har svar. Frågor och svarsalternativ är låsta så att alla svar gäller samma "
        "frågor."
    )
    expect(page.get_by_role("button", name="Flytta upp")).to_have_count(0)
    page.get_by_role("link", name="Rätta ett stavfel Hur trygg känner du dig?").click()
    _check(page, width, "correction")
    page.get_by_label("Påstående 2").fill("I centrum")
    page.get_by_role("button", name="Spara rättelsen").click()
    summary = assert_error_summary_focused(page)
    assert "ändrar mer än ett stavfel" in summary
    page.get_by_label("Påstående 2").fill("Vid hållplatsen")
    page.get_by_role("button", name="Spara rättelsen").click()
    expect(main).to_contain_text("Ändringar efter första svaret")
    expect(page.locator("table")).to_contain_text("Vid hålplatsen")
    expect(page.locator("table")).to_contain_text("Vid hållplatsen")
    _check(page, width, "corrected")
    assert_no_errors(console_errors(page))
