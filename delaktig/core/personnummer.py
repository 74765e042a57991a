"""Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

Pure functions, no models: every app may import this module (the e-ID sign-in in `accounts` as
well as the census in `eligibility`). A number is never stored in clear, only as `keyed_hash`.

Accepted forms: 12 digits (YYYYMMDDNNNC) or 10 digits (YYMMDDNNNC), each with or without a
separator before the last four digits. In the 10-digit form "-" (or none) means younger than
100 years and "+" means 100 years or older; the century is inferred from a reference date
(today unless given). A coordination number has 60 added to the day of birth.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

_SHAPE = re.compile(r"^(\d{6}|\d{8})([-+]?)(\d{4})$")
COORDINATION_DAY_OFFSET = 60


class PersonnummerError(ValueError):
    """The number cannot be a personnummer; `str(error)` says why, in a full sentence."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class Personnummer:
    digits: str  # always 12: YYYYMMDDNNNC

    @property
    def is_coordination_number(self) -> bool:
        return int(self.digits[6:8]) > COORDINATION_DAY_OFFSET

    def birth_date(self) -> date:
        day = int(self.digits[6:8])
        if day > COORDINATION_DAY_OFFSET:
            day -= COORDINATION_DAY_OFFSET
        return date(int(self.digits[:4]), int(self.digits[4:6]), day)

    def __str__(self) -> str:
        return f"{self.digits[:8]}-{self.digits[8:]}"


def luhn_ok(ten_digits: str) -> bool:
    """The Luhn (mod 10) check over YYMMDDNNNC, as Skatteverket computes it."""
    total = 0
    for index, char in enumerate(ten_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return total % 10 == 0


def _infer_century(yymmdd: str, separator: str, today: date) -> int:
    """The full year for a 10-digit number: the latest year not after `today` (minus 100 for +)."""
    yy = int(yymmdd[:2])
    year = today.year - ((today.year - yy) % 100)
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    if day > COORDINATION_DAY_OFFSET:
        day -= COORDINATION_DAY_OFFSET
    if (month, day) > (today.month, today.day) and year == today.year:
        year -= 100
    if separator == "+":
        year -= 100
    return year


def parse(value, *, today: date | None = None) -> Personnummer:
    """Read a personnummer or samordningsnummer, or raise PersonnummerError saying what is wrong."""
    text = re.sub(r"\s+", "", str(value or ""))
    if not text:
        raise PersonnummerError(_("The personal identity number is missing."))
    if not re.fullmatch(r"[\d+-]+", text):
        raise PersonnummerError(
            _("A personal identity number may only contain digits and a hyphen or plus sign.")
        )
    match = _SHAPE.match(text)
    if match is None:
        raise PersonnummerError(_("A personal identity number has 10 or 12 digits."))
    head, separator, tail = match.groups()
    today = today or timezone.localdate()
    if len(head) == 6:
        head = f"{_infer_century(head, separator, today):04d}{head[2:]}"
    number = Personnummer(head + tail)
    try:
        born = number.birth_date()
    except ValueError as error:
        raise PersonnummerError(
            _("The date in the personal identity number does not exist.")
        ) from error
    if born > today:
        raise PersonnummerError(_("The date in the personal identity number is in the future."))
    if not luhn_ok(number.digits[2:]):
        raise PersonnummerError(_("The check digit is wrong."))
    return number


def normalise(value, *, today: date | None = None) -> str:
    """The 12 digits YYYYMMDDNNNC of a valid number."""
    return value.digits if isinstance(value, Personnummer) else parse(value, today=today).digits


def birth_date(value, *, today: date | None = None) -> date:
    number = value if isinstance(value, Personnummer) else parse(value, today=today)
    return number.birth_date()


def keyed_hash(value, *, today: date | None = None) -> str:
    """HMAC-SHA256 (key PERSONNUMMER_HASH_KEY) of the 12-digit form, as 64 hex characters.

    The one way a personnummer is stored: in the census and in `User.personnummer_hash`.
    """
    digits = normalise(value, today=today)
    key = settings.PERSONNUMMER_HASH_KEY.encode()
    return hmac.new(key, digits.encode(), hashlib.sha256).hexdigest()
