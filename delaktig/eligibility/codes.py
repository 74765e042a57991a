"""Voting codes: random, easy to read aloud and type, stored only as a keyed hash.

A code is 12 characters from a 32-character alphabet without look-alikes (no 0/O, no 1/I),
shown in three groups: `K7QM-XH3P-29WD`. That is 60 random bits; with code entry rate
limited per IP, guessing one of even a million issued codes takes far longer than a vote lasts.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 12
GROUP = 4
_TYPING = str.maketrans({" ": None, "-": None, "–": None, ".": None})


def generate() -> str:
    """A new random code, in groups: ABCD-EFGH-JKLM."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalise(text: str) -> str | None:
    """The 12 code characters of what a person typed, or None if it cannot be a code."""
    raw = (text or "").upper().translate(_TYPING)
    if len(raw) != LENGTH or not set(raw) <= set(ALPHABET):
        return None
    return raw


def code_hash(text: str) -> str | None:
    """HMAC-SHA256 (key VOTING_CODE_KEY) of the normalised code, or None for a malformed one."""
    raw = normalise(text)
    if raw is None:
        return None
    key = settings.VOTING_CODE_KEY.encode()
    return hmac.new(key, raw.encode(), hashlib.sha256).hexdigest()
