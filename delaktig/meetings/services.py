"""The writes of the meetings app. Keyword-only arguments, actor first; every change in one
transaction; official acts are audited.

Places are handed out with the meeting's row locked (`select_for_update`): a registration
counts when it is confirmed, and it gets a place if one is free, else a place on the waiting
list. When a place is freed (a cancellation, more places), the first on the waiting list moves
up in the same transaction and is told by e-mail. So however many confirm at once, exactly
`capacity` are registered (tests/test_concurrency.py, on PostgreSQL).
"""

from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from delaktig.audit.services import record
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.core.permissions import require
from delaktig.proposals.images import reencode_image, validate_image_upload

from . import tasks
from .models import (
    ACTIVE,
    Invitation,
    KeyPoint,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Photo,
    Registration,
    RegistrationStatus,
)

# An unconfirmed registration counts for nothing, and its link stops confirming after this.
CONFIRM_WITHIN = timedelta(days=3)
MAX_KEY_POINTS = 20
MAX_PHOTOS = 20
FIELDS = (
    "title",
    "kind",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "address",
    "step_free",
    "hearing_loop",
    "interpreting",
    "digital_url",
    "target_group",
    "language",
    "district",
    "process",
    "capacity",
)


def _mail(registration_id: int, kind: str) -> None:
    transaction.on_commit(lambda: tasks.send_registration_mail.enqueue(registration_id, kind))


# --- Officials: the meeting itself -------------------------------------------------------


def _check_data(data: dict) -> None:
    if data["ends_at"] <= data["starts_at"]:
        raise InvalidInput(_("The meeting must end after it starts."), field="ends_at")
    if data["kind"] == MeetingKind.DIGITAL and not data.get("digital_url"):
        raise InvalidInput(_("Give the link to the digital meeting."), field="digital_url")
    if not data.get("digital_url") and not data.get("place"):
        raise InvalidInput(
            _("Give the place of the meeting, or a link if it is digital."), field="place"
        )
    if data["capacity"] < 1:
        raise InvalidInput(_("A meeting needs at least one place."), field="capacity")


def _unique_slug(title: str) -> str:
    base = slugify(title)[:60] or "mote"
    slug, n = base, 2
    while Meeting.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_meeting(*, by, data: dict) -> Meeting:
    require("meetings.add_meeting", by)
    _check_data(data)
    if data.get("process") is not None:
        require("processes.change_budgetround", by, data["process"])
    with transaction.atomic():
        meeting = Meeting(
            **{f: data.get(f) for f in FIELDS if f in data},
            slug=_unique_slug(data["title"]),
            created_by=by,
        )
        meeting.save()
        record(by, "meeting.created", meeting, round_id=meeting.process_id, title=meeting.title)
    return meeting


def update_meeting(*, by, meeting: Meeting, data: dict, now: datetime | None = None) -> Meeting:
    require("meetings.manage_meeting", by, meeting)
    _check_data(data)
    if data.get("process") is not None and data["process"].pk != meeting.process_id:
        require("processes.change_budgetround", by, data["process"])
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.is_cancelled:
            raise Conflict(_("The meeting is cancelled and can no longer be changed."))
        taken = meeting.registrations.filter(status=RegistrationStatus.REGISTERED).count()
        if data["capacity"] < taken:
            raise InvalidInput(
                _(
                    "%(n)d people are already registered. The number of places cannot be lower "
                    "than that."
                )
                % {"n": taken},
                field="capacity",
            )
        changed = [f for f in FIELDS if f in data and getattr(meeting, f) != data[f]]
        for field in changed:
            setattr(meeting, field, data[field])
        meeting.save()
        if "capacity" in changed:
            _fill_places(meeting, now or timezone.now())
        record(by, "meeting.changed", meeting, round_id=meeting.process_id, fields=changed)
    return meeting


def publish_meeting(*, by, meeting: Meeting) -> Meeting:
    require("meetings.manage_meeting", by, meeting)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != MeetingStatus.DRAFT:
            raise Conflict(_("The meeting is already published."))
        meeting.status = MeetingStatus.PUBLISHED
        meeting.save(update_fields=["status", "updated_at"])
        record(by, "meeting.published", meeting, round_id=meeting.process_id)
    return meeting


