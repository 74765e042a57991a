"""Reading census and invitation files (CSV or XLSX) and checking every row before import.

Nothing here writes to the database. `read_table` turns a file into rows keyed by column;
`check_census` and `check_invitations` return the rows ready to store and a list of
`RowError`s, one per problem ("Rad 7, kolumn personnummer: kontrollsiffran stämmer inte").
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delaktig.core.errors import InvalidInput
from delaktig.core.personnummer import PersonnummerError, keyed_hash, parse

MAX_ROWS = 200_000
MAX_ERRORS = 500
MAX_FILE_BYTES = 20 * 1024 * 1024  # the upload form's limit; the reader never takes more

# An XLSX file is a zip archive, and a small one can unpack to gigabytes: a 200 KB file whose
# shared-strings table held millions of short strings took 400 MB. So the archive's directory
# is checked before anything is unpacked. The sizes it states are binding: Python's zipfile
# stops each member at its stated size (and then fails the CRC check). A 200 000-row invitation
# list is about 65 MB unpacked, 14 times its packed size; as Excel writes it (names and
# e-mail addresses in the shared strings) the shared strings are about 15 MB.
MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024  # all members together
MAX_XLSX_MEMBER_BYTES = 100 * 1024 * 1024  # one member (the sheet, which is read row by row)
MAX_XLSX_PART_BYTES = 32 * 1024 * 1024  # a part openpyxl reads whole: shared strings, styles
MAX_XLSX_RATIO = 100  # unpacked / packed size of a member over RATIO_FROM_BYTES
RATIO_FROM_BYTES = 1024 * 1024
MAX_CSV_LINE_CHARS = 100_000  # a census line is under 100 characters

# Column names people use, lower case. The first is the name shown in messages if absent.
PERSONNUMMER = ("personnummer", "pnr", "samordningsnummer", "personal identity number")
AREA = ("område", "omrade", "area")
BIRTH_DATE = ("födelsedatum", "fodelsedatum", "birth_date", "birth date", "date of birth")
NAME = ("namn", "name")
EMAIL = ("e-post", "epost", "e-postadress", "email", "e-mail")
GROUP = ("grupp", "klass", "group")


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str  # a full sentence

    def __str__(self) -> str:
        message = str(self.message).rstrip(".")
        message = message[:1].lower() + message[1:]
        return _("Row %(row)d, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": message,
        }


class FileHasErrors(InvalidInput):
    """The file has rows with errors; nothing was imported."""

    def __init__(self, errors: list[RowError]):
        rows = len({e.row for e in errors})
        super().__init__(
            ngettext(
                "The file has errors on %(count)d row. Nothing was imported.",
                "The file has errors on %(count)d rows. Nothing was imported.",
                rows,
            )
            % {"count": rows}
        )
        self.errors = errors


@dataclass
class Table:
    headers: dict[str, str]  # lower-case name → the name in the file
    rows: list[tuple[int, dict[str, object]]]  # (row number, {lower-case name: value})

    def column(self, aliases: tuple[str, ...]) -> str | None:
        return next((a for a in aliases if a in self.headers), None)

    def label(self, key: str | None, aliases: tuple[str, ...]) -> str:
        return self.headers.get(key, aliases[0]) if key else aliases[0]


def read_table(uploaded) -> Table:
    """Rows of a CSV (comma, semicolon or tab; UTF-8 or Windows-1252) or XLSX file.

    Rows are read one at a time and reading stops at the first row past MAX_ROWS, so a file
    too long is refused without reading the rest of it."""
    data = uploaded.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(
            _("The file is too large. It may be at most %(size)d MB.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if data[:2] == b"PK" or str(getattr(uploaded, "name", "")).lower().endswith(".xlsx"):
        records = _xlsx_records(data)
    else:
        records = _csv_records(data)
    try:
        header = next(records)
    except StopIteration as error:
        raise InvalidInput(_("The file is empty.")) from error
    keys = [_cell_text(h).lower() for h in header]
    rows = []
    for number, values in enumerate(records, start=2):
        if number > MAX_ROWS + 1:
            records.close()
            raise InvalidInput(
                _("The file has more than %(count)d rows. Split it up.") % {"count": MAX_ROWS}
            )
        if all(_cell_text(v) == "" for v in values):
            continue
        rows.append((number, {k: v for k, v in zip(keys, values, strict=False) if k}))
    return Table(headers={k: _cell_text(h) for k, h in zip(keys, header, strict=False)}, rows=rows)


def _unreadable() -> InvalidInput:
    return InvalidInput(
        _("The file could not be read. Upload a CSV file or an Excel file (.xlsx).")
    )


def _csv_records(data: bytes):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # cp1252 leaves five bytes undefined
        raise _unreadable()
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]
    delimiter = max(";,\t", key=first_line.count)
    try:
        yield from csv.reader(_lines(text), delimiter=delimiter)
    except csv.Error as error:  # a field over csv.field_size_limit(), a stray quote
        raise _unreadable() from error


def _lines(text: str):
    """The lines of `text` one at a time (csv joins quoted line breaks), without copying the
    whole text again as io.StringIO or splitlines would; a line too long is refused."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start, start + MAX_CSV_LINE_CHARS + 1)
        if end < 0:
            if size - start > MAX_CSV_LINE_CHARS:
                raise InvalidInput(
                    _("A line of the file is longer than %(count)d characters.")
                    % {"count": MAX_CSV_LINE_CHARS}
                )
            end = size - 1
        yield text[start : end + 1]
        start = end + 1


