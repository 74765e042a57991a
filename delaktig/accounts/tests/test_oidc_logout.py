"""Single sign-out (OpenID Connect RP-Initiated Logout) against the real test provider.

After "Logga ut" the person who signed in over OIDC is sent to the provider's end-session
endpoint, which ends the provider's session too: on a shared computer the next person must
identify themselves again instead of being signed in as the previous one with one click.
"""

from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session

from delaktig.accounts.models import User

from .oidc_flow import form_to, sign_in, sign_out
from .oidc_provider_site.people import CLIENT_ID

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(session, base_url) -> bool:
    return "/konto/logout/" in session.get(f"{base_url}/", timeout=10).text


def signed_in_sessions() -> list[dict]:
    """Delaktig's stored sessions that still belong to someone."""
    return [data for s in Session.objects.all() if SESSION_KEY in (data := s.get_decoded())]


def provider_asks_who_you_are(session, base_url) -> bool:
    """Start a new sign-in: True if the provider shows its sign-in form, False if it already
    knows the person (it then goes straight to the consent page)."""
    page = session.get(f"{base_url}/oidc/authenticate/", timeout=10)
    assert page.status_code == 200, page.text
    if "/login/" in page.url:
        return True
    assert "Request for Permission" in page.text, page.text
    return False


def test_signing_out_ends_the_provider_session_too(oidc_on, live_server, browser_session):
    sign_in(browser_session, live_server.url, "anna")
    assert signed_in(browser_session, live_server.url)

    response = sign_out(browser_session, live_server.url)

    # Delaktig's session has ended, and the browser is sent to the provider's end-session URL.
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{oidc_on.url}/end-session"
    params = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert params["client_id"] == CLIENT_ID
    assert params["post_logout_redirect_uri"] == f"{live_server.url}/"
    assert params["ui_locales"] == "sv"
    # The ID token the provider issued at sign-in, signed by its key and meant for Delaktig.
    key = jwt.PyJWKClient(f"{oidc_on.url}/jwks").get_signing_key_from_jwt(params["id_token_hint"])
    claims = jwt.decode(params["id_token_hint"], key, algorithms=["RS256"], audience=CLIENT_ID)
    assert claims["sub"]
    assert not signed_in_sessions()

    # The provider ends its session and sends the browser back to Delaktig's home page.
    back = browser_session.get(response.headers["Location"], timeout=10)
    assert back.status_code == 200
    assert back.url == f"{live_server.url}/"
    assert [r.headers["Location"] for r in back.history] == [f"{live_server.url}/"]
    assert "Du har loggat ut." in back.text
    assert "/konto/logout/" not in back.text

    # The next person at this computer must identify themselves at the provider.
    assert provider_asks_who_you_are(browser_session, live_server.url)


def test_the_next_person_can_sign_in_as_themselves(oidc_on, live_server, browser_session):
    sign_in(browser_session, live_server.url, "anna")
    browser_session.get(sign_out(browser_session, live_server.url).headers["Location"], timeout=10)

    response = sign_in(browser_session, live_server.url, "anna-kort")

    assert response.status_code == 200
    assert signed_in(browser_session, live_server.url)


def test_without_a_logout_endpoint_sign_out_stays_local(
    settings, oidc_on, live_server, browser_session
):
    settings.OIDC_OP_LOGOUT_ENDPOINT = ""
    sign_in(browser_session, live_server.url, "anna")

    response = sign_out(browser_session, live_server.url)

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert not signed_in(browser_session, live_server.url)
    # Which is why the setting exists: the provider still knows who signed in last.
    assert not provider_asks_who_you_are(browser_session, live_server.url)


def test_sign_out_needs_a_post_with_the_csrf_token(oidc_on, live_server, browser_session):
    sign_in(browser_session, live_server.url, "anna")

    # A link or an image cannot sign anyone out: GET shows allauth's confirmation page.
    page = browser_session.get(f"{live_server.url}/konto/logout/", timeout=10)
    assert page.status_code == 200
    assert not page.history
    assert signed_in(browser_session, live_server.url)
    # A POST from another site (no CSRF token) is refused.
    forged = browser_session.post(
        f"{live_server.url}/konto/logout/", allow_redirects=False, timeout=10
    )
    assert forged.status_code == 403
    assert signed_in(browser_session, live_server.url)
    # The confirmation page's own form works, and leads to the provider.
    form = form_to(page, "/konto/logout/")
    response = browser_session.post(
        form["action"], data=form["fields"], allow_redirects=False, timeout=10
    )
    assert response.headers["Location"].startswith(f"{oidc_on.url}/end-session?")


def test_a_next_address_cannot_send_the_browser_elsewhere(oidc_on, live_server, browser_session):
    sign_in(browser_session, live_server.url, "anna")
    home = browser_session.get(f"{live_server.url}/", timeout=10)
    form = form_to(home, "/konto/logout/")

    response = browser_session.post(
        form["action"],
        data={**form["fields"], "next": "https://elak.example/"},
        allow_redirects=False,
        timeout=10,
    )

    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"{oidc_on.url}/end-session?")


def test_a_same_site_next_does_not_skip_the_provider(oidc_on, live_server, browser_session):
    sign_in(browser_session, live_server.url, "anna")
    home = browser_session.get(f"{live_server.url}/", timeout=10)
    form = form_to(home, "/konto/logout/")

    response = browser_session.post(
        form["action"], data={**form["fields"], "next": "/om/"}, allow_redirects=False, timeout=10
    )

    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"{oidc_on.url}/end-session?")
    assert not signed_in(browser_session, live_server.url)


def test_the_oidc_logout_view_does_the_same(oidc_on, live_server, browser_session):
    """mozilla-django-oidc's own view (``oidc/logout/``) builds the URL with the same method."""
    sign_in(browser_session, live_server.url, "anna")
    home = browser_session.get(f"{live_server.url}/", timeout=10)
    token = form_to(home, "/konto/logout/")["fields"]["csrfmiddlewaretoken"]

    response = browser_session.post(
        f"{live_server.url}/oidc/logout/",
        data={"csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=10,
    )

    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"{oidc_on.url}/end-session?")
    assert "id_token_hint=" in response.headers["Location"]
    assert not signed_in(browser_session, live_server.url)
    assert User.objects.count() == 1
