"""Key-points blocks ("Från mötena"): what came out of the dialogue's meetings, cited in the
report with the meeting's kind, date, number of participants and a link to its page (issue 14).
"""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from delaktig.accounts.tests.factories import UserFactory
from delaktig.core.errors import InvalidInput, NotAllowed
from delaktig.meetings.models import KeyPoint, MeetingKind, MeetingStatus
from delaktig.meetings.tests.factories import MeetingFactory
from delaktig.surveys.tests.factories import dialogue_factory

from .. import services
from ..models import Block, BlockKind, ReportVersion
from ..pdf import report_pdf
from ..services import BlockData

pytestmark = pytest.mark.django_db

NEXT = BlockData(BlockKind.NEXT_STEPS, body="Beslut i juni.")
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def held(process, title="Dialogcafé i Dala-Järna", points=("Fler bänkar", "Bättre belysning")):
    """A meeting of the process that took place, with its notes and key points published."""
    meeting = MeetingFactory(
        process=process,
        title=title,
        kind=MeetingKind.CAFE,
        starts_at=datetime(2026, 3, 12, 18, tzinfo=STOCKHOLM),
        ends_at=datetime(2026, 3, 12, 20, tzinfo=STOCKHOLM),
        notes="Vi pratade om torget.",
        participants=23,
        notes_published_at=timezone.now(),
    )
    for i, text in enumerate(points):
        KeyPoint.objects.create(meeting=meeting, text=text, position=i)
    return meeting


def cite(official, process, meeting, **kwargs):
    report = services.report_for(process)
    services.add_block(
        by=official,
        report=report,
        data=BlockData(BlockKind.MEETINGS, meeting_id=meeting.pk, **kwargs),
    )
    return report


def url(name, process, **kwargs):
    return reverse(name, kwargs={"slug": process.slug, **kwargs})


def test_the_block_cites_the_key_points_with_the_meeting_and_a_link(official, settings):
    settings.SITE_URL = "https://delaktig.vansbro.se"
    process = dialogue_factory()
    meeting = held(process)
    held(process, title="Workshop om skolan", points=("Inte citerad",))
    report = cite(official, process, meeting, body="Det här hörde vi på caféet.")
    services.add_block(by=official, report=report, data=NEXT)
    html = services.publish_version(by=official, report=report).html
    assert "Från mötet: Dialogcafé i Dala-Järna" in html
    assert "Fler bänkar" in html and "Bättre belysning" in html
    assert "Inte citerad" not in html  # only the chosen meeting's points
    assert "Dialogcafé" in html and "12 mars 2026" in html and "23 deltagare" in html
    assert f'href="https://delaktig.vansbro.se/moten/{meeting.slug}/"' in html
    assert "Det här hörde vi på caféet." in html


def test_the_report_page_shows_the_block(client, official):
    process = dialogue_factory()
    meeting = held(process)
    report = cite(official, process, meeting)
    services.add_block(by=official, report=report, data=NEXT)
    services.publish_version(by=official, report=report)
    page = client.get(url("dialogue:report", process)).content.decode()
    assert "Fler bänkar" in page and "23 deltagare" in page
    assert f"/moten/{meeting.slug}/" in page


