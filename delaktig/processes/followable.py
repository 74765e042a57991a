"""A process can be followed (following.registry): once published, by anyone. A follower of a
process is told every event of it (its proposals, its result, its projects)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from delaktig.following.registry import Followable, register

from .models import BudgetRound

register(
    Followable(
        key="process",
        model=BudgetRound,
        is_public=lambda process: process.is_published,
        process_of=lambda process: process,
        title_of=lambda process: process.name,
        path_of=lambda process: process.get_absolute_url(),
        label=pgettext_lazy("followed", "round"),
        following=_("You follow %(title)s."),
    )
)
