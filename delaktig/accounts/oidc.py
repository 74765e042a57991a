"""Sign-in with e-legitimation (Freja eID+, BankID through a broker) and employee SSO over OIDC.

mozilla-django-oidc runs the authorization-code flow (state, nonce, PKCE, token exchange, ID
token signature). :class:`EidBackend` decides who the person is: the personnummer claim,
validated and normalised, is turned into its keyed hash; the user with that
``personnummer_hash`` signs in, or a new one is created. The number itself is never stored.

When a sign-in cannot be completed the backend notes why on the request
(:func:`refusal_reason`), and :class:`EidCallbackView` shows a page that says so in plain
Swedish instead of an error page. See README.md in this app for configuration.
"""

from __future__ import annotations

import base64
import json
import logging
import uuid
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from delaktig.audit import services as audit
from delaktig.core.personnummer import PersonnummerError, keyed_hash, parse

from .models import Unit, User

LOGGER = logging.getLogger(__name__)

PLACEHOLDER_EMAIL_DOMAIN = "e-legitimation.invalid"
_REFUSAL_ATTR = "_delaktig_oidc_refusal"
# Where mozilla-django-oidc keeps the ID token (OIDC_STORE_ID_TOKEN), for sign-out: oidc_logout.py.
ID_TOKEN_SESSION_KEY = "oidc_id_token"  # noqa: S105 - a session key, not a secret


class Refusal:
    """Why a sign-in did not happen: a code, the message shown and the HTTP status."""

    MISSING_PERSONNUMMER = "missing_personnummer"
    INVALID_PERSONNUMMER = "invalid_personnummer"
    PROVIDER_UNAVAILABLE = "provider_unavailable"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    INACTIVE = "inactive"
    UNKNOWN = "unknown"
    FAILED = "failed"

    MESSAGES = {
        MISSING_PERSONNUMMER: _(
            "The sign-in did not give a personal identity number. "
            "Try again or contact the municipality."
        ),
        INVALID_PERSONNUMMER: _(
            "The sign-in gave a personal identity number that is not valid. "
            "Try again or contact the municipality."
        ),
        PROVIDER_UNAVAILABLE: _(
            "The e-identification service is not answering right now. Try again in a while."
        ),
        CANCELLED: _("The sign-in was cancelled. You can try again when you are ready."),
        EXPIRED: _(
            "The sign-in took too long or was started in another window. Please start again."
        ),
        INACTIVE: _("This account is blocked. Contact the municipality."),
        UNKNOWN: _("There is no account for you here. Contact the municipality."),
        FAILED: _("The sign-in could not be completed. Try again or contact the municipality."),
    }
    STATUS = {PROVIDER_UNAVAILABLE: 503, CANCELLED: 400, EXPIRED: 400, FAILED: 400}

    @classmethod
    def message(cls, code: str):
        return cls.MESSAGES.get(code, cls.MESSAGES[cls.FAILED])

    @classmethod
    def status(cls, code: str) -> int:
        return cls.STATUS.get(code, 403)


def refuse(request, code: str) -> None:
    """Note on the request why the sign-in failed (the first reason noted wins)."""
    if request is not None and not getattr(request, _REFUSAL_ATTR, None):
        setattr(request, _REFUSAL_ATTR, code)


def refusal_reason(request) -> str | None:
    return getattr(request, _REFUSAL_ATTR, None)


def oidc_enabled() -> bool:
    return bool(getattr(settings, "OIDC_ENABLED", False))


@dataclass(frozen=True)
class EidIdentity:
    """What Delaktig takes from the claims: never the personnummer itself, only its hash."""

    personnummer_hash: str
    email: str | None  # only a verified address
    full_name: str
    units: tuple[str, ...] | None  # Unit names; None when no groups claim is configured

    @classmethod
    def from_claims(cls, claims: dict) -> EidIdentity:
        """Read the configured claims; raise ``ClaimError`` with a refusal code."""
        claim = settings.OIDC_PERSONNUMMER_CLAIM
        value = claims.get(claim)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ClaimError(Refusal.MISSING_PERSONNUMMER)
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise ClaimError(Refusal.INVALID_PERSONNUMMER)
        try:
            digest = keyed_hash(str(value))
        except PersonnummerError as exc:
            raise ClaimError(Refusal.INVALID_PERSONNUMMER) from exc
        return cls(
            personnummer_hash=digest,
            email=_verified_email(claims),
            full_name=_full_name(claims),
            units=_unit_names(claims),
        )


