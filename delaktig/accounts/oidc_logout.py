"""Single sign-out: "Logga ut" also ends the session at the OpenID provider.

OpenID Connect RP-Initiated Logout 1.0. Someone who signed in over OIDC and signs out is sent,
once Delaktig's own session has ended, to the provider's end-session endpoint
(``OIDC_OP_LOGOUT_ENDPOINT``) with ``id_token_hint``, ``client_id`` and
``post_logout_redirect_uri`` (Delaktig's home page); the provider ends its session and sends the
browser back. Without the setting, and for everyone who signed in another way (password, voting
code), sign-out stays local.

One function builds the URL, :func:`logout_url`, named by mozilla-django-oidc's
``OIDC_OP_LOGOUT_URL_METHOD``: mozilla-django-oidc's own logout view (``oidc/logout/``) calls it,
and so does allauth's (``account_logout``, the "Logga ut" button) through
:class:`delaktig.accounts.signout.SignOutView`. Both run it before the session ends, and both
accept only POST with a CSRF token. The browser is only ever sent to the configured endpoint.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import get_language

from .oidc import ID_TOKEN_SESSION_KEY, oidc_enabled

LOGGER = logging.getLogger(__name__)

EID_BACKEND = "delaktig.accounts.oidc.EidBackend"


def logout_url(request) -> str:
    """``OIDC_OP_LOGOUT_URL_METHOD``: where the browser goes once Delaktig has signed out."""
    return provider_logout_url(request) or resolve_url(settings.LOGOUT_REDIRECT_URL or "home")


def provider_logout_url(request) -> str | None:
    """The provider's end-session URL for this person, or None when sign-out stays local.

    Call it before the session ends: it reads the ID token kept there at sign-in.
    """
    endpoint = getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "")
    if not (endpoint and oidc_enabled() and signed_in_with_oidc(request)):
        return None
    parts = urlsplit(endpoint)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        LOGGER.error("OIDC_OP_LOGOUT_ENDPOINT is not an absolute URL; signing out locally only.")
        return None
    params = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": post_logout_redirect_uri(request),
        "ui_locales": get_language() or settings.LANGUAGE_CODE,
    }
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    if id_token:
        params["id_token_hint"] = id_token
    query = urlencode([*parse_qsl(parts.query, keep_blank_values=True), *params.items()])
    return urlunsplit(parts._replace(query=query, fragment=""))


def signed_in_with_oidc(request) -> bool:
    user = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and request.session.get(BACKEND_SESSION_KEY) == EID_BACKEND
    )


def post_logout_redirect_uri(request) -> str:
    """Delaktig's home page as an absolute URL (register it at the provider)."""
    home = reverse("home")
    site_url = getattr(settings, "SITE_URL", "")
    if site_url:
        return site_url.rstrip("/") + home
    return request.build_absolute_uri(home)
