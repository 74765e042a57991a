"""Permissions on effect goals (core.permissions: each declared once, with its reasons).

Case officers write the goals down on behalf of the elected members who set them. A goal for
the whole municipality may be kept by any case officer; a goal for one organisation unit only
by the unit's own officials, the official who created it, and administrators: another unit's
official reads it, but cannot change the figures the unit reports.
"""

import rules
from django.utils.translation import gettext_lazy as _

from delaktig.accounts.rules import is_official
from delaktig.core.permissions import declare, need

from .models import Goal


@rules.predicate
def keeps_goal(user, goal):
    """Any case officer for a municipality-wide goal (or without a goal: lists, creating);
    for a unit's goal, its officials, its creator and administrators."""
    if not is_official(user):
        return False
    if goal is None:
        return True
    if not isinstance(goal, Goal):  # a permission on goals asked about something else
        return False
    if user.is_superuser or goal.unit_id is None:
        return True
    if goal.created_by_id == user.pk:
        return True
    return user.units.filter(pk=goal.unit_id).exists()


@rules.predicate
def goal_is_published(user, goal):
    return isinstance(goal, Goal) and goal.published


NEEDS_OFFICIAL = need(is_official, _("Only case officers can do this."))
NOT_YOUR_UNIT = _(
    "This goal belongs to another organisation unit. Its own case officers or an administrator "
    "can change it."
)

# The list of goals under "Hantera", and creating one (no object).
declare("goals.manage_goals", NEEDS_OFFICIAL)
# Everything about one goal: its text, indicators, measurements, links, publishing.
declare("goals.change_goal", NEEDS_OFFICIAL, need(keeps_goal, NOT_YOUR_UNIT))
# The public page: published goals, and drafts to those who keep them.
declare(
    "goals.view_goal",
    need(goal_is_published | keeps_goal, _("This goal is not published.")),
)
