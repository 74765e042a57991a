"""The rules of registering, the waiting list, invitations, cancelling and notes."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.utils import timezone

from delaktig.accounts.tests.factories import UserFactory
from delaktig.audit.models import AuditEvent
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.meetings import queries, services
from delaktig.meetings.models import (
    KeyPoint,
    MeetingKind,
    MeetingStatus,
    Registration,
    RegistrationStatus,
)
from delaktig.proposals.tests.factories import image_upload

from .factories import AssociationFactory, MeetingFactory, meeting_data

ANON = AnonymousUser()
pytestmark = pytest.mark.django_db


def register(meeting, email, *, by=ANON, **kwargs):
    return services.register(by=by, meeting=meeting, name="Eva Ek", email=email, **kwargs)


def confirmed(meeting, email, **kwargs):
    registration = register(meeting, email, **kwargs)
    return services.confirm(registration_id=registration.pk)


class TestCreate:
    def test_official_creates_a_draft(self, official):
        meeting = services.create_meeting(by=official, data=meeting_data())
        assert meeting.status == MeetingStatus.DRAFT
        assert meeting.slug == "oppet-mote-om-skolan"
        assert AuditEvent.objects.filter(action="meeting.created").count() == 1
        services.publish_meeting(by=official, meeting=meeting)
        meeting.refresh_from_db()
        assert meeting.is_published

    def test_resident_cannot(self, resident):
        with pytest.raises(NotAllowed):
            services.create_meeting(by=resident, data=meeting_data())

    def test_end_before_start(self, official):
        data = meeting_data()
        data["ends_at"] = data["starts_at"] - timedelta(hours=1)
        with pytest.raises(InvalidInput) as error:
            services.create_meeting(by=official, data=data)
        assert error.value.field == "ends_at"

    def test_digital_meeting_needs_a_link(self, official):
        with pytest.raises(InvalidInput):
            services.create_meeting(
                by=official, data=meeting_data(kind=MeetingKind.DIGITAL, place="")
            )

    def test_case_officer_of_another_round_cannot_manage(self, official, make_round):
        budget_round = make_round("propose")
        other = UserFactory(is_official=True)
        budget_round.officials.add(other)
        meeting = MeetingFactory(process=budget_round)
        with pytest.raises(NotAllowed):
            services.publish_notes(
                by=official, meeting=meeting, notes="x", participants=1, key_points=[]
            )

    def test_capacity_not_below_registered(self, official, meeting):
        confirmed(meeting, "a@example.se")
        confirmed(meeting, "b@example.se")
        data = meeting_data(capacity=1, starts_at=meeting.starts_at, ends_at=meeting.ends_at)
        with pytest.raises(InvalidInput):
            services.update_meeting(by=official, meeting=meeting, data=data)


class TestRegister:
    def test_counts_only_after_confirming(self, meeting, mail_now):
        with mail_now():
            registration = register(meeting, "Eva@Example.se ")
        assert registration.status == RegistrationStatus.PENDING
        assert registration.email == "eva@example.se"
        assert queries.counts(meeting).registered == 0
        assert "Bekräfta" in mail.outbox[0].subject
        with mail_now():
            services.confirm(registration_id=registration.pk)
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.REGISTERED
        assert queries.counts(meeting).registered == 1
        assert "anmäld" in mail.outbox[1].subject

    def test_signed_in_with_verified_address_counts_at_once(self, meeting, resident):
        registration = register(meeting, resident.email, by=resident)
        assert registration.status == RegistrationStatus.REGISTERED
        assert registration.user == resident

    def test_signed_in_with_another_address_must_confirm(self, meeting, resident):
        registration = register(meeting, "annan@example.se", by=resident)
        assert registration.status == RegistrationStatus.PENDING

    def test_twice(self, meeting):
        register(meeting, "eva@example.se")
        with pytest.raises(Conflict) as error:
            register(meeting, "EVA@example.se")
        assert "redan anmält dig" in str(error.value)

    def test_again_after_cancelling(self, meeting):
        first = confirmed(meeting, "eva@example.se")
        services.cancel_registration(registration_id=first.pk)
        assert confirmed(meeting, "eva@example.se").status == RegistrationStatus.REGISTERED

    def test_expired_confirmation(self, meeting, time_machine):
        registration = register(meeting, "eva@example.se")
        time_machine.move_to(timezone.now() + timedelta(days=4))
        with pytest.raises(Conflict) as error:
            services.confirm(registration_id=registration.pk)
        assert "gått ut" in str(error.value)
        # The address is free again: the expired registration gives way.
        assert register(meeting, "eva@example.se").status == RegistrationStatus.PENDING

    def test_full_offers_the_waiting_list(self):
        meeting = MeetingFactory(capacity=1)
        confirmed(meeting, "a@example.se")
        with pytest.raises(Conflict) as error:
            register(meeting, "b@example.se")
        assert error.value.field == "waiting_ok"
        assert "väntelistan" in str(error.value)
        waiting = confirmed(meeting, "b@example.se", waiting_ok=True)
        assert waiting.status == RegistrationStatus.WAITING

    def test_past_meeting(self):
        meeting = MeetingFactory(
            starts_at=timezone.now() - timedelta(hours=3),
            ends_at=timezone.now() - timedelta(hours=1),
        )
        with pytest.raises(Conflict) as error:
            register(meeting, "eva@example.se")
        assert "redan börjat" in str(error.value)

    def test_cancelled_meeting(self):
        meeting = MeetingFactory(status=MeetingStatus.CANCELLED)
        with pytest.raises(Conflict) as error:
            register(meeting, "eva@example.se")
        assert "inställt" in str(error.value)

    def test_draft(self):
        with pytest.raises(NotAllowed):
            register(MeetingFactory(status=MeetingStatus.DRAFT), "eva@example.se")

    def test_confirming_after_the_meeting_was_cancelled(self, official, meeting):
        registration = register(meeting, "eva@example.se")
        services.cancel_meeting(by=official, meeting=meeting, reason="Sjukdom")
        with pytest.raises(Conflict):
            services.confirm(registration_id=registration.pk)

    def test_empty_name(self, meeting):
        with pytest.raises(InvalidInput):
            services.register(by=ANON, meeting=meeting, name="  ", email="a@example.se")


class TestFocusGroup:
    def test_needs_an_invitation(self, official):
        meeting = MeetingFactory(kind=MeetingKind.FOCUS_GROUP)
        with pytest.raises(NotAllowed) as error:
            register(meeting, "eva@example.se")
        assert "inbjudan" in str(error.value)

    def test_invitation_of_another_meeting_does_not_count(self, official):
        meeting = MeetingFactory(kind=MeetingKind.FOCUS_GROUP)
        other = MeetingFactory(kind=MeetingKind.FOCUS_GROUP)
        invitation = services.invite_person(
            by=official, meeting=other, name="Eva", email="eva@example.se"
        )
        with pytest.raises(NotAllowed):
            register(meeting, "eva@example.se", invitation=invitation)

    def test_with_invitation(self, official, mail_now):
        meeting = MeetingFactory(kind=MeetingKind.FOCUS_GROUP)
        with mail_now():
            invitation = services.invite_person(
                by=official, meeting=meeting, name="Eva", email="eva@example.se"
            )
        assert "?inbjudan=" in mail.outbox[0].body
        registration = confirmed(meeting, "eva@example.se", invitation=invitation)
        assert registration.status == RegistrationStatus.REGISTERED
        assert registration.invitation == invitation

    def test_a_personal_invitation_admits_one(self, official):
        """Attack: the invited person forwards (or posts) their invitation link, and strangers
        register for the focus group with addresses of their own. An invitation to one person
        holds one registration; an association's invitation may bring several members."""
        meeting = MeetingFactory(kind=MeetingKind.FOCUS_GROUP, capacity=10)
        invitation = services.invite_person(
            by=official, meeting=meeting, name="Eva", email="eva@example.se"
        )
        confirmed(meeting, "eva@example.se", invitation=invitation)
        with pytest.raises(Conflict) as error:
            register(meeting, "stranger@example.se", invitation=invitation)
        assert "inbjudan" in str(error.value)
        assert meeting.registrations.count() == 1


