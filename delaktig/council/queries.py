"""Reads for the elected members' start page: what is running, turnout so far per open vote,
and the reports that wait to be read (council reports and dialogue report drafts)."""

from dataclasses import dataclass

from django.db.models import Max

from delaktig.dialogue.models import Report
from delaktig.eligibility.queries import roll_size
from delaktig.processes.models import RoundStatus
from delaktig.processes.queries import OPEN, by_state, rounds_with_phases
from delaktig.voting import queries as voting_queries
from delaktig.voting.rules import voting_has_closed, voting_has_opened

from .models import CouncilReport
from .reach import MIN_CELL, _percent, area_label


@dataclass(frozen=True)
class OpenVote:
    budget_round: object
    label: str  # the area, or "the whole round"
    voters: int
    roll: int | None
    closes_at: object

    @property
    def turnout_percent(self):
        return _percent(self.voters / self.roll) if self.roll else None

    @property
    def few(self) -> bool:
        """Under the smallest group shown: "fewer than 5", as everywhere else."""
        return 0 < self.voters < MIN_CELL


def running() -> list:
    """Published processes open now."""
    processes = rounds_with_phases().published().order_by("name")
    return by_state(processes)[OPEN]


def open_votes(processes) -> list[OpenVote]:
    """Turnout so far in every ballot box whose vote is open now (one query for the turnout,
    one per box for its roll)."""
    voting = [p for p in processes if voting_has_opened(p) and not voting_has_closed(p)]
    votes = []
    for process in voting:
        boxes = voting_queries.boxes_for_round(process)
        turnout = voting_queries.turnout_by_box([b.pk for b in boxes])
        closes = process.phase_of_kind("vote")
        for box in boxes:
            roll = roll_size(process, box.area)
            counted = turnout.get(box.pk)
            votes.append(
                OpenVote(
                    process,
                    area_label(box),
                    counted.total if counted else 0,
                    roll.total if roll else None,
                    closes.ends_at if closes else None,
                )
            )
    return votes


def council_reports_waiting(user) -> list[CouncilReport]:
    """The newest ready council report of each round that is not published yet, for the
    rounds the person may read."""
    reports = (
        CouncilReport.objects.ready()
        .filter(published_at__isnull=True)
        .select_related("budget_round")
        .order_by("budget_round__name", "-number")
    )
    newest = {}
    for report in reports:
        newest.setdefault(report.budget_round_id, report)
    return [r for r in newest.values() if user.has_perm("council.read", r.budget_round)]


def dialogue_drafts(user) -> list[Report]:
    """Dialogue reports of published processes with blocks that are not published as they
    stand: never published, or changed since the newest version."""
    reports = (
        Report.objects.filter(process__status=RoundStatus.PUBLISHED, blocks__isnull=False)
        .distinct()
        .annotate(published=Max("versions__published_at"))
        .select_related("process")
        .order_by("process__name")
    )
    return [
        r
        for r in reports
        if (r.published is None or r.updated_at > r.published)
        and user.has_perm("dialogue.read_draft_report", r.process)
    ]


def reports_of(budget_round) -> list[CouncilReport]:
    return list(CouncilReport.objects.filter(budget_round=budget_round).order_by("-number"))


def published_report(budget_round) -> CouncilReport | None:
    return (
        CouncilReport.objects.published()
        .filter(budget_round=budget_round)
        .order_by("-number")
        .first()
    )
