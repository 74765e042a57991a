"""E-ID sign-in end to end against a real OpenID Provider (django-oidc-provider).

The provider runs in its own process on 127.0.0.1 (see oidc_provider_site/); Delaktig runs on
live_server; a requests.Session plays the browser through every redirect and form.
"""

import pytest

from delaktig.accounts.models import Unit, User
from delaktig.audit.models import AuditEvent
from delaktig.core.personnummer import keyed_hash

from .oidc_flow import sign_in, sign_in_at_provider, start_provider

pytestmark = pytest.mark.django_db(transaction=True)

ANNA = keyed_hash("191212121212")


def signed_in(session, base_url) -> bool:
    return "/konto/logout/" in session.get(f"{base_url}/", timeout=10).text


def test_first_sign_in_creates_the_user_with_only_the_hash(oidc_on, live_server, browser_session):
    Unit.objects.create(name="Samhällsbyggnadssektorn")

    response = sign_in(browser_session, live_server.url, "anna")

    assert response.status_code == 200
    assert response.url == f"{live_server.url}/"
    assert signed_in(browser_session, live_server.url)
    user = User.objects.get(personnummer_hash=ANNA)
    assert user.full_name == "Anna Andersson"
    assert user.email == "anna@example.se"
    assert user.emailaddress_set.get().verified
    assert not user.has_usable_password()
    assert [u.name for u in user.units.all()] == ["Samhällsbyggnadssektorn"]
    assert AuditEvent.objects.filter(action="accounts.eid_user_created", object_id=user.pk)
    # The number itself is stored nowhere on the user.
    stored = " ".join(str(v) for v in User.objects.filter(pk=user.pk).values().get().values())
    assert "1212121212" not in stored


def test_second_sign_in_finds_the_same_user(oidc_on, live_server, browser_session):
    sign_in(browser_session, live_server.url, "anna")
    first = User.objects.get(personnummer_hash=ANNA)
    browser_session.cookies.clear()

    # The same person, the claim written as 10 digits: the same hash, the same account.
    response = sign_in(browser_session, live_server.url, "anna-kort")

    assert response.status_code == 200
    assert signed_in(browser_session, live_server.url)
    assert User.objects.count() == 1
    assert User.objects.get(personnummer_hash=ANNA).pk == first.pk


def test_a_missing_personnummer_claim_is_refused(oidc_on, live_server, browser_session):
    response = sign_in(browser_session, live_server.url, "utan")

    assert response.status_code == 403
    assert "Inloggningen gav inget personnummer. Försök igen eller kontakta kommunen." in (
        response.text
    )
    assert not signed_in(browser_session, live_server.url)
    assert not User.objects.exists()


def test_an_invalid_personnummer_is_refused(oidc_on, live_server, browser_session):
    response = sign_in(browser_session, live_server.url, "fel")

    assert response.status_code == 403
    assert "Inloggningen gav ett personnummer som inte är giltigt." in response.text
    assert not signed_in(browser_session, live_server.url)
    assert not User.objects.exists()


def test_declining_consent_says_the_sign_in_was_cancelled(oidc_on, live_server, browser_session):
    back = sign_in_at_provider(browser_session, live_server.url, "anna", allow=False)
    assert "error=access_denied" in back.headers["Location"]

    response = browser_session.get(back.headers["Location"], timeout=10)

    assert response.status_code == 400
    assert "Inloggningen avbröts." in response.text
    assert not User.objects.exists()


def test_a_replayed_callback_is_refused_without_an_error_page(
    oidc_on, live_server, browser_session
):
    back = sign_in_at_provider(browser_session, live_server.url, "anna")
    browser_session.get(back.headers["Location"], timeout=10)
    browser_session.cookies.clear()

    response = browser_session.get(back.headers["Location"], timeout=10)

    assert response.status_code == 400
    assert "Inloggningen tog för lång tid eller startades i ett annat fönster." in response.text


def test_the_provider_down_gives_a_clear_message(
    settings, oidc_on, live_server, browser_session, tmp_path
):
    provider = start_provider(tmp_path / "op", f"{live_server.url}/oidc/callback/")
    try:
        for name, value in provider.settings().items():
            setattr(settings, name, value)
        back = sign_in_at_provider(browser_session, live_server.url, "anna")
    finally:
        provider.stop()  # gone before Delaktig exchanges the code for tokens

    response = browser_session.get(back.headers["Location"], timeout=30)

    assert response.status_code == 503
    assert "E-legitimationstjänsten svarar inte just nu." in response.text
    assert not User.objects.exists()
