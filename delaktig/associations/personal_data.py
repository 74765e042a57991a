"""What the association register keeps about people, and how it forgets them (the privacy
app's contract, delaktig.privacy.owners).

- An applicant's e-mail address (`Application.applicant_email`): the confirmation link and the
  decision go there. An application never confirmed is deleted after `LINK_DAYS`; a decided
  one keeps no applicant address nor contact person after `DECIDED_DAYS` (the entry itself
  holds what is public).
- A named contact person (`contact_name`, `contact_email`, with the date they consented):
  public while they agree; removed on request (services.remove_contact), or when their
  account is deleted if the address is theirs.
- The address an invitation went to (`Invitation.email`): emptied by the process's retention
  purge; who was invited to what stays.

The register has no field pointing at a resident's account; `decided_by` and `invited_by` are
officials' acts (privacy.owners.LEFT_TO_ON_DELETE).
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from delaktig.audit.services import record

from .models import Application, ApplicationStatus, Association, Invitation
from .services import LINK_DAYS

USER_FIELDS: tuple[str, ...] = ()
DECIDED_DAYS = 90


def _emails(users) -> list[str]:
    return [u.email.lower() for u in users if getattr(u, "email", "")]


def forget_users(*, users) -> dict[str, int]:
    """The people's applications go (or lose their address, once decided), and an entry whose
    contact address is theirs loses its contact person."""
    emails = _emails(users)
    if not emails:
        return {"association_applications": 0, "association_contacts": 0}
    with transaction.atomic():
        mine = Application.objects.filter(applicant_email__in=emails)
        deleted, _ = mine.filter(
            status__in=[ApplicationStatus.UNCONFIRMED, ApplicationStatus.WAITING]
        ).delete()
        emptied = mine.update(applicant_email="")
        contacts = Association.objects.filter(contact_email__in=emails)
        removed = 0
        for association in contacts:
            association.contact_name = ""
            association.contact_email = ""
            association.contact_consented_on = None
            association.save()
            record(None, "associations.contact_removed", association, on_request=True)
            removed += 1
        Application.objects.filter(contact_email__in=emails).update(
            contact_email="", contact_name="", contact_consent=False
        )
    return {"association_applications": deleted + emptied, "association_contacts": removed}


def forget_user(*, user) -> dict[str, int]:
    return forget_users(users=[user])


def purge(*, process, cutoff: datetime, dry_run: bool = False) -> dict[str, int]:
    """The process's retention purge: the addresses invitations to it went to."""
    sent = Invitation.objects.filter(process=process, invited_at__lt=cutoff).exclude(email="")
    count = sent.count() if dry_run else sent.update(email="")
    return {"association_invitation_addresses": count}


def purge_expired(*, dry_run: bool = False, now=None) -> dict[str, int]:
    """Run daily by `purge_personal_data`: applications never confirmed within the link's
    life are deleted; decided applications lose the applicant's address and the contact
    person after DECIDED_DAYS."""
    now = now or timezone.now()
    unconfirmed = Application.objects.filter(
        status=ApplicationStatus.UNCONFIRMED, created_at__lt=now - timedelta(days=LINK_DAYS)
    )
    decided = Application.objects.filter(
        status__in=[ApplicationStatus.APPROVED, ApplicationStatus.REJECTED],
        decided_at__lt=now - timedelta(days=DECIDED_DAYS),
    ).exclude(applicant_email="", contact_email="", contact_name="")
    if dry_run:
        return {
            "unconfirmed_applications": unconfirmed.count(),
            "decided_applications": decided.count(),
        }
    with transaction.atomic():
        deleted, _ = unconfirmed.delete()
        emptied = decided.update(
            applicant_email="", contact_email="", contact_name="", contact_consent=False
        )
    return {"unconfirmed_applications": deleted, "decided_applications": emptied}


def export_user(*, user) -> dict[str, list]:
    """Applications sent from the person's address, and entries naming them as contact."""
    email = (user.email or "").lower()
    if not email:
        return {"association_applications": [], "association_contact": []}
    applications = Application.objects.filter(applicant_email=email).order_by("created_at")
    contacts = Association.objects.filter(contact_email=email).order_by("name")
    return {
        "association_applications": [
            {
                "id": a.pk,
                "kind": a.kind,
                "name": a.name,
                "status": a.status,
                "sent": a.created_at.isoformat(),
                "contact_name": a.contact_name,
                "contact_email": a.contact_email,
                "reason": a.reason,
            }
            for a in applications
        ],
        "association_contact": [
            {
                "association": a.name,
                "contact_name": a.contact_name,
                "contact_email": a.contact_email,
                "consented_on": a.contact_consented_on.isoformat()
                if a.contact_consented_on
                else None,
            }
            for a in contacts
        ],
    }
