"""Reading measurement files: every row's problem named, nothing imported while any, Swedish
numbers, CSV and XLSX, bounded size."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from delaktig.core.errors import InvalidInput
from delaktig.eligibility.tables import FileHasErrors
from delaktig.goals import imports

from .factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


def csv_file(text: str, name="varden.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("varden.xlsx", out.getvalue())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0234", Decimal("1234")),
        ("\u22123,25", Decimal("-3.25")),
        (7, Decimal(7)),
        (0.1, Decimal("0.1")),
    ],
)
def test_numbers_as_swedes_write_them(text, expected):
    assert imports.parse_number(text) == expected


@pytest.mark.parametrize("text", ["tolv", "1.234,5", "12,5 %", "", "nan", "Infinity", "1e5"])
def test_what_is_not_a_number(text):
    with pytest.raises(ValueError, match=r"ett tal|decimalkomma"):
        imports.parse_number(text)


def test_a_clean_csv_file_is_checked_and_nothing_is_stored(indicator):
    uploaded = csv_file(
        "indikator;datum;värde;kommentar\n"
        "Trygghet;2023-01-15;58,5;Enkät 2023\n"
        "trygghet;2024-01-15;61;\n"
        ";;;\n"
    )
    checked = imports.check_file(indicator.goal, uploaded)
    assert [(r.measured_on, r.value, r.comment) for r in checked.rows] == [
        (datetime.date(2023, 1, 15), Decimal("58.5"), "Enkät 2023"),
        (datetime.date(2024, 1, 15), Decimal("61"), ""),
    ]
    assert not indicator.measurements.exists()


def test_every_bad_row_is_named_and_nothing_passes(indicator):
    MeasurementFactory(indicator=indicator, measured_on=datetime.date(2020, 5, 5))
    uploaded = csv_file(
        "indikator;datum;värde;kommentar\n"
        "Okänd;2023-01-15;58;\n"  # 2: unknown indicator
        "Trygghet;15/1 2023;58;\n"  # 3: not a date
        "Trygghet;2023-02-30;58;\n"  # 4: no such date
        "Trygghet;2023-03-01;mycket;\n"  # 5: not a number
        "Trygghet;2023-04-01;;\n"  # 6: value missing
        "Trygghet;2023-05-01;60;\n"  # 7: fine
        "Trygghet;2023-05-01;61;\n"  # 8: same date as row 7
        "Trygghet;2020-05-05;61;\n"  # 9: stored already
        "Trygghet;2999-01-01;61;\n"  # 10: in the future
        ";2023-06-01;61;\n"  # 11: indicator missing
    )
    with pytest.raises(FileHasErrors) as caught:
        imports.check_file(indicator.goal, uploaded)
    errors = {e.row: str(e) for e in caught.value.errors}
    assert sorted(errors) == [2, 3, 4, 5, 6, 8, 9, 10, 11]
    assert "ingen indikator som heter ”Okänd”" in errors[2]
    assert "ÅÅÅÅ-MM-DD" in errors[3]
    assert "finns inte" in errors[4]
    assert "tal" in errors[5]
    assert "saknas" in errors[6]
    assert "rad 7" in errors[8]
    assert "redan ett värde" in errors[9]
    assert "framtiden" in errors[10]
    assert "Rad 11, kolumn indikator" in errors[11]
    assert "9 rader" in caught.value.message and "Ingenting har lästs in" in caught.value.message
    assert indicator.measurements.count() == 1


def test_an_xlsx_file_with_dates_and_numbers_as_cells(indicator):
    uploaded = xlsx_file(
        [
            ["Indikator", "Datum", "Värde", "Kommentar"],
            ["Trygghet", datetime.date(2023, 1, 15), 58.5, None],
            ["Trygghet", "2024-01-15", "61,25", "text"],
            [None, None, None, None],
        ]
    )
    checked = imports.check_file(indicator.goal, uploaded)
    assert [r.value for r in checked.rows] == [Decimal("58.5"), Decimal("61.25")]


def test_a_file_without_the_columns_is_refused(indicator):
    with pytest.raises(InvalidInput, match="kolumn ”värde”"):
        imports.check_file(indicator.goal, csv_file("indikator;datum\nTrygghet;2023-01-01\n"))


def test_an_empty_file_and_a_file_of_empty_rows(indicator):
    with pytest.raises(InvalidInput, match="tom"):
        imports.check_file(indicator.goal, csv_file(""))
    with pytest.raises(InvalidInput, match="inga värden"):
        imports.check_file(indicator.goal, csv_file("indikator;datum;värde\n;;\n"))


def test_a_file_too_large_or_too_long_is_refused_unread(indicator, monkeypatch):
    big = csv_file("indikator;datum;värde\n" + "x" * (imports.MAX_IMPORT_BYTES + 1))
    with pytest.raises(InvalidInput, match="för stor"):
        imports.check_file(indicator.goal, big)
    monkeypatch.setattr(imports, "MAX_IMPORT_ROWS", 3)
    rows = "".join(f"Trygghet;2023-01-0{i};1\n" for i in range(1, 6))
    with pytest.raises(InvalidInput, match="fler än 3 rader"):
        imports.check_file(indicator.goal, csv_file("indikator;datum;värde\n" + rows))


def test_a_file_that_is_not_a_spreadsheet(indicator):
    with pytest.raises(InvalidInput, match="gick inte att läsa"):
        imports.check_file(
            indicator.goal, SimpleUploadedFile("x.xlsx", b"PK\x03\x04 not really a zip")
        )


def test_the_token_carries_the_rows_and_refuses_tampering(indicator, official, other_official):
    checked = imports.check_file(
        indicator.goal, csv_file("indikator;datum;värde\nTrygghet;2023-01-15;58,5\n")
    )
    token = imports.sign(checked, goal=indicator.goal, user=official)
    again = imports.unsign(token, goal=indicator.goal, user=official)
    assert [(r.indicator, r.value) for r in again.rows] == [(indicator, Decimal("58.5"))]
    with pytest.raises(InvalidInput, match="Ladda upp"):
        imports.unsign(token, goal=indicator.goal, user=other_official)
    with pytest.raises(InvalidInput):
        imports.unsign(token[:-2] + "xx", goal=indicator.goal, user=official)
    other_goal_indicator = IndicatorFactory()
    with pytest.raises(InvalidInput):
        imports.unsign(token, goal=other_goal_indicator.goal, user=official)


def test_the_templates_have_the_columns(indicator):
    assert imports.template_csv().decode("utf-8-sig").strip() == "indikator;datum;värde;kommentar"
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(imports.template_xlsx(indicator.goal)), read_only=True)
    first, names = workbook.worksheets
    assert [c.value for c in next(first.iter_rows())] == [
        "indikator",
        "datum",
        "värde",
        "kommentar",
    ]
    assert [row[0] for row in names.iter_rows(values_only=True)][1:] == ["Trygghet"]
