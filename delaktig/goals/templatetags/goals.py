"""Numbers of indicators as Swedish readers expect them: "1 234,5" (no trailing zeros)."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def measure(value) -> str:
    """A stored value (four decimals) without the zeros it does not need, in the active
    language's format: 45.5000 → "45,5", 1234 → "1 234"."""
    if value is None or value == "":
        return "–"
    number = Decimal(value)
    # Whole numbers keep their digits (normalize() would write 100 as 1E+2).
    whole = number == number.to_integral()
    number = number.quantize(Decimal(1)) if whole else number.normalize()
    text = number_format(number, use_l10n=True, force_grouping=True)
    return text.replace("-", "\u2212")


@register.filter
def markdown(text):
    """A goal's text (Markdown), rendered and sanitised by core.markdown."""
    from delaktig.core.markdown import render_markdown

    return render_markdown(text or "")