def test_the_pdf_has_the_key_points_and_the_meetings_link(official, settings):
    from pypdf import PdfReader

    settings.SITE_URL = "https://delaktig.vansbro.se"
    process = dialogue_factory()
    meeting = held(process)
    report = cite(official, process, meeting)
    services.add_block(by=official, report=report, data=NEXT)
    version = services.publish_version(by=official, report=report)
    reader = PdfReader(BytesIO(report_pdf(version)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Fler bänkar" in text and "Dialogcafé i Dala-Järna" in text
    assert "23 deltagare" in text and "12 mars 2026" in text
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots") or ()
        if "/A" in annotation.get_object()
    ]
    assert f"https://delaktig.vansbro.se/moten/{meeting.slug}/" in links


def test_a_meeting_of_another_process_cannot_be_cited(official):
    process, other = dialogue_factory(), dialogue_factory()
    theirs = held(other)
    with pytest.raises(InvalidInput, match="dialogens möten"):
        cite(official, process, theirs)
    assert not Block.objects.exists()


def test_the_form_refuses_a_meeting_of_another_process_in_swedish(client, official):
    process, other = dialogue_factory(), dialogue_factory()
    theirs = held(other)
    client.force_login(official)
    page = client.post(
        url("dialogue_manage:block_add", process),
        {"kind": "meetings", "heading": "", "body": "", "meeting": theirs.pk},
    )
    content = page.content.decode()
    assert page.status_code == 200 and "Välj ett av dialogens möten." in content
    assert theirs.title not in content  # not even offered
    assert not Block.objects.exists()


def test_the_form_adds_a_block_for_the_dialogues_meeting(client, official):
    process = dialogue_factory()
    meeting = held(process)
    client.force_login(official)
    add = url("dialogue_manage:block_add", process)
    form = client.get(add, {"kind": "meetings"}).content.decode()
    assert "Dialogcafé i Dala-Järna (12 mars 2026)" in form
    client.post(add, {"kind": "meetings", "heading": "", "body": "", "meeting": meeting.pk})
    assert Block.objects.get().meeting == meeting


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"status": MeetingStatus.CANCELLED}, "ställdes in"),
        ({"status": MeetingStatus.DRAFT}, "inte publicerat"),
        ({"notes_published_at": None}, "anteckningar är inte publicerade"),
    ],
)
def test_a_meeting_no_longer_citable_stops_publishing(official, change, reason):
    process = dialogue_factory()
    meeting = held(process)
    report = cite(official, process, meeting)
    services.add_block(by=official, report=report, data=NEXT)
    assert services.publishing_problems(report) == []
    for field, value in change.items():
        setattr(meeting, field, value)
    meeting.save()
    (problem,) = services.publishing_problems(report)
    assert reason in problem
    with pytest.raises(InvalidInput):
        services.publish_version(by=official, report=report)
    assert not ReportVersion.objects.exists()


def test_a_deleted_meeting_or_one_without_key_points_stops_publishing(official):
    process = dialogue_factory()
    meeting = held(process)
    report = cite(official, process, meeting)
    services.add_block(by=official, report=report, data=NEXT)
    meeting.key_points.all().delete()
    assert "inga viktiga punkter" in services.publishing_problems(report)[0]
    meeting.delete()
    assert "togs bort" in services.publishing_problems(report)[0]


def test_the_compose_page_tells_of_meetings_not_yet_cited(client, official):
    process = dialogue_factory()
    cited = held(process, title="Dialogcafé i Dala-Järna")
    held(process, title="Workshop om skolan")
    MeetingFactory(process=process, title="Utan anteckningar")  # nothing to cite
    client.force_login(official)
    compose = url("dialogue_manage:compose", process)
    page = client.get(compose).content.decode()
    assert "2 av dialogens möten har publicerade viktiga punkter" in page
    cite(official, process, cited)
    page = client.get(compose).content.decode()
    assert "Ett av dialogens möten har publicerade viktiga punkter" in page
    assert "Workshop om skolan" in page and "Utan anteckningar" not in page


@pytest.mark.parametrize("who", ["resident", "other_official"])
def test_only_the_dialogues_officials_add_a_key_points_block(client, official, resident, who):
    process = dialogue_factory()
    process.officials.add(official)
    meeting = held(process)
    person = resident if who == "resident" else UserFactory(is_official=True)
    client.force_login(person)
    answer = client.post(
        url("dialogue_manage:block_add", process),
        {"kind": "meetings", "heading": "", "body": "", "meeting": meeting.pk},
    )
    assert answer.status_code == 403
    with pytest.raises(NotAllowed):  # the service checks too
        cite(person, process, meeting)
    assert not Block.objects.exists()


def test_a_meeting_moved_to_another_process_stops_publishing_and_names_the_block(official):
    process = dialogue_factory()
    meeting = held(process)
    report = cite(official, process, meeting)
    services.add_block(by=official, report=report, data=NEXT)
    meeting.process = dialogue_factory()
    meeting.save()
    (problem,) = services.publishing_problems(report)
    assert "Från mötet: Dialogcafé i Dala-Järna" in problem
    assert "hör inte längre till den här dialogen" in problem
