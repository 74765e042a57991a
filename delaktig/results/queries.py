"""Reads of results that pages and other apps use (docs/architecture.md, "Reading data")."""

from delaktig.proposals.models import Proposal

from .models import TallyRun


def published_runs(process):
    """The published count of each ballot box of `process`, in the order of its areas. The
    frozen ballots file (`pabulib_text`, megabytes for a large round) is read only by the
    downloads that use it."""
    return (
        TallyRun.objects.published()
        .filter(box__budget_round=process)
        .defer("pabulib_text")
        .select_related("box__area", "box__budget_round")
        .order_by("box__area__position", "box__area__name", "box_id")
    )


def funded_proposal_ids(process) -> set[int]:
    """The ids of the proposals the published counts of `process` selected. One run is
    published per ballot box; should there be more, the latest counts."""
    latest = {}
    for run in published_runs(process).order_by("box_id", "published_at", "id"):
        latest[run.box_id] = run
    return {int(pid) for run in latest.values() for pid in run.outcome.get("selected", ())}


def funded_proposals(process):
    """The proposals funded in the published result of `process`: a query over published tally
    runs, the one answer for every app that needs it (follow-up, a proposer's own page, an
    API). Empty until the result is published."""
    return Proposal.objects.filter(budget_round=process, pk__in=funded_proposal_ids(process))
