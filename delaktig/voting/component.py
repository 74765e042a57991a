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
    )
)
allow(CAST_BALLOT, VOTE)
allow(COMMENT, VOTE)

register_component(
    Component(
        "voting",
        _("Vote"),
        phase_kinds=(VOTE,),
        required_phases=(VOTE,),
        tab=(_("Vote"), "voting:ballot", "vote"),
    )
)
