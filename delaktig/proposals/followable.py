"""A proposal can be followed (following.registry) while anyone can see it, and what happens to
it is told to its followers; its author follows it from the start (services.submit_proposal)."""

from django.utils.translation import gettext_lazy as _

from delaktig.following.registry import Followable, register, register_event_kind

from .models import Proposal, ProposalStatus

register(
    Followable(
        key="proposal",
        model=Proposal,
        is_public=lambda p: (
            p.status in (ProposalStatus.PUBLISHED, ProposalStatus.MERGED)
            and p.budget_round.is_published
        ),
        process_of=lambda p: p.budget_round,
        title_of=lambda p: p.title,
        path_of=lambda p: p.get_absolute_url(),
        label=_("proposal"),
        related=("budget_round",),
    )
)
register_event_kind("proposal.published", _("New proposal"))
register_event_kind("proposal.merged", _("Merged with another proposal"))
