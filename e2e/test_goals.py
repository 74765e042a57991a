"""Issue 13, effect goals: an official imports an indicator's values from a file (a file with
bad rows first: every error listed, nothing imported), checks them and confirms, publishes the
goal; a resident reads the goal's trend as a chart and a table at 320 px. Each page is checked
with axe."""

import pytest
from playwright.sync_api import expect

from e2e.journeys import (
    assert_accessible,
    assert_no_errors,
    assert_no_horizontal_scroll,
    assert_one_h1,
    make_official,
    save_screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

BAD = "indikator;datum;värde;kommentar\nTrygghet;2023-03-31;femtionio;\nOkänd;2024-03-31;61;\n"
GOOD = (
    "indikator;datum;värde;kommentar\n"
    "Trygghet;2023-03-31;59;Svarsfrekvens 41 %\n"
    "Trygghet;2024-03-31;61,5;\n"
    "Trygghet;2025-03-31;63;\n"
)


def _goal():
    from delaktig.goals.tests.factories import GoalFactory, IndicatorFactory

    goal = GoalFactory(title="Fler ska känna sig trygga", slug="trygghet", published=False)
    IndicatorFactory(goal=goal, name="Trygghet", unit="%")
    return goal


def _upload(page, text):
    page.get_by_label("Fil med värden").set_input_files(
        {"name": "varden.csv", "mimeType": "text/csv", "buffer": text.encode()}
    )
    page.get_by_role("button", name="Kontrollera filen").click()


def test_an_official_imports_values_and_a_resident_reads_the_goal(
    page, mobile_page, login, goto, console_errors
):
    from delaktig.goals.models import Measurement

    official = make_official()
    goal = _goal()
    login(page, official)
    goto(page, "/hantera/")
    page.get_by_role("link", name="Effektmål och deras indikatorer").click()
    assert assert_one_h1(page) == "Effektmål"
    assert_accessible(page)
    page.get_by_role("link", name="Fler ska känna sig trygga").click()
    page.get_by_role("link", name="Importera värden från en fil").click()
    assert_accessible(page)

    _upload(page, BAD)
    main = page.locator("main")
    expect(main).to_contain_text("Ingenting har lästs in")
    expect(main).to_contain_text("Målet har ingen indikator som heter ”Okänd”.")
    expect(main.get_by_role("table")).to_contain_text("Skriv värdet som ett tal")
    assert not Measurement.objects.exists()
    assert_accessible(page)
    save_screenshot(page, "goals-import-errors")

    _upload(page, GOOD)
    assert assert_one_h1(page) == "Kontrollera värdena innan de importeras"
    expect(main).to_contain_text("3 värden")
    expect(main).to_contain_text("61,5")
    assert not Measurement.objects.exists()
    assert_accessible(page)
    page.get_by_role("button", name="Importera värdena").click()
    expect(main).to_contain_text("3 värden är importerade")
    assert Measurement.objects.count() == 3

    page.get_by_role("link", name="Publicera målet").click()
    assert assert_one_h1(page) == "Publicera målet?"
    assert_accessible(page)
    page.get_by_role("button", name="Publicera målet").click()
    expect(main).to_contain_text("Målet är publicerat")
    assert_no_errors(console_errors(page))

    goto(mobile_page, f"/mal/{goal.slug}/")
    assert assert_one_h1(mobile_page) == "Fler ska känna sig trygga"
    mobile_main = mobile_page.locator("main")
    expect(mobile_main.locator("svg[role=img] title")).to_contain_text("Linjediagram")
    table = mobile_main.get_by_role("table")
    expect(table).to_contain_text("Utgångsvärde")
    expect(table).to_contain_text("61,5")
    expect(table).to_contain_text("Målvärde")
    expect(mobile_main).to_contain_text("Högre är bättre")
    assert_no_horizontal_scroll(mobile_page)
    assert_accessible(mobile_page)
    save_screenshot(mobile_page, "goals-goal-mobile")
    assert_no_errors(console_errors(mobile_page))
