"""E-mail of the association register, sent by the task queue: the link that confirms an
application, the decision, the link that removes a contact person, and invitations."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from .models import Application, ApplicationStatus, Association, Invitation


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(template: str, context: dict, to: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string(f"associations/email/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"associations/email/{template}_body.txt", context)
    send_mail(subject, body, None, [to])


@task()
def send_confirmation(application_id: int) -> bool:
    from .services import confirmation_token

    application = Application.objects.filter(
        pk=application_id, status=ApplicationStatus.UNCONFIRMED
    ).first()
    if application is None:
        return False
    link = _url(reverse("associations:confirm", kwargs={"token": confirmation_token(application)}))
    _send("confirm", {"application": application, "link": link}, application.applicant_email)
    return True


@task()
def send_decision(application_id: int) -> bool:
    application = (
        Application.objects.select_related("association")
        .filter(
            pk=application_id, status__in=[ApplicationStatus.APPROVED, ApplicationStatus.REJECTED]
        )
        .first()
    )
    if application is None or not application.applicant_email:
        return False
    link = ""
    if application.status == ApplicationStatus.APPROVED and application.association:
        link = _url(reverse("associations:detail", kwargs={"slug": application.association.slug}))
    _send("decision", {"application": application, "link": link}, application.applicant_email)
    return True


@task()
def send_removal_link(association_id: int) -> bool:
    from .services import removal_token

    association = Association.objects.filter(pk=association_id).exclude(contact_email="").first()
    if association is None:
        return False
    link = _url(
        reverse("associations:remove_contact", kwargs={"token": removal_token(association)})
    )
    _send("remove_contact", {"association": association, "link": link}, association.contact_email)
    return True


@task()
def send_invitations(invitation_ids: list[int]) -> int:
    sent = 0
    invitations = Invitation.objects.select_related("association", "process").filter(
        pk__in=invitation_ids, sent_at__isnull=True
    )
    for invitation in invitations.iterator(chunk_size=200):
        process = invitation.process
        link = _url(reverse("processes:round_detail", kwargs={"slug": process.slug}))
        _send(
            "invitation",
            {"invitation": invitation, "process": process, "link": link},
            invitation.email,
        )
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
        sent += 1
    return sent