class TestWaitingList:
    def test_moves_up_when_someone_cancels(self, mail_now):
        meeting = MeetingFactory(capacity=2)
        a = confirmed(meeting, "a@example.se")
        confirmed(meeting, "b@example.se")
        c = confirmed(meeting, "c@example.se", waiting_ok=True)
        d = confirmed(meeting, "d@example.se", waiting_ok=True)
        mail.outbox.clear()
        with mail_now():
            services.cancel_registration(registration_id=a.pk)
        c.refresh_from_db()
        d.refresh_from_db()
        assert c.status == RegistrationStatus.REGISTERED
        assert d.status == RegistrationStatus.WAITING
        assert {m.to[0]: m.subject for m in mail.outbox} == {
            "a@example.se": mail.outbox[0].subject,
            "c@example.se": mail.outbox[1].subject,
        }
        assert "Du har fått en plats" in mail.outbox[1].subject

    def test_cancelling_a_waiting_place_moves_nobody(self):
        meeting = MeetingFactory(capacity=1)
        confirmed(meeting, "a@example.se")
        b = confirmed(meeting, "b@example.se", waiting_ok=True)
        c = confirmed(meeting, "c@example.se", waiting_ok=True)
        services.cancel_registration(registration_id=b.pk)
        c.refresh_from_db()
        assert c.status == RegistrationStatus.WAITING

    def test_more_places_move_the_queue(self, official):
        meeting = MeetingFactory(capacity=1)
        confirmed(meeting, "a@example.se")
        b = confirmed(meeting, "b@example.se", waiting_ok=True)
        data = meeting_data(
            capacity=2, starts_at=meeting.starts_at, ends_at=meeting.ends_at, title=meeting.title
        )
        services.update_meeting(by=official, meeting=meeting, data=data)
        b.refresh_from_db()
        assert b.status == RegistrationStatus.REGISTERED

    def test_cancel_twice(self, meeting):
        a = confirmed(meeting, "a@example.se")
        services.cancel_registration(registration_id=a.pk)
        with pytest.raises(Conflict):
            services.cancel_registration(registration_id=a.pk)

    def test_cannot_cancel_after_the_start(self, meeting, time_machine):
        a = confirmed(meeting, "a@example.se")
        time_machine.move_to(meeting.starts_at + timedelta(minutes=5))
        with pytest.raises(Conflict):
            services.cancel_registration(registration_id=a.pk)


