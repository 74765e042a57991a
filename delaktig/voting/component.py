"""The voting phase (processes.phases registry). It is binding: once it opens the round's
rules freeze, and its window only moves as set_schedule allows."""

from django.utils.translation import gettext_lazy as _

from delaktig.processes.components import Component, register_component
from delaktig.processes.phases import COMMENT, PhaseKind, allow, register_phase_kind

VOTE = "vote"

CAST_BALLOT = "cast_ballot"

register_phase_kind(
    PhaseKind(
        VOTE,
        _("Voting"),
        order=40,
        what_you_can_do=_(
            "Vote for the proposals you want. You can change your vote until voting closes."
        ),
        binding=True,
        action=_("Vote"),
        action_with_date=_("Vote by %(date)s"),
        action_url="voting:ballot",
    )
)
allow(CAST_BALLOT, VOTE)
allow(COMMENT, VOTE)


def describe(process) -> list[tuple[str, list[str]]]:
    """How one votes in each ballot box and how the votes are counted, as configured."""
    from .rule_texts import box_rule_name
    from .views import rule_sentences

    sections = []
    boxes = process.ballot_boxes.select_related("area").order_by("area__position", "pk")
    for box in boxes:
        sentences = rule_sentences(box)
        # The rule in plain words, its completion included (issue 11): not "mes+add1".
        sentences.append(_("How the votes are counted: %(rule)s.") % {"rule": box_rule_name(box)})
        sections.append((box.area.name if box.area_id else str(_("The ballot")), sentences))
    return sections


def _opening_problems(process):
    from .services.design import opening_problems

    return opening_problems(process)


register_component(
    Component(
        "voting",
        _("Vote"),
        phase_kinds=(VOTE,),
        required_phases=(VOTE,),
        tab=(_("Vote"), "voting:ballot", "vote"),
        describe=describe,
        opening_problems=lambda process: [p.message for p in _opening_problems(process)],
    )
)
