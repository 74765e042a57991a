"""Reusable steps for browser journeys: data set-up, signing in, and page checks.

Tests for proposals, voting and results import from here, for example::

    from e2e.journeys import PASSWORD, assert_accessible, login, make_round_in_phase, make_user

Everything here runs in the test thread, which shares the database with pytest-django's
``live_server`` (the ``transactional_db`` fixture is pulled in by ``live_server``).
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

if TYPE_CHECKING:
    from playwright.sync_api import Page

# The password UserFactory gives every user (see delaktig/accounts/tests/factories.py).
PASSWORD = "hemligt-lösen-123"

# axe-core tags for WCAG 2.1 level A and AA, and the impacts that fail a test.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = frozenset({"serious", "critical"})

# Selectors that do not depend on whether the translations are compiled yet.
LOGOUT_BUTTON = 'header form[action$="/konto/logout/"] button[type="submit"]'
LOGIN_SUBMIT = 'main form[action$="/konto/login/"] button[type="submit"]'


# --- Data ---------------------------------------------------------------------------------


def make_user(**kwargs):
    """A user whose e-mail is verified and whose password is PASSWORD."""
    from delaktig.accounts.tests.factories import UserFactory

    return UserFactory(**kwargs)


def make_resident(**kwargs):
    kwargs.setdefault("full_name", "Anna Andersson")
    return make_user(**kwargs)


def make_official(**kwargs):
    kwargs.setdefault("full_name", "Olga Officer")
    return make_user(is_official=True, **kwargs)


def make_moderator(**kwargs):
    kwargs.setdefault("full_name", "Maja Moderator")
    return make_user(is_moderator=True, **kwargs)


def make_admin(**kwargs):
    kwargs.setdefault("full_name", "Adam Admin")
    return make_user(is_superuser=True, is_staff=True, **kwargs)


def make_round_in_phase(phase: str | None, **kwargs):
    """A published round whose `phase` ("inform", "propose", "assess", "vote", "result",
    "follow_up") runs now; None gives a round that has not started. Extra keyword arguments
    go to BudgetRoundFactory (name, slug, kind, total_budget, status, ...)."""
    from delaktig.processes.tests.factories import round_in_phase

    return round_in_phase(phase, **kwargs)


def make_area(budget_round, **kwargs):
    from delaktig.processes.tests.factories import AreaFactory

    return AreaFactory(budget_round=budget_round, **kwargs)


def make_category(budget_round, **kwargs):
    from delaktig.processes.tests.factories import CategoryFactory

    return CategoryFactory(budget_round=budget_round, **kwargs)


# Säter's Medarbetarbudget: knapsack, each proposal ≤ 30 000 kr, ≥ 2 choices, ≤ 50 000 kr.
SATER_PROPOSALS = {
    "Höj- och sänkbara skrivbord": 20_000,
    "Ljuddämpande skärmar i kontorslandskapet": 25_000,
    "Gemensam friskvårdsdag i Ulvsbomuren": 30_000,
    "Kaffemaskin till fikarummet": 10_000,
}


def make_sater_round(phase: str | None = "vote", **kwargs):
    """A staff round whose `phase` runs now, with one ballot box under Säter's rules and the
    four SATER_PROPOSALS (assessed feasible, published) on its ballot.

    Returns (round, box, {title: proposal})."""
    from delaktig.voting.tests.factories import sater_box

    kwargs.setdefault("name", "Medarbetarbudget 2021 – du vet bäst")
    kwargs.setdefault("audience", "staff")
    budget_round = make_round_in_phase(phase, **kwargs)
    box, proposals = sater_box(budget_round, tuple(SATER_PROPOSALS.values()))
    return budget_round, box, _titled(proposals, SATER_PROPOSALS)


def make_voted_sater_round(ballots: list[list[str]], **kwargs):
    """A staff round in its result phase with a Säter ballot box holding `ballots` (each a
    list of titles from SATER_PROPOSALS), not counted yet. Returns (round, box)."""
    from delaktig.processes.timeline import move_to
    from delaktig.results.tests.factories import box_with_ballots

    kwargs.setdefault("name", "Medarbetarbudget 2021 – du vet bäst")
    kwargs.setdefault("audience", "staff")
    kwargs.setdefault("total_budget", 50_000)
    budget_round = make_round_in_phase("vote", **kwargs)
    box, proposals = box_with_ballots(
        budget_round,
        costs=SATER_PROPOSALS,
        ballots=ballots,
        kind="knapsack",
        min_choices=2,
        max_cost_per_proposal=30_000,
        spending_cap=50_000,
    )
    for title, proposal in proposals.items():
        proposal.title = title
        proposal.save(update_fields=["title"])
    move_to(budget_round, "result")
    return budget_round, box


def _titled(proposals, titles) -> dict:
    """Give factory proposals the `titles`, in order; {title: proposal}."""
    by_title = {}
    for proposal, title in zip(proposals, titles, strict=True):
        proposal.title = title
        proposal.save(update_fields=["title"])
        by_title[title] = proposal
    return by_title


# A school's pupil budget (approval ballot, 1–2 choices), voted with printed voting codes.
SCHOOL_PROPOSALS = {
    "Pingisbord i uppehållsrummet": 15_000,
    "Nya bänkar på skolgården": 40_000,
    "Fler böcker till skolbiblioteket": 20_000,
}


def use_roll(budget_round, *, invitations: bool = False, census: bool = False):
    """Let the round's roll decide who votes: its invitation list (voting codes) and/or its
    census (personnummer). Seeded directly: the service refuses once voting has opened."""
    from delaktig.eligibility.tests.factories import RoundEligibilityFactory

    return RoundEligibilityFactory(
        budget_round=budget_round, use_invitations=invitations, use_census=census
    )


def make_code_round(phase: str | None = "vote", **kwargs):
    """A round whose `phase` runs now, open only to its invitation list (pupils vote with a
    voting code), with one round-wide approval box (choose 1–2) of the SCHOOL_PROPOSALS.

    Returns (round, box, {title: proposal})."""
    from delaktig.voting.tests.factories import box_with_proposals

    kwargs.setdefault("name", "Elevbudget Forsaskolan 2025")
    kwargs.setdefault("total_budget", 60_000)
    budget_round = make_round_in_phase(phase, **kwargs)
    use_roll(budget_round, invitations=True)
    box, proposals = box_with_proposals(
        budget_round,
        tuple(SCHOOL_PROPOSALS.values()),
        kind="approval",
        min_choices=1,
        max_choices=2,
    )
    return budget_round, box, _titled(proposals, SCHOOL_PROPOSALS)


def make_invitation(budget_round, **kwargs):
    """A person on the round's invitation list with an issued code: (invitation, code in
    clear, as printed on the code sheet: ABCD-EFGH-JK23)."""
    from delaktig.eligibility.tests.factories import invitation_with_code

    return invitation_with_code(budget_round=budget_round, **kwargs)


def make_census_voter(budget_round, personnummer: str, **kwargs):
    """A person in the round's census with an account (password PASSWORD) that e-ID sign-in
    has already linked to the personnummer, as `User.personnummer_hash`. The round must use
    its census (`use_roll(round, census=True)`)."""
    from delaktig.core.personnummer import birth_date, keyed_hash
    from delaktig.eligibility.tests.factories import CensusEntryFactory

    CensusEntryFactory(
        budget_round=budget_round,
        personnummer_hash=keyed_hash(personnummer),
        birth_date=birth_date(personnummer),
    )
    return make_resident(personnummer_hash=keyed_hash(personnummer), **kwargs)


def publish_result(budget_round, official) -> None:
    """Count every ballot box of a round in its result phase and publish, through the services
    the officials' pages use."""
    from delaktig.results import services

    for box in budget_round.ballot_boxes.all():
        services.run_tally(by=official, box=box)
    services.publish_result(by=official, budget_round=budget_round)


