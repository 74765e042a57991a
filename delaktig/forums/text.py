"""A post's text on a page: plain text, never HTML.

Whatever a resident types is escaped (a `<script>` shows as text). Web addresses become links
with rel="nofollow ugc noopener" (search engines give them no weight; the page opened cannot
reach this one). E-mail addresses and phone numbers are not shown: each is replaced by a
bracketed note, and the page says why, so a resident who wrote their number learns that
nobody saw it. The stored text is unchanged (the writer's own data export has it, and
moderators read it as written).

Phone numbers are Swedish and international forms that start with 0, +, or 00 and hold 7 to 13
digits, with spaces, hyphens, slashes or brackets between them ("070-123 45 67",
"+46 (0)70 123 45 67", "0281-750 00"); amounts such as "10 000 kr", years and dates do not
start with 0 and are left alone. Municipality answers are the municipality's own words, with its
own contact details, and are not masked.
"""

import re
from dataclasses import dataclass
from html import escape as _escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_PHONE = re.compile(r"(?<![\w+])(?:\+|00|0)[\d\s\-/().]{6,22}\d(?!\w)")
_TRAILING = ".,;:!?)]}'\""


def escape(value: str) -> str:
    """The standard library's escape (quotes too): Django's wraps every call for lazy strings,
    which costs a thread page of a hundred posts more than the rest of its text work."""
    return _escape(value, quote=True)


@dataclass(frozen=True)
class Rendered:
    html: SafeString
    masked: bool  # something was not shown (an e-mail address or a phone number)


def _is_phone(candidate: str) -> bool:
    digits = sum(ch.isdigit() for ch in candidate)
    return 7 <= digits <= 13


def _mask(text: str) -> tuple[str, bool]:
    """Escaped text with e-mail addresses and phone numbers replaced by notes."""
    masked = False
    out = []
    position = 0
    email_note = _("[e-mail address not shown]")
    spans = [(m.start(), m.end(), email_note) for m in _EMAIL.finditer(text)]
    for match in _PHONE.finditer(text):
        if _is_phone(match.group()) and not any(s <= match.start() < e for s, e, _n in spans):
            spans.append((match.start(), match.end(), _("[phone number not shown]")))
    for start, end, note in sorted(spans):
        if start < position:
            continue
        out.append(escape(text[position:start]))
        out.append(f'<span class="masked">{escape(note)}</span>')
        position = end
        masked = True
    out.append(escape(text[position:]))
    return "".join(out), masked


def _link(url: str) -> tuple[str, str]:
    """(the link, what trails it): a sentence's full stop or closing bracket is not part of
    the address."""
    trail = ""
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        trail = url[-1] + trail
        url = url[:-1]
    href = url if url.lower().startswith("http") else "https://" + url
    return (
        f'<a href="{escape(href)}" rel="nofollow ugc noopener">{escape(url)}</a>',
        trail,
    )


def render_post(text: str, *, mask: bool = True) -> Rendered:
    """The post's text as safe HTML paragraphs (blank lines) and line breaks."""
    masked_any = False
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        pieces = []
        position = 0
        for match in _URL.finditer(paragraph):
            before = paragraph[position : match.start()]
            html, masked = _mask(before) if mask else (escape(before), False)
            masked_any |= masked
            pieces.append(html)
            url = match.group()
            if mask and _EMAIL.search(url):  # an address hidden in a link is not shown either
                pieces.append(escape(_("[e-mail address not shown]")))
                masked_any = True
            else:
                link, trail = _link(url)
                pieces.append(link + escape(trail))
            position = match.end()
        rest = paragraph[position:]
        html, masked = _mask(rest) if mask else (escape(rest), False)
        masked_any |= masked
        pieces.append(html)
        paragraphs.append("<p>" + "".join(pieces).replace("\n", "<br>") + "</p>")
    return Rendered(mark_safe("\n".join(paragraphs)), masked_any)  # noqa: S308 - escaped above
