"""Money is whole kronor as int. Formatting follows Swedish practice: 50 000 kr."""

from django.utils.formats import number_format


def format_kronor(amount: int | None) -> str:
    if amount is None:
        return ""
    grouped = f"{int(amount):,}".replace(",", "\u00a0")
    return f"{grouped}\u00a0kr"


def format_percent(part: int, whole: int) -> str:
    if not whole:
        return "0\u00a0%"
    return f"{number_format(round(100 * part / whole, 1), 1)}\u00a0%"
