"""The demo's meetings on the Vansbro-like *Utmaningen* dialogue (issue 14), built through the
meetings app's services:

- a dialogue café two weeks ago and a kommundelsträff in Äppelbo a month ago, with who came,
  published notes, key points and the number of participants;
- a focus group for young parents next month, by invitation, with invited associations (two
  members registered through their association's invitation);
- an open meeting next week that is full, with a waiting list;
- a digital meeting, whose link only confirmed registrants see from an hour before the start.

The associations are fetched or made by slug (listed), so this works whether the association
register's own demo data (40 associations) is loaded before or after it.
"""

from datetime import timedelta

from django.utils import timezone

from delaktig.accounts.models import District
from delaktig.associations.models import Association, AssociationStatus
from delaktig.meetings import services as meetings
from delaktig.meetings.models import MeetingKind

VANSBRO_DISTRICTS = ["Vansbro tätort", "Äppelbo", "Järna", "Nås"]

# slug: (name, category, district index or None, contact address)
ASSOCIATIONS = {
    "foraldraforeningen-vansbro": (
        "Föräldraföreningen i Vansbro",
        "parents",
        0,
        "styrelsen@foraldrar-vansbro.example.se",
    ),
    "oppna-forskolan-jarna": (
        "Öppna förskolans vänner i Järna",
        "parents",
        2,
        "info@oppnaforskolan-jarna.example.se",
    ),
    "unga-i-vansbro": ("Unga i Vansbro", "youth", None, "kontakt@ungaivansbro.example.se"),
    "vansbro-ik": ("Vansbro IK", "sports", 0, "kansliet@vansbroik.example.se"),
    "appelbo-byalag": ("Äppelbo byalag", "neighbourhood", 1, "byalaget@appelbo.example.se"),
    "pro-vansbro": ("PRO Vansbro", "pensioners", None, "ordforande@pro-vansbro.example.se"),
}

CAFE_NOTES = """\
Ett tjugotal invånare kom till biblioteket. Vi började med frågan *När litade du senast på
kommunen, och varför?* och pratade sedan i tre grupper.

## Det här sa ni

- Information kommer ofta för sent, när besluten redan är fattade.
- Det är svårt att veta vem man ska kontakta i kommunen.
- Flera uppskattade när politiker kommer ut i byarna.

## Så går vi vidare

Synpunkterna tas med i dialograpporten till kommunstyrelsen. Nästa träff är kommundelsträffen
i Järna.
"""

DISTRICT_NOTES = """\
Kommundelsträffen i Äppelbo bygdegård samlade 31 personer. Kvällen handlade om vägarna,
skolskjutsen och hur byarna får veta vad som händer i kommunen.

Kommunen berättade om planen för vägunderhåll. Flera frågor om skolskjutsen besvaras skriftligt
på kommunens webbplats.
"""


def _districts():
    return [District.objects.get_or_create(name=name)[0] for name in VANSBRO_DISTRICTS]


def _associations(districts):
    found = []
    for slug, (name, category, district, email) in ASSOCIATIONS.items():
        association, _created = Association.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "category": category,
                "district": districts[district] if district is not None else None,
                "contact_email": email,
                "status": AssociationStatus.LISTED,
            },
        )
        found.append(association)
    return found


def _at(days: int, hour: int, minute: int = 0):
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)


def _meeting(official, process, **data):
    starts = data.pop("starts")
    hours = data.pop("hours", 2)
    base = {
        "description": "",
        "place": "",
        "address": "",
        "step_free": True,
        "hearing_loop": False,
        "interpreting": False,
        "digital_url": "",
        "target_group": "everyone",
        "language": "sv",
        "district": None,
        "process": process,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=hours),
    }
    meeting = meetings.create_meeting(by=official, data={**base, **data})
    return meetings.publish_meeting(by=official, meeting=meeting)


def _register(meeting, people, **kwargs):
    return [
        meetings.register(
            by=person, meeting=meeting, name=person.full_name, email=person.email, **kwargs
        )
        for person in people
    ]


def _move(official, meeting, *, starts):
    """Move a meeting that had its registrations into the past (time is simulated)."""
    data = {field: getattr(meeting, field) for field in meetings.FIELDS}
    length = meeting.ends_at - meeting.starts_at
    data.update(starts_at=starts, ends_at=starts + length)
    return meetings.update_meeting(by=official, meeting=meeting, data=data)


