"""Issue 13, reach and the council report: an elected member (förtroendevald) signs in, finds
the start page with the report waiting, reads the round's participation and reach, and
downloads the tagged PDF; the start page works on a phone."""

import pytest
from playwright.sync_api import expect

from e2e.journeys import (
    assert_accessible,
    assert_no_errors,
    assert_no_horizontal_scroll,
    assert_one_h1,
    make_official,
    make_user,
    save_screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture
def reported_round(db, settings, tmp_path):
    from delaktig.council import services
    from delaktig.council.models import CouncilReport
    from delaktig.council.tasks import make_council_report
    from delaktig.council.tests.factories import follow_up, published_round
    from delaktig.processes.tests.factories import round_in_phase

    settings.MEDIA_ROOT = tmp_path
    official = make_official()
    budget_round, proposals = published_round(round_in_phase, official)
    follow_up(budget_round, proposals)
    report = services.request_report(by=official, budget_round=budget_round)
    if CouncilReport.objects.get(pk=report.pk).status == "waiting":
        make_council_report.call(report.pk)
    return budget_round


def test_an_elected_member_reads_reach_and_downloads_the_council_report(
    page, mobile_page, login, goto, console_errors, reported_round
):
    from delaktig.dialogue.tests.pdf_check import structure

    elected = make_user(full_name="Eva Förtroendevald", is_elected_member=True)
    login(page, elected)
    page.get_by_role("link", name="Förtroendevalda").click()
    assert assert_one_h1(page) == "Förtroendevalda"
    expect(page.locator("main")).to_contain_text("Rapporter som väntar")
    assert_accessible(page)
    save_screenshot(page, "council-start")

    page.get_by_role("link", name=f"Deltagande och rapport: {reported_round.name}").click()
    assert assert_one_h1(page) == "Deltagande och rapport till fullmäktige"
    main = page.locator("main")
    expect(main).to_contain_text("Väljare per åldersgrupp")
    expect(main).to_contain_text("färre än 5")
    expect(main).to_contain_text("Underrepresenterade grupper")
    # an elected member reads; the buttons that change something are not there
    expect(page.get_by_role("button", name="Gör en ny version")).to_have_count(0)
    expect(page.get_by_role("link", name="Publicera version 1")).to_have_count(0)
    assert_accessible(page)
    save_screenshot(page, "council-round")

    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ned version 1 (PDF)").click()
    found = structure(download.value.path().read_bytes())
    assert found["tagged"] and found["language"] == "sv" and found["shows_title"]
    assert {"/H1", "/H2", "/Table"} <= found["tags"]
    assert_no_errors(console_errors(page))

    # On a phone, 320 px wide.
    login(mobile_page, elected)
    goto(mobile_page, "/fortroendevald/")
    assert_no_horizontal_scroll(mobile_page)
    assert_accessible(mobile_page)
    goto(mobile_page, f"/rapporter/omgangar/{reported_round.slug}/")
    assert_no_horizontal_scroll(mobile_page)
    save_screenshot(mobile_page, "council-round-320")
    assert_no_errors(console_errors(mobile_page))