def cancel_meeting(*, by, meeting: Meeting, reason: str, now: datetime | None = None) -> int:
    """Cancel a published meeting; everyone registered, waiting or not yet confirmed is told
    by e-mail. Returns how many are told."""
    require("meetings.manage_meeting", by, meeting)
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_("Say why the meeting is cancelled."), field="reason")
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != MeetingStatus.PUBLISHED:
            raise Conflict(_("Only a published meeting can be cancelled."))
        if meeting.has_ended(now):
            raise Conflict(_("The meeting has already taken place."))
        meeting.status = MeetingStatus.CANCELLED
        meeting.cancel_reason = reason[:500]
        meeting.save(update_fields=["status", "cancel_reason", "updated_at"])
        told = list(meeting.registrations.filter(status__in=ACTIVE).values_list("pk", flat=True))
        for pk in told:
            _mail(pk, "meeting_cancelled")
        record(by, "meeting.cancelled", meeting, round_id=meeting.process_id, told=len(told))
    return len(told)


# --- Residents: registering, confirming, cancelling ----------------------------------------


def _check_open(meeting: Meeting, now: datetime) -> None:
    if meeting.is_cancelled:
        raise Conflict(_("The meeting is cancelled. You cannot register for it."))
    if not meeting.is_published:
        raise NotAllowed(_("This meeting is not published."))
    if meeting.has_started(now):
        raise Conflict(_("The meeting has already started or taken place. You cannot register."))


def check_can_register(*, meeting: Meeting, invitation=None, now=None) -> None:
    """The refusals that do not depend on who registers: the page says them at once."""
    _check_open(meeting, now or timezone.now())
    _check_invitation(meeting, invitation)


def _check_invitation(meeting: Meeting, invitation) -> None:
    if meeting.is_focus_group and (invitation is None or invitation.meeting_id != meeting.pk):
        raise NotAllowed(
            _(
                "This focus group is by invitation only. Use the link in your invitation, "
                "or ask the contact person of the meeting."
            )
        )


def _registered(meeting: Meeting) -> int:
    return meeting.registrations.filter(status=RegistrationStatus.REGISTERED).count()


def is_full(meeting: Meeting) -> bool:
    return _registered(meeting) >= meeting.capacity


def _has_verified(user, email: str) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
    )


def register(
    *,
    by,
    meeting: Meeting,
    name: str,
    email: str,
    needs: str = "",
    invitation: Invitation | None = None,
    waiting_ok: bool = False,
    now: datetime | None = None,
) -> Registration:
    """Register for a meeting. Someone signed in with this verified address counts at once;
    anyone else gets an e-mail with a link to confirm, and counts only from then."""
    now = now or timezone.now()
    email = email.strip().lower()
    name = name.strip()
    if not name:
        raise InvalidInput(_("Enter your name."), field="name")
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check_open(meeting, now)
        _check_invitation(meeting, invitation)
        # An unconfirmed registration whose link has run out no longer holds the address.
        meeting.registrations.filter(
            status=RegistrationStatus.PENDING, email=email, created_at__lt=now - CONFIRM_WITHIN
        ).delete()
        # An invitation to one person is for that person: a forwarded link admits nobody else
        # (an association's invitation may bring several of its members).
        if (
            invitation is not None
            and invitation.association_id is None
            and invitation.registrations.filter(status__in=ACTIVE).exclude(email=email).exists()
        ):
            raise Conflict(
                _(
                    "This invitation has already been used to register. It is for one person; "
                    "ask the contact person of the meeting if more of you want to come."
                )
            )
        mine = meeting.registrations.filter(status__in=ACTIVE)
        if mine.filter(email=email).exists() or (
            by is not None and by.is_authenticated and mine.filter(user=by).exists()
        ):
            raise Conflict(
                _(
                    "You have already registered for this meeting with this e-mail address. "
                    "Look for our e-mail: its link shows your registration."
                ),
                field="email",
            )
        if is_full(meeting) and not waiting_ok:
            raise Conflict(
                _(
                    "The meeting is full. You can join the waiting list: tick the box and send "
                    "again. You will get a place by yourself if someone cancels."
                ),
                field="waiting_ok",
            )
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    meeting=meeting,
                    user=by if by is not None and by.is_authenticated else None,
                    name=name[:150],
                    email=email,
                    needs=needs.strip()[:500],
                    invitation=invitation,
                )
        except IntegrityError:
            raise Conflict(
                _("You have already registered for this meeting with this e-mail address."),
                field="email",
            ) from None
        if _has_verified(by, email):
            _place(meeting, registration, now)
        else:
            _mail(registration.pk, "confirm_email")
    return registration


