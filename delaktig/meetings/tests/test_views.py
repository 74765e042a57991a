"""The public calendar, the meeting page, registering through the links, and the manage pages."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from delaktig.accounts.tests.factories import DistrictFactory, UserFactory
from delaktig.meetings import services
from delaktig.meetings.models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
    Registration,
    RegistrationStatus,
)
from delaktig.meetings.tokens import invitation_token, registration_token
from delaktig.proposals.tests.factories import image_upload

from .factories import AssociationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    return re.search(r"https?://\S+/moten/anmalan/\S+/", message.body).group(0)


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


class TestCalendar:
    def test_list_filters_and_hides_drafts(self, client):
        north = DistrictFactory(name="Norra")
        cafe = MeetingFactory(title="Café i norr", district=north)
        MeetingFactory(title="Verkstad om parken", kind=MeetingKind.WORKSHOP)
        MeetingFactory(title="Utkastet", status=MeetingStatus.DRAFT)
        MeetingFactory(
            title="Förra året",
            starts_at=timezone.now() - timedelta(days=300),
        )
        page = client.get(reverse("meetings:calendar")).content.decode()
        assert "Café i norr" in page and "Verkstad om parken" in page
        assert "Utkastet" not in page and "Förra året" not in page
        page = client.get(reverse("meetings:calendar"), {"omrade": north.pk}).content.decode()
        assert "Café i norr" in page and "Verkstad om parken" not in page
        page = client.get(reverse("meetings:calendar"), {"typ": "workshop"}).content.decode()
        assert "Café i norr" not in page and "Verkstad om parken" in page
        page = client.get(reverse("meetings:calendar"), {"nar": "tidigare"}).content.decode()
        assert "Förra året" in page and "Verkstad om parken" not in page
        assert cafe.slug in client.get(reverse("meetings:month_now"), follow=True).content.decode()

    def test_bad_filter_is_ignored_not_500(self, client):
        response = client.get(reverse("meetings:calendar"), {"omrade": "x", "typ": "<script>"})
        assert response.status_code == 200

    def test_month(self, client):
        meeting = MeetingFactory(title="Decembermötet")
        start = timezone.localtime(meeting.starts_at)
        url = reverse("meetings:month", kwargs={"year": start.year, "month": start.month})
        page = client.get(url).content.decode()
        assert "Decembermötet" in page
        assert f'datetime="{start:%Y-%m-%d}"' in page
        other = reverse("meetings:month", kwargs={"year": start.year - 1, "month": start.month})
        assert "Decembermötet" not in client.get(other).content.decode()
        assert client.get("/moten/manad/1999/13/").status_code == 404

    def test_feed_and_ics_parse_back(self, client):
        meeting = MeetingFactory(title="Kommundelsträff Dala", digital_url="https://m.example/x")
        MeetingFactory(title="Inställt", status=MeetingStatus.CANCELLED)
        MeetingFactory(title="Utkast", status=MeetingStatus.DRAFT)
        response = client.get(reverse("meetings:feed"))
        assert response["Content-Type"].startswith("text/calendar")
        cal = Calendar.from_ical(response.content)
        events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
        assert set(events) == {"Kommundelsträff Dala", "Inställt"}
        event = events["Kommundelsträff Dala"]
        assert event.decoded("dtstart") == meeting.starts_at
        assert event.decoded("dtend") == meeting.ends_at
        assert str(event["location"]) == "Biblioteket, Storgatan 1"
        assert str(event["url"]).endswith(f"/moten/{meeting.slug}/")
        assert str(event["status"]) == "CONFIRMED"
        assert str(events["Inställt"]["status"]) == "CANCELLED"
        assert b"m.example" not in response.content  # the digital link is never in a calendar
        one = client.get(reverse("meetings:ics", kwargs={"slug": meeting.slug}))
        assert "attachment" in one["Content-Disposition"]
        [only] = Calendar.from_ical(one.content).walk("VEVENT")
        assert str(only["uid"]) == str(event["uid"])

    def test_draft_is_404(self, client, official):
        draft = MeetingFactory(status=MeetingStatus.DRAFT)
        url = reverse("meetings:detail", kwargs={"slug": draft.slug})
        assert client.get(url).status_code == 404
        client.force_login(official)
        assert client.get(url).status_code == 200


class TestMeetingPage:
    def test_json_ld(self, client):
        meeting = MeetingFactory(title='Möte </script><script>alert(1)</script> & "mer"')
        response = client.get(reverse("meetings:detail", kwargs={"slug": meeting.slug}))
        page = response.content.decode()
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        data = json.loads(block.group(1))
        assert data["@type"] == "Event"
        assert data["name"] == meeting.title
        assert data["eventStatus"] == "https://schema.org/EventScheduled"
        assert data["location"]["name"] == "Biblioteket"
        assert "<script>alert" not in page
        # Allowed by the strict CSP: a data block runs nothing, and the policy stays strict.
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]

    def test_notes_are_sanitised(self, client, official, time_machine):
        meeting = MeetingFactory()
        time_machine.move_to(meeting.ends_at + timedelta(hours=1))
        services.publish_notes(
            by=official,
            meeting=meeting,
            notes="Vi pratade.\n\n<script>alert(1)</script>\n\n[länk](javascript:alert(1))",
            participants=12,
            key_points=["Fler bänkar"],
        )
        page = client.get(reverse("meetings:detail", kwargs={"slug": meeting.slug})).content
        page = page.decode()
        assert "Fler bänkar" in page and "12 personer deltog" in page
        assert "<script>alert" not in page and 'href="javascript:' not in page

    def test_focus_group_page_does_not_offer_registering(self, client):
        meeting = MeetingFactory(kind=MeetingKind.FOCUS_GROUP)
        page = client.get(reverse("meetings:detail", kwargs={"slug": meeting.slug})).content
        assert "endast för inbjudna" in page.decode()
        response = client.get(reverse("meetings:register", kwargs={"slug": meeting.slug}))
        assert "endast för inbjudna" in response.content.decode()
        assert b'name="email"' not in response.content


class TestRegisterJourney:
    def test_register_confirm_cancel(self, client, mail_now):
        meeting = MeetingFactory(capacity=1)
        url = reverse("meetings:register", kwargs={"slug": meeting.slug})
        with mail_now():
            response = client.post(url, {"name": "Eva Ek", "email": "eva@example.se"})
        assert response.status_code == 302
        assert response.url == reverse("meetings:sent", kwargs={"slug": meeting.slug})
        link = path_of(link_in(mail.outbox[0]))
        page = client.get(link).content.decode()
        assert "Inte bekräftad" in page
        with mail_now():
            response = client.post(link + "bekrafta/", follow=True)
        assert "Du har fått en plats" in response.content.decode()
        assert Registration.objects.get().status == RegistrationStatus.REGISTERED
        # Someone else now finds the meeting full and is offered the waiting list.
        response = client.post(url, {"name": "Bo", "email": "bo@example.se"})
        assert "väntelistan" in response.content.decode()
        assert 'name="waiting_ok"' in response.content.decode()
        with mail_now():
            client.post(url, {"name": "Bo", "email": "bo@example.se", "waiting_ok": "on"})
        bo_link = path_of(link_in(mail.outbox[-1]))
        with mail_now():
            client.post(bo_link + "bekrafta/")
        assert "nummer 1 i kön" in client.get(bo_link).content.decode()
        # Eva cancels: a check page first, then the place goes to Bo.
        confirm_page = client.get(link + "avboka/").content.decode()
        assert "väntelistan" in confirm_page
        mail.outbox.clear()
        with mail_now():
            client.post(link + "avboka/", {"confirm": "yes"})
        assert Registration.objects.get(email="bo@example.se").status == "registered"
        assert sorted(m.to[0] for m in mail.outbox) == ["bo@example.se", "eva@example.se"]

    def test_forged_links(self, client):
        meeting = MeetingFactory()
        r = services.register(by=AnonymousUser(), meeting=meeting, name="E", email="e@x.se")
        token = registration_token(r)
        forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
        for url in (
            reverse("meetings:registration", kwargs={"token": forged}),
            reverse("meetings:cancel", kwargs={"token": forged}),
        ):
            response = client.get(url)
            assert response.status_code == 400
            assert "Länken är inte giltig" in response.content.decode()
        response = client.post(reverse("meetings:confirm", kwargs={"token": forged}))
        assert response.status_code == 400
        r.refresh_from_db()
        assert r.status == RegistrationStatus.PENDING
        # An invitation token is no registration token.
        invitation = services.invite_person(
            by=UserFactory(is_official=True), meeting=meeting, name="P", email="p@x.se"
        )
        url = reverse("meetings:registration", kwargs={"token": invitation_token(invitation)})
        assert client.get(url).status_code == 400

    def test_twice_is_said_beside_the_field(self, client):
        meeting = MeetingFactory()
        url = reverse("meetings:register", kwargs={"slug": meeting.slug})
        client.post(url, {"name": "Eva", "email": "eva@example.se"})
        response = client.post(url, {"name": "Eva", "email": "Eva@example.se"})
        assert response.status_code == 200
        assert "redan anmält dig" in response.content.decode()
        assert Registration.objects.count() == 1

    def test_past_meeting_refused(self, client):
        meeting = MeetingFactory(
            starts_at=timezone.now() - timedelta(days=2),
        )
        url = reverse("meetings:register", kwargs={"slug": meeting.slug})
        response = client.post(url, {"name": "Eva", "email": "eva@example.se"})
        assert "redan börjat" in response.content.decode()
        assert not Registration.objects.exists()

    def test_focus_group_with_invitation_link(self, client, official):
        meeting = MeetingFactory(kind=MeetingKind.FOCUS_GROUP)
        invitation = services.invite_person(
            by=official, meeting=meeting, name="Eva", email="eva@example.se"
        )
        url = reverse("meetings:register", kwargs={"slug": meeting.slug})
        token = invitation_token(invitation)
        page = client.get(url, {"inbjudan": token}).content.decode()
        assert 'name="email"' in page
        client.post(url, {"name": "Eva", "email": "eva@example.se", "inbjudan": token})
        assert Registration.objects.get().invitation == invitation

    def test_digital_link_only_for_registered_near_the_start(self, client, time_machine):
        meeting = MeetingFactory(digital_url="https://mote.example.se/abc", place="")
        pending = services.register(by=AnonymousUser(), meeting=meeting, name="P", email="p@x.se")
        placed = services.register(by=AnonymousUser(), meeting=meeting, name="E", email="e@x.se")
        services.confirm(registration_id=placed.pk)
        url = reverse("meetings:registration", kwargs={"token": registration_token(placed)})
        unconfirmed = reverse(
            "meetings:registration", kwargs={"token": registration_token(pending)}
        )
        detail = reverse("meetings:detail", kwargs={"slug": meeting.slug})
        assert "mote.example.se" not in client.get(url).content.decode()  # days before
        time_machine.move_to(meeting.starts_at - timedelta(hours=2))
        assert "mote.example.se" not in client.get(url).content.decode()
        time_machine.move_to(meeting.starts_at - timedelta(minutes=30))
        assert "mote.example.se" in client.get(url).content.decode()
        assert "mote.example.se" not in client.get(unconfirmed).content.decode()
        assert "mote.example.se" not in client.get(detail).content.decode()
        assert b"mote.example.se" not in client.get(reverse("meetings:feed")).content

    def test_signed_in_resident_is_registered_at_once(self, client, resident):
        meeting = MeetingFactory()
        client.force_login(resident)
        url = reverse("meetings:register", kwargs={"slug": meeting.slug})
        response = client.post(url, {"name": resident.full_name, "email": resident.email})
        assert response.status_code == 302
        assert Registration.objects.get().status == RegistrationStatus.REGISTERED
        page = client.get(reverse("meetings:detail", kwargs={"slug": meeting.slug})).content
        assert "Se eller avboka din anmälan" in page.decode()


class TestManage:
    def test_resident_and_anonymous_refused(self, client, resident, meeting):
        url = reverse("meetings_manage:detail", kwargs={"slug": meeting.slug})
        assert client.get(url).status_code == 302  # to sign in
        client.force_login(resident)
        assert client.get(url).status_code == 403
        assert client.get(reverse("meetings_manage:list")).status_code == 403
        assert client.get(reverse("meetings_manage:create")).status_code == 403

    def test_create_publish_and_cancel(self, client, official, mail_now):
        client.force_login(official)
        starts = timezone.localtime() + timedelta(days=5)
        response = client.post(
            reverse("meetings_manage:create"),
            {
                "title": "Dialogcafé om badet",
                "kind": "cafe",
                "description": "Fika och samtal.",
                "starts_at": f"{starts:%Y-%m-%dT%H:%M}",
                "ends_at": f"{starts + timedelta(hours=2):%Y-%m-%dT%H:%M}",
                "place": "Badhuset",
                "target_group": "everyone",
                "language": "sv",
                "capacity": "20",
                "step_free": "on",
            },
        )
        assert response.status_code == 302, response.content.decode()
        meeting = Meeting.objects.get()
        assert meeting.status == MeetingStatus.DRAFT and meeting.step_free
        publish = reverse("meetings_manage:publish", kwargs={"slug": meeting.slug})
        assert "kalendern" in client.get(publish).content.decode()
        client.post(publish, {"confirm": "yes"})
        meeting.refresh_from_db()
        assert meeting.is_published
        services.register(by=AnonymousUser(), meeting=meeting, name="E", email="e@x.se")
        cancel = reverse("meetings_manage:cancel", kwargs={"slug": meeting.slug})
        response = client.post(cancel, {"reason": ""})
        assert response.status_code == 200 and not Meeting.objects.get().is_cancelled
        with mail_now():
            client.post(cancel, {"reason": "Badhuset har stängt."})
        assert Meeting.objects.get().is_cancelled
        assert "Badhuset har stängt." in mail.outbox[-1].body
        page = client.get(reverse("meetings:detail", kwargs={"slug": meeting.slug})).content
        assert "Mötet är inställt" in page.decode()

    def test_form_errors(self, client, official):
        client.force_login(official)
        starts = timezone.localtime() + timedelta(days=5)
        response = client.post(
            reverse("meetings_manage:create"),
            {
                "title": "X",
                "kind": "open",
                "description": "Y",
                "starts_at": f"{starts:%Y-%m-%dT%H:%M}",
                "ends_at": f"{starts - timedelta(hours=2):%Y-%m-%dT%H:%M}",
                "place": "P",
                "target_group": "everyone",
                "language": "sv",
                "capacity": "20",
            },
        )
        assert response.status_code == 200
        assert "Mötet måste sluta efter att det börjar" in response.content.decode()
        assert not Meeting.objects.exists()

    def test_invite_associations_by_category(self, client, official, mail_now):
        meeting = MeetingFactory(kind=MeetingKind.FOCUS_GROUP)
        parents = AssociationFactory(name="Föräldraföreningen")
        AssociationFactory(name="IK Vansbro", category="sports")
        AssociationFactory(name="Väntande", status="pending")
        client.force_login(official)
        url = reverse("meetings_manage:invite", kwargs={"slug": meeting.slug})
        page = client.get(url, {"kategori": "parents"}).content.decode()
        assert "Föräldraföreningen" in page and "IK Vansbro" not in page
        assert "Väntande" not in page
        with mail_now():
            response = client.post(url, {"associations": [parents.pk]})
        assert response.status_code == 302
        assert mail.outbox[0].to == [parents.contact_email]
        assert "?inbjudan=" in mail.outbox[0].body
        detail = client.get(reverse("meetings_manage:detail", kwargs={"slug": meeting.slug}))
        assert "Föräldraföreningen" in detail.content.decode()

    def test_attendance_notes_photos(self, client, official, time_machine):
        meeting = MeetingFactory()
        r = services.register(by=AnonymousUser(), meeting=meeting, name="Eva", email="e@x.se")
        services.confirm(registration_id=r.pk)
        client.force_login(official)
        time_machine.move_to(meeting.ends_at + timedelta(hours=1))
        client.post(
            reverse("meetings_manage:attendance", kwargs={"slug": meeting.slug}),
            {"attended": [r.pk]},
        )
        r.refresh_from_db()
        assert r.attended is True
        response = client.post(
            reverse("meetings_manage:notes", kwargs={"slug": meeting.slug}),
            {"notes": "Bra möte.", "participants": "9", "key_points": "Ett\nTvå"},
        )
        assert response.status_code == 302
        photos = reverse("meetings_manage:photos", kwargs={"slug": meeting.slug})
        response = client.post(photos, {"image": image_upload(), "alt": ""})
        assert response.status_code == 200 and "Beskriv" in response.content.decode()
        client.post(photos, {"image": image_upload(), "alt": "Fika vid borden"})
        page = client.get(reverse("meetings:detail", kwargs={"slug": meeting.slug})).content
        assert 'alt="Fika vid borden"' in page.decode()

    def test_manage_link_on_dashboard(self, client, official):
        client.force_login(official)
        page = client.get(reverse("processes_manage:dashboard")).content.decode()
        assert reverse("meetings_manage:list") in page


class TestCalendarCost:
    def _queries(self, client, url) -> int:
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def test_query_counts_do_not_grow_with_the_number_of_meetings(self, client):
        north = DistrictFactory(name="Norra")
        start = timezone.localtime(timezone.now() + timedelta(days=10))
        month = reverse("meetings:month", kwargs={"year": start.year, "month": start.month})
        urls = [reverse("meetings:calendar"), month, reverse("meetings:feed")]
        MeetingFactory.create_batch(2, district=north)
        few = [self._queries(client, url) for url in urls]
        MeetingFactory.create_batch(30, district=north)
        assert [self._queries(client, url) for url in urls] == few

    def test_a_change_shows_at_once(self, client, official):
        meeting = MeetingFactory(title="Första mötet")
        url = reverse("meetings:calendar")
        assert "Första mötet" in client.get(url).content.decode()
        MeetingFactory(title="Andra mötet")
        assert "Andra mötet" in client.get(url).content.decode()
        data = {f: getattr(meeting, f) for f in services.FIELDS}
        services.update_meeting(by=official, meeting=meeting, data={**data, "title": "Nytt namn"})
        assert "Nytt namn" in client.get(url).content.decode()


def test_the_process_page_lists_its_meetings(client, make_round):
    process = make_round("propose")
    MeetingFactory(process=process, title="Öppet möte om förslagen")
    MeetingFactory(title="Ett annat möte")
    page = client.get(reverse("processes:round_detail", kwargs={"slug": process.slug}))
    assert "Öppet möte om förslagen" in page.content.decode()
    assert "Ett annat möte" not in page.content.decode()


def test_registration_form_is_rate_limited(client, mail_now):
    """Attack: a script posts the public registration form again and again, each time with a
    new address, to send the municipality's confirmation e-mail to strangers. After a handful
    from one address the form refuses with a Swedish sentence, and nothing more is stored or
    sent."""
    meetings = [MeetingFactory(capacity=100) for _ in range(3)]
    sent = 0
    statuses = []
    with mail_now():
        for n in range(15):
            meeting = meetings[n % 3]
            url = reverse("meetings:register", kwargs={"slug": meeting.slug})
            response = client.post(url, {"name": "X", "email": f"victim{n}@example.se"})
            statuses.append(response.status_code)
    sent = len(mail.outbox)
    assert statuses[-1] == 429
    assert "Vänta en timme" in response.content.decode()
    assert sent < 15
    assert Registration.objects.count() == sent


def test_meeting_page_does_not_name_an_unpublished_process(client, make_round):
    """Attack: read a published meeting's page to learn the name of a dialogue or round that
    is still a draft. The public sees the meeting, not the unpublished process it belongs to."""
    from delaktig.processes.models import RoundStatus

    process = make_round("propose")
    process.name = "Hemlig omgång i planering"
    process.status = RoundStatus.DRAFT
    process.save(update_fields=["name", "status"])
    meeting = MeetingFactory(process=process, title="Dialogcafé om parken")
    page = client.get(reverse("meetings:detail", kwargs={"slug": meeting.slug})).content.decode()
    assert "Dialogcafé om parken" in page
    assert "Hemlig omgång i planering" not in page
    assert reverse("processes:round_detail", kwargs={"slug": process.slug}) not in page
