"""Census and invitation files that would exhaust the server's memory are refused cheaply.

Finding 10 of the security review (issue 9): a 201 KB XLSX file with a huge shared-strings
table added about 400 MB to the server process, and the row limit was checked only after
every row had been read."""

import io
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from delaktig.core.errors import InvalidInput
from delaktig.eligibility import tables
from delaktig.eligibility.models import Invitation
from delaktig.eligibility.services import invitation_list

from .bombs import broken_sheet, many_rows, random_shared_strings, shared_strings_bomb
from .factories import colleague, csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


def _import(official, budget_round, upload):
    return invitation_list.import_invitations(
        approved_by=colleague(), by=official, budget_round=budget_round, uploaded=upload
    )


def test_shared_strings_bomb_is_refused_before_it_is_unpacked(make_round, official):
    budget_round = make_round("propose")
    bomb = shared_strings_bomb(1_000_000)  # 24 MB of XML in a file of about 60 KB
    assert len(bomb) < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(InvalidInput, match="packas upp till mycket mer data") as refused:
            _import(official, budget_round, SimpleUploadedFile("lista.xlsx", bomb))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Read, the table took about 150 MB (traced) and 350 MB of the process; refused, nothing.
    assert peak < 10 * 1024 * 1024, peak
    assert "Spara den som CSV" in str(refused.value)
    assert not Invitation.objects.exists()


def test_a_large_part_openpyxl_reads_whole_is_refused_whatever_its_name(
    make_round, official, monkeypatch
):
    """Random strings pack only a few times, so the ratio check passes them; the shared-strings
    table is found through the package's content types, here under another name."""
    budget_round = make_round("propose")
    monkeypatch.setattr(tables, "MAX_XLSX_PART_BYTES", 256 * 1024)
    upload = SimpleUploadedFile("lista.xlsx", random_shared_strings(400 * 1024))
    with pytest.raises(InvalidInput, match="packas upp"):
        _import(official, budget_round, upload)
    assert not Invitation.objects.exists()


def test_a_large_sheet_is_streamed_not_refused(make_round, official, monkeypatch):
    """Only parts read whole have the small limit: the sheet is read a row at a time."""
    budget_round = make_round("propose")
    monkeypatch.setattr(tables, "MAX_XLSX_PART_BYTES", 16 * 1024)
    upload = SimpleUploadedFile("lista.xlsx", many_rows(1000))  # the sheet is about 60 KB
    assert len(_import(official, budget_round, upload)) == 1000


def test_limits_on_the_whole_archive_and_on_one_member(monkeypatch):
    data = many_rows(1000)
    tables.check_xlsx_sizes(data)
    monkeypatch.setattr(tables, "MAX_XLSX_UNPACKED_BYTES", 50 * 1024)
    with pytest.raises(InvalidInput, match="packas upp"):
        tables.check_xlsx_sizes(data)
    monkeypatch.setattr(tables, "MAX_XLSX_UNPACKED_BYTES", 10**9)
    monkeypatch.setattr(tables, "MAX_XLSX_MEMBER_BYTES", 40 * 1024)
    with pytest.raises(InvalidInput, match="packas upp"):
        tables.check_xlsx_sizes(data)


def _counting(function, pulled):
    def wrapped(*args, **kwargs):
        result = function(*args, **kwargs)
        if hasattr(result, "__next__"):  # a generator of rows: count each row taken
            return (pulled.append(1) or row for row in result)
        pulled.append(1)  # one row parsed
        return result

    return wrapped


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_too_many_rows_are_refused_without_reading_the_rest(
    kind, make_round, official, monkeypatch
):
    budget_round = make_round("propose")
    monkeypatch.setattr(tables, "MAX_ROWS", 50)
    pulled = []
    if kind == "xlsx":
        from openpyxl.worksheet._reader import WorkSheetParser

        # count the rows openpyxl parses, not only those the reader takes
        monkeypatch.setattr(
            WorkSheetParser, "parse_row", _counting(WorkSheetParser.parse_row, pulled)
        )
        upload = SimpleUploadedFile("lista.xlsx", many_rows(5000))
    else:
        monkeypatch.setattr(tables, "_csv_records", _counting(tables._csv_records, pulled))
        upload = csv_file("namn\n" + "".join(f"Elev {i}\n" for i in range(5000)))
    with pytest.raises(InvalidInput, match="fler än 50 rader"):
        _import(official, budget_round, upload)
    assert len(pulled) == 52  # the header, 50 rows, and the one too many
    assert not Invitation.objects.exists()


class _Endless(io.RawIOBase):
    """A file that never ends: the reader must stop taking bytes at its limit."""

    name = "lista.csv"
    taken = 0

    def read(self, size=-1):
        assert size is not None and size >= 0, "the reader asked for everything"
        self.taken += size
        return b"a" * size


def test_csv_is_read_in_bounded_memory(make_round, official):
    budget_round = make_round("propose")
    endless = _Endless()
    with pytest.raises(InvalidInput, match="för stor"):
        _import(official, budget_round, endless)
    assert endless.taken == tables.MAX_FILE_BYTES + 1
    long_line = csv_file("namn\n" + "a" * (tables.MAX_CSV_LINE_CHARS + 1) + "\n")
    with pytest.raises(InvalidInput, match="längre än 100000 tecken"):
        _import(official, budget_round, long_line)
    # a quoted field over csv's own limit, across lines: a clear message, not a crash
    huge_field = csv_file('namn\n"' + ("a" * 90_000 + "\n") * 2 + '"\n')
    with pytest.raises(InvalidInput, match="gick inte att läsa"):
        _import(official, budget_round, huge_field)
    assert not Invitation.objects.exists()


def test_broken_and_undecodable_files_get_a_message_not_a_crash(make_round, official):
    budget_round = make_round("propose")
    for upload in (
        SimpleUploadedFile("lista.xlsx", broken_sheet()),
        SimpleUploadedFile("lista.csv", b"namn\n\x81\x8d\x8f\n"),  # neither UTF-8 nor cp1252
    ):
        with pytest.raises(InvalidInput, match="gick inte att läsa"):
            _import(official, budget_round, upload)