def _xlsx_too_large() -> InvalidInput:
    return InvalidInput(
        _(
            "The Excel file unpacks to far more data than a roll needs, so it was not read. "
            "Save it as CSV, or copy the rows into a new Excel file, and upload that."
        )
    )


def check_xlsx_sizes(data: bytes) -> None:
    """Refuse an XLSX file that would unpack to more than the limits above, before parsing it."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise _unreadable() from error
    if sum(m.file_size for m in members) > MAX_XLSX_UNPACKED_BYTES:
        raise _xlsx_too_large()
    for member in members:
        if member.file_size > MAX_XLSX_MEMBER_BYTES or (
            member.file_size > RATIO_FROM_BYTES
            and member.file_size > MAX_XLSX_RATIO * max(member.compress_size, 1)
        ):
            raise _xlsx_too_large()


class _Archive(zipfile.ZipFile):
    """An archive whose parts are refused when over MAX_XLSX_PART_BYTES unpacked."""

    def open(self, name, mode="r", *args, **kwargs):
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        if info.file_size > MAX_XLSX_PART_BYTES:
            raise _xlsx_too_large()
        return super().open(name, mode, *args, **kwargs)


def _load_workbook(data: bytes):
    """openpyxl's load_workbook(read_only=True, data_only=True), with a limit on the parts it
    reads whole: shared strings, styles, the workbook and its lists, found through the
    package's own lists whatever their names. Only the sheets, which read-only mode streams,
    come from an archive without that limit (they are under MAX_XLSX_MEMBER_BYTES)."""
    from openpyxl.reader.excel import ExcelReader

    class Reader(ExcelReader):
        def read_worksheets(self):
            self.wb._archive = zipfile.ZipFile(io.BytesIO(data))
            super().read_worksheets()

    reader = Reader(io.BytesIO(data), read_only=True, data_only=True)
    reader.archive.close()
    reader.archive = _Archive(io.BytesIO(data))
    reader.read()
    reader.archive.close()
    return reader.wb


def _xlsx_records(data: bytes):
    """The first sheet's rows, streamed (openpyxl's read-only mode reads a row at a time)."""
    check_xlsx_sizes(data)
    # SyntaxError covers xml.etree's ParseError; expat refuses entity expansion ("billion laughs")
    errors = (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError, EOFError)
    try:
        workbook = _load_workbook(data)
    except errors as error:
        raise _unreadable() from error
    try:
        if not workbook.worksheets:
            raise _unreadable()
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    except errors as error:
        raise _unreadable() from error
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _personnummer_text(value) -> str:
    """A number cell loses a leading zero (born 2000–2009, 10 digits): put it back."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and len(str(value)) == 9:
        return str(value).zfill(10)
    return _cell_text(value)


def parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell_text(value)
    match = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})", text)
    if not match:
        raise ValueError(_("Write the date as YYYY-MM-DD."))
    try:
        return date(*map(int, match.groups()))
    except ValueError as error:
        raise ValueError(_("The date does not exist.")) from error


class _Collector:
    def __init__(self):
        self.errors: list[RowError] = []

    def add(self, row, column, message):
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row, column, str(message)))


def _area_lookup(table: Table, budget_round, problems: _Collector):
    """A function (row, values) → area or None, reporting unknown or missing areas."""
    areas = {a.name.strip().lower(): a for a in budget_round.areas.all()}
    key = table.column(AREA)
    if areas and key is None:
        raise InvalidInput(
            _("The round has areas, so the file needs a column “%(column)s”.") % {"column": AREA[0]}
        )
    label = table.label(key, AREA)

    def lookup(number, values):
        name = _cell_text(values.get(key)) if key else ""
        if not name:
            if areas:
                problems.add(number, label, _("The area is missing."))
            return None
        area = areas.get(name.lower())
        if area is None:
            problems.add(
                number,
                label,
                _("There is no area called “%(name)s” in this round.") % {"name": name},
            )
        return area

    return lookup


@dataclass(frozen=True)
class CensusRow:
    personnummer_hash: str
    area: object
    birth_date: date


