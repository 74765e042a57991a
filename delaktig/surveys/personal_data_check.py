"""Flag what looks like personal data in a quote before it is published (issue 12).

`find_personal_data(text, names)` returns the places in `text` that look like a personnummer
(10 or 12 digits, with "-", "+" or nothing before the last four; a real date and the Luhn check,
so that a year, a cost or a postcode is not flagged), an e-mail address, a Swedish phone number
(07x-xxx xx xx, +46 …, 0xx-xxx xx) or the full name of one of the municipality's own people
(`names_to_check`: staff, and the people who took part in the process), as whole words in any
case. The official redacts what is flagged, or confirms that the quote points nobody out; a
personnummer can only be redacted (free_text.confirm_quote).
"""

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from delaktig.core.personnummer import COORDINATION_DAY_OFFSET, luhn_ok
from delaktig.proposals.models import Proposal

from .models import Respondent

PERSONNUMMER = "personnummer"
EMAIL = "email"
PHONE = "phone"
NAME = "name"

LABELS = {
    PERSONNUMMER: _("Personal identity number"),
    EMAIL: _("E-mail address"),
    PHONE: _("Phone number"),
    NAME: _("Name of a person"),
}
# When two findings overlap, the stricter one is kept (a personnummer cannot be confirmed).
_RANK = {PERSONNUMMER: 0, EMAIL: 1, PHONE: 2, NAME: 3}

# The date may be spaced ("81 12 18"); the separator may be any dash a keyboard or phone puts
# in (hyphen, en dash, non-breaking hyphen, minus), +, /, a dot or a space (issue 12 review:
# "811218–9876" and "pnr-811218-9876" were not found). Only a digit before it rules it out.
_PERSONNUMMER = re.compile(
    r"(?<!\d)((?:\d{2})?\d{2} ?\d{2} ?\d{2})"  # the date, of 6 or 8 digits
    r" ?([-+\u2010\u2011\u2012\u2013\u2212/. ]?) ?"  # the separator
    r"(\d{4})(?!\d)"  # the last four
)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}")
_PHONES = (
    # Mobile: 07x and seven more digits, grouped any way (070-123 45 67, 0701234567).
    re.compile(r"(?<![\d+])07\d[ \-]?\d(?:[ \-]?\d){6}(?!\d)"),
    # From abroad: +46 or 0046, the area code without its 0 (or "(0)"), then the number.
    re.compile(r"(?<![\d+])(?:\+|00)46[ \-]?(?:\(0\)[ \-]?)?[1-9](?:[ \-]?\d){6,9}(?!\d)"),
    # Landline with its area code set apart: 08-123 456 78, 0511-123 45, 031/12 34 56.
    re.compile(r"(?<![\d+])0[1-9]\d{0,2} ?[\-/] ?\d(?:[ \-]?\d){4,7}(?!\d)"),
    # Landline written as one number: 0511123456.
    re.compile(r"(?<![\d+])0[1-9]\d{7,8}(?!\d)"),
)
_WORD = re.compile(r"\w+(?:[\-']\w+)*")
_LONGEST_NAME = 5  # words


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return str(LABELS[self.kind])


def _is_personnummer(head: str, tail: str) -> bool:
    ten = head[-6:] + tail
    month, day = int(ten[2:4]), int(ten[4:6])
    if day > COORDINATION_DAY_OFFSET:
        day -= COORDINATION_DAY_OFFSET
    if len(head) == 8 and not head.startswith(("18", "19", "20")):
        return False
    return 1 <= month <= 12 and 1 <= day <= 31 and luhn_ok(ten)


def _national_digits(found: str) -> str:
    digits = re.sub(r"\D", "", found.replace("(0)", ""))
    if found.startswith("+46"):
        return "0" + digits[2:]
    if found.startswith("0046"):
        return "0" + digits[4:]
    return digits


def _name_key(name: str) -> tuple[str, ...]:
    return tuple(word.casefold() for word in _WORD.findall(name))


def name_keys(names) -> frozenset:
    """Full names (two words or more) as the finder compares them: words, case folded."""
    return frozenset(key for key in map(_name_key, names) if 2 <= len(key) <= _LONGEST_NAME)


def find_personal_data(text: str, names=frozenset()) -> list[Finding]:
    """What in `text` looks like personal data, in order, without overlaps. `names`: from
    `name_keys` (or any iterable of full names)."""
    if not isinstance(names, frozenset):
        names = name_keys(names)
    found = [
        Finding(PERSONNUMMER, m.start(), m.end(), m.group())
        for m in _PERSONNUMMER.finditer(text)
        if _is_personnummer(m.group(1).replace(" ", ""), m.group(3))
    ]
    found.extend(Finding(EMAIL, m.start(), m.end(), m.group()) for m in _EMAIL.finditer(text))
    found.extend(
        Finding(PHONE, m.start(), m.end(), m.group())
        for pattern in _PHONES
        for m in pattern.finditer(text)
        if 8 <= len(_national_digits(m.group())) <= 10
    )
    if names:
        words = list(_WORD.finditer(text))
        for i in range(len(words)):
            for n in range(2, _LONGEST_NAME + 1):
                if i + n > len(words):
                    break
                key = tuple(w.group().casefold() for w in words[i : i + n])
                if key in names:
                    start, end = words[i].start(), words[i + n - 1].end()
                    found.append(Finding(NAME, start, end, text[start:end]))
    return _without_overlaps(found)


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (_RANK[f.kind], f.start, -(f.end - f.start))):
        if all(finding.end <= k.start or finding.start >= k.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


def highlighted(text: str, findings: list[Finding]):
    """`text` as HTML with each finding in a <mark> that says what it looks like."""
    parts, at = [], 0
    for finding in findings:
        parts.append(escape(text[at : finding.start]))
        parts.append(
            f'<mark class="finding">{escape(finding.text)}'
            f'<span class="visually-hidden"> ({escape(finding.label)})</span></mark>'
        )
        at = finding.end
    parts.append(escape(text[at:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


def names_to_check(process) -> frozenset:
    """The full names of the municipality's own people, read once per check: staff (case
    officers, moderators, administrators), the process's case officers, and the people who
    took part in it (answered one of its surveys, or sent in a proposal)."""
    people = get_user_model().objects.filter(
        Q(is_official=True)
        | Q(is_moderator=True)
        | Q(is_staff=True)
        | Q(is_superuser=True)
        | Q(pk__in=process.officials.values("pk"))
        | Q(pk__in=Respondent.objects.filter(survey__process=process).values("person"))
        | Q(pk__in=Proposal.objects.filter(budget_round=process).values("author"))
    )
    return name_keys(people.exclude(full_name="").values_list("full_name", flat=True))
