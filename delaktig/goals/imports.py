"""Measurements from a CSV or XLSX file: read, check every row, and carry the checked rows to
the confirmation step. Nothing here writes (services.import_measurements stores them).

The file has one row per value, in the columns of `TEMPLATE_COLUMNS` (the template the import
page offers): indikator, datum, värde, kommentar. Reading reuses the eligibility app's table
reader (CSV with comma, semicolon or tab in UTF-8 or Windows-1252, or XLSX read row by row by
openpyxl in read-only mode, with limits on what a zip archive may unpack to), under a smaller
size limit of its own. Every problem is reported by row and column, and the file is refused
as a whole while any row has one.

Between the check and the import the rows travel in a signed token in the confirmation form
(django.core.signing: tamper-proof, bound to the goal and the official, valid for an hour), so
nothing is stored before the official confirms and nothing needs cleaning up after.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.utils.translation import gettext as _

from delaktig.core.errors import DomainError, InvalidInput
from delaktig.eligibility.tables import FileHasErrors, RowError, Table, parse_date, read_table

from .models import Goal, Measurement
from .services import MeasurementData, check_measured_on, check_value

MAX_IMPORT_BYTES = 2 * 1024 * 1024  # a municipality's figures for years fit in a few kB
MAX_IMPORT_ROWS = 5_000
MAX_ROW_ERRORS = 200
TOKEN_MAX_AGE = 60 * 60  # seconds the checked file waits for confirmation

# Column names people use, lower case. The first is the one in the template and in messages.
INDICATOR = ("indikator", "indicator")
DATE = ("datum", "date", "mätdatum")
VALUE = ("värde", "varde", "value")
COMMENT = ("kommentar", "comment")
TEMPLATE_COLUMNS = (INDICATOR[0], DATE[0], VALUE[0], COMMENT[0])
COMMENT_MAX = Measurement._meta.get_field("comment").max_length

_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_number(value) -> Decimal:
    """A number as people write it in Swedish or as a spreadsheet stores it: "12,5", "12.5",
    "1 234,5", "−3". Raises ValueError with a sentence otherwise."""
    if isinstance(value, bool):
        raise ValueError(_("Write the value as a number, for example 12,5."))
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        text = _SPACES.sub("", str(value or "")).replace("\u2212", "-")
        if "," in text and "." in text:
            raise ValueError(
                _("Write the value with a decimal comma and no other marks, for example 1234,5.")
            )
        text = text.replace(",", ".")
        if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
            raise ValueError(_("Write the value as a number, for example 12,5."))
        try:
            number = Decimal(text)
        except InvalidOperation as error:  # pragma: no cover - the pattern above is stricter
            raise ValueError(_("Write the value as a number, for example 12,5.")) from error
    if not number.is_finite():
        raise ValueError(_("Write the value as a number, for example 12,5."))
    return number


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@dataclass
class Checked:
    """A file that passed every check: the rows to store, and what the preview shows."""

    rows: list[MeasurementData]
    filename: str

    def by_indicator(self) -> list[tuple[object, list[MeasurementData]]]:
        groups: dict[int, tuple[object, list]] = {}
        for row in self.rows:
            groups.setdefault(row.indicator.pk, (row.indicator, []))[1].append(row)
        return [(ind, sorted(rows, key=lambda r: r.measured_on)) for ind, rows in groups.values()]


def read_file(uploaded) -> Table:
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_IMPORT_BYTES:
        raise InvalidInput(
            _("The file is too large. It may be at most %(size)d MB.")
            % {"size": MAX_IMPORT_BYTES // (1024 * 1024)},
            field="file",
        )
    table = read_table(uploaded)
    if len(table.rows) > MAX_IMPORT_ROWS:
        raise InvalidInput(
            _("The file has more than %(count)d rows. Split it up.") % {"count": MAX_IMPORT_ROWS},
            field="file",
        )
    return table


def check_file(goal: Goal, uploaded) -> Checked:
    """Read and check an uploaded file for `goal`. Raises `FileHasErrors` (every row's
    problems) or `InvalidInput` (the file as a whole); nothing is written."""
    try:
        table = read_file(uploaded)
    except FileHasErrors:
        raise
    except DomainError as error:
        raise InvalidInput(error.message, field="file") from error
    rows, errors = check_rows(goal, table)
    if errors:
        raise FileHasErrors(errors)
    if not rows:
        raise InvalidInput(_("The file has no values to import."), field="file")
    return Checked(rows=rows, filename=str(getattr(uploaded, "name", ""))[:120])


def check_rows(goal: Goal, table: Table) -> tuple[list[MeasurementData], list[RowError]]:
    keys = {name: table.column(aliases) for name, aliases in _COLUMNS.items()}
    for name in ("indicator", "date", "value"):
        if keys[name] is None:
            raise InvalidInput(
                _("The file needs a column “%(column)s”. Use the template on this page.")
                % {"column": _COLUMNS[name][0]},
                field="file",
            )
    labels = {name: table.label(keys[name], _COLUMNS[name]) for name in _COLUMNS}
    indicators = {i.name.strip().lower(): i for i in goal.indicators.all()}
    stored = {
        (indicator_id, measured_on)
        for indicator_id, measured_on in Measurement.objects.filter(
            indicator__goal=goal
        ).values_list("indicator_id", "measured_on")
    }
    errors: list[RowError] = []
    rows: list[MeasurementData] = []
    seen: dict[tuple[int, date], int] = {}

    def problem(number, column, message):
        if len(errors) < MAX_ROW_ERRORS:
            errors.append(RowError(number, labels[column], str(message)))

    for number, values in table.rows:
        before = len(errors)
        name = _text(values.get(keys["indicator"]))
        indicator = None
        if not name:
            problem(number, "indicator", _("The indicator is missing."))
        else:
            indicator = indicators.get(name.lower())
            if indicator is None:
                problem(
                    number,
                    "indicator",
                    _("The goal has no indicator called “%(name)s”.") % {"name": name[:80]},
                )
        measured_on = None
        raw_date = values.get(keys["date"])
        if not _text(raw_date):
            problem(number, "date", _("The date is missing."))
        else:
            try:
                measured_on = parse_date(raw_date)
                check_measured_on(measured_on)
            except ValueError as error:
                problem(number, "date", error.args[0])
                measured_on = None
            except InvalidInput as error:
                problem(number, "date", error.message)
                measured_on = None
        value = None
        raw_value = values.get(keys["value"])
        if not _text(raw_value):
            problem(number, "value", _("The value is missing."))
        else:
            try:
                value = parse_number(raw_value)
                check_value(value)
            except ValueError as error:
                problem(number, "value", error.args[0])
                value = None
            except InvalidInput as error:
                problem(number, "value", error.message)
                value = None
        comment = _text(values.get(keys["comment"])) if keys["comment"] else ""
        if len(comment) > COMMENT_MAX:
            problem(
                number,
                "comment",
                _("The comment is longer than %(count)d characters.") % {"count": COMMENT_MAX},
            )
        if indicator is not None and measured_on is not None:
            pair = (indicator.pk, measured_on)
            if pair in seen:
                problem(
                    number,
                    "date",
                    _("The same indicator and date are already on row %(row)d.")
                    % {"row": seen[pair]},
                )
            elif pair in stored:
                problem(
                    number,
                    "date",
                    _(
                        "The indicator already has a value for this date. Leave the row out, "
                        "or change the stored value on the indicator's page."
                    ),
                )
            seen.setdefault(pair, number)
        if len(errors) == before and indicator is not None:
            rows.append(MeasurementData(indicator, measured_on, value, comment))
    return rows, errors


_COLUMNS = {"indicator": INDICATOR, "date": DATE, "value": VALUE, "comment": COMMENT}


# -- between the check and the import -------------------------------------------------------------


def _salt(goal: Goal, user) -> str:
    return f"goals.import.{goal.pk}.{user.pk}"


def sign(checked: Checked, *, goal: Goal, user) -> str:
    payload = {
        "f": checked.filename,
        "r": [
            [row.indicator.pk, row.measured_on.isoformat(), str(row.value), row.comment]
            for row in checked.rows
        ],
    }
    return signing.dumps(payload, salt=_salt(goal, user), compress=True)


def unsign(token: str, *, goal: Goal, user) -> Checked:
    """The checked rows from a confirmation form, or InvalidInput when the token is forged,
    for another goal or person, or older than an hour."""
    try:
        payload = signing.loads(token, salt=_salt(goal, user), max_age=TOKEN_MAX_AGE)
    except signing.BadSignature as error:  # SignatureExpired is one
        raise InvalidInput(
            _("The checked file is too old or could not be read. Upload it again.")
        ) from error
    indicators = {i.pk: i for i in goal.indicators.all()}
    rows = []
    for indicator_id, measured_on, value, comment in payload["r"]:
        if indicator_id not in indicators:
            raise InvalidInput(
                _("An indicator in the file has been removed meanwhile. Check the file again.")
            )
        rows.append(
            MeasurementData(
                indicators[indicator_id], date.fromisoformat(measured_on), Decimal(value), comment
            )
        )
    return Checked(rows=rows, filename=payload["f"])


# -- the template ----------------------------------------------------------------------------------


def template_csv() -> bytes:
    """The template as CSV: semicolons and a byte-order mark, as Swedish Excel opens it."""
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerow(TEMPLATE_COLUMNS)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(goal: Goal) -> bytes:
    """The template as XLSX: the columns on the first sheet (the one that is read), and the
    goal's indicators with their units on a second sheet to copy the names from."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Values"))
    sheet.append(list(TEMPLATE_COLUMNS))
    names = workbook.create_sheet(_("Indicators"))
    names.append([_("Indicator"), _("Unit")])
    for indicator in goal.indicators.all():
        names.append([indicator.name, indicator.unit])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
