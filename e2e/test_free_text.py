"""Journey 7 (issue 12): an official reads a survey's free text, searches it, tags answers
with a theme, picks a quote, is stopped by a phone number in it, redacts it and marks the
quote as checked."""

import pytest

from e2e.journeys import (
    assert_accessible,
    assert_error_summary_focused,
    assert_no_errors,
    assert_one_h1,
    make_official,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

WITH_PHONE = "Mer belysning i parken behövs. Ring mig på 070-123 45 67 så berättar jag mer."
REDACTED = "Mer belysning i parken behövs. Ring mig på […] så berättar jag mer."


@pytest.fixture
def survey(db):
    from delaktig.surveys.models import QuestionKind
    from delaktig.surveys.tests.factories import QuestionFactory, closed_survey, stored_response

    survey = closed_survey(title="Trygghet i Skara")  # answers are read after the close
    question = QuestionFactory(survey=survey, kind=QuestionKind.LONG_TEXT, text="Vad saknas?")
    for text in (WITH_PHONE, "Belysningen vid skolan är dålig.", "Fler bänkar vid torget."):
        stored_response(survey, {question: text})
    return survey, question


def without_form_400(errors):
    """The quote form refused answers 400 on purpose; Chromium logs that as a failed load."""
    return [e for e in errors if "status of 400" not in e]


def test_official_tags_free_text_and_checks_a_quote(page, login, goto, console_errors, survey):
    survey, _question = survey
    login(page, make_official())
    base = f"/hantera/omgangar/{survey.process.slug}/enkater/{survey.slug}/fritext/"

    goto(page, base)
    assert assert_one_h1(page) == "Fritext: Trygghet i Skara"
    assert_accessible(page)

    # A theme first.
    page.get_by_role("link", name="Lägg till och ändra teman").click()
    page.get_by_label("Temats namn").fill("Belysning")
    page.get_by_role("button", name="Lägg till temat").click()
    assert "Temat ”Belysning” är tillagt." in page.locator(".messages").inner_text()
    assert_accessible(page)

    # Search, whatever the case, and tag what was found.
    goto(page, base)
    page.get_by_role("link", name="Vad saknas?").click()
    page.get_by_label("Sök i svaren").fill("BELYSNING")
    page.get_by_role("button", name="Visa", exact=True).click()
    assert "2 svar hittades." in page.get_by_role("status").first.inner_text()
    assert "bänkar" not in page.locator("main").inner_text()
    assert_accessible(page)
    answer = page.locator("li.card", has_text="skolan")
    answer.get_by_label("Belysning").check()
    answer.get_by_role("button", name="Spara temana").click()
    assert "Svarets teman är sparade." in page.locator(".messages").inner_text()
    assert page.locator("li.card", has_text="skolan").get_by_label("Belysning").is_checked()

    # The answer with a phone number becomes a quote; the number is marked.
    page.locator("li.card", has_text="070").get_by_role("button", name="Använd som citat").click()
    page.wait_for_url("**/fritext/citat/*/")
    assert page.locator("mark.finding", has_text="070-123 45 67").count() >= 1
    assert_accessible(page)

    # "Ready" without redacting or confirming: stopped, with the reason.
    page.get_by_role("button", name="Spara och markera som kontrollerat").click()
    summary = assert_error_summary_focused(page)
    assert "kan vara personuppgifter" in summary
    assert_accessible(page)

    # Redacted, then checked.
    page.get_by_label("Texten som den publiceras").fill(REDACTED)
    page.get_by_role("button", name="Spara och markera som kontrollerat").click()
    page.wait_for_url("**/fritext/citat/")
    assert "Citatet är kontrollerat" in page.locator(".messages").inner_text()
    card = page.locator("li.card", has_text="[…]")
    assert "Kontrollerat" in card.inner_text() and "070" not in card.inner_text()
    assert_accessible(page)

    # The theme counts what was tagged.
    goto(page, base)
    row = page.get_by_role("row", name="Belysning")
    assert row.get_by_role("cell").nth(1).inner_text() == "1"
    assert_no_errors(without_form_400(console_errors(page)))


def test_sweep_of_the_free_text_and_export_pages(
    page, mobile_page, live_server, console_errors, survey
):
    """Every free-text, quote and export page at 1280 and 320 px: status, one <h1>, axe, no
    console errors, no sideways scrolling."""
    from delaktig.surveys.models import Quote, SurveyExport, Theme
    from e2e.test_sweep import Sweep

    survey, question = survey
    answer = question.answers.get(text=WITH_PHONE)
    answer.themes.add(theme := Theme.objects.create(survey=survey, name="Belysning"))
    quote = Quote.objects.create(answer=answer, text=answer.text)
    export = SurveyExport.objects.create(survey=survey, format="csv", status="waiting")
    sweep = Sweep(live_server, console_errors, {1280: page, 320: mobile_page})
    sweep.sign_in(make_official())
    base = f"/hantera/omgangar/{survey.process.slug}/enkater/{survey.slug}/"
    for path in (
        "fritext/",
        f"fritext/fraga/{question.pk}/",
        f"fritext/fraga/{question.pk}/?q=belysning&tema={theme.pk}",
        "fritext/teman/",
        f"fritext/teman/{theme.pk}/",
        f"fritext/teman/{theme.pk}/ta-bort/",
        "fritext/citat/",
        f"fritext/citat/{quote.pk}/",
        f"fritext/citat/{quote.pk}/ta-bort/",
        "export/",
        f"export/{export.pk}/",
    ):
        sweep.visit(base + path)
    sweep.visit(f"/omgangar/{survey.process.slug}/enkater/")
    sweep.assert_clean()
