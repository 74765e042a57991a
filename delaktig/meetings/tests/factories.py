from datetime import timedelta

import factory
from django.utils import timezone

from delaktig.associations.models import Association, AssociationStatus, Category
from delaktig.meetings.models import Meeting, MeetingKind, MeetingStatus


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Dialogcafé {n}")
    slug = factory.Sequence(lambda n: f"dialogcafe-{n}")
    kind = MeetingKind.CAFE
    description = "Kom och prata om framtiden för Vansbro."
    # Whole minutes, as officials enter them (and as iCalendar keeps them).
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(hours=2))
    place = "Biblioteket"
    address = "Storgatan 1"
    capacity = 10
    status = MeetingStatus.PUBLISHED


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association

    name = factory.Sequence(lambda n: f"Förening {n}")
    slug = factory.Sequence(lambda n: f"forening-{n}")
    category = Category.PARENTS
    contact_email = factory.Sequence(lambda n: f"info{n}@forening.example.se")
    status = AssociationStatus.LISTED


def meeting_data(**overrides) -> dict:
    """What the meeting form gives the create service."""
    starts = timezone.now() + timedelta(days=7)
    data = {
        "title": "Öppet möte om skolan",
        "kind": MeetingKind.OPEN,
        "description": "Vi berättar om planerna och lyssnar på er.",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "place": "Folkets hus",
        "address": "Torget 2",
        "step_free": True,
        "hearing_loop": True,
        "interpreting": False,
        "digital_url": "",
        "target_group": "everyone",
        "language": "sv",
        "district": None,
        "process": None,
        "capacity": 30,
    }
    data.update(overrides)
    return data
