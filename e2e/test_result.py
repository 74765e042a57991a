"""Journey 5: an official counts the votes and publishes the result; anyone reads it, with the
chart, the table, the reasons, and the anonymised ballots as a Pabulib file."""

import pytest
from playwright.sync_api import expect

from e2e.journeys import (
    assert_accessible,
    assert_no_errors,
    assert_no_horizontal_scroll,
    assert_one_h1,
    logout,
    make_official,
    make_voted_sater_round,
    publish_result,
    save_screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

DESKS = "Höj- och sänkbara skrivbord"  # 20 000 kr
SCREENS = "Ljuddämpande skärmar i kontorslandskapet"  # 25 000 kr
HEALTH_DAY = "Gemensam friskvårdsdag i Ulvsbomuren"  # 30 000 kr
COFFEE = "Kaffemaskin till fikarummet"  # 10 000 kr
# Votes: desks 7, screens 4, coffee 3, health day 2; every ballot within 50 000 kr. Most votes
# first funds the desks (20 000) and the screens (25 000); the coffee machine (10 000) no longer
# fits in the 5 000 kr left, nor does the health day.
BALLOTS = [
    *[[DESKS, SCREENS]] * 4,
    *[[DESKS, COFFEE]] * 2,
    [HEALTH_DAY, COFFEE],
    [DESKS, HEALTH_DAY],
]


@pytest.fixture
def voted(db):
    return make_voted_sater_round(BALLOTS)


def test_official_counts_and_publishes_and_anyone_recounts(
    page, login, goto, console_errors, voted, tmp_path
):
    from delaktig.counting.pabulib import loads

    budget_round, box = voted
    login(page, make_official())

    goto(page, f"/hantera/omgangar/{budget_round.slug}/resultat/")
    assert assert_one_h1(page) == "Räkna och publicera resultatet"
    assert_accessible(page)
    page.get_by_role("button", name="Räkna rösterna").click()
    page.wait_for_url("**/resultat/rakning/*/")
    assert_one_h1(page)
    assert box.tally_runs.count() == 1
    assert box.tally_runs.get().published_at is None
    assert_accessible(page)

    page.get_by_role("navigation", name="Du är här").get_by_role("link", name="Räkna").click()
    page.wait_for_url(f"**/hantera/omgangar/{budget_round.slug}/resultat/")
    page.get_by_role("link", name="Publicera resultatet").click()
    assert assert_one_h1(page) == "Publicera resultatet?"
    budget_round.refresh_from_db()
    assert budget_round.result_published_at is None
    assert_accessible(page)
    page.get_by_role("button", name="Ja, publicera resultatet").click()
    page.wait_for_url(f"**/omgangar/{budget_round.slug}/resultat/")
    budget_round.refresh_from_db()
    assert budget_round.result_published_at is not None
    assert_no_errors(console_errors(page))

    # The public page, for everyone.
    logout(page)
    goto(page, f"/omgangar/{budget_round.slug}/resultat/")
    assert assert_one_h1(page) == f"Resultat: {budget_round.name}"
    main = page.locator("main")
    assert "45 000 kr av 50 000 kr" in main.inner_text().replace("\u00a0", " ")
    funded = main.locator("h3 + ol li").all_inner_texts()
    assert [f.split(" – ")[0] for f in funded] == [DESKS, SCREENS]

    chart = main.locator("ul.bar-chart")
    assert chart.locator("li").count() == 4
    assert chart.locator("rect.bar").count() == 4
    assert chart.locator("rect.bar--funded").count() == 2
    expect(main.locator("figure figcaption")).to_contain_text("Samma siffror finns i tabellen")

    table = main.get_by_role("table")
    rows = table.locator("tbody tr")
    assert rows.count() == 4
    by_title = {}
    for row in rows.all():
        cells = row.locator("th, td").all_inner_texts()
        by_title[cells[0]] = cells
    assert by_title[DESKS][2] == "7"
    assert by_title[COFFEE][2] == "3"
    assert by_title[DESKS][3] == "Ja"
    assert by_title[COFFEE][3] == "Nej"
    for title, cells in by_title.items():
        assert len(cells[4].strip()) > 20, f"no explanation for {title}: {cells}"
    assert "kr" in by_title[COFFEE][4], "why the coffee machine did not fit"
    assert_accessible(page)
    save_screenshot(page, "result-1280")

    # The anonymised ballots, downloaded and read back.
    with page.expect_download() as info:
        page.get_by_role("link", name="Pabulib-fil (.pb)").click()
    download = info.value
    assert download.suggested_filename == f"{budget_round.slug}-{box.pk}.pb"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    election = loads(path.read_bytes())
    assert election.instance.budget == 50_000
    assert sorted(p.cost for p in election.instance.projects) == [10_000, 20_000, 25_000, 30_000]
    assert len(election.profile.voter_class) == len(BALLOTS)
    assert_no_errors(console_errors(page))


def test_result_page_reflows_at_320px(mobile_page, goto, console_errors, voted):
    budget_round, _box = voted
    publish_result(budget_round, make_official())

    goto(mobile_page, f"/omgangar/{budget_round.slug}/resultat/")
    chart = mobile_page.locator("ul.bar-chart")
    assert chart.is_visible()
    # Chart labels are text at the page's size, not shrunk with a drawing (issue 11).
    size = chart.locator(".bar-chart__label").first.evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)"
    )
    assert size >= 15
    save_screenshot(mobile_page, "result-320")
    assert_no_horizontal_scroll(mobile_page)
    # The "why" table becomes stacked cards: nothing to scroll sideways, each value labelled.
    wrap = mobile_page.locator("main section .table-wrap")
    assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    label = wrap.locator("td[data-label]").first.evaluate(
        "el => getComputedStyle(el, '::before').content"
    )
    assert "Kostnad" in label
    assert_no_errors(console_errors(mobile_page))


def test_result_page_is_axe_clean_at_320px(mobile_page, goto, voted):
    budget_round, _box = voted
    publish_result(budget_round, make_official())

    goto(mobile_page, f"/omgangar/{budget_round.slug}/resultat/")
    assert_accessible(mobile_page)


def test_recount_command_names_the_rule_the_result_was_counted_with(page, goto, voted):
    budget_round, box = voted
    publish_result(budget_round, make_official())

    goto(page, f"/omgangar/{budget_round.slug}/resultat/")
    assert box.counting_rule == "greedy"
    command = page.locator("main code", has_text="python -m delaktig.counting").inner_text()
    assert "--rule greedy" in command, command
