"""Cells of files people open in a spreadsheet (CSV exports).

A spreadsheet takes a cell that starts with one of `FORMULA_STARTS` for a formula ("CSV
injection"). Hand-written rather than a dependency (defusedcsv): the rule is one line.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """A text cell a spreadsheet shows as text: a leading formula character gets a ' before it
    (numbers, which are not str, are written as they are)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
