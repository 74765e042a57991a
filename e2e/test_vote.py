"""Journey 4: a participant votes on Säter's knapsack ballot, goes over budget, gets a
receipt and changes the vote; with and without JavaScript."""

import pytest
from playwright.sync_api import expect

from e2e import journeys
from e2e.conftest import DESKTOP, LOCALE
from e2e.journeys import (
    assert_accessible,
    assert_accessible_markup,
    assert_error_summary_focused,
    assert_no_errors,
    assert_no_horizontal_scroll,
    assert_one_h1,
    make_resident,
    make_sater_round,
    save_screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

DESKS = "Höj- och sänkbara skrivbord"  # 20 000 kr
SCREENS = "Ljuddämpande skärmar i kontorslandskapet"  # 25 000 kr
HEALTH_DAY = "Gemensam friskvårdsdag i Ulvsbomuren"  # 30 000 kr
COFFEE = "Kaffemaskin till fikarummet"  # 10 000 kr
OVER_BUDGET = "Förslagen du har valt kostar 75 000 kr tillsammans. Du får använda högst 50 000 kr."


def text(locator) -> str:
    """Inner text with no-break spaces (used in amounts: 50 000 kr) as plain spaces."""
    return locator.inner_text().replace("\u00a0", " ")


def kr(amount: int) -> str:
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0kr"


def running_total(count: int, used: int) -> str:
    """The running total as ballot.js writes it, with no-break spaces in the amounts, and the
    money over the cap in words (issue 11)."""
    total = f"Valda förslag: {count}. Använt: {kr(used)} av 50\u00a0000\u00a0kr."
    if used > 50_000:
        total += f" Du har valt {kr(used - 50_000)} för mycket."
    return total


NO_FIT = "Får inte plats i pengarna du har kvar."


def no_fit(page) -> set[str]:
    """The proposals marked, in words, as costing more than the money left."""
    items = page.locator(".ballot-item", has_text=NO_FIT)
    return {text(items.nth(i).locator("label strong")) for i in range(items.count())}


def chosen(box) -> list[set[str]]:
    """The proposals chosen on each stored ballot of the box."""
    from delaktig.voting.models import Ballot

    return [
        set(ballot.choices.values_list("proposal__title", flat=True))
        for ballot in Ballot.objects.filter(box=box)
    ]


@pytest.fixture
def sater(db):
    return make_sater_round("vote")


def test_vote_running_total_over_budget_receipt_and_change(
    page, login, goto, console_errors, sater
):
    from delaktig.voting.models import Ballot

    budget_round, box, _proposals = sater
    login(page, make_resident())

    goto(page, f"/omgangar/{budget_round.slug}/rosta/")
    assert assert_one_h1(page) == f"Rösta: {budget_round.name}"
    assert page.locator("#phase-now").inner_text().startswith("Nu: Omröstning")
    rules = text(page.locator("main"))
    assert "Du får använda högst 50 000 kr." in rules
    total = page.locator("#ballot-total")
    assert text(total) == "Valda förslag: 0. Använt: 0 kr av 50 000 kr."
    assert total.get_attribute("aria-live") == "polite"
    assert_accessible(page)
    save_screenshot(page, "vote-1280")

    # The running total follows the ticks and warns when it goes over.
    page.get_by_label(DESKS).check()
    expect(total).to_have_text(running_total(1, 20_000))
    page.get_by_label(SCREENS).check()
    expect(total).to_have_text(running_total(2, 45_000))
    expect(total).not_to_have_class("ballot-total ballot-total--over")
    # 5 000 kr left: what costs more says so, in words.
    assert no_fit(page) == {HEALTH_DAY, COFFEE}
    page.get_by_label(HEALTH_DAY).check()
    expect(total).to_have_text(running_total(3, 75_000))
    assert "Du har valt 25 000 kr för mycket." in text(total)
    expect(total).to_have_class("ballot-total ballot-total--over")
    assert no_fit(page) == {COFFEE}
    assert_accessible(page)

    # The server refuses the ballot and says why; the ticks are kept.
    page.get_by_role("button", name="Skicka din röst").click()
    summary = assert_error_summary_focused(page)
    assert OVER_BUDGET in summary.replace("\u00a0", " ")
    assert Ballot.objects.filter(box=box).count() == 0
    for title in (DESKS, SCREENS, HEALTH_DAY):
        assert page.get_by_label(title).is_checked()
    assert "ballot-total--over" in page.locator("#ballot-total").get_attribute("class")
    # The script shows the live total, without the server's "in the vote you sent".
    expect(total).to_have_text(running_total(3, 75_000))
    assert_accessible(page)

    # Within the money: a receipt.
    page.get_by_label(HEALTH_DAY).uncheck()
    expect(total).to_have_text(running_total(2, 45_000))
    page.get_by_role("button", name="Skicka din röst").click()
    expect(page.locator("h1")).to_have_text("Tack för att du röstade")
    code = page.locator(".receipt__code").inner_text().strip()
    assert len(code) >= 6, code
    assert chosen(box) == [{DESKS, SCREENS}]
    # What happens next: the check page, and when checking opens.
    check = page.get_by_role("link", name="kontrollera din kvittokod")
    assert check.get_attribute("href") == f"/omgangar/{budget_round.slug}/resultat/kvitto/"
    assert "redan nu och se att din röstsedel har kommit fram" in page.locator("main").inner_text()
    # Copy and print are added by the script.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Kopiera koden").click()
    expect(page.locator(".receipt__copied")).to_have_text("Koden är kopierad.")
    assert page.evaluate("() => navigator.clipboard.readText()") == code
    expect(page.get_by_role("button", name="Skriv ut sidan")).to_be_visible()
    # Printed, the page keeps the code and what happens next, without menus and buttons.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Kopiera koden")).to_be_hidden()
    expect(page.locator(".receipt__code")).to_have_text(code)
    expect(page.get_by_role("heading", name="Vad händer nu")).to_be_visible()
    expect(page.locator(".print-only")).to_contain_text(
        f"/omgangar/{budget_round.slug}/resultat/kvitto/"
    )
    save_screenshot(page, "receipt-print")
    page.emulate_media(media="screen")
    expect(page.locator(".print-only")).to_be_hidden()
    assert_accessible(page)
    save_screenshot(page, "receipt-1280")

    # Coming back: the vote is filled in, and can be changed.
    page.get_by_role("link", name="Ändra din röst").click()
    page.wait_for_url(f"**/omgangar/{budget_round.slug}/rosta/")
    assert page.get_by_label(DESKS).is_checked()
    assert page.get_by_label(SCREENS).is_checked()
    assert not page.get_by_label(HEALTH_DAY).is_checked()
    assert not page.get_by_label(COFFEE).is_checked()
    assert text(total) == "Valda förslag: 2. Använt: 45 000 kr av 50 000 kr."
    banner = page.locator(".notification-banner")
    expect(banner).to_contain_text("Du har röstat.")
    expect(banner).to_contain_text("Du kan ändra din röst tills omröstningen stänger")
    assert_accessible(page)
    save_screenshot(page, "vote-returning-1280")

    page.get_by_label(SCREENS).uncheck()
    page.get_by_label(HEALTH_DAY).check()
    expect(total).to_have_text(running_total(2, 50_000))
    page.get_by_role("button", name="Ändra din röst").click()
    expect(page.locator("h1")).to_have_text("Din röst är ändrad")
    assert page.locator(".receipt__code").inner_text().strip() != code, "a new receipt code"
    assert "Bara den här rösten räknas nu." in text(page.locator("main"))
    assert Ballot.objects.filter(box=box).count() == 1
    assert chosen(box) == [{DESKS, HEALTH_DAY}]
    assert_accessible(page)
    assert_no_errors(console_errors(page))


def test_over_budget_and_too_few_without_javascript(browser, live_server, sater):
    """The server alone checks the rules and explains them. Playwright cannot evaluate script
    in a page with JavaScript off, so axe checks each response's markup in a second page."""
    from delaktig.voting.models import Ballot

    budget_round, box, _proposals = sater
    context = browser.new_context(
        viewport=DESKTOP, locale=LOCALE, timezone_id="Europe/Stockholm", java_script_enabled=False
    )
    context.set_default_timeout(10_000)

    def submit(page):
        with page.expect_response(lambda r: r.request.method == "POST") as response:
            page.get_by_role("button", name="Skicka din röst").click()
        page.wait_for_load_state()
        return response.value

    try:
        page = context.new_page()
        journeys.login(page, live_server, make_resident())
        response = journeys.goto(page, live_server, f"/omgangar/{budget_round.slug}/rosta/")
        assert_accessible_markup(browser, page.url, response.text())

        for title in (DESKS, SCREENS, HEALTH_DAY):
            page.get_by_label(title).check()
        # Without JavaScript no total can follow the ticks: none is shown that says "0 kr"
        # while proposals are ticked (issue 11, broken item 5).
        expect(page.locator("#ballot-total")).to_be_hidden()
        assert "0 kr av" not in text(page.locator("main"))
        response = submit(page)
        summary = page.locator("main [data-error-summary]")
        assert OVER_BUDGET in text(summary)
        # The server's total of what was sent, and how much too much, in words.
        total = page.locator("#ballot-total")
        expect(total).to_be_visible()
        assert text(total) == (
            "I rösten du skickade: Valda förslag: 3. Använt: 75 000 kr av 50 000 kr. "
            "Du har valt 25 000 kr för mycket."
        )
        assert "ballot-total--over" in total.get_attribute("class")
        assert no_fit(page) == {COFFEE}
        # The summary's link leads to the ballot.
        href = summary.locator("a").first.get_attribute("href")
        assert page.locator(f"[id='{href[1:]}']").count() == 1
        assert Ballot.objects.filter(box=box).count() == 0
        assert_accessible_markup(browser, page.url, response.text())

        # One choice is too few under Säter's rules.
        page.get_by_label(SCREENS).uncheck()
        page.get_by_label(HEALTH_DAY).uncheck()
        response = submit(page)
        assert "minst 2" in page.locator("main [data-error-summary]").inner_text()
        assert Ballot.objects.filter(box=box).count() == 0
        assert_accessible_markup(browser, page.url, response.text())

        page.get_by_label(COFFEE).check()
        response = submit(page)
        assert page.locator(".receipt__code").is_visible()
        assert chosen(box) == [{DESKS, COFFEE}]
        # Without JavaScript the copy and print buttons stay hidden; the check link is there.
        expect(page.get_by_role("button", name="Kopiera koden")).to_have_count(0)
        expect(page.get_by_role("link", name="kontrollera din kvittokod")).to_be_visible()
        assert_accessible_markup(browser, page.url, response.text())
    finally:
        context.close()


def test_voting_page_reflows_at_320px(mobile_page, login, goto, console_errors, sater):
    budget_round, _box, _proposals = sater
    login(mobile_page, make_resident())

    goto(mobile_page, f"/omgangar/{budget_round.slug}/rosta/")
    mobile_page.get_by_label(DESKS).check()
    mobile_page.get_by_label(SCREENS).check()
    mobile_page.get_by_label(HEALTH_DAY).check()
    expect(mobile_page.locator("#ballot-total")).to_have_class("ballot-total ballot-total--over")
    save_screenshot(mobile_page, "vote-320")
    assert_no_horizontal_scroll(mobile_page)
    assert_accessible(mobile_page)

    # The receipt at 320 px: the code stays on one line, inside the screen.
    mobile_page.get_by_label(HEALTH_DAY).uncheck()
    mobile_page.get_by_role("button", name="Skicka din röst").click()
    expect(mobile_page.locator("h1")).to_have_text("Tack för att du röstade")
    code = mobile_page.locator(".receipt__code")
    lines = code.evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el);"
        " return new Set(Array.from(r.getClientRects(), b => Math.round(b.top))).size; }"
    )
    assert lines == 1, "the code is broken over lines"
    line = code.evaluate("el => parseFloat(getComputedStyle(el).lineHeight) || 0")
    box = code.bounding_box()
    assert box["height"] < 2 * max(line, 16) + 20, box
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box
    assert float(code.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= 16
    save_screenshot(mobile_page, "receipt-320")
    assert_no_horizontal_scroll(mobile_page)
    assert_accessible(mobile_page)

    # Back on the ballot: the notice that the vote is in, at the top, within 320 px.
    mobile_page.get_by_role("link", name="Ändra din röst").click()
    expect(mobile_page.locator(".notification-banner")).to_contain_text("Du har röstat.")
    save_screenshot(mobile_page, "vote-returning-320")
    assert_no_horizontal_scroll(mobile_page)
    assert_accessible(mobile_page)
    assert_no_errors(console_errors(mobile_page))
