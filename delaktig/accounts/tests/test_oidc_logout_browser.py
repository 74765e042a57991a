"""Single sign-out in a real browser (Chromium, JavaScript off), against the test provider.

What the requests-based tests cannot see: the site's Content-Security-Policy. Chromium applies
``form-action`` to where a form's redirects lead, so with ``form-action 'self'`` alone the
"Logga ut" form's redirect to the provider is blocked. config/settings/base.py therefore adds the
end-session endpoint's origin; this test runs with the policy those settings produce.

Marked e2e like the journeys in e2e/ (``make test`` runs it; ``-m "not e2e"`` leaves it out).
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .oidc_provider_site.people import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.xdist_group("e2e"),
    pytest.mark.django_db(transaction=True),
]

CHROMIUM = Path("/usr/bin/chromium")
LOGOUT_BUTTON = 'header form[action$="/konto/logout/"] button[type="submit"]'


@pytest.fixture
def chromium_page(monkeypatch):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run `make system-deps`")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's loop runs in this thread; the test never shares a connection with it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(locale="sv-SE", java_script_enabled=False)
        context.set_default_timeout(10_000)
        yield context.new_page()
        browser.close()


def test_sign_out_reaches_the_provider_without_javascript(
    settings, oidc_on, live_server, chromium_page
):
    end_session = urlsplit(settings.OIDC_OP_LOGOUT_ENDPOINT)
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            **directives,
            "form-action": ["'self'", f"{end_session.scheme}://{end_session.netloc}"],
        }
    }
    page = chromium_page
    blocked = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and blocked.append(msg))
    page.goto(f"{live_server.url}/oidc/authenticate/")
    page.fill("input[name=username]", "anna")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.click("input[name=allow]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator(LOGOUT_BUTTON).count() == 1

    provider_pages = []
    page.on("request", lambda r: r.url.startswith(oidc_on.url) and provider_pages.append(r.url))
    page.click(LOGOUT_BUTTON)
    page.wait_for_selector(LOGOUT_BUTTON, state="detached")

    assert page.url == f"{live_server.url}/"
    assert provider_pages[0].startswith(settings.OIDC_OP_LOGOUT_ENDPOINT + "?")
    assert not blocked, [m.text for m in blocked]
    # The provider has forgotten Anna: a new sign-in starts at its sign-in form.
    page.goto(f"{live_server.url}/oidc/authenticate/")
    assert urlsplit(page.url).path == "/login/"
    assert page.locator("input[name=password]").count() == 1