def png_file(path: Path, size=(64, 48), colour="seagreen") -> Path:
    """A small real PNG image made with Pillow, for upload fields."""
    from PIL import Image

    Image.new("RGB", size, colour).save(path, format="PNG")
    return path


def local_input(moment) -> str:
    """A datetime as an <input type="datetime-local"> value in the site's time zone."""
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


# --- Navigation ---------------------------------------------------------------------------


def url(live_server, path: str) -> str:
    """The live server's absolute URL for a site path ("/om/") or a model with
    get_absolute_url()."""
    if hasattr(path, "get_absolute_url"):
        path = path.get_absolute_url()
    return live_server.url + path


def goto(page: Page, live_server, path: str, *, expect_status: int | None = 200):
    """Open a path on the live server and check the HTTP status of the document."""
    response = page.goto(url(live_server, path))
    if expect_status is not None:
        assert response is not None, f"no response for {path}"
        assert response.status == expect_status, (
            f"{path} answered {response.status}, not {expect_status}:\n"
            + page.locator("body").inner_text()[:500]
        )
    return response


def login(page: Page, live_server, user, password: str = PASSWORD, *, next_path: str = "/"):
    """Sign in through the real allauth form at /konto/login/ and wait until signed in."""
    goto(page, live_server, f"/konto/login/?next={next_path}")
    page.fill('input[name="login"]', user.email)
    page.fill('input[name="password"]', password)
    page.click(LOGIN_SUBMIT)
    page.wait_for_load_state()
    assert page.locator(LOGOUT_BUTTON).count() == 1, (
        f"signing in as {user.email} did not succeed; page at {page.url} says:\n"
        + page.locator("main").inner_text()[:500]
    )