def check_census(table: Table, budget_round) -> tuple[list[CensusRow], list[RowError]]:
    pnr_key, date_key = table.column(PERSONNUMMER), table.column(BIRTH_DATE)
    if pnr_key is None:
        raise InvalidInput(_("The file needs a column “%(column)s”.") % {"column": PERSONNUMMER[0]})
    problems = _Collector()
    area_of = _area_lookup(table, budget_round, problems)
    pnr_label, date_label = table.headers[pnr_key], table.label(date_key, BIRTH_DATE)
    rows, seen = [], {}
    today = timezone.localdate()
    for number, values in table.rows:
        before = len(problems.errors)
        area = area_of(number, values)
        try:
            person = parse(_personnummer_text(values.get(pnr_key)), today=today)
        except PersonnummerError as error:
            problems.add(number, pnr_label, error)
            continue
        digest = keyed_hash(person)
        if digest in seen:
            problems.add(
                number,
                pnr_label,
                _("The same personal identity number is already on row %(row)d.")
                % {"row": seen[digest]},
            )
            continue
        seen[digest] = number
        born = person.birth_date()
        raw_date = values.get(date_key) if date_key else None
        if _cell_text(raw_date):
            try:
                given = parse_date(raw_date)
            except ValueError as error:
                problems.add(number, date_label, error.args[0])
                continue
            if given != born:
                problems.add(
                    number,
                    date_label,
                    _("The date of birth does not match the personal identity number."),
                )
                continue
        if len(problems.errors) == before:
            rows.append(CensusRow(digest, area, born))
    return rows, problems.errors


@dataclass(frozen=True)
class InvitationRow:
    name: str
    email: str
    area: object
    birth_date: date | None
    group: str
    personnummer_hash: str | None = None


def check_invitations(
    table: Table, budget_round, taken_emails: set[str], *, need_personnummer: bool = False
) -> tuple[list[InvitationRow], list[RowError]]:
    """The file's people for the invitation list. With `need_personnummer` (the round also
    uses a census) every row needs a personal identity number, so that a person on both lists
    is one voter with one ballot (issue 9, finding 8)."""
    name_key = table.column(NAME)
    if name_key is None:
        raise InvalidInput(_("The file needs a column “%(column)s”.") % {"column": NAME[0]})
    pnr_key = table.column(PERSONNUMMER)
    if need_personnummer and pnr_key is None:
        raise InvalidInput(
            _(
                "The round also uses a census, so the file needs a column “%(column)s”: a "
                "person on both lists must be recognised as one voter."
            )
            % {"column": PERSONNUMMER[0]}
        )
    pnr_seen = {}
    email_key, date_key, group_key = (
        table.column(EMAIL),
        table.column(BIRTH_DATE),
        table.column(GROUP),
    )
    problems = _Collector()
    area_of = _area_lookup(table, budget_round, problems)
    rows, seen = [], {}
    today = timezone.localdate()
    for number, values in table.rows:
        before = len(problems.errors)
        area = area_of(number, values)
        name = _cell_text(values.get(name_key))
        if not name:
            problems.add(number, table.headers[name_key], _("The name is missing."))
        elif len(name) > 150:
            problems.add(number, table.headers[name_key], _("The name is too long."))
        email = _cell_text(values.get(email_key)).lower() if email_key else ""
        if email:
            email_label = table.headers[email_key]
            try:
                validate_email(email)
            except ValidationError:
                problems.add(number, email_label, _("This is not an e-mail address."))
            else:
                if email in seen:
                    problems.add(
                        number,
                        email_label,
                        _("The same e-mail address is already on row %(row)d.")
                        % {"row": seen[email]},
                    )
                elif email in taken_emails:
                    problems.add(
                        number, email_label, _("This e-mail address is already on the list.")
                    )
                seen.setdefault(email, number)
        born = None
        if date_key and _cell_text(values.get(date_key)):
            try:
                born = parse_date(values.get(date_key))
            except ValueError as error:
                problems.add(number, table.headers[date_key], error.args[0])
            else:
                if born > today:
                    problems.add(
                        number, table.headers[date_key], _("The date of birth is in the future.")
                    )
        group = _cell_text(values.get(group_key))[:100] if group_key else ""
        digest = None
        if pnr_key is not None and (need_personnummer or _cell_text(values.get(pnr_key))):
            digest = _invitation_personnummer(problems, number, table, pnr_key, values, pnr_seen)
        if len(problems.errors) == before:
            rows.append(InvitationRow(name, email, area, born, group, digest))
    return rows, problems.errors


def _invitation_personnummer(problems, number, table, pnr_key, values, seen) -> str | None:
    label = table.headers[pnr_key]
    try:
        person = parse(_personnummer_text(values.get(pnr_key)), today=timezone.localdate())
    except PersonnummerError as error:
        problems.add(number, label, error)
        return None
    digest = keyed_hash(person)
    if digest in seen:
        problems.add(
            number,
            label,
            _("The same personal identity number is already on row %(row)d.")
            % {"row": seen[digest]},
        )
        return None
    seen[digest] = number
    return digest
