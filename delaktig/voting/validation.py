"""The rules of a ballot box: is the design sound, and does a ballot keep to it?

Both return a list of `Problem`s (field, sentence) so a page can explain every broken rule at
once. Field "ballot" means the ballot as a whole; "proposal-<id>" one proposal on it.
"""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delaktig.core.errors import InvalidInput
from delaktig.core.money import format_kronor

from .models import BallotBox, BallotKind

BALLOT = "ballot"


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


class Chosen(dict):
    """A ballot read and normalised, {proposal id: value} as the box's kind keeps it (approval
    and budget: 1; points: more than 0; ranking: the place). Made once per ballot, by
    `forms.parse_ballot` or `casting.normalise_choices`, and then only checked."""


class RulesBroken(InvalidInput):
    """One or more rules were broken; `problems` lists them all."""

    def __init__(self, problems: list[Problem]):
        super().__init__(" ".join(p.message for p in problems), field=problems[0].field)
        self.problems = problems


def proposal_field(proposal_id) -> str:
    return f"proposal-{proposal_id}"


def messages_by_field(problems) -> dict[str, list[str]]:
    """{field: [message, …]}: the problems as a ballot page shows them, by each proposal."""
    by_field: dict[str, list[str]] = {}
    for problem in problems:
        by_field.setdefault(problem.field, []).append(problem.message)
    return by_field


# --- Ballot design (officials) ---------------------------------------------------------------


# Limits that mean nothing for a kind: the design page does not show them, and the service
# clears them, so the stored design says only what applies.
UNUSED_BY_KIND = {
    BallotKind.APPROVAL: (
        "max_cost_per_proposal",
        "spending_cap",
        "total_points",
        "max_points_per_proposal",
        "rank_count",
    ),
    BallotKind.KNAPSACK: ("total_points", "max_points_per_proposal", "rank_count"),
    BallotKind.POINTS: ("max_cost_per_proposal", "spending_cap", "rank_count"),
    BallotKind.RANKING: (
        "max_choices",
        "max_cost_per_proposal",
        "spending_cap",
        "total_points",
        "max_points_per_proposal",
    ),
}


def design_problems(box: BallotBox, proposals: dict[int, tuple[str, int]]) -> list[Problem]:
    """What is wrong with the design of `box` given the proposals {id: (title, cost)} on it."""
    problems = _common_design_problems(box, proposals)
    check = {
        BallotKind.APPROVAL: _approval_design,
        BallotKind.KNAPSACK: _knapsack_design,
        BallotKind.POINTS: _points_design,
        BallotKind.RANKING: _ranking_design,
    }.get(box.kind)
    if check is None:
        return [Problem("kind", _("Choose a ballot kind."))]
    return problems + check(box, proposals)


def _common_design_problems(box, proposals) -> list[Problem]:
    problems = []
    if box.min_choices < 1:
        problems.append(Problem("min_choices", _("A voter must choose at least one proposal.")))
    if box.max_choices is not None and box.max_choices < box.min_choices:
        problems.append(
            Problem(
                "max_choices",
                _("The most number of choices cannot be lower than the least number."),
            )
        )
    if proposals and box.min_choices > len(proposals):
        problems.append(
            Problem(
                "min_choices",
                ngettext(
                    "The ballot has only %(count)d proposal, fewer than the least number of "
                    "choices.",
                    "The ballot has only %(count)d proposals, fewer than the least number of "
                    "choices.",
                    len(proposals),
                )
                % {"count": len(proposals)},
            )
        )
    return problems


def _approval_design(box, proposals) -> list[Problem]:
    return []


def _knapsack_design(box, proposals) -> list[Problem]:
    problems = []
    cap = box.effective_spending_cap
    if box.spending_cap is not None and box.spending_cap > box.budget:
        problems.append(
            Problem(
                "spending_cap",
                _("The spending cap cannot be more than the budget of the ballot box (%(budget)s).")
                % {"budget": format_kronor(box.budget)},
            )
        )
    if box.max_cost_per_proposal is not None and box.max_cost_per_proposal > cap:
        problems.append(
            Problem(
                "max_cost_per_proposal",
                _("The most a proposal may cost cannot be more than the spending cap (%(cap)s).")
                % {"cap": format_kronor(cap)},
            )
        )
    limit = min(cap, box.max_cost_per_proposal or cap)
    problems.extend(
        Problem(
            "proposals",
            _("“%(title)s” costs %(cost)s, more than the %(limit)s a proposal may cost.")
            % {"title": title, "cost": format_kronor(cost), "limit": format_kronor(limit)},
        )
        for title, cost in proposals.values()
        if cost > limit
    )
    return problems


def _points_design(box, proposals) -> list[Problem]:
    problems = []
    if not box.total_points:
        problems.append(Problem("total_points", _("Give each voter at least one point.")))
    if not box.max_points_per_proposal:
        problems.append(
            Problem(
                "max_points_per_proposal",
                _("Say how many points a voter may give one proposal (at least 1)."),
            )
        )
    elif box.total_points and box.max_points_per_proposal > box.total_points:
        problems.append(
            Problem(
                "max_points_per_proposal",
                _("The most points on one proposal cannot be more than the points per voter."),
            )
        )
    return problems