def logout(page: Page):
    page.click(LOGOUT_BUTTON)
    page.wait_for_selector(LOGOUT_BUTTON, state="detached")
    page.wait_for_load_state()


def is_signed_in(page: Page) -> bool:
    return page.locator(LOGOUT_BUTTON).count() == 1


def serve_media(page: Page) -> None:
    """Answer requests for uploaded files (MEDIA_URL) from MEDIA_ROOT, as the web server in
    front of Django does in production: the live server (DEBUG off) does not serve them."""
    from django.conf import settings

    def handle(route):
        root = Path(settings.MEDIA_ROOT).resolve()
        name = unquote(urlparse(route.request.url).path)[len(settings.MEDIA_URL) :]
        file = (root / name).resolve()
        if file.is_relative_to(root) and file.is_file():
            route.fulfill(path=str(file))
        else:
            route.fulfill(status=404, body="not found")

    page.route(f"**{settings.MEDIA_URL}**", handle)


def save_screenshot(page: Page, name: str) -> Path | None:
    """A full-page screenshot in $E2E_SCREENSHOTS (nothing when it is not set), for looking
    at pages by eye: E2E_SCREENSHOTS=/tmp .venv/bin/pytest -m e2e e2e"""
    folder = os.environ.get("E2E_SCREENSHOTS")
    if not folder:
        return None
    path = Path(folder) / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def force_submit(page: Page, form: str, *, check: tuple[str, ...] = ()):
    """Send a form the page shows without a submit button (a ballot the person may not cast),
    as a person who edits the page would: enable its fields, tick the boxes labelled `check`
    and submit it with the page's own CSRF token. Returns the response to the POST."""
    form_locator = page.locator(form)
    form_locator.locator("input:disabled, select:disabled").evaluate_all(
        "els => els.forEach(el => { el.disabled = false; })"
    )
    for label in check:
        form_locator.get_by_label(label).check()
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.request.resource_type == "document"
    ) as response:
        form_locator.evaluate("f => f.submit()")
    page.wait_for_load_state()
    return response.value


# --- Checks -------------------------------------------------------------------------------


@cache
def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def javascript_is_off(page: Page) -> bool:
    """True for a page whose browser context was opened with java_script_enabled=False.

    page.evaluate (and so axe) waits for ever in such a page. No public property says how the
    context was made, so this reads the options Playwright keeps on the context's
    implementation object; if that ever moves, it answers False and axe runs as before."""
    options = getattr(getattr(page.context, "_impl_obj", None), "_options", None)
    return isinstance(options, dict) and options.get("javaScriptEnabled") is False