class ClaimError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _verified_email(claims: dict) -> str | None:
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        return None
    verified = claims.get("email_verified")
    if isinstance(verified, str):
        verified = verified.strip().lower() == "true"
    if verified is True or getattr(settings, "OIDC_TRUST_EMAIL", False):
        return email.strip().lower()
    return None


def _full_name(claims: dict) -> str:
    parts = [claims.get("given_name"), claims.get("family_name")]
    name = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
    if not name and isinstance(claims.get("name"), str):
        name = claims["name"].strip()
    return name[:150]


def group_unit_map() -> dict[str, str]:
    """``OIDC_GROUP_UNIT_MAP``: group id or name in the claim → Unit name (JSON in the env)."""
    value = getattr(settings, "OIDC_GROUP_UNIT_MAP", None) or {}
    if isinstance(value, str):
        value = json.loads(value)
    return {str(k): str(v) for k, v in value.items()}


def _unit_names(claims: dict) -> tuple[str, ...] | None:
    claim = getattr(settings, "OIDC_GROUPS_CLAIM", "")
    if not claim:
        return None
    groups = claims.get(claim) or []
    if isinstance(groups, str):
        groups = [groups]
    if not isinstance(groups, list | tuple):
        return ()
    mapping = group_unit_map()
    names = {mapping.get(str(g), str(g)) for g in groups if isinstance(g, str | int)}
    return tuple(sorted(names))


def placeholder_email() -> str:
    return f"eid-{uuid.uuid4().hex}@{PLACEHOLDER_EMAIL_DOMAIN}"


def has_placeholder_email(user: User) -> bool:
    return user.email.endswith("@" + PLACEHOLDER_EMAIL_DOMAIN)


def sign_in_with_eid(*, identity: EidIdentity, create: bool = True) -> User | None:
    """The user with this personnummer hash, brought up to date, or a new one (if `create`).

    A verified e-mail address that another account already uses is not taken over: the new
    user gets a placeholder address instead (accounts are never merged automatically).
    """
    user = User.objects.filter(personnummer_hash=identity.personnummer_hash).first()
    if user is None:
        if not create:
            return None
        try:
            user = _create_eid_user(identity)
        except IntegrityError:
            # The same person signing in twice at once: the other request created the user.
            user = User.objects.get(personnummer_hash=identity.personnummer_hash)
    return _update_eid_user(user, identity)


def _create_eid_user(identity: EidIdentity) -> User:
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        email = identity.email
        if email and User.objects.filter(email__iexact=email).exists():
            email = None
        user = User.objects.create_user(
            email or placeholder_email(),
            password=None,
            full_name=identity.full_name,
            personnummer_hash=identity.personnummer_hash,
        )
        if email:
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        audit.record(user, "accounts.eid_user_created", user, verified_email=bool(email))
    return user


def _update_eid_user(user: User, identity: EidIdentity) -> User:
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        changed = []
        if identity.full_name and identity.full_name != user.full_name:
            user.full_name = identity.full_name
            changed.append("full_name")
        if (
            identity.email
            and has_placeholder_email(user)
            and not User.objects.filter(email__iexact=identity.email).exists()
        ):
            user.email = identity.email
            changed.append("email")
            EmailAddress.objects.create(
                user=user, email=identity.email, verified=True, primary=True
            )
        if changed:
            user.save(update_fields=changed)
            audit.record(user, "accounts.eid_user_updated", user, fields=changed)
        if identity.units is not None:
            _sync_units(user, identity.units)
    return user


