"""Factories for ballot boxes and the proposals on them."""

import factory
from django.utils import timezone

from delaktig.assessments.models import Assessment
from delaktig.processes.tests.factories import BudgetRoundFactory
from delaktig.proposals.models import Proposal
from delaktig.voting.models import BallotBox, BallotKind


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    budget_round = factory.SubFactory(BudgetRoundFactory)
    title = factory.Sequence(lambda n: f"Förslag {n:03d}")
    description = "Ett förslag som gör arbetsplatsen bättre för alla som jobbar här."
    estimated_cost = 10_000


def feasible(proposal, *, official_cost=None, published=True):
    """Give `proposal` a feasible assessment (published unless told otherwise)."""
    Assessment.objects.create(
        proposal=proposal,
        verdict="feasible",
        reason="Går att genomföra.",
        official_cost=official_cost,
        published_at=timezone.now() if published else None,
    )
    return proposal


class BallotBoxFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BallotBox

    budget_round = factory.SubFactory(BudgetRoundFactory)
    kind = BallotKind.APPROVAL
    min_choices = 1


def something_on_ballot(box):
    """Put one proposal on `box`'s ballot: no one may vote on an empty ballot (issue 11)."""
    box.proposals.add(ProposalFactory(budget_round=box.budget_round, area=box.area))
    return box


def box_with_proposals(budget_round, costs, *, area=None, **design):
    """A box in `budget_round` with feasible proposals of the given costs on its ballot."""
    box = BallotBoxFactory(budget_round=budget_round, area=area, **design)
    proposals = [
        feasible(ProposalFactory(budget_round=budget_round, area=area, estimated_cost=cost))
        for cost in costs
    ]
    box.proposals.set(proposals)
    return box, proposals


SATER = {
    "kind": BallotKind.KNAPSACK,
    "min_choices": 2,
    "max_cost_per_proposal": 30_000,
    "spending_cap": 50_000,
}


def sater_box(budget_round, costs=(20_000, 25_000, 30_000, 10_000)):
    """Säter's rules: budget ballot, each proposal ≤ 30 000 kr, ≥ 2 choices, ≤ 50 000 kr."""
    budget_round.total_budget = 50_000
    budget_round.save(update_fields=["total_budget"])
    return box_with_proposals(budget_round, costs, **SATER)


def paper_station(box_or_round, name="Biblioteket", ballots=100):
    """A registered voting station (paper ballots are entered only for registered ones)."""
    from delaktig.voting.models import PaperStation

    budget_round = getattr(box_or_round, "budget_round", box_or_round)
    return PaperStation.objects.get_or_create(
        budget_round=budget_round, name=name, defaults={"ballots": ballots}
    )[0]
