"""Ballot design (officials): boxes, kind, limits, counting rule, proposals on the ballot.

Locked for good once voting has opened."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from delaktig.assessments.queries import feasible_proposals
from delaktig.audit import services as audit
from delaktig.core.errors import Conflict
from delaktig.core.permissions import require

from .. import queries
from ..models import (
    BallotBox,
    BallotKind,
)
from ..rules import voting_has_opened
from ..validation import UNUSED_BY_KIND, Problem, RulesBroken, design_problems

DESIGN_FIELDS = (
    "kind",
    "min_choices",
    "max_choices",
    "max_cost_per_proposal",
    "spending_cap",
    "total_points",
    "max_points_per_proposal",
    "rank_count",
    "counting_rule",
    "completion",
)


def locked_message():
    return _(
        "Voting has opened, so the ballot can no longer be changed. The kind of ballot, the "
        "limits, the counting rule and the proposals on the ballot stay the same for every voter."
    )


def _require_designer(by, box_or_round):
    require("voting.manage_ballotbox", by, box_or_round)
    budget_round = getattr(box_or_round, "budget_round", box_or_round)
    if voting_has_opened(budget_round):
        raise Conflict(locked_message())


# --- Ballot design -----------------------------------------------------------------------------


def create_boxes_for_round(*, by, budget_round, kind=BallotKind.APPROVAL) -> list[BallotBox]:
    """One box for the round, or one per area when the round has areas. Returns those created."""
    _require_designer(by, budget_round)
    created = []
    with transaction.atomic():
        areas = list(budget_round.areas.all())
        existing = set(
            BallotBox.objects.filter(budget_round=budget_round).values_list("area_id", flat=True)
        )
        for area in areas or [None]:
            area_id = area.pk if area else None
            if area_id in existing:
                continue
            box = BallotBox.objects.create(budget_round=budget_round, area=area, kind=kind)
            audit.record(by, "ballotbox.created", box, kind=kind, area=area_id)
            created.append(box)
    return created


def configure_ballot_box(*, by, box: BallotBox, data: Mapping) -> BallotBox:
    """Set the kind, limits, counting rule and (if given) the proposals on the ballot."""
    _require_designer(by, box)
    with transaction.atomic():
        box = (
            BallotBox.objects.select_for_update(of=("self",))
            .select_related("area", "budget_round")
            .get(pk=box.pk)
        )
        if voting_has_opened(box.budget_round):
            raise Conflict(locked_message())
        changes = {name: data[name] for name in DESIGN_FIELDS if name in data}
        for name, value in changes.items():
            setattr(box, name, value)
        for name in UNUSED_BY_KIND.get(box.kind, ()):
            setattr(box, name, None)
        proposals = _chosen_proposals(box, data) if "proposals" in data else None
        on_ballot = (
            {p.pk: (p.title, p.ballot_cost) for p in proposals}
            if proposals is not None
            else queries.proposal_titles_and_costs(box)
        )
        problems = design_problems(box, on_ballot)
        if problems:
            raise RulesBroken(problems)
        box.save()
        if proposals is not None:
            box.proposals.set(proposals)
        audit.record(
            by,
            "ballotbox.configured",
            box,
            **{name: getattr(box, name) for name in DESIGN_FIELDS},
            proposals=sorted(on_ballot),
        )
    return box


def empty_ballots(budget_round) -> list[BallotBox]:
    """The round's ballot boxes with no proposals on their ballot."""
    return list(
        BallotBox.objects.filter(budget_round=budget_round, proposals=None)
        .select_related("area")
        .order_by("area__position", "area__name", "pk")
    )


def opening_problems(budget_round) -> list[Problem]:
    """What stops voting from opening (issue 11, item 6): a round without a ballot, or a ballot
    with no proposals on it. Nobody can vote on an empty ballot (rules.why_nothing_to_vote_on)
    and there would be nothing to count, so the official is told before voting opens."""
    if not BallotBox.objects.filter(budget_round=budget_round).exists():
        return [Problem("ballot", _("The round has no ballot yet. Set up the ballot first."))]
    problems = []
    for box in empty_ballots(budget_round):
        if box.area is None:
            message = _(
                "No proposals are on the ballot. Put the feasible proposals on it before "
                "voting opens."
            )
        else:
            message = _(
                "No proposals are on the ballot for %(area)s. Put the feasible proposals on it, "
                "or remove the area, before voting opens."
            ) % {"area": box.area.name}
        problems.append(Problem("proposals", message))
    return problems


def feasible_for(box):
    return feasible_proposals(box.budget_round, area=box.area).annotate(
        ballot_cost=queries.ballot_cost()
    )


def _chosen_proposals(box, data) -> list:
    wanted = {getattr(p, "pk", p) for p in data["proposals"] or ()}
    feasible = list(feasible_for(box).filter(pk__in=wanted))
    if len(feasible) != len(wanted):
        raise RulesBroken(
            [
                Problem(
                    "proposals",
                    _("Only proposals assessed as feasible in this area can go on the ballot."),
                )
            ]
        )
    return feasible


@dataclass(frozen=True)
class Filled:
    on_ballot: list = field(default_factory=list)
    left_out: list = field(default_factory=list)  # feasible, but over the cost a proposal may have


def fill_ballot(*, by, box: BallotBox) -> Filled:
    """Put every feasible proposal of the box's area (or round) on the ballot."""
    _require_designer(by, box)
    with transaction.atomic():
        box = (
            BallotBox.objects.select_for_update(of=("self",))
            .select_related("area", "budget_round")
            .get(pk=box.pk)
        )
        feasible = list(feasible_for(box).order_by("title", "pk"))
        limit = None
        if box.kind == BallotKind.KNAPSACK:
            limit = min(box.effective_spending_cap, box.max_cost_per_proposal or box.budget)
        on_ballot = [p for p in feasible if limit is None or p.ballot_cost <= limit]
        left_out = [p for p in feasible if p not in on_ballot]
        box.proposals.set(on_ballot)
        audit.record(
            by,
            "ballotbox.filled",
            box,
            proposals=[p.pk for p in on_ballot],
            left_out=[p.pk for p in left_out],
        )
    return Filled(on_ballot, left_out)
