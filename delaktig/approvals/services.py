"""Asking for, approving, declining and withdrawing a four-eyes step."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.audit.services import record
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.core.permissions import require

from .models import Approval, ApprovalStatus
from .registry import step_for

REASON_MAX = 300


def requester(approval):
    """The official who asked, who carries out the step's work; refused if their account is
    gone."""
    if approval.requested_by is None:
        raise NotAllowed(_("The person who asked no longer has an account."))
    return approval.requested_by


def request_approval(*, by, budget_round, action: str, params: dict, reason: str) -> Approval:
    """Ask a second official to approve `action`. Nothing happens until someone else does."""
    step = step_for(action)
    require(step.permission, by, budget_round)
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidInput(
            _("Say why this is needed, so that the one who approves it can check."),
            field="reason",
        )
    if len(reason) > REASON_MAX:
        raise InvalidInput(
            _("Write the reason in at most %(max)d characters.") % {"max": REASON_MAX},
            field="reason",
        )
    with transaction.atomic():
        approval = Approval.objects.create(
            budget_round=budget_round,
            action=action,
            params=params,
            reason=reason,
            requested_by=by,
        )
        # The reason is the official's own text about a step, and stays with the approval.
        record(by, "approval.requested", approval, round_id=budget_round.pk, step=action)
    return approval


def _locked_pending(approval) -> Approval:
    locked = (
        Approval.objects.select_for_update(of=("self",))
        .select_related("budget_round", "requested_by")
        .get(pk=approval.pk)
    )
    if not locked.is_pending:
        raise Conflict(_("This request has already been dealt with."))
    return locked


def approve(*, by, approval: Approval) -> Approval:
    """Carry out the step as a second official. The one who asked can never approve it."""
    with transaction.atomic():
        approval = _locked_pending(approval)
        step = step_for(approval.action)
        if approval.requested_by_id == by.pk:
            raise NotAllowed(
                _("You asked for this yourself. Another case officer must check and approve it.")
            )
        require(step.permission, by, approval.budget_round)
        since = max(by.date_joined, by.official_since or by.date_joined)
        if since > approval.requested_at:
            # An account made, or made a case officer, after the request is no second pair of
            # eyes: an administrator could otherwise create one to approve their own request.
            raise NotAllowed(
                _(
                    "You became a case officer after this was asked for, so you cannot approve "
                    "it. Another case officer must."
                )
            )
        result = step.run(by=by, approval=approval) or {}
        approval.status = ApprovalStatus.APPROVED
        approval.decided_by, approval.decided_at = by, timezone.now()
        approval.result = result
        approval.save(update_fields=["status", "decided_by", "decided_at", "result"])
        record(
            by,
            "approval.approved",
            approval,
            round_id=approval.budget_round_id,
            step=approval.action,
            requested_by=approval.requested_by_id,
        )
    return approval


def decline(*, by, approval: Approval) -> Approval:
    """Say no (a second official), or withdraw one's own request."""
    with transaction.atomic():
        approval = _locked_pending(approval)
        step = step_for(approval.action)
        require(step.permission, by, approval.budget_round)
        own = approval.requested_by_id == by.pk
        approval.status = ApprovalStatus.WITHDRAWN if own else ApprovalStatus.DECLINED
        approval.decided_by, approval.decided_at = by, timezone.now()
        approval.save(update_fields=["status", "decided_by", "decided_at"])
        record(
            by,
            "approval.withdrawn" if own else "approval.declined",
            approval,
            round_id=approval.budget_round_id,
            step=approval.action,
        )
    return approval


def describe(approval: Approval) -> str:
    return step_for(approval.action).describe(approval)