class TestCancelMeeting:
    def test_everyone_is_told(self, official, mail_now):
        meeting = MeetingFactory(capacity=1)
        confirmed(meeting, "a@example.se")
        confirmed(meeting, "b@example.se", waiting_ok=True)
        register(meeting, "c@example.se", waiting_ok=True)
        mail.outbox.clear()
        with mail_now():
            told = services.cancel_meeting(by=official, meeting=meeting, reason="Lokalen brann")
        assert told == 3
        assert sorted(m.to[0] for m in mail.outbox) == [
            "a@example.se",
            "b@example.se",
            "c@example.se",
        ]
        assert all("Lokalen brann" in m.body for m in mail.outbox)

    def test_needs_a_reason(self, official, meeting):
        with pytest.raises(InvalidInput):
            services.cancel_meeting(by=official, meeting=meeting, reason=" ")

    def test_resident_cannot(self, resident, meeting):
        with pytest.raises(NotAllowed):
            services.cancel_meeting(by=resident, meeting=meeting, reason="x")


class TestReminders:
    def test_the_day_before_once(self, mail_now, time_machine):
        now = timezone.localtime().replace(hour=18, minute=0)
        time_machine.move_to(now, tick=False)
        tomorrow = MeetingFactory(starts_at=now + timedelta(hours=20))
        later = MeetingFactory(starts_at=now + timedelta(days=3))
        confirmed(tomorrow, "a@example.se")
        confirmed(later, "b@example.se")
        pending = register(tomorrow, "c@example.se")
        mail.outbox.clear()
        with mail_now():
            assert services.send_reminders() == 1
        assert [m.to[0] for m in mail.outbox] == ["a@example.se"]
        assert "Påminnelse" in mail.outbox[0].subject
        assert services.send_reminders() == 0
        assert pending.status == RegistrationStatus.PENDING