def _place(meeting: Meeting, registration: Registration, now: datetime) -> None:
    """Give a confirmed registration a place, or a place on the waiting list (meeting locked)."""
    full = _registered(meeting) >= meeting.capacity
    registration.status = RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED
    registration.confirmed_at = now
    registration.save(update_fields=["status", "confirmed_at", "updated_at"])
    _mail(registration.pk, "waiting" if full else "registered")


def _locked(registration_id: int) -> tuple[Meeting, Registration]:
    """The meeting locked, then the registration read again under the lock."""
    meeting_id = (
        Registration.objects.filter(pk=registration_id).values_list("meeting_id", flat=True).first()
    )
    if meeting_id is None:
        raise Conflict(_("The registration no longer exists."))
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    return meeting, Registration.objects.get(pk=registration_id)


def confirm(*, registration_id: int, now: datetime | None = None) -> Registration:
    """The person followed the link in the e-mail: the registration counts from now."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting, registration = _locked(registration_id)
        if registration.status != RegistrationStatus.PENDING:
            return registration  # a second click changes nothing
        _check_open(meeting, now)
        if registration.created_at < now - CONFIRM_WITHIN:
            raise Conflict(_("The link to confirm has expired. Register again to get a new one."))
        _place(meeting, registration, now)
    return registration


def cancel_registration(*, registration_id: int, now: datetime | None = None) -> Registration:
    """Cancel through the registration's link; a freed place goes to the first who waits."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting, registration = _locked(registration_id)
        if registration.status == RegistrationStatus.CANCELLED:
            raise Conflict(_("The registration is already cancelled."))
        if meeting.has_started(now):
            raise Conflict(
                _("The meeting has already started. The registration can no longer be cancelled.")
            )
        freed = registration.status == RegistrationStatus.REGISTERED
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        _mail(registration.pk, "cancelled")
        if freed and not meeting.is_cancelled:
            _fill_places(meeting, now)
    return registration


def _fill_places(meeting: Meeting, now: datetime) -> int:
    """Move the first on the waiting list up into free places (meeting locked)."""
    if meeting.is_cancelled or meeting.has_started(now):
        return 0
    free = meeting.capacity - _registered(meeting)
    if free <= 0:
        return 0
    waiting = list(
        meeting.registrations.filter(status=RegistrationStatus.WAITING).order_by(
            "confirmed_at", "id"
        )[:free]
    )
    for registration in waiting:
        registration.status = RegistrationStatus.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        _mail(registration.pk, "promoted")
    return len(waiting)


# --- Officials: invitations, attendance, notes --------------------------------------------


def _check_invitable(meeting: Meeting, now: datetime) -> None:
    if meeting.is_cancelled:
        raise Conflict(_("The meeting is cancelled."))
    if meeting.has_started(now):
        raise Conflict(_("The meeting has already started. Invitations can no longer be sent."))


def invite_associations(*, by, meeting: Meeting, associations, now=None) -> dict[str, int]:
    """Invite listed associations by e-mail to their public contact address. Returns counts:
    invited now, already invited before, without an address (not invited)."""
    require("meetings.manage_meeting", by, meeting)
    now = now or timezone.now()
    counts = {"invited": 0, "already": 0, "no_address": 0}
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check_invitable(meeting, now)
        done = set(meeting.invitations.values_list("association_id", flat=True))
        for association in associations:
            if association.pk in done:
                counts["already"] += 1
            elif not association.contact_email:
                counts["no_address"] += 1
            else:
                invitation = Invitation.objects.create(
                    meeting=meeting,
                    association=association,
                    name=association.name,
                    email=association.contact_email,
                    invited_by=by,
                )
                pk = invitation.pk
                transaction.on_commit(lambda pk=pk: tasks.send_invitation.enqueue(pk))
                counts["invited"] += 1
        record(by, "meeting.invited", meeting, round_id=meeting.process_id, **counts)
    return counts


def invite_person(*, by, meeting: Meeting, name: str, email: str, now=None) -> Invitation:
    require("meetings.manage_meeting", by, meeting)
    email = email.strip().lower()
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check_invitable(meeting, now or timezone.now())
        if meeting.invitations.filter(email=email, association=None).exists():
            raise Conflict(_("This address is already invited."), field="email")
        invitation = Invitation.objects.create(
            meeting=meeting, name=name.strip()[:200], email=email, invited_by=by
        )
        transaction.on_commit(lambda: tasks.send_invitation.enqueue(invitation.pk))
        record(by, "meeting.invited", meeting, round_id=meeting.process_id, invited=1)
    return invitation


