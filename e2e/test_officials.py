"""Issue 11, officials and moderators: the start page under "Hantera" shows each role what
waits for it, and hiding content checks before it acts. Axe at 1280 and 320 px."""

import pytest
from playwright.sync_api import expect

from e2e.journeys import (
    assert_accessible,
    assert_no_errors,
    assert_no_horizontal_scroll,
    assert_one_h1,
    make_moderator,
    make_official,
    make_round_in_phase,
    save_screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture
def reported(db):
    from delaktig.proposals.tests.factories import ProposalFactory, ReportFactory

    budget_round = make_round_in_phase("propose", name="Parkbudgeten")
    proposal = ProposalFactory(budget_round=budget_round, title="Reklampelare i parken")
    ReportFactory(proposal=proposal, reason="Reklam för ett företag.")
    return budget_round, proposal


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_a_moderator_reaches_the_queue_by_clicking_and_hides_after_a_check(
    request, login, goto, console_errors, reported, width
):
    page = request.getfixturevalue("page" if width == "desktop" else "mobile_page")
    budget_round, proposal = reported
    login(page, make_moderator())
    goto(page, "/hantera/")
    assert assert_one_h1(page)
    expect(page.locator("main")).to_contain_text("Det här väntar på dig")
    assert_accessible(page)
    if width == "mobile":
        assert_no_horizontal_scroll(page)
    save_screenshot(page, f"start-page-moderator-{width}")

    page.get_by_role("link", name="1 anmälan väntar på att hanteras").click()
    page.wait_for_url(f"**/hantera/omgangar/{budget_round.slug}/forslag/moderering/")
    page.get_by_label("Offentlig anledning till att innehållet döljs").fill(
        "Reklam hör inte hemma här."
    )
    page.get_by_role("button", name="Dölj med den här anledningen").click()

    expect(page.locator("h1")).to_have_text("Dölja innehållet?")  # waits for the new page
    assert assert_one_h1(page) == "Dölja innehållet?"
    main = page.locator("main")
    expect(main).to_contain_text("Reklampelare i parken")
    expect(main).to_contain_text("Reklam hör inte hemma här.")
    expect(main).to_contain_text("Alla ser anledningen nedan i stället för texten.")
    proposal.refresh_from_db()
    assert proposal.status == "published"
    assert_accessible(page)
    if width == "mobile":
        assert_no_horizontal_scroll(page)
    save_screenshot(page, f"confirm-hide-{width}")

    page.get_by_role("button", name="Ja, dölj det").click()
    page.wait_for_url(f"**/hantera/omgangar/{budget_round.slug}/forslag/moderering/")
    proposal.refresh_from_db()
    assert proposal.status == "hidden"
    assert proposal.hidden_reason == "Reklam hör inte hemma här."
    assert_no_errors(console_errors(page))


def test_an_officials_start_page_is_accessible_at_320px(mobile_page, login, goto, console_errors):
    from delaktig.proposals.tests.factories import ProposalFactory

    budget_round = make_round_in_phase("assess", name="Skolbudgeten")
    ProposalFactory.create_batch(2, budget_round=budget_round)
    login(mobile_page, make_official())
    goto(mobile_page, "/hantera/")
    expect(mobile_page.locator("main")).to_contain_text("2 förslag väntar på bedömning")
    assert_accessible(mobile_page)
    assert_no_horizontal_scroll(mobile_page)
    save_screenshot(mobile_page, "start-page-official-320")
    mobile_page.get_by_role("link", name="2 förslag väntar på bedömning").click()
    assert assert_one_h1(mobile_page) == "Bedöm förslag"
    assert_no_errors(console_errors(mobile_page))