class TestInvitations:
    def test_associations_invited_registered_attended(self, official, mail_now, time_machine):
        meeting = MeetingFactory(kind=MeetingKind.FOCUS_GROUP)
        parents, sports = AssociationFactory(), AssociationFactory(category="sports")
        no_address = AssociationFactory(contact_email="")
        with mail_now():
            counts = services.invite_associations(
                by=official, meeting=meeting, associations=[parents, sports, no_address]
            )
        assert counts == {"invited": 2, "already": 0, "no_address": 1}
        assert len(mail.outbox) == 2
        again = services.invite_associations(by=official, meeting=meeting, associations=[parents])
        assert again["already"] == 1
        invitation = meeting.invitations.get(association=parents)
        a = confirmed(meeting, "medlem1@example.se", invitation=invitation)
        confirmed(meeting, "medlem2@example.se", invitation=invitation)
        time_machine.move_to(meeting.starts_at + timedelta(minutes=30))
        services.record_attendance(by=official, meeting=meeting, attended_ids=[a.pk])
        progress = {
            i.name: (i.registered, i.attended) for i in queries.invitation_progress(meeting)
        }
        assert progress == {parents.name: (2, 1), sports.name: (0, 0)}

    def test_attendance_not_before_the_start(self, official, meeting):
        with pytest.raises(Conflict):
            services.record_attendance(by=official, meeting=meeting, attended_ids=[])

    def test_person_invited_twice(self, official, meeting):
        services.invite_person(by=official, meeting=meeting, name="Eva", email="eva@example.se")
        with pytest.raises(Conflict):
            services.invite_person(by=official, meeting=meeting, name="Eva", email="EVA@example.se")


class TestNotes:
    def test_publish_and_cite(self, official, time_machine, make_round):
        process = make_round("propose")
        meeting = MeetingFactory(process=process)
        MeetingFactory(process=process)  # no notes: not cited
        time_machine.move_to(meeting.ends_at + timedelta(hours=1))
        services.publish_notes(
            by=official,
            meeting=meeting,
            notes="# Samtal\n<script>alert(1)</script>",
            participants=14,
            key_points=["Fler bussar på kvällen", "", "Öppna skolgården"],
        )
        meeting.refresh_from_db()
        assert meeting.notes_published_at is not None
        assert [p.text for p in queries.key_points(process)] == [
            "Fler bussar på kvällen",
            "Öppna skolgården",
        ]
        services.publish_notes(
            by=official, meeting=meeting, notes="Rättat", participants=15, key_points=["Ett"]
        )
        assert KeyPoint.objects.filter(meeting=meeting).count() == 1

    def test_not_before_the_meeting(self, official, meeting):
        with pytest.raises(Conflict):
            services.publish_notes(
                by=official, meeting=meeting, notes="x", participants=1, key_points=[]
            )

    def test_too_long_key_point(self, official, meeting, time_machine):
        time_machine.move_to(meeting.ends_at)
        with pytest.raises(InvalidInput):
            services.publish_notes(
                by=official, meeting=meeting, notes="", participants=None, key_points=["x" * 301]
            )

    def test_photo_is_reencoded_and_needs_alt(self, official, meeting):
        with pytest.raises(InvalidInput):
            services.add_photo(by=official, meeting=meeting, image=image_upload(), alt=" ")
        photo = services.add_photo(
            by=official, meeting=meeting, image=image_upload("x.png"), alt="Deltagare vid borden"
        )
        assert photo.image.name.startswith("meetings/")
        assert photo.image.name.endswith(".jpg")


def test_registration_unique_per_address_in_the_database(meeting):
    Registration.objects.create(meeting=meeting, name="A", email="a@example.se")
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(meeting=meeting, name="A", email="a@example.se")


def test_the_reminder_command(time_machine, mail_now):
    import io

    from django.core.management import call_command

    now = timezone.localtime().replace(hour=9, minute=0)
    time_machine.move_to(now, tick=False)
    meeting = MeetingFactory(starts_at=now + timedelta(days=1, hours=2))
    confirmed(meeting, "a@example.se")
    out = io.StringIO()
    with mail_now():
        call_command("send_meeting_reminders", stdout=out)
    assert out.getvalue().strip() == "1 påminnelse köad."
    assert [m.to for m in mail.outbox if "Påminnelse" in m.subject] == [["a@example.se"]]
    call_command("send_meeting_reminders", stdout=out)
    assert out.getvalue().strip().endswith("0 påminnelser köade.")
