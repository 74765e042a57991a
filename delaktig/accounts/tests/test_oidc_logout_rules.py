"""Who signs out where, without a provider: the rules of single sign-out (oidc_logout.py).

The whole flow against the real test provider is in test_oidc_logout.py.
"""

import base64
import importlib
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from delaktig.accounts.oidc import ID_TOKEN_SESSION_KEY, EidBackend, carries_personnummer

from .factories import UserFactory

EID = "delaktig.accounts.oidc.EidBackend"
PASSWORD = "allauth.account.auth_backends.AuthenticationBackend"
VOTING_CODE = "django.contrib.auth.backends.ModelBackend"  # as delaktig.eligibility.views
END_SESSION = "https://idp.example.se/oidc/logout"
PROVIDER_ENV = {
    "OIDC_RP_CLIENT_ID": "delaktig",
    "OIDC_RP_CLIENT_SECRET": "s",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example.se/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example.se/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example.se/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.example.se/jwks",
}


@pytest.fixture
def single_sign_out(settings):
    settings.ROOT_URLCONF = "delaktig.accounts.tests.urls_oidc"
    settings.OIDC_ENABLED = True
    for name, value in PROVIDER_ENV.items():
        setattr(settings, name, value)
    settings.OIDC_OP_LOGOUT_ENDPOINT = END_SESSION
    settings.OIDC_STORE_ID_TOKEN = True
    settings.SITE_URL = "https://delaktig.example.se"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, EID]
    return settings


def token(claims: dict) -> str:
    """An ID token's shape (the signature is checked before these rules see a token)."""
    part = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"eyJhbGciOiJSUzI1NiJ9.{part}.c2lnbmF0dXJl"


def sign_in_over_oidc(client, id_token: str | None = "header.payload.signature"):
    user = UserFactory()
    client.force_login(user, backend=EID)
    if id_token:
        session = client.session
        session[ID_TOKEN_SESSION_KEY] = id_token
        session.save()
    return user


def query(location: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


@pytest.mark.django_db
def test_an_oidc_user_is_sent_to_the_provider(single_sign_out, client):
    sign_in_over_oidc(client)

    response = client.post("/konto/logout/")

    assert response.status_code == 302
    assert response["Location"].startswith(END_SESSION + "?")
    assert query(response["Location"]) == {
        "client_id": "delaktig",
        "post_logout_redirect_uri": "https://delaktig.example.se/",
        "ui_locales": "sv",
        "id_token_hint": "header.payload.signature",
    }
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_without_an_id_token_the_provider_gets_the_client_id(single_sign_out, client):
    sign_in_over_oidc(client, id_token=None)

    response = client.post("/konto/logout/")

    params = query(response["Location"])
    assert "id_token_hint" not in params
    assert params["client_id"] == "delaktig"
    assert params["post_logout_redirect_uri"] == "https://delaktig.example.se/"


@pytest.mark.django_db
def test_the_endpoints_own_parameters_are_kept(single_sign_out, client):
    single_sign_out.OIDC_OP_LOGOUT_ENDPOINT = END_SESSION + "?p=B2C_1_signin#ignored"
    sign_in_over_oidc(client)

    location = client.post("/konto/logout/")["Location"]

    assert location.startswith(END_SESSION + "?p=B2C_1_signin&")
    assert "#" not in location


@pytest.mark.django_db
def test_the_home_page_comes_from_the_request_without_site_url(single_sign_out, client):
    single_sign_out.SITE_URL = ""
    sign_in_over_oidc(client)

    location = client.post("/konto/logout/")["Location"]

    assert query(location)["post_logout_redirect_uri"] == "http://testserver/"


@pytest.mark.django_db
@pytest.mark.parametrize("backend", [PASSWORD, VOTING_CODE])
def test_password_and_voting_code_users_sign_out_locally(single_sign_out, client, backend):
    client.force_login(UserFactory(), backend=backend)
    session = client.session
    session[ID_TOKEN_SESSION_KEY] = "left.over.token"  # say, from a refused e-ID attempt
    session.save()

    response = client.post("/konto/logout/")

    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_password_sign_in_through_the_form_signs_out_locally(single_sign_out, client):
    user = UserFactory()
    signed_in = client.post("/konto/login/", {"login": user.email, "password": "hemligt-lösen-123"})
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    response = client.post("/konto/logout/")

    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "value"), [("OIDC_OP_LOGOUT_ENDPOINT", ""), ("OIDC_ENABLED", False)]
)
def test_without_the_setting_or_with_oidc_off_sign_out_is_local(
    single_sign_out, client, name, value
):
    setattr(single_sign_out, name, value)
    sign_in_over_oidc(client)

    response = client.post("/konto/logout/")

    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_nobody_signed_in_is_not_sent_to_the_provider(single_sign_out, client):
    assert client.post("/konto/logout/")["Location"] == "/"


