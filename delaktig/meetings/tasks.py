"""E-mail of the meetings app, through the task queue (django-tasks). Only ids are queued; the
links are signed here (tokens.py), so no link is ever written to the queue."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from .tokens import invitation_token, registration_token


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(template: str, context: dict, to: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "site_name": settings.SITE_NAME}
        subject = render_to_string(f"meetings/email/{template}_subject.txt", context)
        body = render_to_string(f"meetings/email/{template}_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])


@task()
def send_registration_mail(registration_id: int, kind: str) -> bool:
    """One message to a registrant: confirm_email, registered, waiting, promoted, reminder,
    cancelled (by themselves) or meeting_cancelled."""
    from .models import Registration

    registration = Registration.objects.select_related("meeting").filter(pk=registration_id).first()
    if registration is None or not registration.email:
        return False
    meeting = registration.meeting
    context = {
        "kind": kind,
        "registration": registration,
        "meeting": meeting,
        "url": _site(
            reverse("meetings:registration", kwargs={"token": registration_token(registration)})
        ),
        "meeting_url": _site(reverse("meetings:detail", kwargs={"slug": meeting.slug})),
        "starts": timezone.localtime(meeting.starts_at),
        "ends": timezone.localtime(meeting.ends_at),
    }
    _send("registration", context, registration.email)
    return True


@task()
def send_invitation(invitation_id: int) -> bool:
    from .models import Invitation

    invitation = Invitation.objects.select_related("meeting").filter(pk=invitation_id).first()
    if invitation is None or not invitation.email or invitation.sent_at is not None:
        return False
    meeting = invitation.meeting
    register = reverse("meetings:register", kwargs={"slug": meeting.slug})
    context = {
        "invitation": invitation,
        "meeting": meeting,
        "url": _site(f"{register}?inbjudan={invitation_token(invitation)}"),
        "starts": timezone.localtime(meeting.starts_at),
        "ends": timezone.localtime(meeting.ends_at),
    }
    _send("invitation", context, invitation.email)
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    return True
