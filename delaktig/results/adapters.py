"""The one place that turns stored ballots into the counting library's input.

Project ids are the proposals' primary keys as strings; costs are the official cost from the
assessment when set, else the proposer's estimate. Voters are numbered afresh (1..n) on export,
never by user id, and ballots are read in the order of their random keys, not by time.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings

from delaktig.counting import pabulib
from delaktig.counting.model import Ballot, Instance, Profile, Project
from delaktig.counting.options import Options
from delaktig.counting.recount import stated_settings
from delaktig.voting import queries
from delaktig.voting.models import BallotBox, BallotKind
from delaktig.voting.validation import most_choices

VOTE_TYPE = {
    BallotKind.APPROVAL: "approval",
    BallotKind.KNAPSACK: "approval",
    BallotKind.POINTS: "cumulative",
    BallotKind.RANKING: "ordinal",
}


@dataclass(frozen=True)
class Election:
    instance: Instance
    profile: Profile

    def pabulib_text(self) -> str:
        return pabulib.dumps(self.instance, self.profile)

    def digest(self) -> str:
        """SHA-256 of the .pb file anyone can download: recounting it gives the same result."""
        return text_digest(self.pabulib_text())

    def proposals(self) -> list[list]:
        """[[proposal id, title, cost], ...] as counted, in the file's order."""
        return [[int(p.id), p.name, int(p.cost)] for p in self.instance.projects]


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def counting_setup(box: BallotBox) -> tuple[str, Options]:
    """The rule and options a box is counted with: its locked rule, MES with its completion.
    The count (services.run_tally) and the file's META (what a recount uses) both come from here.
    """
    if box.counting_rule == "mes":
        return "mes", Options(completion=box.completion)
    return box.counting_rule, Options()


def _meta(box: BallotBox, n_projects: int, n_votes: int) -> dict[str, str]:
    budget_round = box.budget_round
    meta = {
        "description": str(box),
        "country": "Sweden",
        "unit": settings.MUNICIPALITY_NAME,
        "instance": budget_round.name,
        "subunit": box.area.name if box.area_id else "",
        "num_projects": str(n_projects),
        "num_votes": str(n_votes),
        "budget": str(box.budget),
        "vote_type": VOTE_TYPE[box.kind],
        # the exact rule, completion, satisfaction and tie-break, so a recount of the file
        # reproduces the result (recount.settings_from_meta reads them back)
        **stated_settings(*counting_setup(box), VOTE_TYPE[box.kind]),
        "currency": "SEK",
        "language": "sv",
        "min_length": str(box.min_choices),
    }
    most = most_choices(box)  # the ballot's own limit (a ranking's places), as voters had it
    if most:
        meta["max_length"] = str(most)
    if box.kind == BallotKind.KNAPSACK:
        meta["max_sum_cost"] = str(box.effective_spending_cap)
    if box.kind == BallotKind.POINTS and box.total_points:
        meta["max_sum_points"] = str(box.total_points)
    return {k: v for k, v in meta.items() if v != ""}


def _ballots(box: BallotBox):
    points = box.kind == BallotKind.POINTS
    for _ballot_id, choices in queries.ballot_rows(box):
        yield Ballot(
            projects=tuple(str(pid) for pid, _value in choices),
            points=tuple(value for _pid, value in choices) if points else None,
        )


def build_election(box: BallotBox) -> Election:
    proposals = sorted(queries.proposal_titles_and_costs(box).items())
    projects = tuple(Project(id=str(pk), cost=cost, name=title) for pk, (title, cost) in proposals)
    instance_stub = Instance(budget=box.budget, projects=projects)
    profile = Profile.from_ballots(instance_stub, VOTE_TYPE[box.kind], _ballots(box))
    n_votes = len(profile.voter_class)
    instance = Instance(
        budget=box.budget, projects=projects, meta=_meta(box, len(projects), n_votes)
    )
    return Election(instance=instance, profile=profile)


def counted_ballot_rows(run):
    """Every ballot the run counted as (voter number, [(proposal id, value), ...]), read from its
    frozen .pb file; values as voting.queries.ballot_rows gives them (1 for approval and budget
    ballots, the points, or the place on a ranking), in the same order. Runs made before the
    file was kept read the stored ballots."""
    if not run.pabulib_text:
        for number, (_ballot_id, choices) in enumerate(queries.ballot_rows(run.box), start=1):
            yield number, choices
        return
    profile = pabulib.loads(run.pabulib_text).profile
    ids = [int(pid) for pid in profile.project_ids]
    kind = profile.vote_type
    rows = []
    for k in range(profile.num_classes):
        items, points = profile.class_ballot(k)
        if kind == "ordinal":
            choices = [(ids[i], place) for place, i in enumerate(items, start=1)]
        elif kind == "cumulative":
            choices = sorted(
                ((ids[i], p) for i, p in zip(items, points or (), strict=True)),
                key=lambda c: (c[1], c[0]),
            )
        else:
            choices = sorted((ids[i], 1) for i in items)
        rows.append(choices)
    for number, k in enumerate(profile.voter_class.tolist(), start=1):
        yield number, rows[k]
