"""Ballot boxes with stored ballots, written straight to the models for counting tests."""

from delaktig.accounts.tests.factories import UserFactory
from delaktig.assessments.models import Assessment
from delaktig.proposals.models import Proposal
from delaktig.voting.models import Ballot, BallotBox, BallotChoice, Participation


def box_with_ballots(budget_round, *, budget_area=None, costs, ballots, kind="approval", **box):
    """costs: {label: cost}; ballots: list of lists of labels (or {label: points})."""
    author = UserFactory()
    proposals = {}
    for label, cost in costs.items():
        proposal = Proposal.objects.create(
            budget_round=budget_round,
            area=budget_area,
            author=author,
            title=f"Förslag {label}",
            description="Beskrivning",
            estimated_cost=cost,
        )
        Assessment.objects.create(
            proposal=proposal, verdict="feasible", reason="Går att genomföra.", official_cost=cost
        )
        proposals[label] = proposal
    ballot_box = BallotBox.objects.create(
        budget_round=budget_round, area=budget_area, kind=kind, **box
    )
    ballot_box.proposals.set(proposals.values())
    for choices in ballots:
        voter = UserFactory()
        Participation.objects.create(box=ballot_box, voter=voter)
        ballot = Ballot.objects.create(box=ballot_box)
        items = choices.items() if isinstance(choices, dict) else [(c, 1) for c in choices]
        if kind == "ranking":
            items = [(c, position) for position, c in enumerate(choices, start=1)]
        BallotChoice.objects.bulk_create(
            BallotChoice(ballot=ballot, proposal=proposals[label], value=value)
            for label, value in items
        )
    return ballot_box, proposals


# A small approval election in the Pabulib format, for upload tests and browser sweeps.
SMALL_PABULIB = """META
key;value
description;Test
num_projects;3
num_votes;4
budget;50000
vote_type;approval
currency;SEK
PROJECTS
project_id;cost;name
1;30000;Lekplats
2;25000;Belysning
3;20000;Bänkar
VOTES
voter_id;vote
1;1,2
2;1
3;1,3
4;2,3
"""
# The same with a cost that is not a number, on line 13.
BROKEN_PABULIB = SMALL_PABULIB.replace("3;20000;Bänkar", "3;tjugo;Bänkar")
