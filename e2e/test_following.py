"""Issue 13, telling people: a voter without an account follows a round by e-mail, confirms
the link, gets the daily e-mail and stops it with its link; a signed-in resident follows a
proposal with the button. Every page checked with axe."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from e2e.journeys import (
    assert_accessible,
    assert_no_errors,
    assert_one_h1,
    make_resident,
    make_round_in_phase,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _link(body: str, after: str) -> str:
    """The first link on the line after `after` (or on the same line)."""
    text = body.split(after, 1)[1]
    return re.search(r"https?://\S+", text).group(0)


def test_a_follower_gets_the_email_and_stops_it_with_its_link(
    page, mobile_page, goto, console_errors, live_server, settings
):
    from delaktig.following import digest, services
    from delaktig.following.models import Follow

    settings.SITE_URL = live_server.url  # the links in the e-mails lead to this server
    budget_round = make_round_in_phase("result", name="Medborgarbudget Nässjö 2026")

    goto(page, budget_round.get_absolute_url())
    follow = page.get_by_role("region", name="Följ via e-post")
    follow.get_by_label("Din e-postadress").fill("inte en adress")
    follow.get_by_role("button", name="Följ via e-post").click()
    assert "Skriv en e-postadress" in page.locator(".error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Din e-postadress").fill("eva.svensson@example.se")
    page.get_by_role("button", name="Följ via e-post").click()
    assert assert_one_h1(page) == "Titta i din e-post"
    assert_accessible(page)
    assert not Follow.objects.exists(), "nothing is stored before the link is opened"

    confirmation = mail.outbox[-1]
    assert confirmation.to == ["eva.svensson@example.se"]
    page.goto(_link(confirmation.body, "Öppna den här länken för att bekräfta:"))
    assert assert_one_h1(page) == "Bekräfta att du vill följa"
    assert_accessible(page)
    page.get_by_role("button", name="Ja, följ").click()
    assert assert_one_h1(page) == "Nu följer du det"
    assert_accessible(page)
    assert Follow.objects.get().email == "eva.svensson@example.se"

    # The result is published; the next morning's digest tells her.
    services.record(
        budget_round,
        "result.published",
        title=budget_round.name,
        path=f"/omgangar/{budget_round.slug}/resultat/",
        process=budget_round,
    )
    mail.outbox.clear()
    counts = digest.send_digests(now=timezone.now() + timedelta(minutes=5))
    assert counts["sent"] == 1
    message = mail.outbox[0]
    assert message.to == ["eva.svensson@example.se"]
    assert "Resultatet är publicerat: Medborgarbudget Nässjö 2026" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # She stops it from the link in the e-mail, on her phone, without signing in.
    stop = _link(message.body, "Sluta få e-post om det här:")
    mobile_page.goto(stop)
    assert assert_one_h1(mobile_page) == "Sluta få e-post"
    assert "Medborgarbudget Nässjö 2026" in mobile_page.locator("main").inner_text()
    assert_accessible(mobile_page)
    mobile_page.get_by_role("button", name="Sluta få den här e-posten").click()
    assert assert_one_h1(mobile_page) == "Ingen mer e-post"
    assert_accessible(mobile_page)
    assert not Follow.objects.exists()
    scroll = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 320, "no sideways scrolling at 320 px"

    # The same link again says so, and nothing more is sent.
    mobile_page.goto(stop)
    expect(mobile_page.locator("main")).to_contain_text("Du har redan slutat")
    mail.outbox.clear()
    assert digest.send_digests(now=timezone.now() + timedelta(days=1))["sent"] == 0
    # The form with an error answers 400 on purpose, and Chromium logs any 4xx document.
    errors = [e for e in console_errors(page) if not ("status of 400" in e and "/e-post/" in e)]
    assert_no_errors(errors + console_errors(mobile_page))


def test_a_resident_follows_a_proposal_with_the_button(page, login, goto, console_errors):
    from delaktig.proposals.tests.factories import ProposalFactory

    budget_round = make_round_in_phase("propose", name="Medborgarbudget Säter")
    proposal = ProposalFactory(budget_round=budget_round, title="Bänkar vid sjön")
    login(page, make_resident(email="anna@example.se"))
    goto(page, proposal.get_absolute_url())
    region = page.get_by_role("region", name="Följ via e-post")
    region.get_by_role("button", name="Följ Bänkar vid sjön").click()
    expect(page.locator(".messages")).to_contain_text("Du följer Bänkar vid sjön.")
    region = page.get_by_role("region", name="Följ via e-post")
    expect(region).to_contain_text("Du följer Bänkar vid sjön.")
    assert_accessible(page)
    region.get_by_role("button", name="Sluta följa Bänkar vid sjön").click()
    expect(page.locator(".messages")).to_contain_text("Du följer inte längre Bänkar vid sjön.")
    assert_accessible(page)
    assert_no_errors(console_errors(page))
