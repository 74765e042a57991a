"""Reads of assessments for other apps. The voting app fills its ballot from here."""

from delaktig.proposals.models import Proposal

from .models import Verdict


def feasible_proposals(budget_round, area=None):
    """Proposals still in the running with a *published* FEASIBLE assessment.

    Exactly these may go on a ballot. Pass `area` to get one area's proposals only.
    Returns a Proposal QuerySet (area and assessment selected), oldest first.
    """
    proposals = (
        Proposal.objects.active()
        .in_round(budget_round)
        .filter(
            assessment__verdict=Verdict.FEASIBLE,
            assessment__published_at__isnull=False,
        )
        .select_related("area", "assessment")
        .order_by("created_at", "pk")
    )
    if area is not None:
        proposals = proposals.filter(area=area)
    return proposals


def proposals_to_assess(budget_round):
    """Officials' list: the round's active proposals with their assessment (or none yet)."""
    return (
        Proposal.objects.active()
        .in_round(budget_round)
        .select_related("area", "category", "assessment")
        .order_by("created_at", "pk")
    )


def published_assessments(budget_round):
    """The public list: published assessments of the round's proposals."""
    return (
        Proposal.objects.published()
        .in_round(budget_round)
        .filter(assessment__published_at__isnull=False)
        .select_related("area", "assessment")
        .order_by("assessment__verdict", "title", "pk")
    )
