"""Every write on assessments: decide, publish, and merge duplicates.

Deciding is not publishing: `assess_proposal` stores a verdict only officials see;
`publish_assessments` makes the round's decided assessments public and tells the authors.
"""

from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.audit.services import record
from delaktig.core.errors import Conflict, InvalidInput
from delaktig.core.permissions import require
from delaktig.following import services as following
from delaktig.proposals.models import Proposal, ProposalStatus
from delaktig.proposals.services import merge_proposals

from .models import Assessment, Verdict
from .tasks import send_assessment_published_email

MAX_REASON = 5000


def assess_proposal(
    *, by, proposal: Proposal, verdict: str, reason: str, official_cost: int | None = None
) -> Assessment:
    """Store (or change) the verdict. A change to a published one must be published again."""
    require("assessments.assess_proposal", by, proposal)
    if proposal.status != ProposalStatus.PUBLISHED:
        raise Conflict(_("Only proposals that are still in the running can be assessed."))
    if verdict not in Verdict.values:
        raise InvalidInput(_("Choose whether the proposal is feasible."), field="verdict")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Write the public reason for your assessment."), field="reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(_("Write at most 5000 characters."), field="reason")
    if verdict == Verdict.FEASIBLE and official_cost is None:
        raise InvalidInput(_("Give the cost of a feasible proposal."), field="official_cost")
    if official_cost is not None and official_cost < 0:
        raise InvalidInput(_("The cost cannot be negative."), field="official_cost")
    with transaction.atomic():
        assessment, created = Assessment.objects.select_for_update().get_or_create(
            proposal=proposal,
            defaults={"verdict": verdict, "reason": reason, "official_cost": official_cost},
        )
        was_published = assessment.published_at is not None
        assessment.verdict = verdict
        assessment.reason = reason
        assessment.official_cost = official_cost
        assessment.assessed_by = by
        assessment.published_at = None
        assessment.save()
        record(
            by,
            "assessment.decided" if created else "assessment.changed",
            assessment,
            round_id=proposal.budget_round_id,
            verdict=verdict,
            official_cost=official_cost,
            was_published=was_published,
        )
    return assessment


def publish_assessments(*, by, budget_round, site_url: str = "") -> list[Assessment]:
    """Publish every decided, unpublished assessment of the round's active proposals.

    After the transaction commits, each author gets an e-mail through a background task.
    """
    require("assessments.publish_assessments", by, budget_round)
    with transaction.atomic():
        assessments = list(
            Assessment.objects.select_for_update()
            .unpublished()
            .in_round(budget_round)
            .filter(proposal__status=ProposalStatus.PUBLISHED)
            .select_related("proposal")
        )
        if not assessments:
            raise Conflict(_("There are no new assessments to publish."))
        now = timezone.now()
        Assessment.objects.filter(pk__in=[a.pk for a in assessments]).update(published_at=now)
        for assessment in assessments:
            assessment.published_at = now
            record(by, "assessment.published", assessment, round_id=budget_round.pk)
            _tell_followers(assessment, budget_round)
            transaction.on_commit(
                partial(send_assessment_published_email.enqueue, assessment.pk, site_url)
            )
        record(by, "assessments.published", budget_round, count=len(assessments))
    return assessments


def _tell_followers(assessment: Assessment, budget_round) -> None:
    """An event for the proposal's followers (the daily digest). Its author is told at once by
    send_assessment_published_email, so the digest leaves it out of the author's message."""
    proposal = assessment.proposal
    following.record(
        proposal,
        "proposal.feasible" if assessment.is_feasible else "proposal.not_feasible",
        title=proposal.title,
        summary=assessment.reason,
        path=proposal.get_absolute_url(),
        process=budget_round,
        told=proposal.author if proposal.author_id else None,
    )


def merge_duplicate(*, by, source: Proposal, target: Proposal) -> Proposal:
    """Merge a duplicate into another proposal (the proposals app does the merge)."""
    return merge_proposals(by=by, source=source, target=target)
