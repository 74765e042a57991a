"""Codes that people type: voting codes (eligibility) and receipt codes (voting, results).

One alphabet, one way of reading what a person typed or pasted, one keyed hash. The alphabet has
32 characters and none of the look-alikes 0/O and 1/I, so a code read aloud or off paper cannot
be misread between them; a typed 0, O, 1 or I is therefore never part of a code, and is not
guessed at. Codes are shown in groups of four: `K7QM-XH3P-29WD`.

What a person types is read forgivingly, the same for every kind of code: lower case; spaces
of any kind (also non-breaking and the thin ones word processors insert); any dash (hyphen,
non-breaking hyphen, en and em dash, minus sign, the full-width forms) and dots between the
groups; invisible characters that a copy from a PDF or an e-mail brings along (soft hyphen,
zero-width space). Full-width letters and digits count as the plain ones (NFKC).

A code is stored only as HMAC-SHA256 under its own key from the settings (never in the
database), over the normalised characters: a copy of the database alone leads from no code to
its row, and a receipt a voter shows to a vote buyer does not lead to the ballot beside it.
"""

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass

from django.conf import settings

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
GROUP = 4
_ALPHABET = frozenset(ALPHABET)
# Categories dropped from what was typed: dash punctuation (Pd: hyphen, en/em dash …), space
# separators (Zs), format characters (Cf: soft hyphen, zero-width space, BOM).
_DROPPED_CATEGORIES = frozenset({"Pd", "Zs", "Cf"})
_DROPPED = frozenset(".\u2212\t\r\n")  # dots, the minus sign (Sm), line breaks


def _typed(text: str) -> str:
    """What a person typed, without case, separators and invisible characters."""
    folded = unicodedata.normalize("NFKC", text or "").upper()
    return "".join(
        ch
        for ch in folded
        if ch not in _DROPPED and unicodedata.category(ch) not in _DROPPED_CATEGORIES
    )


@dataclass(frozen=True)
class CodeKind:
    """One kind of code: how long it is, and which setting holds the key of its hash."""

    length: int
    key_setting: str

    def generate(self) -> str:
        """A new random code from `secrets`, in groups: ABCD-EFGH-JK23."""
        return self.format("".join(secrets.choice(ALPHABET) for _ in range(self.length)))

    @staticmethod
    def format(raw: str) -> str:
        return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))

    def normalise(self, text: str) -> str | None:
        """The code's characters in what a person typed, or None if it cannot be such a code."""
        raw = _typed(text)
        if len(raw) != self.length or not set(raw) <= _ALPHABET:
            return None
        return raw

    def keyed_hash(self, text: str) -> str | None:
        """HMAC-SHA256 (the kind's key) of the normalised code, or None for a malformed one."""
        raw = self.normalise(text)
        if raw is None:
            return None
        key = getattr(settings, self.key_setting).encode()
        return hmac.new(key, raw.encode(), hashlib.sha256).hexdigest()


# 12 characters, 60 random bits: with code entry rate limited, guessing one of even a million
# issued codes takes far longer than a vote lasts.
VOTING_CODE = CodeKind(length=12, key_setting="VOTING_CODE_KEY")
# 16 characters, 80 bits: shown once with the receipt, checked against the published result.
RECEIPT_CODE = CodeKind(length=16, key_setting="RECEIPT_KEY")
