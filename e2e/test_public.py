"""Public pages anyone can open: structure, keyboard, reflow, CSP and axe."""

import pytest

from e2e.journeys import (
    assert_accessible,
    assert_no_errors,
    assert_no_horizontal_scroll,
    assert_one_h1,
    assert_skip_link_works,
    html_lang,
    make_round_in_phase,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

PUBLIC_PAGES = [
    pytest.param("/", id="start"),
    pytest.param("/tillganglighet/", id="accessibility-statement"),
    pytest.param("/om/", id="about"),
    pytest.param("/konto/login/", id="sign-in"),
    pytest.param("/konto/signup/", id="sign-up"),
]


@pytest.fixture
def rounds(db):
    """Something to show on the start page: a running round and one not yet started."""
    return [
        make_round_in_phase("propose", name="Medborgarbudget Centrum 2026"),
        make_round_in_phase(None, name="Personalbudget 2027", audience="staff"),
    ]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_page_structure_keyboard_and_axe(page, goto, console_errors, rounds, path):
    goto(page, path)

    assert html_lang(page) == "sv"
    assert_one_h1(page)
    assert page.title().strip(), f"{path} has no <title>"
    assert_skip_link_works(page)
    assert_accessible(page)
    assert_no_errors(console_errors(page))


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_page_reflows_at_320px(mobile_page, goto, console_errors, rounds, path):
    goto(mobile_page, path)

    assert_no_horizontal_scroll(mobile_page)
    assert_one_h1(mobile_page)
    assert_skip_link_works(mobile_page)
    assert_accessible(mobile_page)
    assert_no_errors(console_errors(mobile_page))


def test_start_page_lists_published_rounds(page, goto, rounds):
    goto(page, "/")

    cards = page.locator("main .card")
    assert cards.count() == 2
    names = cards.locator("h3 a").all_inner_texts()
    assert "Medborgarbudget Centrum 2026" in names
    assert "Personalbudget 2027" in names


def test_start_page_without_rounds(page, goto, console_errors):
    goto(page, "/")

    assert page.locator("main .card").count() == 0
    assert_one_h1(page)
    assert_accessible(page)
    assert_no_errors(console_errors(page))


def test_footer_links_reach_the_statement_and_about_page(page, goto):
    goto(page, "/")

    page.click('footer a[href="/tillganglighet/"]')
    page.wait_for_url("**/tillganglighet/")
    assert_one_h1(page)

    page.click('footer a[href="/om/"]')
    page.wait_for_url("**/om/")
    assert_one_h1(page)


def test_unknown_page_is_a_friendly_404(page, goto, console_errors):
    goto(page, "/finns-inte/", expect_status=404)

    assert html_lang(page) == "sv"
    assert_one_h1(page)
    assert_accessible(page)


def test_no_console_errors_at_all(page, goto, console_errors):
    goto(page, "/om/")
    page.wait_for_load_state("load")

    assert_no_errors(console_errors(page, include_known=True))


def test_header_links_stay_on_one_line_at_320px(mobile_page, goto):
    """Regression: with overflow-wrap:anywhere the header links broke inside words."""
    goto(mobile_page, "/")

    broken = mobile_page.evaluate(
        """() => Array.from(document.querySelectorAll('.site-header a, .site-header button'))
             .filter(el => el.getClientRects().length > 1)
             .map(el => el.textContent.trim())"""
    )
    assert broken == [], f"header links wrapped over several lines at 320 px: {broken}"