def run_axe(page: Page, context: str | None = None) -> dict:
    """Run axe-core (shipped by axe_playwright_python) on the page with the WCAG 2.1 A/AA
    tags and return its raw result.

    axe is injected with page.evaluate, which runs through the DevTools protocol and is not
    subject to the page's Content-Security-Policy, so the page keeps its real CSP (and CSP
    violations of the site itself still show up as console errors). Never in a page without
    JavaScript (it would hang): `assert_accessible` checks such a page's markup instead.
    """
    if javascript_is_off(page):
        raise AssertionError(
            f"axe cannot run in a page without JavaScript ({page.url}): use "
            "assert_accessible(page), which checks its markup in a page with scripts on"
        )
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return page.evaluate(
        "([context, options]) => window.axe.run(context || document, options)",
        [context, options],
    )


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}  [{v['helpUrl']}]")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page: Page, context: str | None = None) -> list[dict]:
    """Fail when axe finds a serious or critical WCAG 2.1 A/AA violation on the page.

    Returns the minor and moderate violations, so a test may look at them too. In a page
    without JavaScript, where axe would hang, the page's current markup is checked in a fresh
    page with scripts on (`assert_accessible_markup`)."""
    if javascript_is_off(page):
        return assert_accessible_markup(page.context.browser, page.url, page.content(), context)
    results = run_axe(page, context)
    failing = [v for v in results["violations"] if v.get("impact") in FAILING_IMPACTS]
    assert not failing, (
        f"axe found {len(failing)} serious/critical WCAG 2.1 A/AA violation(s) on {page.url}:\n"
        + format_violations(failing)
    )
    return [v for v in results["violations"] if v.get("impact") not in FAILING_IMPACTS]


def assert_accessible_markup(
    browser, page_url: str, html: str, context: str | None = None
) -> list[dict]:
    """axe on markup that a page without JavaScript received (axe cannot run in such a page:
    page.evaluate waits for ever when scripts are off). The markup is served again at the same
    address in a fresh context with scripts on, so styles and relative links behave the same."""
    axe_context = context
    browser_context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE")
    try:
        page = browser_context.new_page()
        page.route(
            page_url,
            lambda route: route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body=html
            ),
        )
        page.goto(page_url)
        return assert_accessible(page, axe_context)
    finally:
        browser_context.close()


def assert_one_h1(page: Page) -> str:
    h1 = page.locator("h1")
    assert h1.count() == 1, f"{page.url} has {h1.count()} h1 elements, want exactly one"
    text = h1.inner_text().strip()
    assert text, f"{page.url}: the h1 is empty"
    return text


def assert_no_horizontal_scroll(page: Page) -> None:
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    if scroll_width > width:
        wide = page.evaluate(
            """(width) => Array.from(document.querySelectorAll('body *'))
                 .filter(el => el.getBoundingClientRect().right > width + 0.5)
                 .slice(0, 10)
                 .map(el => el.tagName.toLowerCase()
                      + (el.id ? '#' + el.id : '')
                      + (el.className && typeof el.className === 'string'
                         ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                      + ' right=' + Math.round(el.getBoundingClientRect().right))""",
            width,
        )
        raise AssertionError(
            f"{page.url} scrolls sideways at {width} px (scrollWidth {scroll_width}); "
            f"elements reaching past the edge: {wide}"
        )


def assert_skip_link_works(page: Page) -> None:
    """Tab from the top of the page focuses a visible skip link; Enter moves focus to #main."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
             const el = document.activeElement;
             const r = el.getBoundingClientRect();
             return {tag: el.tagName, cls: el.className, href: el.getAttribute('href'),
                     left: r.left, top: r.top, right: r.right, bottom: r.bottom,
                     vw: window.innerWidth, vh: window.innerHeight};
           }"""
    )
    assert focused["tag"] == "A" and focused["href"] == "#main", (
        f"first Tab stop on {page.url} is not the skip link: {focused}"
    )
    inside = (
        focused["left"] >= 0
        and focused["top"] >= 0
        and focused["right"] <= focused["vw"]
        and focused["bottom"] <= focused["vh"]
        and focused["right"] > focused["left"]
    )
    assert inside, f"the focused skip link is not visible in the viewport: {focused}"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main'")


