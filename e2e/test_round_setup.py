"""Journey 1: an official sets up a budget round in the browser and publishes it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.journeys import (
    assert_accessible,
    assert_error_summary_focused,
    assert_no_errors,
    assert_one_h1,
    local_input,
    logout,
    make_official,
    make_round_in_phase,
    save_screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ROUND_NAME = "Medborgarbudget Nässjö 2026"
# (legend of the fieldset, days from now it starts, days from now it ends)
TIMETABLE = [
    ("Information", -1, 7),
    ("Förslag", 7, 14),
    ("Bedömning", 14, 21),
    ("Omröstning", 21, 28),
    ("Resultat", 28, 35),
    ("Uppföljning", 35, None),
]


def test_official_creates_areas_times_and_publishes_a_round(page, login, goto, console_errors):
    from delaktig.processes.models import BudgetRound, RoundStatus

    login(page, make_official())

    # The dashboard leads to the form; sending it empty gives the error summary.
    goto(page, "/hantera/")
    assert_accessible(page)
    page.get_by_role("link", name="Skapa en budgetomgång").click()
    page.wait_for_url("**/hantera/omgangar/ny/")
    assert assert_one_h1(page) == "Skapa en budgetomgång"
    assert_accessible(page)
    page.get_by_role("button", name="Skapa budgetomgången").click()
    summary = assert_error_summary_focused(page)
    assert "namn" in summary.lower()
    assert not BudgetRound.objects.exists()
    assert_accessible(page)

    page.get_by_label("Namn", exact=True).fill(ROUND_NAME)
    page.get_by_label("Budgetomgång").check()
    page.get_by_label("Vilka den är till för").select_option(label="Invånare")
    page.get_by_label("Sammanfattning", exact=True).fill(
        "Var med och bestäm hur 600 000 kr ska användas."
    )
    page.get_by_label("Total budget (kr)").fill("600000")
    page.get_by_label("Vem får delta").select_option(label="Alla som har ett konto")
    rules = page.get_by_label("Regler (frivilligt)", exact=True)
    rules.fill("Varje förslag får kosta högst 150 000 kr.")
    page.get_by_role("button", name="Skapa budgetomgången").click()

    page.wait_for_url(re.compile(r"/hantera/omgangar/(?!ny/)[\w-]+/$"))
    budget_round = BudgetRound.objects.get()
    assert budget_round.name == ROUND_NAME
    assert (budget_round.kind, budget_round.audience) == ("budget", "citizen")
    assert budget_round.total_budget == 600_000
    assert budget_round.status == RoundStatus.DRAFT
    assert assert_one_h1(page) == ROUND_NAME
    assert_accessible(page)

    # Two areas, each with its own money.
    page.get_by_role("link", name="Ändra områdena").click()
    page.wait_for_url(f"**/omgangar/{budget_round.slug}/omraden/")
    assert_accessible(page)
    for n, (name, budget) in enumerate([("Centrum", "350000"), ("Forserum", "250000")], 1):
        area = page.get_by_role("group", name=f"Område {n}")
        area.get_by_label("Område").fill(name)
        area.get_by_label("Budget (kr)").fill(budget)
    page.get_by_role("button", name="Spara områdena").click()
    page.wait_for_url(f"**/hantera/omgangar/{budget_round.slug}/")
    areas = page.get_by_role("region", name="Områden")
    assert "Centrum" in areas.inner_text()
    assert "Forserum" in areas.inner_text()
    assert sorted(budget_round.areas.values_list("name", "budget")) == [
        ("Centrum", 350_000),
        ("Forserum", 250_000),
    ]

    # The timetable: information runs now, every later phase follows.
    page.get_by_role("link", name="Ändra tidsplanen").click()
    page.wait_for_url(f"**/omgangar/{budget_round.slug}/tidsplan/")
    assert_accessible(page)
    now = timezone.now()
    for phase, starts, ends in TIMETABLE:
        page.get_by_label(f"{phase} börjar").fill(local_input(now + timedelta(days=starts)))
        if ends is not None:
            page.get_by_label(f"{phase} slutar").fill(local_input(now + timedelta(days=ends)))
    page.get_by_role("button", name="Spara tidsplanen").click()
    page.wait_for_url(f"**/hantera/omgangar/{budget_round.slug}/")
    assert budget_round.phases.count() == 6
    assert budget_round.current_phase_kind() == "inform"

    # Check before you act: the button leads to a page that says what publishing does.
    page.get_by_role("link", name="Publicera budgetomgången").click()
    assert assert_one_h1(page) == "Publicera omgången?"
    expect(page.locator("main")).to_contain_text("Du kan inte göra den till utkast igen.")
    budget_round.refresh_from_db()
    assert budget_round.status != RoundStatus.PUBLISHED
    assert_accessible(page)
    save_screenshot(page, "confirm-publish-round-1280")
    page.get_by_role("button", name="Ja, publicera omgången").click()
    page.wait_for_url(f"**/hantera/omgangar/{budget_round.slug}/")
    expect(page.locator("main")).to_contain_text("Det som händer nu")
    expect(page.get_by_role("link", name="Publicera budgetomgången")).to_have_count(0)
    budget_round.refresh_from_db()
    assert budget_round.status == RoundStatus.PUBLISHED
    assert_accessible(page)
    assert_no_errors(console_errors(page))

    # Anyone can now read it, and it says what phase it is in.
    logout(page)
    goto(page, f"/omgangar/{budget_round.slug}/")
    assert assert_one_h1(page) == ROUND_NAME
    banner = page.locator("#phase-now")
    assert banner.inner_text().startswith("Nu: Information")
    table = page.get_by_role("table", name="Varje område har en egen budget")
    assert "Centrum" in table.inner_text()
    assert "Forserum" in table.inner_text()
    goto(page, "/")
    assert ROUND_NAME in page.locator("main").inner_text()
    assert_accessible(page)
    assert_no_errors(console_errors(page))


def test_timetable_with_an_end_before_its_start_is_refused(page, login, goto, console_errors):
    budget_round = make_round_in_phase(None, name="Ungdomsbudget Torsby", status="draft")
    before = list(budget_round.phases.values_list("kind", "starts_at", "ends_at"))
    login(page, make_official())

    goto(page, f"/hantera/omgangar/{budget_round.slug}/tidsplan/")
    now = timezone.now()
    page.get_by_label("Omröstning börjar").fill(local_input(now + timedelta(days=40)))
    page.get_by_label("Omröstning slutar").fill(local_input(now + timedelta(days=35)))
    page.get_by_role("button", name="Spara tidsplanen").click()
    page.wait_for_load_state()

    summary = assert_error_summary_focused(page)
    assert "Omröstning" in summary
    assert page.url.endswith("/tidsplan/")
    # What the official typed is kept, and nothing was saved.
    assert page.get_by_label("Omröstning slutar").input_value() == local_input(
        now + timedelta(days=35)
    )
    assert list(budget_round.phases.values_list("kind", "starts_at", "ends_at")) == before
    assert_accessible(page)
    assert_no_errors(console_errors(page))