@pytest.mark.django_db
def test_signing_out_needs_the_csrf_token(single_sign_out):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sign_in_over_oidc(client)

    assert client.post("/konto/logout/").status_code == 403
    assert client.get("/konto/logout/").status_code == 200  # the confirmation page
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_the_id_token_is_kept_only_without_a_personnummer(single_sign_out):
    backend = EidBackend()
    backend.request = RequestFactory().get("/oidc/callback/")
    backend.request.session = session = SessionStore()

    backend.store_tokens("access", token({"sub": "a1b2", "aud": "delaktig"}))
    assert session[ID_TOKEN_SESSION_KEY].startswith("eyJ")
    assert "oidc_access_token" not in session

    backend.store_tokens("access", token({"sub": "a1b2", "personal_number": "191212121212"}))
    assert ID_TOKEN_SESSION_KEY not in session  # and the earlier token is gone too

    single_sign_out.OIDC_STORE_ID_TOKEN = False
    backend.store_tokens("access", token({"sub": "a1b2"}))
    assert ID_TOKEN_SESSION_KEY not in session


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"sub": "0f6c4b1e-5b7e-4a65-9b7f-1f0c5d6e7a8b", "name": "Anna"}, False),
        ({"sub": "x", "personal_number": "19121212-1212"}, True),
        ({"sub": "x", "personal_number": "inte ett nummer"}, True),  # the claim is enough
        ({"sub": "191212121212"}, True),  # a broker using the number as subject
        ({"sub": "x", "ssn": "121212-1212"}, True),  # under another claim name
        ({"sub": "x", "exp": 1767225600, "iat": "1767225600"}, False),
    ],
)
def test_which_id_tokens_hold_a_personnummer(settings, claims, expected):
    settings.OIDC_PERSONNUMMER_CLAIM = "personal_number"
    assert carries_personnummer(token(claims)) is expected


@pytest.mark.parametrize("value", ["", "no-dots", "a.!!!.c", "a.WzFd.c"])
def test_an_unreadable_id_token_counts_as_holding_one(value):
    assert carries_personnummer(value)


@pytest.fixture
def reload_settings(monkeypatch):
    import config.settings.base as base

    def reload(**env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(base)

    yield reload
    monkeypatch.undo()
    importlib.reload(base)


def test_settings_single_sign_out_is_off_by_default(reload_settings):
    base = reload_settings(**PROVIDER_ENV)

    assert base.OIDC_OP_LOGOUT_ENDPOINT == ""
    assert base.OIDC_STORE_ID_TOKEN is False
    assert base.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] == ["'self'"]


def test_settings_with_an_end_session_endpoint(reload_settings):
    base = reload_settings(**PROVIDER_ENV, OIDC_OP_LOGOUT_ENDPOINT=END_SESSION)

    assert base.OIDC_STORE_ID_TOKEN is True
    assert base.OIDC_OP_LOGOUT_URL_METHOD == "delaktig.accounts.oidc_logout.logout_url"
    # The sign-out form's redirect may lead to the provider (and nowhere else).
    directives = base.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["form-action"] == ["'self'", "https://idp.example.se"]


def test_settings_refuse_an_endpoint_alone_or_a_relative_one(reload_settings):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="OIDC_RP_CLIENT_ID"):
        reload_settings(OIDC_OP_LOGOUT_ENDPOINT=END_SESSION)
    with pytest.raises(ImproperlyConfigured, match="OIDC_OP_LOGOUT_ENDPOINT"):
        reload_settings(**PROVIDER_ENV, OIDC_OP_LOGOUT_ENDPOINT="/logout")
