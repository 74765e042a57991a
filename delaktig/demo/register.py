"""The demo's association register: 40 Vansbro-like associations across categories and
areas, one application waiting for an official, and the Utmaningen dialogue's invitation to
the pensioners' and parents' associations.

Associations are made with get_or_create by slug: the meetings demo may have made some of
them first (and the other way round), so either order gives the same register."""

import csv
from datetime import date
from pathlib import Path

from delaktig.accounts.models import District
from delaktig.associations import services as register
from delaktig.associations.models import Association, AssociationStatus, name_key
from delaktig.associations.services import EntryData

AREAS = ("Vansbro", "Dala-Järna", "Äppelbo", "Nås")

# One association a row: slug;namn;kategori (the Category value);område (empty: the whole
# municipality);beskrivning;webbplats;e-post;kontaktperson (a named person who has consented).
ASSOCIATIONS_FILE = Path(__file__).with_name("foreningar.csv")

PENDING = {
    "name": "Dala-Järna Pistolskytteklubb",
    "category": "sports",
    "area": "Dala-Järna",
    "description": "Pistolskytte på banan vid Tyngsjö. Prova-på-dagar i maj.",
    "contact_email": "pistol.djarna@example.se",
    "applicant": "ordforande.pistol@example.se",
}


def _areas() -> dict[str, District]:
    return {name: District.objects.get_or_create(name=name)[0] for name in AREAS}


def load_register(demo, *, dialogue=None) -> list[Association]:
    areas = _areas()
    made = []
    with ASSOCIATIONS_FILE.open(encoding="utf-8") as file:
        rows = list(csv.reader(file, delimiter=";"))[1:]
    for slug, name, category, area, description, website, email, person in rows:
        entry = EntryData(
            name=name,
            category=category,
            district_id=areas[area].pk if area else None,
            description=description,
            website=website,
            contact_email=email,
            contact_name=person,
            contact_consent=bool(person),
        ).cleaned()  # the register's own rules, as the form and the import apply them
        same_name = (
            Association.objects.filter(name_key=name_key(entry.name))
            .exclude(status=AssociationStatus.REMOVED)
            .first()
        )
        if same_name is not None:  # made by the meetings demo under another slug
            made.append(same_name)
            continue
        association, _created = Association.objects.get_or_create(
            slug=slug,
            defaults={
                "name": entry.name,
                "category": entry.category,
                "district_id": entry.district_id,
                "description": entry.description,
                "website": entry.website,
                "contact_email": entry.contact_email,
                "contact_name": entry.contact_name,
                "contact_consented_on": date(2026, 3, 2) if person else None,
                "status": AssociationStatus.LISTED,
            },
        )
        made.append(association)
    _pending_application(areas)
    if dialogue is not None:
        invited = [a for a in made if a.category in ("pensioners", "parents")]
        register.invite(
            by=demo.official,
            process=dialogue,
            associations=invited,
            message=(
                "Vi vill särskilt höra hur äldre och småbarnsföräldrar ser på kommunens utmaningar."
            ),
        )
    return made


def _pending_application(areas) -> None:
    """One application confirmed by its applicant and waiting in the officials' queue."""
    spec = PENDING
    application = register.apply(
        data=EntryData(
            name=spec["name"],
            category=spec["category"],
            district_id=areas[spec["area"]].pk,
            description=spec["description"],
            contact_email=spec["contact_email"],
        ),
        applicant_email=spec["applicant"],
    )
    register.confirm(token=register.confirmation_token(application))