def assert_error_summary_focused(page: Page) -> str:
    """An error summary is shown, has the keyboard focus (delaktig.js moves it there) and
    links each error to its field. Returns the summary's text."""
    summary = page.locator("main [data-error-summary]")
    try:
        summary.wait_for()
    except Exception as error:
        raise AssertionError(
            f"{page.url}: no error summary, page says:\n" + page.locator("main").inner_text()[:800]
        ) from error
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.matches('[data-error-summary]')"
    )
    for link in summary.locator("a[href^='#']").all():
        target = link.get_attribute("href")[1:]
        assert page.locator(f"[id='{target}']").count() == 1, (
            f"the error summary links to #{target}, which is not on {page.url}"
        )
    return summary.inner_text()


def assert_no_errors(errors: list[str]) -> None:
    """Fail with every message when the list of console errors is not empty."""
    assert not errors, f"{len(errors)} browser console error(s):\n" + "\n".join(
        f"- {e}" for e in errors
    )


def html_lang(page: Page) -> str:
    return page.evaluate("() => document.documentElement.lang")


def mail_links(message) -> list[str]:
    """The http(s) links in an e-mail message's text (and HTML alternative, if any)."""
    bodies = [message.body]
    bodies += [content for content, _mime in getattr(message, "alternatives", [])]
    links: list[str] = []
    for body in bodies:
        links += re.findall(r"https?://[^\s\"'<>]+", body)
    return links


# --- Sweeps -------------------------------------------------------------------------------


