"""What happened to each of a person's proposals, step by step, for their own page:
sent in → assessed → on the ballot → won or lost in the count → decided → the project.

Reads a fixed number of queries however many proposals a person has: their proposals with
round, area, assessment, ballot boxes and published decisions (prefetched); the counted
winners of each round with a published result (one query per such round the person took part
in, usually one or two); and the projects."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from delaktig.proposals.models import ProposalStatus

from . import queries
from .rules import decision_of


@dataclass
class Story:
    proposal: object
    steps: list = field(default_factory=list)  # [(what, how it went, tone)]
    project: object = None


def _assessment(proposal):
    assessment = getattr(proposal, "assessment", None)
    if assessment is None or assessment.published_at is None:
        return None
    return assessment


def stories_of(user) -> list[Story]:
    proposals = queries.proposals_of(user)
    winners = queries.funded_by_round({p.budget_round_id for p in proposals})
    projects = queries.projects_for([p.pk for p in proposals])
    stories = []
    for proposal in proposals:
        story = Story(proposal)
        stories.append(story)
        story.steps.append((_("Sent in"), proposal.get_status_display(), ""))
        if proposal.status != ProposalStatus.PUBLISHED:
            continue
        assessment = _assessment(proposal)
        if assessment is None:
            story.steps.append((_("Assessment"), _("Not assessed yet"), ""))
            continue
        feasible = assessment.is_feasible
        story.steps.append(
            (_("Assessment"), assessment.get_verdict_display(), "success" if feasible else "error")
        )
        if not feasible:
            continue
        on_ballot = bool(proposal.ballot_boxes.all())
        story.steps.append(
            (
                _("Ballot"),
                _("On the ballot") if on_ballot else _("Not on the ballot yet"),
                "",
            )
        )
        if not on_ballot or proposal.budget_round_id not in winners:
            continue
        won = proposal.pk in winners[proposal.budget_round_id]
        story.steps.append(
            (
                _("Result"),
                _("Won: selected in the count") if won else _("Not selected in the count"),
                "success" if won else "",
            )
        )
        decision = decision_of(proposal.budget_round)
        if decision is not None and decision.published_at is not None:
            funded = any(d.pk == decision.pk for d in proposal.published_decisions)
            story.steps.append(
                (
                    _("Decision"),
                    (_("Funded by %(body)s") if funded else _("Not funded by %(body)s"))
                    % {"body": decision.body},
                    "success" if funded else "",
                )
            )
        story.project = projects.get(proposal.pk)
        if story.project is not None:
            story.steps.append(
                (_("Project"), story.project.get_status_display(), _tone(story.project.status))
            )
    return stories


def _tone(status: str) -> str:
    return {"done": "success", "cancelled": "error"}.get(status, "")
