"""Importing a register from a file: every row checked, nothing imported until the file is
clean, a preview first; and the CSV export, which the import reads back."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from delaktig.accounts.tests.factories import DistrictFactory
from delaktig.associations import imports, services
from delaktig.associations.models import Association, AssociationStatus
from delaktig.audit.models import AuditEvent
from delaktig.core.errors import Conflict, InvalidInput
from delaktig.eligibility.tables import FileHasErrors

from .factories import AssociationFactory

pytestmark = pytest.mark.django_db

HEADER = "namn;kategori;område;beskrivning;webbplats;e-post;kontaktperson;samtycke\n"


def _csv(*rows: str, header: str = HEADER) -> SimpleUploadedFile:
    return SimpleUploadedFile("register.csv", (header + "\n".join(rows)).encode("utf-8"))


@pytest.fixture
def jarna(db):
    return DistrictFactory(name="Järna")


def test_a_clean_file_is_read(jarna):
    rows = imports.check_file(
        _csv(
            "Järna IK;Idrott;Järna;Fotboll och skidor;https://jarnaik.se;info@jarnaik.se;;",
            "PRO Vansbro;pensionärer;;Träffar varje vecka;;;Karin Ek;ja",
        )
    )
    assert [r.name for r in rows] == ["Järna IK", "PRO Vansbro"]
    assert rows[0].district_id == jarna.pk and rows[0].category == "sports"
    assert rows[1].district_id is None and rows[1].contact_consent


def test_every_bad_row_is_reported_in_swedish(jarna):
    AssociationFactory(name="Vansbro Kör")
    with pytest.raises(FileHasErrors) as error:
        imports.check_file(
            _csv(
                "Järna IK;Idrott;Järna;;;;;",
                "Järna IK;Idrott;Järna;;;;;",
                "vansbro kör;Kultur;;;;;;",
                "Okänd;Bowling;;;;;;",
                "Fel område;Idrott;Mars;;;;;",
                "Skript;Kultur;;<script>alert(1)</script>;;;;",
                "Webb;Kultur;;;javascript:alert(1);;;",
                "Lång;Kultur;;" + "x" * 2001 + ";;;;",
                "Namngiven;Kultur;;;;;Karin Ek;",
                "Epost;Kultur;;;;inte-en-adress;;",
            )
        )
    messages = [str(e) for e in error.value.errors]
    assert [e.row for e in error.value.errors] == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert messages[0] == "Rad 3, kolumn namn: samma namn finns redan på rad 2"
    assert "finns redan i registret" in messages[1]
    assert "Bowling" in messages[2] and "Mars" in messages[3]
    assert "HTML-kod" in messages[4] and "https://" in messages[5]
    assert "högst 2000 tecken" in messages[6] and "samtycker" in messages[7]
    assert "e-postadress" in messages[8]
    assert Association.objects.count() == 1


def test_a_file_without_the_needed_columns(jarna):
    with pytest.raises(InvalidInput, match="kolumn"):
        imports.check_file(_csv("Järna IK", header="förening\n"))


def test_an_xlsx_file_is_read(jarna):
    book = Workbook()
    sheet = book.active
    sheet.append(["Namn", "Kategori", "Område"])
    sheet.append(["Järna IK", "Idrott", "Järna"])
    data = io.BytesIO()
    book.save(data)
    rows = imports.check_file(SimpleUploadedFile("register.xlsx", data.getvalue()))
    assert rows[0].name == "Järna IK"


def test_rows_are_imported_all_or_none(official, jarna):
    rows = imports.check_file(_csv("Järna IK;Idrott;Järna;;;;;", "PRO Vansbro;Pensionärer;;;;;;"))
    AssociationFactory(name="PRO Vansbro")  # added between the check and the import
    with pytest.raises(Conflict):
        services.import_rows(by=official, rows=rows)
    assert not Association.objects.filter(name="Järna IK").exists()


def test_the_preview_then_the_import(client, official, jarna):
    client.force_login(official)
    url = reverse("associations_manage:import")
    preview = client.post(url, {"file": _csv("Järna IK;Idrott;Järna;;;;;")})
    page = preview.content.decode()
    assert "Järna IK" in page and not Association.objects.exists()
    token = page.split('name="rows" value="')[1].split('"')[0]
    client.post(url, {"rows": token})
    assert Association.objects.get().status == AssociationStatus.LISTED
    assert AuditEvent.objects.get(action="associations.imported").data["count"] == 1


def test_a_changed_preview_is_refused(client, official):
    client.force_login(official)
    response = client.post(reverse("associations_manage:import"), {"rows": "changed"}, follow=True)
    assert "Ladda upp filen igen" in response.content.decode()
    assert not Association.objects.exists()


def test_bad_rows_are_listed_on_the_page(client, official):
    client.force_login(official)
    response = client.post(
        reverse("associations_manage:import"), {"file": _csv("Okänd;Bowling;;;;;;")}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rad 2, kolumn kategori" in page and "Ingenting har lästs in" in page


def test_the_export_streams_csv_that_the_import_reads(client, official, jarna):
    AssociationFactory(
        name="Järna IK",
        category="sports",
        district=jarna,
        contact_name="Karin Ek",
        contact_consented_on=date(2026, 1, 5),
        description="=SUMMA(A1)",
    )
    client.force_login(official)
    response = client.get(reverse("associations_manage:export"))
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("namn;kategori;område")
    assert "Järna IK;Idrott;Järna;'=SUMMA(A1)" in text
    Association.objects.all().delete()
    rows = imports.check_file(SimpleUploadedFile("export.csv", text.encode("utf-8")))
    assert rows[0].name == "Järna IK" and rows[0].district_id == jarna.pk
