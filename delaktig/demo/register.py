"""The demo's association register: 40 Vansbro-like associations across categories and
areas, one application waiting for an official, and the Utmaningen dialogue's invitation to
the pensioners' and parents' associations.

Associations are made with get_or_create by slug: the meetings demo may have made some of
them first (and the other way round), so either order gives the same register."""

from datetime import date

from delaktig.accounts.models import District
from delaktig.associations import services as register
from delaktig.associations.models import Association, AssociationStatus
from delaktig.associations.services import EntryData

AREAS = ("Vansbro", "Dala-Järna", "Äppelbo", "Nås")

# (slug, name, category, area or None for the whole municipality, description, website,
#  contact e-mail, named contact person or "")
ASSOCIATIONS = [
    ("vansbro-ais", "Vansbro AIS", "sports", "Vansbro", "Fotboll, skidor och friidrott för alla åldrar. Vi arrangerar också Vansbrosimningen tillsammans med andra.", "https://vansbroais.example.se", "info@vansbroais.example.se", ""),
    ("dala-jarna-ik", "Dala-Järna IK", "sports", "Dala-Järna", "Längdskidor och orientering. Vi sköter elljusspåret vid Kläppen.", "https://djik.example.se", "kansli@djik.example.se", ""),
    ("appelbo-if", "Äppelbo IF", "sports", "Äppelbo", "Fotboll för barn och vuxna, och en gymnastiksal som alla kan hyra.", "", "appelboif@example.se", ""),
    ("nas-sk", "Nås Skidklubb", "sports", "Nås", "Skidskola för barn varje vinter och motionslopp i februari.", "", "nassk@example.se", "Lars Persson"),
    ("vansbro-simsallskap", "Vansbro Simsällskap", "sports", "Vansbro", "Simträning i badhuset och öppet vatten på sommaren.", "https://vansbrosim.example.se", "info@vansbrosim.example.se", ""),
    ("vansbro-ridklubb", "Vansbro Ridklubb", "sports", "Vansbro", "Ridskola och stall för barn och ungdomar.", "", "ridklubben@example.se", ""),
    ("vansbro-bk", "Vansbro Bowlingklubb", "sports", None, "Bowling för seniorer och ungdomar i bowlinghallen.", "", "bowling@example.se", ""),
    ("vansbro-hembygdsforening", "Vansbro Hembygdsförening", "culture", "Vansbro", "Vi sköter hembygdsgården, ordnar midsommarfirande och samlar bygdens historia.", "https://vansbrohembygd.example.se", "hembygd@example.se", ""),
    ("jarna-hembygdsforening", "Järna Hembygdsförening", "culture", "Dala-Järna", "Hembygdsgård med fäbodmuseum. Öppet hus varje söndag på sommaren.", "", "jarnahembygd@example.se", "Karin Ek"),
    ("nas-hembygdsforening", "Nås Hembygdsförening", "culture", "Nås", "Vi bevarar Nås historia och visar Nåsgården.", "", "nashembygd@example.se", ""),
    ("vansbro-kammarkor", "Vansbro Kammarkör", "culture", None, "Kör med ett trettiotal sångare. Vi sjunger i kyrkorna i hela kommunen.", "", "kammarkoren@example.se", ""),
    ("dala-jarna-spelmanslag", "Dala-Järna Spelmanslag", "culture", "Dala-Järna", "Folkmusik och spelmansstämma varje sommar.", "", "spelmanslaget@example.se", ""),
    ("vansbro-konstforening", "Vansbro Konstförening", "culture", None, "Utställningar, kurser och konstlotteri.", "https://vansbrokonst.example.se", "konst@example.se", ""),
    ("teaterforeningen-vansbro", "Teaterföreningen i Vansbro", "culture", "Vansbro", "Amatörteater och gästspel på Folkets hus.", "", "teater@example.se", ""),
    ("pro-vansbro", "PRO Vansbro", "pensioners", "Vansbro", "Träffar, studiecirklar och resor för pensionärer.", "", "pro.vansbro@example.se", ""),
    ("pro-dala-jarna", "PRO Dala-Järna", "pensioners", "Dala-Järna", "Kaffe, föredrag och friskvård varje vecka.", "", "pro.djarna@example.se", ""),
    ("spf-seniorerna-vansbro", "SPF Seniorerna Vansbro", "pensioners", None, "Seniorer som träffas, motionerar och påverkar.", "", "spf.vansbro@example.se", "Göran Nilsson"),
    ("spf-appelbo-nas", "SPF Äppelbo-Nås", "pensioners", "Äppelbo", "Seniorträffar i Äppelbo och Nås.", "", "spf.appelbo@example.se", ""),
    ("ungdomens-hus-vansbro", "Ungdomens hus Vansbro", "youth", "Vansbro", "En fritidsgård som ungdomarna driver själva, med musik och e-sport.", "", "ungdomenshus@example.se", ""),
    ("scoutkaren-vansbro", "Vansbro Scoutkår", "youth", "Vansbro", "Scouting för barn från åtta år: hajk, lägerliv och friluftsliv.", "", "scout@example.se", ""),
    ("4h-dala-jarna", "Dala-Järna 4H", "youth", "Dala-Järna", "Barn och unga lär sig om djur och natur på 4H-gården.", "", "4h.djarna@example.se", ""),
    ("unga-ornar-vansbro", "Unga Örnar Vansbro", "youth", None, "Lovaktiviteter och läger för barn och unga.", "", "ungaornar@example.se", ""),
    ("foraldraforeningen-appelbo", "Föräldraföreningen i Äppelbo skola", "parents", "Äppelbo", "Föräldrar som ordnar aktiviteter för skolans barn och samlar in pengar till klassresor.", "", "foraldrar.appelbo@example.se", ""),
    ("foraldrar-i-vansbro", "Föräldranätverket Vansbro", "parents", "Vansbro", "Träffar för föräldrar med små barn: babycafé och föräldrastöd.", "", "foraldranatverket@example.se", "Sara Lind"),
    ("fub-vansbro", "FUB Vansbro", "disability", None, "För barn, unga och vuxna med intellektuell funktionsnedsättning och deras anhöriga.", "", "fub.vansbro@example.se", ""),
    ("hrf-vasterdalarna", "Hörselskadades förening Västerdalarna", "disability", None, "Stöd och träffar för personer med hörselnedsättning. Vi lånar ut hörslinga.", "", "hrf.vasterdalarna@example.se", ""),
    ("reumatikerforeningen-vansbro", "Reumatikerföreningen Vansbro", "disability", "Vansbro", "Varmvattengymnastik och träffar.", "", "reuma@example.se", ""),
    ("nas-byalag", "Nås Byalag", "neighbourhood", "Nås", "Byalaget sköter badplatsen, bystugan och vägföreningens möten.", "", "byalaget.nas@example.se", ""),
    ("skamhed-byforening", "Skamheds Byförening", "neighbourhood", "Dala-Järna", "Vi håller byn levande: bystuga, julmarknad och snöröjning av skoterleden.", "", "skamhed@example.se", ""),
    ("appelbo-bygdegardsforening", "Äppelbo Bygdegårdsförening", "neighbourhood", "Äppelbo", "Bygdegården hyrs ut för fester och möten. Vi ordnar danser och loppis.", "", "bygdegarden.appelbo@example.se", ""),
    ("blyberg-byalag", "Blybergs Byalag", "neighbourhood", "Vansbro", "Byalaget för Blyberg och Österbyn.", "", "blyberg@example.se", ""),
    ("vansbro-naturskyddsforening", "Naturskyddsföreningen Vansbro", "nature", None, "Naturvandringar, fågelskådning och arbete för Vanån och skogen.", "https://vansbro.example-naturskydd.se", "vansbro@example-naturskydd.se", ""),
    ("vansbro-fvo", "Vanåns Fiskevårdsområde", "nature", None, "Fiskevård och fiskekort i Vanån och Västerdalälven.", "", "fiske@example.se", ""),
    ("jaktvardskretsen-vansbro", "Jaktvårdskretsen Vansbro", "nature", None, "Jägarexamen, skytte och viltvård.", "", "jakt@example.se", ""),
    ("vansbro-forsamling-ungdom", "Vansbro församlings ungdomsgrupp", "faith", "Vansbro", "Öppen ungdomsverksamhet i församlingshemmet.", "", "ungdom.forsamling@example.se", ""),
    ("missionskyrkan-dala-jarna", "Missionskyrkan Dala-Järna", "faith", "Dala-Järna", "Gudstjänster, körer och barnverksamhet.", "", "missionskyrkan@example.se", ""),
    ("roda-korset-vansbro", "Röda Korset Vansbro", "social", None, "Second hand, språkcafé och besök hos äldre.", "", "rodakorset.vansbro@example.se", ""),
    ("vansbro-sprakcafe", "Språkcafé Vansbro", "social", "Vansbro", "Vi träffas på biblioteket och pratar svenska över en kopp kaffe.", "", "sprakcafe@example.se", ""),
    ("vansbro-motorklubb", "Vansbro Motorklubb", "interest", "Vansbro", "Folkrace, veteranbilar och mekkvällar.", "", "motorklubben@example.se", ""),
    ("nas-schackklubb", "Nås Schackklubb", "interest", "Nås", "Schack varje tisdag i bystugan. Nybörjare är välkomna.", "", "schack.nas@example.se", ""),
]

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
    for slug, name, category, area, description, website, email, person in ASSOCIATIONS:
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
            message="Vi vill särskilt höra hur äldre och småbarnsföräldrar ser på kommunens utmaningar.",
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
