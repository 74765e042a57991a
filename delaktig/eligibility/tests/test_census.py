"""Census upload: every row checked, all or nothing, only keyed hashes stored, audited."""

from datetime import date

import pytest
from django.utils import translation

from delaktig.audit.models import AuditEvent
from delaktig.core.errors import InvalidInput, NotAllowed
from delaktig.core.personnummer import keyed_hash
from delaktig.eligibility.models import CensusEntry
from delaktig.eligibility.services import census
from delaktig.eligibility.tables import FileHasErrors
from delaktig.processes.tests.factories import AreaFactory

from .factories import (
    ANNA,
    COORDINATION,
    SKATTEVERKET,
    CensusEntryFactory,
    colleague,
    csv_file,
    pnr,
    xlsx_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


@pytest.fixture
def areas(make_round):
    budget_round = make_round("propose")
    return (
        budget_round,
        AreaFactory(budget_round=budget_round, name="Norr"),
        AreaFactory(budget_round=budget_round, name="Söder"),
    )


def test_csv_with_semicolons_replaces_the_census(areas, official):
    budget_round, _north, south = areas
    CensusEntryFactory(budget_round=budget_round, personnummer_hash="old" * 21 + "x")
    upload = csv_file(
        f"personnummer;område;födelsedatum\n{SKATTEVERKET};Norr;1912-12-12\n"
        f"{ANNA};söder;\n{COORDINATION};Norr;\n"
    )
    count = census.replace_census(
        approved_by=colleague(), by=official, budget_round=budget_round, uploaded=upload
    )
    assert count == 3
    entries = {
        e.personnummer_hash: e for e in CensusEntry.objects.filter(budget_round=budget_round)
    }
    assert set(entries) == {keyed_hash(SKATTEVERKET), keyed_hash(ANNA), keyed_hash(COORDINATION)}
    assert entries[keyed_hash(ANNA)].area == south
    assert entries[keyed_hash(ANNA)].birth_date == date(1981, 12, 28)
    assert entries[keyed_hash(COORDINATION)].birth_date == date(1970, 10, 3)
    event = AuditEvent.objects.get(action="census.replaced")
    assert event.actor == official and event.data["entries"] == 3
    assert event.data["previous_entries"] == 1


def test_no_personnummer_in_clear_anywhere(areas, official):
    budget_round, *_ = areas
    census.replace_census(
        approved_by=colleague(),
        by=official,
        budget_round=budget_round,
        uploaded=csv_file(f"personnummer,område\n{ANNA},Norr\n"),
    )
    stored = list(CensusEntry.objects.values_list("personnummer_hash", flat=True))
    stored += [str(e.data) for e in AuditEvent.objects.all()]
    assert not any("8112289874" in s or "811228" in s for s in stored)


def test_xlsx_with_number_cells_and_dates(areas, official):
    budget_round, *_ = areas
    upload = xlsx_file(
        [
            ["Personnummer", "Område", "Födelsedatum"],
            [198112289874, "Norr", date(1981, 12, 28)],
            ["19121212-1212", "Söder", None],
            [int(pnr("050101123").replace("-", "")), "Norr", None],  # lost its leading zero
        ]
    )
    count = census.replace_census(
        approved_by=colleague(), by=official, budget_round=budget_round, uploaded=upload
    )
    assert count == 3
    assert CensusEntry.objects.get(
        personnummer_hash=keyed_hash(pnr("050101123"))
    ).birth_date == date(2005, 1, 1)


def test_bad_rows_are_reported_and_nothing_is_imported(areas, official):
    budget_round, *_ = areas
    CensusEntryFactory(budget_round=budget_round)
    upload = csv_file(
        "personnummer,område,födelsedatum\n"
        f"{SKATTEVERKET},Norr,\n"  # row 2: fine
        "811228-9875,Norr,\n"  # row 3: check digit
        "810230-1234,Norr,\n"  # row 4: no such date
        "12345,Norr,\n"  # row 5: length
        f"{ANNA},Väster,\n"  # row 6: unknown area
        f"{pnr('850101123')},,\n"  # row 7: missing area
        f"{COORDINATION},Norr,1970-10-04\n"  # row 8: date does not match
        f"{SKATTEVERKET},Söder,\n"  # row 9: duplicate of row 2
        "abc-1234,Norr,\n"  # row 10: letters
    )
    with pytest.raises(FileHasErrors) as raised:
        census.replace_census(
            approved_by=colleague(), by=official, budget_round=budget_round, uploaded=upload
        )
    messages = [str(e) for e in raised.value.errors]
    assert messages == [
        "Rad 3, kolumn personnummer: kontrollsiffran stämmer inte",
        "Rad 4, kolumn personnummer: datumet i personnumret finns inte",
        "Rad 5, kolumn personnummer: ett personnummer har 10 eller 12 siffror",
        "Rad 6, kolumn område: det finns inget område som heter ”Väster” i den här budgetomgången",
        "Rad 7, kolumn område: området saknas",
        "Rad 8, kolumn födelsedatum: födelsedatumet stämmer inte med personnumret",
        "Rad 9, kolumn personnummer: samma personnummer finns redan på rad 2",
        "Rad 10, kolumn personnummer: ett personnummer får bara innehålla siffror och "
        "ett bindestreck eller plustecken",
    ]
    assert str(raised.value) == "Filen har fel på 8 rader. Ingenting har lästs in."
    assert CensusEntry.objects.filter(budget_round=budget_round).count() == 1  # the old census
    assert not AuditEvent.objects.filter(action="census.replaced").exists()


def test_missing_columns_and_unreadable_files(areas, official):
    budget_round, *_ = areas
    with pytest.raises(InvalidInput, match="behöver en kolumn ”personnummer”"):
        census.replace_census(
            approved_by=colleague(),
            by=official,
            budget_round=budget_round,
            uploaded=csv_file("namn,område\nA,Norr\n"),
        )
    with pytest.raises(InvalidInput, match="har områden"):
        census.replace_census(
            approved_by=colleague(),
            by=official,
            budget_round=budget_round,
            uploaded=csv_file(f"personnummer\n{ANNA}\n"),
        )
    with pytest.raises(InvalidInput, match="gick inte att läsa"):
        census.replace_census(
            approved_by=colleague(),
            by=official,
            budget_round=budget_round,
            uploaded=csv_file("PK\x03\x04 trasig", name="fil.xlsx"),
        )
    with pytest.raises(InvalidInput, match="tom"):
        census.replace_census(
            approved_by=colleague(), by=official, budget_round=budget_round, uploaded=csv_file("")
        )


def test_rounds_without_areas_need_no_area_column(make_round, official):
    budget_round = make_round("propose")
    upload = csv_file(f"pnr\n{ANNA}\n\n{SKATTEVERKET}\n", name="x.csv")
    assert (
        census.replace_census(
            approved_by=colleague(), by=official, budget_round=budget_round, uploaded=upload
        )
        == 2
    )


def test_windows_1252_csv(make_round, official):
    budget_round = make_round("propose")
    AreaFactory(budget_round=budget_round, name="Södra")
    data = f"personnummer;område\n{ANNA};Södra\n".encode("cp1252")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.csv", data)
    assert (
        census.replace_census(
            approved_by=colleague(), by=official, budget_round=budget_round, uploaded=upload
        )
        == 1
    )


def test_only_officials_replace_the_census(make_round, resident):
    with pytest.raises(NotAllowed):
        census.replace_census(
            approved_by=colleague(),
            by=resident,
            budget_round=make_round("propose"),
            uploaded=csv_file("personnummer\n"),
        )