def record_attendance(*, by, meeting: Meeting, attended_ids, now=None) -> int:
    """Who came, among those registered. Returns how many came."""
    require("meetings.manage_meeting", by, meeting)
    if not meeting.has_started(now):
        raise Conflict(_("Attendance can be recorded once the meeting has started."))
    if meeting.is_cancelled:
        raise Conflict(_("The meeting is cancelled."))
    attended_ids = {int(pk) for pk in attended_ids}
    with transaction.atomic():
        registered = meeting.registrations.filter(status=RegistrationStatus.REGISTERED)
        came = registered.filter(pk__in=attended_ids).update(attended=True)
        registered.exclude(pk__in=attended_ids).update(attended=False)
        record(by, "meeting.attendance", meeting, round_id=meeting.process_id, attended=came)
    return came


def publish_notes(
    *, by, meeting: Meeting, notes: str, participants: int | None, key_points: list[str], now=None
) -> Meeting:
    """Publish (or correct) what came out of the meeting: notes in Markdown (rendered
    sanitised, core.markdown), the number who took part, and short key points."""
    require("meetings.manage_meeting", by, meeting)
    now = now or timezone.now()
    if not meeting.has_started(now):
        raise Conflict(_("Notes can be published once the meeting has started."))
    if meeting.is_cancelled:
        raise Conflict(_("The meeting is cancelled."))
    points = [p.strip() for p in key_points if p.strip()]
    if len(points) > MAX_KEY_POINTS:
        raise InvalidInput(
            _("At most %(n)d key points.") % {"n": MAX_KEY_POINTS}, field="key_points"
        )
    if any(len(p) > 300 for p in points):
        raise InvalidInput(_("Each key point may be at most 300 characters."), field="key_points")
    if not notes.strip() and not points:
        raise InvalidInput(_("Write the notes or at least one key point."), field="notes")
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        meeting.notes = notes.strip()
        meeting.participants = participants
        meeting.notes_published_at = meeting.notes_published_at or now
        meeting.save(update_fields=["notes", "participants", "notes_published_at", "updated_at"])
        meeting.key_points.all().delete()
        KeyPoint.objects.bulk_create(
            KeyPoint(meeting=meeting, text=text, position=i) for i, text in enumerate(points)
        )
        record(
            by,
            "meeting.notes_published",
            meeting,
            round_id=meeting.process_id,
            key_points=len(points),
            participants=participants,
        )
    return meeting


def add_photo(*, by, meeting: Meeting, image, alt: str) -> Photo:
    """A photo re-encoded with pixels only (no EXIF: proposals/images.py) and its description."""
    require("meetings.manage_meeting", by, meeting)
    alt = alt.strip()
    if not alt:
        raise InvalidInput(_("Describe the image for people who cannot see it."), field="alt")
    if meeting.photos.count() >= MAX_PHOTOS:
        raise InvalidInput(_("At most %(n)d photos.") % {"n": MAX_PHOTOS}, field="image")
    validate_image_upload(image)
    with transaction.atomic():
        photo = Photo(meeting=meeting, alt=alt[:300])
        photo.image = reencode_image(image)
        photo.save()
        record(by, "meeting.photo_added", meeting, round_id=meeting.process_id)
    return photo


def remove_photo(*, by, photo: Photo) -> None:
    require("meetings.manage_meeting", by, photo.meeting)
    with transaction.atomic():
        record(by, "meeting.photo_removed", photo.meeting, round_id=photo.meeting.process_id)
        photo.image.delete(save=False)
        photo.delete()


# --- The timer: reminders the day before ---------------------------------------------------


def send_reminders(*, now: datetime | None = None) -> int:
    """Queue a reminder to everyone registered for a meeting that starts tomorrow (local
    date), once. Run by `manage.py send_meeting_reminders` on a timer (hourly is enough)."""
    now = timezone.localtime(now or timezone.now())
    tomorrow = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    day_after = tomorrow + timedelta(days=1)
    with transaction.atomic():
        due = Registration.objects.select_for_update().filter(
            status=RegistrationStatus.REGISTERED,
            reminded_at__isnull=True,
            meeting__status=MeetingStatus.PUBLISHED,
            meeting__starts_at__gte=tomorrow,
            meeting__starts_at__lt=day_after,
        )
        ids = list(due.values_list("pk", flat=True))
        Registration.objects.filter(pk__in=ids).update(reminded_at=now)
        for pk in ids:
            _mail(pk, "reminder")
    return len(ids)
