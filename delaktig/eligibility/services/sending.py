"""Invitations sent by e-mail, each with a new code made in the task."""

from django.db import transaction
from django.utils import timezone

from delaktig.audit.services import record

from ..models import Invitation
from .guards import _require_codes_allowed, _require_official
from .issuing import _new_code


def send_invitations(*, by, budget_round, invitations, approved_by=None) -> int:
    """E-mail each invitation with an address a new code and link (in the background).

    Each e-mail carries a new code: a code printed earlier for the same person stops working.
    Once voting has opened a second case officer must approve."""
    from ..tasks import send_invitation_email

    _require_official(by, budget_round)
    _require_codes_allowed(by, budget_round, approved_by)
    ids = list(
        Invitation.objects.filter(
            budget_round=budget_round,
            pk__in=[i.pk for i in invitations],
            revoked_at__isnull=True,
        )
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        record(
            by,
            "invitations.sent",
            budget_round,
            invitations=ids,
            count=len(ids),
            approved_by=approved_by.pk if approved_by else None,
        )
        for pk in ids:
            transaction.on_commit(lambda pk=pk: send_invitation_email.enqueue(pk))
    return len(ids)


def code_for_email(invitation_id: int) -> tuple[Invitation, str] | None:
    """For the e-mail task: a new code for the invitation, made where the e-mail is sent so
    that the code never passes through the task queue. None if revoked or without e-mail."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("budget_round", "area")
            .filter(pk=invitation_id, revoked_at__isnull=True)
            .exclude(email="")
            .first()
        )
        if invitation is None or invitation.budget_round.binding_phase_closed():
            return None
        code = _new_code(invitation, timezone.now())
    return invitation, code


def mark_sent(invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    record(None, "invitation.emailed", invitation)
