"""Voting codes given to invited people: issued, re-issued, revoked, reprinted."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.audit.services import record
from delaktig.core.codes import VOTING_CODE
from delaktig.core.errors import Conflict

from ..code_sheet import code_sheet_pdf
from ..models import Invitation
from .guards import _require_codes_allowed, _require_official, _require_roll_open


@dataclass(frozen=True)
class IssuedCode:
    invitation: Invitation
    code: str  # in clear: shown once (code sheet or e-mail), never stored


def _new_code(invitation, now) -> str:
    code = VOTING_CODE.generate()
    invitation.code_hash, invitation.issued_at, invitation.sent_at = (
        VOTING_CODE.keyed_hash(code),
        now,
        None,
    )
    invitation.save(update_fields=["code_hash", "issued_at", "sent_at"])
    return code


def issue_codes(*, by, budget_round, invitations, approved_by=None) -> list[IssuedCode]:
    """Give each (not revoked) invitation a new code; any earlier code stops working.

    The codes are returned in clear once, for the code sheet; only their hashes are kept.
    Once voting has opened, `approved_by` must be a second case officer (see approvals)."""
    _require_official(by, budget_round)
    _require_codes_allowed(by, budget_round, approved_by)
    now = timezone.now()
    with transaction.atomic():
        locked = list(
            Invitation.objects.select_for_update(of=("self",))
            .filter(budget_round=budget_round, pk__in=[i.pk for i in invitations])
            .filter(revoked_at__isnull=True)
            .select_related("area")
            .order_by("group", "name", "pk")
        )
        issued = [IssuedCode(i, _new_code(i, now)) for i in locked]
        record(
            by,
            "invitations.codes_issued",
            budget_round,
            invitations=[i.pk for i in locked],
            count=len(locked),
            approved_by=approved_by.pk if approved_by else None,
        )
    return issued


def reprint_code(*, by, invitation, approved_by=None) -> bytes:
    """A new code for one person (see reissue_code) and its slip, in one transaction."""
    with transaction.atomic():
        issued = reissue_code(by=by, invitation=invitation, approved_by=approved_by)
        return code_sheet_pdf(invitation.budget_round, [issued])


def revoke_invitation(*, by, invitation) -> Invitation:
    """The code stops working, and the person can no longer vote with it. Only before voting
    opens: afterwards the roll is frozen (a lost code is replaced by a new one instead)."""
    _require_official(by, invitation.budget_round)
    _require_roll_open(invitation.budget_round)
    if invitation.revoked_at is not None:
        raise Conflict(_("The invitation is already revoked."))
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record(by, "invitation.revoked", invitation)
    return invitation


def reissue_code(*, by, invitation, approved_by=None) -> IssuedCode:
    """A new code for the same person (also after a revoke); the old code stops working.

    The person keeps their voter account, so they cannot vote twice; but a ballot cast with
    the old code cannot be seen or changed with the new one (the ballot's locator depends on
    the code, voting/services.locator_for): whoever holds the new code, an official included,
    learns nothing of it. Once voting has opened a second case officer must approve."""
    _require_official(by, invitation.budget_round)
    _require_codes_allowed(by, invitation.budget_round, approved_by)
    with transaction.atomic():
        locked = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("area")
            .get(pk=invitation.pk)
        )
        locked.revoked_at = None
        locked.save(update_fields=["revoked_at"])
        code = _new_code(locked, timezone.now())
        record(
            by,
            "invitation.reissued",
            locked,
            approved_by=approved_by.pk if approved_by else None,
        )
    return IssuedCode(locked, code)