def _ranking_design(box, proposals) -> list[Problem]:
    if not box.rank_count:
        return [Problem("rank_count", _("Say how many proposals a voter may rank (at least 1)."))]
    problems = []
    if box.min_choices > box.rank_count:
        problems.append(
            Problem(
                "min_choices",
                _("The least number of choices cannot be more than the number of places."),
            )
        )
    if box.max_choices is not None and box.max_choices != box.rank_count:
        problems.append(
            Problem(
                "max_choices",
                _("For a ranking, leave the most number of choices empty: the places decide."),
            )
        )
    return problems


# --- A voter's ballot ------------------------------------------------------------------------


def most_choices(box: BallotBox) -> int | None:
    if box.kind == BallotKind.RANKING:
        return box.rank_count
    return box.max_choices


def choice_problems(
    box: BallotBox, choices: dict[int, int], proposals: dict[int, tuple[str, int]]
) -> list[Problem]:
    """What is wrong with `choices` {proposal id: value} on `box`; proposals {id: (title, cost)}."""
    problems = []
    if any(pk not in proposals for pk in choices):
        problems.append(
            Problem(
                BALLOT,
                _(
                    "Your ballot named a proposal that is not on this ballot. "
                    "Choose again among the proposals below."
                ),
            )
        )
    chosen = {pk: value for pk, value in choices.items() if pk in proposals}
    check = {
        BallotKind.KNAPSACK: _knapsack_choices,
        BallotKind.POINTS: _points_choices,
        BallotKind.RANKING: _ranking_choices,
    }.get(box.kind)
    if check is not None:
        problems.extend(check(box, chosen, proposals))
    problems.extend(_count_problems(box, len(chosen)))
    return problems


def _count_problems(box, count) -> list[Problem]:
    if count < box.min_choices:
        return [
            Problem(
                BALLOT,
                ngettext(
                    "Choose at least %(count)d proposal.",
                    "Choose at least %(count)d proposals.",
                    box.min_choices,
                )
                % {"count": box.min_choices},
            )
        ]
    most = most_choices(box)
    if most is not None and count > most:
        return [
            Problem(
                BALLOT,
                ngettext(
                    "You have chosen %(chosen)d proposals. Choose at most %(count)d proposal.",
                    "You have chosen %(chosen)d proposals. Choose at most %(count)d proposals.",
                    most,
                )
                % {"count": most, "chosen": count},
            )
        ]
    return []


def _knapsack_choices(box, chosen, proposals) -> list[Problem]:
    problems = []
    limit = box.max_cost_per_proposal
    if limit is not None:
        problems.extend(
            Problem(
                proposal_field(pk),
                _("“%(title)s” costs %(cost)s. A proposal may cost at most %(limit)s.")
                % {
                    "title": proposals[pk][0],
                    "cost": format_kronor(proposals[pk][1]),
                    "limit": format_kronor(limit),
                },
            )
            for pk in sorted(chosen)
            if proposals[pk][1] > limit
        )
    used = sum(proposals[pk][1] for pk in chosen)
    cap = box.effective_spending_cap
    if used > cap:
        problems.append(
            Problem(
                BALLOT,
                _(
                    "The proposals you have chosen cost %(used)s together. "
                    "You may use at most %(cap)s. Remove a proposal or choose a cheaper one."
                )
                % {"used": format_kronor(used), "cap": format_kronor(cap)},
            )
        )
    return problems


def _points_choices(box, chosen, proposals) -> list[Problem]:
    problems = []
    most = box.max_points_per_proposal
    if most is not None:
        problems.extend(
            Problem(
                proposal_field(pk),
                _(
                    "You gave “%(title)s” %(points)d points. "
                    "You may give at most %(most)d points to one proposal."
                )
                % {"title": proposals[pk][0], "points": value, "most": most},
            )
            for pk, value in sorted(chosen.items())
            if value > most
        )
    used = sum(chosen.values())
    if box.total_points is not None and used > box.total_points:
        problems.append(
            Problem(
                BALLOT,
                _("You have used %(used)d points. You have %(total)d points to use.")
                % {"used": used, "total": box.total_points},
            )
        )
    return problems


def _ranking_choices(box, chosen, proposals) -> list[Problem]:
    problems = []
    places = box.rank_count or len(proposals)
    problems.extend(
        Problem(
            proposal_field(pk),
            _("Place %(place)d does not exist. Use the places 1 to %(places)d.")
            % {"place": value, "places": places},
        )
        for pk, value in sorted(chosen.items())
        if not 1 <= value <= places
    )
    counts = Counter(chosen.values())
    problems.extend(
        Problem(
            BALLOT,
            _("You have put more than one proposal in place %(place)d. Each place holds one.")
            % {"place": place},
        )
        for place, n in sorted(counts.items())
        if n > 1
    )
    if not problems and sorted(counts) != list(range(1, len(counts) + 1)):
        problems.append(
            Problem(BALLOT, _("Fill the places in order, 1, 2, 3 and so on, without a gap."))
        )
    return problems
