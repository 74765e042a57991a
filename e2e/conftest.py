"""Fixtures for browser journeys: Debian's Chromium driven by Playwright for Python.

- ``browser``: one headless Chromium per test module, started from
  /usr/bin/chromium with flags that keep it off the network and work as root.
- ``page``: a fresh context per test, 1280×800, locale sv-SE.
- ``mobile_page``: the same at 320×640 (WCAG 1.4.10 reflow).
- ``new_page``: ``new_page("official-b")`` opens another context (another person, another
  device), watched and screenshotted like ``page``.
- ``console_errors(page)``: console errors and uncaught exceptions seen on a page so far
  (CSP violations and failed resource loads show up here).
- ``login``: ``login(page, user)`` signs in through the real form on ``live_server``.

A screenshot of every open page is saved in e2e/artifacts/ when a test fails.
Every e2e module sets ``pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from e2e import journeys

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root in CI containers
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 320, "height": 640}
LOCALE = "sv-SE"

# Console errors from these URLs are not checked (browsers ask for /favicon.ico by themselves).
IGNORED_CONSOLE_URLS = [re.compile(r"/favicon\.ico$")]

# Known site bugs, reported to their owners: console_errors() leaves these out unless
# include_known=True, and a strict xfail test in test_public.py fails once they are fixed,
# as a reminder to delete the entry here.
KNOWN_CONSOLE_ERRORS: list[re.Pattern] = []


def pytest_collection_modifyitems(config, items):
    """Skip every e2e test, with the reason, when the browser is not installed."""
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} is missing: run `make system-deps` (Debian package `chromium`)"
    )
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.path)).is_relative_to(here):
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"_e2e_report_{report.when}", report)
    return report


def _failed(request) -> bool:
    return any(
        getattr(getattr(request.node, f"_e2e_report_{when}", None), "failed", False)
        for when in ("setup", "call")
    )


@pytest.fixture(scope="module")
def _playwright():
    """Playwright, per test module.

    Playwright's sync API keeps an asyncio loop marked as running in this thread for as long
    as it is started, and Django then refuses ORM calls from the test ("You cannot call this
    from an async context"). The test thread never shares a connection with that loop, so
    the check is switched off exactly while Playwright runs. Module scope (not session) means
    Playwright and the switch are gone before a worker under xdist goes on to other tests.
    """
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run `make system-deps`")
    sync_api = pytest.importorskip("playwright.sync_api")
    old = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as pw:
            yield pw
    finally:
        if old is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = old


@pytest.fixture(scope="module")
def browser(_playwright):
    browser = _playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def _clean_cache():
    """allauth keeps its rate limits in the cache: start and end every e2e test without them."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


_CONSOLE: dict[int, list[str]] = {}


def _watch_console(page) -> None:
    errors: list[str] = []
    _CONSOLE[id(page)] = errors

    def on_console(msg):
        if msg.type != "error":
            return
        location = (msg.location or {}).get("url", "")
        if not any(p.search(location) for p in IGNORED_CONSOLE_URLS):
            errors.append(f"console.error: {msg.text} ({location})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))


@pytest.fixture
def console_errors():
    """console_errors(page) → console errors and uncaught exceptions seen on that page so far,
    without the KNOWN_CONSOLE_ERRORS unless include_known=True."""

    def get(page, *, include_known: bool = False) -> list[str]:
        errors = _CONSOLE.get(id(page), [])
        if include_known:
            return list(errors)
        return [e for e in errors if not any(p.search(e) for p in KNOWN_CONSOLE_ERRORS)]

    return get


def _open_page(browser, viewport, **options):
    """A page in a new browser context, watched for console errors."""
    context = browser.new_context(
        viewport=viewport, locale=LOCALE, timezone_id="Europe/Stockholm", **options
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    _watch_console(page)
    return page


def _close_page(page, request, name):
    """Close the page's context, saving a screenshot of each of its pages if the test failed."""
    context = page.context
    if _failed(request):
        ARTIFACTS.mkdir(exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        for i, open_page in enumerate(context.pages):
            suffix = f"-{i}" if i else ""
            try:
                open_page.screenshot(
                    path=str(ARTIFACTS / f"{stem}-{name}{suffix}.png"), full_page=True
                )
            except Exception as exc:  # a crashed page must not hide the real failure
                print(f"could not save a screenshot: {exc}")
    for open_page in context.pages:
        _CONSOLE.pop(id(open_page), None)
    context.close()


def _new_page(browser, request, viewport, name):
    page = _open_page(browser, viewport)
    yield page
    _close_page(page, request, name)


@pytest.fixture
def page(browser, request, live_server):
    """A new browser context and page per test: 1280×800, Swedish, the site's real CSP."""
    yield from _new_page(browser, request, DESKTOP, "desktop")


@pytest.fixture
def mobile_page(browser, request, live_server):
    """A page 320 CSS pixels wide: the narrowest width WCAG 2.1 (1.4.10 Reflow) asks for."""
    yield from _new_page(browser, request, MOBILE, "mobile")


@pytest.fixture
def login(live_server):
    """login(page, user, password=PASSWORD): sign in through the real sign-in form."""

    def do_login(page, user, password=journeys.PASSWORD, **kwargs):
        journeys.login(page, live_server, user, password, **kwargs)
        return user

    return do_login


@pytest.fixture
def goto(live_server):
    """goto(page, "/om/") opens a path on the live server and checks for HTTP 200."""

    def do_goto(page, path, **kwargs):
        return journeys.goto(page, live_server, path, **kwargs)

    return do_goto


@pytest.fixture
def new_page(browser, request, live_server):
    """new_page(name, **options) → a page in another fresh browser context: another person, or
    the same person on another device, with cookies of its own. 1280×800 and Swedish like
    `page`, watched by `console_errors`, with a screenshot `<test>-<name>.png` when the test
    fails. `options` go to browser.new_context (java_script_enabled=False, viewport=MOBILE…)."""
    opened = []

    def make(name: str, **options):
        viewport = options.pop("viewport", DESKTOP)
        page = _open_page(browser, viewport, **options)
        opened.append((page, name))
        return page

    yield make
    for page, name in opened:
        _close_page(page, request, name)
