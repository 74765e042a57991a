"""The list of proposals on the voting page, built in Python.

A ballot can hold hundreds of proposals. Rendering each item through the template engine cost
about 0.3 ms per item (0.32 s for 1 000 proposals, bench/pages.py); building the same markup
here with every value escaped costs a few microseconds per item. The markup is the one the
template used: a native input per proposal with its label and a description tied to it.
"""

from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delaktig.core.money import format_kronor

from .forms import CHOICE, POINTS_PREFIX, RANK_PREFIX
from .models import BallotKind
from .validation import proposal_field

# Said beside a proposal that costs more than the money left (knapsack ballots); ballot.js
# keeps the same words up to date while the voter ticks.
NO_FIT = gettext_lazy("Does not fit in the money you have left.")


def _errors(messages) -> str:
    if not messages:
        return ""
    items = "".join(f"<li>{conditional_escape(m)}</li>" for m in messages)
    return f'<ul class="errorlist">{items}</ul>'


def _control(box, item, pk, fid, cost, disabled, options) -> str:
    common = f'id="{fid}" data-cost="{cost}"{disabled} aria-describedby="{fid}-about"'
    value = item["value"]
    if box.kind in (BallotKind.APPROVAL, BallotKind.KNAPSACK):
        checked = " checked" if value else ""
        return f'<input type="checkbox" name="{CHOICE}" value="{pk}" {common}{checked}>'
    if box.kind == BallotKind.POINTS:
        most = f' max="{box.max_points_per_proposal}"' if box.max_points_per_proposal else ""
        shown = "" if value is None else escape(value)
        return (
            f'<input type="number" inputmode="numeric" min="0"{most} name="{POINTS_PREFIX}{pk}" '
            f'value="{shown}" {common}>'
        )
    chosen = options.replace(f'value="{value}"', f'value="{value}" selected') if value else options
    return f'<select name="{RANK_PREFIX}{pk}" {common}>{chosen}</select>'


def ballot_items(entries, choices, by_field, url_for=None) -> list[dict]:
    """One dict per proposal on the ballot (a snapshot.Entry each): what render_items shows."""
    items = []
    for entry in entries:
        field_id = proposal_field(entry.pk)
        items.append(
            {
                "proposal": entry,
                "cost": entry.cost,
                "value": choices.get(entry.pk),
                "field_id": field_id,
                "errors": by_field.get(field_id, []),
                "url": url_for(entry.pk) if url_for else None,
            }
        )
    return items


def render_items(box, items, *, disabled: bool, places, left=None) -> str:
    """The <li> elements of the ballot, escaped, in the order of `items`. `left`: the money
    left on a knapsack ballot; an unchosen proposal that costs more is marked in words."""
    disabled_attr = " disabled" if disabled else ""
    options = ""
    if box.kind == BallotKind.RANKING:
        places_html = "".join(
            f'<option value="{n}">{escape(_("Place %(place)s") % {"place": n})}</option>'
            for n in places
        )
        options = f'<option value="">{escape(_("Not ranked"))}</option>{places_html}'
    points_note = f' <span class="meta">({escape(_("points"))})</span>'
    read_more = _("Read more about “%(title)s”")
    no_fit = f'<strong class="ballot-item__nofit" data-nofit>{escape(NO_FIT)}</strong>'
    parts = []
    for item in items:
        entry = item["proposal"]  # a snapshot.Entry
        pk, fid, cost = int(entry.pk), escape(item["field_id"]), int(item["cost"])
        title = escape(entry.title)
        description = escape(entry.about)
        more = ""
        if item["url"]:
            text = read_more % {"title": entry.title}
            more = f' <a href="{escape(item["url"])}">{escape(text)}</a>'
        note = points_note if box.kind == BallotKind.POINTS else ""
        error_class = " field--error" if item["errors"] else ""
        fits = left is None or item["value"] or cost <= left
        if not fits:
            error_class += " ballot-item--nofit"
        parts.append(
            f'<li class="ballot-item{error_class}">'
            f"{_control(box, item, pk, fid, cost, disabled_attr, options)}"
            f'<label for="{fid}"><strong>{title}</strong> – {format_kronor(cost)}{note}</label>'
            f'<div class="meta" id="{fid}-about">{"" if fits else no_fit}{description}{more}'
            f"{_errors(item['errors'])}</div></li>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
