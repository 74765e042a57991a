"""What a result page shows for one ballot box: rows per proposal, money, turnout, chart."""

from dataclasses import dataclass
from fractions import Fraction

from delaktig.voting import queries

from .explanations import explain_outcome

BAR_AREA = 300
ROW_HEIGHT = 44


@dataclass(frozen=True)
class ProposalRow:
    pk: int
    title: str
    cost: int
    votes: int
    funded: bool
    order: int | None  # position in which it was chosen, 1 = first
    explanation: str
    bar_width: int
    y: int


@dataclass(frozen=True)
class BoxResult:
    box: object
    run: object
    rows: list[ProposalRow]
    money_used: int
    budget: int
    turnout: queries.Turnout
    chart_height: int

    @property
    def funded(self):
        return [r for r in self.rows if r.funded]


def money_used(run) -> int:
    return round(Fraction(str(run.outcome["cost"])))


def run_turnout(run) -> queries.Turnout:
    """The turnout frozen in the run (older runs without it: counted from the ballots)."""
    if run.turnout:
        return queries.Turnout(run.turnout["total"], run.turnout.get("by_channel", {}))
    return queries.turnout(run.box)


def box_result(run) -> BoxResult:
    box = run.box
    outcome = run.outcome
    selected = [str(pid) for pid in outcome["selected"]]
    explanations = explain_outcome(outcome)
    counts = run.vote_counts
    titles = queries.proposal_titles_and_costs(box)
    data = [(pk, title, cost, counts.get(str(pk), 0)) for pk, (title, cost) in titles.items()]
    data.sort(key=lambda d: (str(d[0]) not in selected, -d[3], d[1]))
    top = max((d[3] for d in data), default=0) or 1
    rows = [
        ProposalRow(
            pk=pk,
            title=title,
            cost=cost,
            votes=votes,
            funded=str(pk) in selected,
            order=selected.index(str(pk)) + 1 if str(pk) in selected else None,
            explanation=explanations.get(str(pk), ""),
            bar_width=max(1, round(BAR_AREA * votes / top)) if votes else 0,
            y=i * ROW_HEIGHT,
        )
        for i, (pk, title, cost, votes) in enumerate(data)
    ]
    return BoxResult(
        box=box,
        run=run,
        rows=rows,
        money_used=money_used(run),
        budget=box.budget,
        turnout=run_turnout(run),
        chart_height=max(ROW_HEIGHT, len(rows) * ROW_HEIGHT),
    )
