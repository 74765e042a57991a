"""Reading an existing register from a CSV or XLSX file, and writing the register as CSV.

The file is read by the eligibility app's `read_table` (bounded memory: size limits, XLSX
unpacking checked before parsing, rows streamed) and every row is checked with the same rules
as the public form (`services.EntryData.cleaned`). `check_file` writes nothing: it returns the
rows ready to import, or raises `FileHasErrors` with one `RowError` per problem in Swedish.
The preview page carries the checked rows to the import step signed (`sign_rows`), so the
file is read once and nothing is stored in between.
"""

import csv
import re
from dataclasses import asdict

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.accounts.models import District
from delaktig.core.errors import DomainError, InvalidInput
from delaktig.core.spreadsheet import spreadsheet_cell
from delaktig.eligibility.tables import MAX_ERRORS, FileHasErrors, RowError, read_table

from .models import Association, AssociationStatus, Category, name_key
from .services import EntryData

MAX_IMPORT_ROWS = 5000  # a municipality's register is a few hundred
ROWS_SALT = "associations.import-rows"

NAME = ("namn", "name", "förening", "forening")
CATEGORY = ("kategori", "category")
AREA = ("område", "omrade", "area")
DESCRIPTION = ("beskrivning", "description")
WEBSITE = ("webbplats", "hemsida", "website")
EMAIL = ("e-post", "epost", "e-postadress", "email", "e-mail")
CONTACT = ("kontaktperson", "contact person", "contact")
CONSENT = ("samtycke", "consent")
YES = {"ja", "yes", "j", "x", "1", "true"}
WHOLE_MUNICIPALITY = {"", "hela kommunen", "whole municipality", "alla", "kommunen"}
FIELD_COLUMNS = {
    "name": NAME,
    "category": CATEGORY,
    "district_id": AREA,
    "description": DESCRIPTION,
    "website": WEBSITE,
    "contact_email": EMAIL,
    "contact_name": CONTACT,
    "contact_consent": CONSENT,
}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _categories() -> dict[str, str]:
    """Category by its value, Swedish or English label, lower case."""
    from django.utils import translation

    found = {}
    for value, label in Category.choices:
        found[value] = value
        for language in ("sv", "en"):
            with translation.override(language):
                found[str(label).lower()] = value
    return found


def check_file(uploaded) -> list[EntryData]:
    table = read_table(uploaded)
    if len(table.rows) > MAX_IMPORT_ROWS:
        raise InvalidInput(
            _("The file has more than %(count)d rows. Split it up.") % {"count": MAX_IMPORT_ROWS}
        )
    keys = {field: table.column(aliases) for field, aliases in FIELD_COLUMNS.items()}
    for field in ("name", "category"):
        if keys[field] is None:
            raise InvalidInput(
                _("The file needs a column “%(column)s”.") % {"column": FIELD_COLUMNS[field][0]}
            )
    categories = _categories()
    districts = {d.name.lower(): d.pk for d in District.objects.all()}
    taken = set(
        Association.objects.exclude(status=AssociationStatus.REMOVED).values_list(
            "name_key", flat=True
        )
    )
    errors: list[RowError] = []
    rows: list[EntryData] = []
    seen: dict[str, int] = {}

    def add(number, field, message):
        if len(errors) < MAX_ERRORS:
            errors.append(
                RowError(number, table.label(keys[field], FIELD_COLUMNS[field]), str(message))
            )

    for number, values in table.rows:
        before = len(errors)
        given = {f: _text(values.get(k)) if k else "" for f, k in keys.items()}
        category = categories.get(given["category"].lower())
        if category is None:
            add(
                number,
                "category",
                _("There is no category called “%(name)s”.") % {"name": given["category"]},
            )
        area = given["district_id"]
        district_id = None
        if area.lower() not in WHOLE_MUNICIPALITY:
            district_id = districts.get(area.lower())
            if district_id is None:
                add(
                    number, "district_id", _("There is no area called “%(name)s”.") % {"name": area}
                )
        key = name_key(given["name"])
        if key in seen:
            add(number, "name", _("The same name is already on row %(row)d.") % {"row": seen[key]})
        elif key in taken:
            add(
                number,
                "name",
                _("An association called “%(name)s” is already in the register.")
                % {"name": given["name"]},
            )
        if key:
            seen.setdefault(key, number)
        if len(errors) > before:
            continue
        try:
            entry = EntryData(
                name=given["name"],
                category=category,
                district_id=district_id,
                description=given["description"],
                website=given["website"],
                contact_email=given["contact_email"],
                contact_name=given["contact_name"],
                contact_consent=_consented(given["contact_consent"]),
            ).cleaned()
        except DomainError as error:
            add(number, error.field or "name", error.message)
            continue
        if entry.contact_email:
            from django.core.exceptions import ValidationError
            from django.core.validators import validate_email

            try:
                validate_email(entry.contact_email)
            except ValidationError:
                add(number, "contact_email", _("This is not an e-mail address."))
                continue
        rows.append(entry)
    if errors:
        raise FileHasErrors(errors)
    if not rows:
        raise InvalidInput(_("The file has no associations."))
    return rows


def _consented(value: str) -> bool:
    """Yes, or the date the person agreed (as the export writes it)."""
    return value.lower() in YES or bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def sign_rows(rows: list[EntryData]) -> str:
    return signing.dumps([asdict(r) for r in rows], salt=ROWS_SALT, compress=True)


def unsign_rows(token: str) -> list[EntryData]:
    try:
        data = signing.loads(token, salt=ROWS_SALT, max_age=3600)
    except signing.BadSignature as error:
        raise InvalidInput(
            _("The preview is too old or was changed. Upload the file again.")
        ) from error
    return [EntryData(**row).cleaned() for row in data]


class _Echo:
    def write(self, value):
        return value


EXPORT_HEADER = (
    "namn",
    "kategori",
    "område",
    "beskrivning",
    "webbplats",
    "e-post",
    "kontaktperson",
    "samtycke",
    "status",
)


def export_lines(queryset):
    """The register as CSV lines (semicolons, UTF-8 with a byte-order mark for Excel), one
    association at a time, for a streamed response. The columns are the ones the import reads."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(EXPORT_HEADER)
    labels = dict(Category.choices)
    statuses = dict(AssociationStatus.choices)
    rows = queryset.select_related("district").order_by("name", "id")
    for association in rows.iterator(chunk_size=500):
        yield writer.writerow(
            (
                spreadsheet_cell(association.name),
                str(labels.get(association.category, association.category)),
                association.district.name if association.district else _("Whole municipality"),
                spreadsheet_cell(association.description),
                association.website,
                association.contact_email,
                spreadsheet_cell(association.contact_name),
                association.contact_consented_on.isoformat()
                if association.contact_consented_on
                else "",
                str(statuses.get(association.status, association.status)),
            )
        )


def export_name() -> str:
    return f"foreningsregister-{timezone.localdate().isoformat()}.csv"