def _held(demo, meeting, people, *, starts, came, notes, participants, key_points):
    _register(meeting, people)
    meeting = _move(demo.official, meeting, starts=starts)
    registered = list(meeting.registrations.order_by("id").values_list("pk", flat=True))
    meetings.record_attendance(by=demo.official, meeting=meeting, attended_ids=registered[:came])
    return meetings.publish_notes(
        by=demo.official,
        meeting=meeting,
        notes=notes,
        participants=participants,
        key_points=key_points,
    )


def load_meetings(demo, process):
    official = demo.official
    districts = _districts()
    associations = _associations(districts)
    residents = [r for group in demo.residents.values() for r in group]

    cafe = _meeting(
        official,
        process,
        title="Dialogcafé: förtroende och information",
        kind=MeetingKind.CAFE,
        description="Fika och samtal om hur kommunen kan bli bättre på att informera och lyssna.",
        starts=_at(3, 18),
        place="Vansbro bibliotek",
        address="Centralgatan 10, Vansbro",
        hearing_loop=True,
        district=districts[0],
        capacity=25,
    )
    _held(
        demo,
        cafe,
        residents[:21],
        starts=_at(-14, 18),
        came=18,
        notes=CAFE_NOTES,
        participants=19,
        key_points=[
            "Informationen kommer för sent: berätta innan besluten är fattade.",
            "Det är svårt att veta vem man ska kontakta i kommunen.",
            "Politiker som kommer ut i byarna bygger förtroende.",
        ],
    )
    district = _meeting(
        official,
        process,
        title="Kommundelsträff i Äppelbo",
        kind=MeetingKind.DISTRICT,
        description="Kommunens politiker och tjänstepersoner kommer till Äppelbo. Ta med dina "
        "frågor om vägar, skola och service.",
        starts=_at(4, 19),
        place="Äppelbo bygdegård",
        address="Byvägen 3, Äppelbo",
        interpreting=True,
        district=districts[1],
        capacity=60,
    )
    _held(
        demo,
        district,
        residents[21:45],
        starts=_at(-30, 19),
        came=22,
        notes=DISTRICT_NOTES,
        participants=31,
        key_points=[
            "Vägunderhållet i byarna behöver en tydlig plan som alla kan läsa.",
            "Skolskjutsen: tiderna passar inte de yngsta barnen.",
            "Byarna vill få veta vad som händer i kommunen utan att behöva söka själva.",
        ],
    )

    focus = _meeting(
        official,
        process,
        title="Fokusgrupp: att vara småbarnsförälder i Vansbro",
        kind=MeetingKind.FOCUS_GROUP,
        description="Ett samtal i liten grupp om förskola, fritid och service för familjer med "
        "små barn. Barnpassning finns på plats.",
        starts=_at(32, 17, 30),
        place="Familjecentralen",
        address="Skolgatan 4, Vansbro",
        target_group="parents",
        district=districts[0],
        capacity=10,
    )
    invited = [a for a in associations if a.category in ("parents", "youth")]
    meetings.invite_associations(by=official, meeting=focus, associations=invited)
    invitation = focus.invitations.get(association__slug="foraldraforeningen-vansbro")
    _register(focus, residents[45:47], invitation=invitation)

    full = _meeting(
        official,
        process,
        title="Öppet möte: kommunens budget för 2027",
        kind=MeetingKind.OPEN,
        description="Kommunstyrelsens ordförande berättar om budgetarbetet, och du kan ställa "
        "frågor. Mötet är fullt, men du kan ställa dig på väntelistan.",
        starts=_at(8, 18, 30),
        place="Vansbro Folkets hus, lilla salen",
        address="Folkets husvägen 1, Vansbro",
        hearing_loop=True,
        district=districts[0],
        capacity=12,
    )
    _register(full, residents[47:59])
    _register(full, residents[59:62], waiting_ok=True)

    _meeting(
        official,
        process,
        title="Digitalt möte: fråga om Utmaningen",
        kind=MeetingKind.DIGITAL,
        description="Ett kort möte på nätet där du kan fråga om dialogen och enkäten.",
        starts=_at(12, 12, 0),
        hours=1,
        digital_url="https://mote.vansbro.example.se/utmaningen",
        language="sv",
        capacity=100,
    )