def _sync_units(user: User, names: tuple[str, ...]) -> None:
    """Make the user's units those named by the groups claim (unknown names are ignored)."""
    wanted = set(Unit.objects.filter(name__in=names))
    current = set(user.units.all())
    if wanted == current:
        return
    user.units.set(wanted)
    audit.record(
        user,
        "accounts.units_synced",
        user,
        added=sorted(u.name for u in wanted - current),
        removed=sorted(u.name for u in current - wanted),
    )


def carries_personnummer(id_token: str) -> bool:
    """Whether an (already verified) ID token holds a personnummer, so it must not be kept.

    Some brokers put the number in the ID token (Criipto's ``ssn``), or use it as ``sub``. Such
    a token is not kept in the session: the number would be stored in clear, and sent through
    the browser's address bar as ``id_token_hint`` at sign-out. Unreadable counts as holding one.
    """
    try:
        segment = id_token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (IndexError, ValueError, AttributeError):  # binascii.Error is a ValueError
        return True
    if not isinstance(claims, dict):
        return True
    if claims.get(settings.OIDC_PERSONNUMMER_CLAIM) not in (None, ""):
        return True
    return any(_is_personnummer(value) for value in claims.values())


def _is_personnummer(value) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parse(value)
    except PersonnummerError:
        return False
    return True


class EidBackend(OIDCAuthenticationBackend):
    """Authenticates by the keyed hash of the personnummer claim; never raises to the view."""

    def authenticate(self, request, **kwargs):
        try:
            return super().authenticate(request, **kwargs)
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else 0
            LOGGER.warning("OIDC sign-in: the provider answered with an error: %s", exc)
            refuse(request, Refusal.PROVIDER_UNAVAILABLE if status >= 500 else Refusal.FAILED)
        except requests.RequestException as exc:
            LOGGER.warning("OIDC sign-in: the provider could not be reached: %s", exc)
            refuse(request, Refusal.PROVIDER_UNAVAILABLE)
        except (SuspiciousOperation, ValueError, KeyError) as exc:
            # A bad signature or nonce, an unexpected token: say no, do not show an error page.
            LOGGER.warning("OIDC sign-in: refused a token: %s", exc, exc_info=True)
            refuse(request, Refusal.FAILED)
        return None

    def store_tokens(self, access_token, id_token):
        """Keep the ID token for sign-out (``OIDC_STORE_ID_TOKEN``).

        Never one that holds a personnummer (:func:`carries_personnummer`).
        """
        self.request.session.pop(ID_TOKEN_SESSION_KEY, None)  # from an earlier sign-in here
        if self.get_settings("OIDC_STORE_ID_TOKEN", False) and carries_personnummer(id_token):
            LOGGER.info("OIDC sign-in: the ID token holds a personnummer, so it is not kept.")
            return
        super().store_tokens(access_token, id_token)

    def get_userinfo(self, access_token, id_token, payload):
        """The claims of the ID token and of the userinfo endpoint together.

        Brokers differ in where they put the personnummer; the ID token is already verified
        and the userinfo answer must be about the same subject.
        """
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if "sub" in userinfo and userinfo["sub"] != payload.get("sub"):
            raise SuspiciousOperation("The userinfo subject differs from the ID token's.")
        return {**payload, **userinfo}

    def verify_claims(self, claims):
        try:
            EidIdentity.from_claims(claims)
        except ClaimError as exc:
            refuse(getattr(self, "request", None), exc.code)
            return False
        return True

    def filter_users_by_claims(self, claims):
        try:
            identity = EidIdentity.from_claims(claims)
        except ClaimError:
            return User.objects.none()
        return User.objects.filter(personnummer_hash=identity.personnummer_hash)

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        try:
            identity = EidIdentity.from_claims(claims)
        except ClaimError as exc:
            LOGGER.info("OIDC sign-in refused: %s", exc.code)
            refuse(self.request, exc.code)
            return None
        user = sign_in_with_eid(
            identity=identity, create=self.get_settings("OIDC_CREATE_USER", True)
        )
        if user is None:
            refuse(self.request, Refusal.UNKNOWN)
        return user

    def create_user(self, claims):
        return sign_in_with_eid(identity=EidIdentity.from_claims(claims))

    def update_user(self, user, claims):
        return _update_eid_user(user, EidIdentity.from_claims(claims))
