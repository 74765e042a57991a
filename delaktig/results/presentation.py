"""What a result page shows for one ballot box: rows per proposal, money, turnout, chart."""

from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings

from delaktig.voting import queries
from delaktig.voting.rule_texts import rule_name

from .explanations import explain_outcome, explain_ties

BAR_AREA = 300
ROW_HEIGHT = 48


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
    rule_label: str
    recount_command: str
    ties: list[str]

    @property
    def ballots_public(self) -> bool:
        return ballots_may_be_published(self.run)

    @property
    def funded(self):
        return [r for r in self.rows if r.funded]


def rule_label(rule: str) -> str:
    """'mes+add1' -> 'Lika andelar, pengar som blir över fördelas': the plain names the
    officials chose the rule by (voting.rule_texts, issue 11)."""
    return rule_name(rule)


def recount_command(run, filename: str = "rostsedlar.pb") -> str:
    """The command that recounts the downloaded file with the rule this run used."""
    base, _sep, completion = run.rule.partition("+")
    command = f"python -m delaktig.counting {filename} --rule {base}"
    if completion:
        command += f" --completion {completion}"
    tie_break = (run.options or {}).get("tie_break")
    if tie_break and tie_break != "lexico":
        command += f" --tie-break {tie_break}"
    return command


def ballots_may_be_published(run) -> bool:
    """The anonymised ballots of a box are published only when it has at least
    settings.MIN_PUBLIC_BALLOTS of them: in a box of one or two voters the file would show each
    person's ballot (issue 9). The counts per proposal are published whatever the size."""
    return run.ballot_count >= settings.MIN_PUBLIC_BALLOTS


def money_used(run) -> int:
    return round(Fraction(str(run.outcome["cost"])))


def run_budget(run) -> int:
    """The budget the run counted with (a box's budget may be edited afterwards)."""
    return round(Fraction(str(run.outcome["budget"])))


def counted_proposals(run) -> dict[int, tuple[str, int]]:
    """{proposal id: (title, cost)} as the run counted them, whatever was edited since. Runs
    made before the proposals were kept with them fall back to the proposals as they are now."""
    if run.proposals:
        return {pk: (title, cost) for pk, title, cost in run.proposals}
    return queries.proposal_titles_and_costs(run.box)


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
    titles = counted_proposals(run)
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
        budget=run_budget(run),
        turnout=run_turnout(run),
        rule_label=rule_label(run.rule),
        recount_command=recount_command(run, f"{box.budget_round.slug}-{box.pk}.pb"),
        chart_height=max(ROW_HEIGHT, len(rows) * ROW_HEIGHT),
        ties=explain_ties(outcome, titles),
    )
