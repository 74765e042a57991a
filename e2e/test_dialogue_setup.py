"""Journey 7, its first part: an official sets up a dialogue through the task list and publishes
it; a resident finds it in the overview of every way to take part, on a 320 px screen."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.journeys import (
    assert_accessible,
    assert_no_errors,
    assert_no_horizontal_scroll,
    assert_one_h1,
    local_input,
    make_official,
    make_resident,
    save_screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

NAME = "Trygg i Nässjö"
# (legend, days from now it starts, days from now it ends)
TIMETABLE = [("Information", -1, 3), ("Öppen för synpunkter", 3, 20), ("Analys", 20, None)]


def test_an_official_publishes_a_dialogue_and_a_resident_finds_it(
    page, mobile_page, login, goto, console_errors
):
    from delaktig.processes.models import BudgetRound

    login(page, make_official())
    goto(page, "/hantera/")
    page.get_by_role("link", name="Skapa en dialog").click()
    page.wait_for_url("**/hantera/omgangar/ny/?typ=dialog")
    assert assert_one_h1(page) == "Skapa en dialog"
    expect(page.get_by_label("Total budget (kr)")).to_have_count(0)
    assert_accessible(page)

    page.get_by_label("Namn", exact=True).fill(NAME)
    page.get_by_label("Vilka den är till för").select_option(label="Invånare")
    page.get_by_label("Sammanfattning", exact=True).fill("Vad gör dig trygg där du bor?")
    page.get_by_role("button", name="Skapa dialogen").click()
    page.wait_for_url(re.compile(r"/hantera/omgangar/(?!ny/)[\w-]+/$"))
    process = BudgetRound.objects.get()
    assert (process.kind, process.total_budget) == ("dialogue", None)

    # The task list: no money, areas or ballot; publishing waits for the decision and dates.
    tasks = page.locator(".task-list")
    expect(tasks).to_contain_text("Uppgifter och beslutet den ska påverka")
    expect(tasks).not_to_contain_text("Områden")
    expect(tasks).not_to_contain_text("Röstsedel")
    expect(tasks).to_contain_text("Kan inte börja än")
    assert_accessible(page)

    tasks.get_by_role("link", name="Uppgifter och beslutet den ska påverka").click()
    decision = page.get_by_role("group", name="Beslutet som dialogen ska påverka")
    decision.get_by_label("Vem beslutar", exact=True).fill("Kommunstyrelsen")
    decision.get_by_label("Vad beslutet gäller", exact=True).fill("budget 2027")
    decision.get_by_label("När beslutet fattas", exact=True).fill("juni 2027")
    assert_accessible(page)
    page.get_by_role("button", name="Spara ändringarna").click()
    page.wait_for_url(f"**/hantera/omgangar/{process.slug}/")

    page.locator(".task-list").get_by_role("link", name="Tidsplan").click()
    expect(page.locator("main")).not_to_contain_text("Omröstning")
    now = timezone.now()
    for phase, starts, ends in TIMETABLE:
        page.get_by_label(f"{phase} börjar").fill(local_input(now + timedelta(days=starts)))
        if ends is not None:
            page.get_by_label(f"{phase} slutar").fill(local_input(now + timedelta(days=ends)))
    assert_accessible(page)
    page.get_by_role("button", name="Spara tidsplanen").click()
    page.wait_for_url(f"**/hantera/omgangar/{process.slug}/")
    assert [p.kind for p in process.phases_in_order()] == ["inform", "consult", "analysis"]

    page.locator(".task-list").get_by_role("link", name="Förhandsgranska och publicera").click()
    assert assert_one_h1(page) == "Publicera dialogen?"
    expect(page.locator("main")).to_contain_text("Kommunstyrelsen beslutar om budget 2027")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, publicera dialogen").click()
    page.wait_for_url(f"**/hantera/omgangar/{process.slug}/")
    expect(page.locator("main")).to_contain_text("Dialogen är publicerad.")
    process.refresh_from_db()
    assert process.is_published
    assert_no_errors(console_errors(page))

    # A resident on a small screen: the header leads to every way to take part.
    login(mobile_page, make_resident())
    goto(mobile_page, "/")
    mobile_page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Sätt att delta"
    ).click()
    mobile_page.wait_for_url("**/delta/")
    assert assert_one_h1(mobile_page) == "Sätt att delta"
    mobile_page.get_by_label("Dialoger").check()
    mobile_page.get_by_role("button", name="Visa").click()
    mobile_page.wait_for_url("**/delta/?typ=dialog*")
    open_now = mobile_page.get_by_role("region", name=re.compile("Öppet nu"))
    expect(open_now).to_contain_text(NAME)
    expect(open_now).to_contain_text("Medborgardialog")
    expect(open_now).to_contain_text("Läs om dialogen")
    assert_no_horizontal_scroll(mobile_page)
    assert_accessible(mobile_page)
    save_screenshot(mobile_page, "overview-dialogues-320")

    open_now.get_by_role("link", name=NAME).click()
    assert assert_one_h1(mobile_page) == NAME
    expect(mobile_page.locator("main")).to_contain_text("Det här ska dialogen påverka")
    expect(mobile_page.locator("main")).to_contain_text(
        "Kommunstyrelsen beslutar om budget 2027, juni 2027."
    )
    expect(mobile_page.locator("main")).not_to_contain_text("Rösta")
    assert_no_horizontal_scroll(mobile_page)
    assert_accessible(mobile_page)
    assert_no_errors(console_errors(mobile_page))
