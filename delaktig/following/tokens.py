"""The signed links of e-mail: confirm a follow, stop one, stop all. Nothing about them is
stored; the signature (SECRET_KEY, a salt per purpose) and its age are the whole check.

- confirm: the address and what it asked to follow. Valid for CONFIRM_DAYS. The follow is
  written only when the link is opened, so a link never opened leaves nothing behind.
- stop one: the follow's random key. Stop all: the account's id, or the address.
  Valid for STOP_DAYS (older messages are read rarely; a newer message has a fresh link).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing

CONFIRM_SALT = "delaktig.following.confirm"
STOP_SALT = "delaktig.following.stop"
CONFIRM_DAYS = 7
STOP_DAYS = 365


class TokenExpired(Exception):
    pass


class TokenInvalid(Exception):
    pass


@dataclass(frozen=True)
class Stop:
    follow_id: str | None = None
    user_id: int | None = None
    email: str | None = None

    @property
    def everything(self) -> bool:
        return self.follow_id is None


def _load(token: str, *, salt: str, days: int) -> dict:
    try:
        data = signing.loads(token, salt=salt, max_age=timedelta(days=days))
    except signing.SignatureExpired:
        raise TokenExpired from None
    except signing.BadSignature:
        raise TokenInvalid from None
    if not isinstance(data, dict):
        raise TokenInvalid
    return data


def confirm_token(*, email: str, key: str, pk: int) -> str:
    return signing.dumps({"e": email, "k": key, "i": pk}, salt=CONFIRM_SALT, compress=True)


def read_confirm(token: str) -> tuple[str, str, int]:
    data = _load(token, salt=CONFIRM_SALT, days=CONFIRM_DAYS)
    try:
        return str(data["e"]), str(data["k"]), int(data["i"])
    except (KeyError, TypeError, ValueError):
        raise TokenInvalid from None


def stop_one_token(follow) -> str:
    return signing.dumps({"f": str(follow.pk)}, salt=STOP_SALT)


def stop_all_token(*, user_id: int | None = None, email: str = "") -> str:
    data = {"u": user_id} if user_id else {"e": email}
    return signing.dumps(data, salt=STOP_SALT, compress=True)


def read_stop(token: str) -> Stop:
    data = _load(token, salt=STOP_SALT, days=STOP_DAYS)
    try:
        if "f" in data:
            return Stop(follow_id=str(data["f"]))
        if "u" in data:
            return Stop(user_id=int(data["u"]))
        if "e" in data:
            return Stop(email=str(data["e"]))
    except (TypeError, ValueError):
        pass
    raise TokenInvalid