def sign_in_with_cookie(page: Page, live_server, user) -> None:
    """Sign in without the form (for sweeps that visit many pages): a session made by Django's
    test client, handed to the browser context as its session cookie. `login` is the real
    journey through /konto/login/ and is the one to use when sign-in itself is tested."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )


SWEEP_CHECKS = frozenset({"status", "h1", "axe", "console", "reflow"})


def page_problems(
    page: Page,
    response,
    console: list[str],
    *,
    expect_status: int = 200,
    skip: frozenset[str] | set[str] = frozenset(),
) -> list[str]:
    """Run every check of the accessibility sweep on the page now open and return what failed
    (an empty list when all is well), so one page's failure does not hide another's.

    - "status": the document answered `expect_status`;
    - "h1": exactly one non-empty <h1>;
    - "axe": no serious/critical WCAG 2.1 A/AA violation;
    - "console": no console error in `console` (the errors seen since the page was opened);
      Chromium's "Failed to load resource" for an expected 4xx document is left out;
    - "reflow": no sideways scrolling, checked when the viewport is narrower than 400 px.

    `skip` leaves out checks that fail because of a known bug (each one kept in its own
    strict xfail test)."""
    problems: list[str] = []
    unknown = set(skip) - SWEEP_CHECKS
    assert not unknown, f"unknown checks to skip: {unknown}"
    if "status" not in skip:
        status = None if response is None else response.status
        if status != expect_status:
            problems.append(f"status {status}, not {expect_status}")
    checks = [("h1", assert_one_h1), ("axe", assert_accessible)]
    if page.viewport_size["width"] < 400:
        checks.append(("reflow", assert_no_horizontal_scroll))
    for name, check in checks:
        if name in skip:
            continue
        try:
            check(page)
        except AssertionError as error:
            problems.append(f"{name}: {error}")
    if "console" not in skip:
        expected = f"status of {expect_status}" if expect_status != 200 else None
        errors = [e for e in console if not (expected and expected in e)]
        if errors:
            problems.append("console: " + "; ".join(errors))
    return problems


# --- Timed journeys (issue 11): shared by the e2e tests and bench/journeys.py ---------------

OFFICIAL_ROUND = "Medborgarbudget Parkstaden 2027"
# What residents proposed and case officers assessed as feasible while the official set up the
# rest: put in place between two steps of the walk (not timed, not the official's actions).
OFFICIAL_PROPOSALS = {
    "Utegym vid sjön": 60_000,
    "Belysning längs gångvägen": 30_000,
    "Hundrastgård i Norrparken": 40_000,
}


class Walk:
    """A person's walk through pages: counts their actions (clicks, ticks and form submits;
    typing is not counted) and the seconds it takes, less the time of checks made on the way
    (`look`: axe in the browser tests) and of set-up done between steps (`aside`)."""

    def __init__(self, page: Page, check=None):
        import time

        self.page = page
        self.check = check
        self.actions = 0
        self._clock = time.perf_counter
        self._start = self._clock()
        self._aside = 0.0

    def act(self, locator) -> None:
        locator.click()
        self.page.wait_for_load_state()
        self.actions += 1

    def look(self) -> None:
        if self.check is not None:
            with self.aside():
                self.check(self.page)

    def aside(self):
        from contextlib import contextmanager

        @contextmanager
        def timer():
            started = self._clock()
            try:
                yield
            finally:
                self._aside += self._clock() - started

        return timer()

    @property
    def seconds(self) -> float:
        return self._clock() - self._start - self._aside


def walk_official_to_open_vote(page: Page, base: str, *, seed, check=None) -> tuple[Walk, str]:
    """A new case officer, signed in, from "Skapa en budgetomgång" through the round's task list
    to an open vote: the details, the timetable, the ballot (kind, proposals, counting rule),
    its preview, publishing and "Öppna omröstningen nu". `seed(slug)` puts the residents'
    proposals in place once the timetable is saved; `check(page)` runs on each new page.
    Returns the walk (actions, seconds) and the round's slug."""
    import re
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    def moment(days: float) -> str:
        at = datetime.now(ZoneInfo("Europe/Stockholm")) + timedelta(days=days)
        return at.strftime("%Y-%m-%dT%H:%M")

    walk = Walk(page, check)
    page.goto(base + "/hantera/")
    walk.look()
    walk.act(page.get_by_role("link", name="Skapa en budgetomgång"))
    walk.look()
    page.get_by_label("Namn", exact=True).fill(OFFICIAL_ROUND)
    page.get_by_label("Budgetomgång").check()
    page.get_by_label("Vilka den är till för").select_option(label="Invånare")
    page.get_by_label("Sammanfattning", exact=True).fill("Var med och bestäm om 100 000 kr.")
    page.get_by_label("Total budget (kr)").fill("100000")
    walk.act(page.get_by_role("button", name="Skapa budgetomgången"))
    page.wait_for_url(re.compile(r"/hantera/omgangar/(?!ny/)[\w-]+/$"))
    slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    tasks = page.locator("ol.task-list")
    walk.look()

    walk.act(tasks.get_by_role("link", name="Tidsplan"))
    walk.look()
    page.get_by_label("Bedömning börjar").fill(moment(-1))
    page.get_by_label("Bedömning slutar").fill(moment(7))
    page.get_by_label("Omröstning börjar").fill(moment(7))
    page.get_by_label("Omröstning slutar").fill(moment(14))
    page.get_by_label("Resultat börjar").fill(moment(14))
    walk.act(page.get_by_role("button", name="Spara tidsplanen"))
    page.wait_for_url(f"**/hantera/omgangar/{slug}/")
    with walk.aside():
        seed(slug)

    walk.act(tasks.get_by_role("link", name="Röstsedel och räkneregel"))
    walk.look()
    page.get_by_label("Typ av röstsedel för nya omröstningar").select_option(
        label="Budget: välj förslag som ryms i pengarna"
    )
    walk.act(page.get_by_role("button", name="Skapa de omröstningar som saknas"))
    page.wait_for_url(re.compile(r"/omrostning/\d+/$"))
    walk.act(page.get_by_role("button", name="Lägg alla genomförbara förslag på röstsedeln"))
    walk.look()
    walk.act(page.get_by_label("Lika andelar", exact=True))
    walk.act(page.get_by_role("button", name="Spara röstsedeln"))
    walk.act(page.get_by_role("link", name="Förhandsgranska röstsedeln", exact=True))
    walk.look()
    walk.act(page.get_by_role("link", name="Tillbaka till budgetomgången"))

    walk.act(tasks.get_by_role("link", name="Förhandsgranska och publicera"))
    walk.look()
    walk.act(page.get_by_role("button", name="Ja, publicera omgången"))
    walk.act(tasks.get_by_role("link", name="Öppna omröstningen"))
    walk.look()
    walk.act(page.get_by_role("button", name="Öppna omröstningen nu"))
    page.get_by_text("Omröstningen är öppen.").first.wait_for()
    return walk, slug
