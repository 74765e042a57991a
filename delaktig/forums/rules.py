"""Permissions on forums (core.permissions, each declared once with its reasons).

Objects: the process for `manage_forum` and `moderate`; the thread for `post_in_thread`,
`answer_thread` and `close_thread`; the post for `report_post`. A thread's and a post's process
is `budget_round` (processes.rules.round_of), so the phase and eligibility checks are the
process's own.
"""

import rules
from django.utils.translation import gettext_lazy as _

from delaktig.accounts.rules import is_moderator, is_signed_in
from delaktig.core.permissions import declare, need
from delaktig.eligibility.rules import ELIGIBLE, NOT_A_CODE_VOTER
from delaktig.processes.rules import (
    NEEDS_OFFICIAL,
    NEEDS_ROUND_OFFICIAL,
    NOT_PUBLISHED,
    phase_allows,
    round_is_published,
    round_of,
)

from .component import FORUM_POST


@rules.predicate
def holds_forum(user, obj):
    process = round_of(obj)
    return process is not None and process.holds("forum")


@rules.predicate
def thread_is_open(user, thread):
    return thread is not None and not thread.is_closed


@rules.predicate
def post_is_visible(user, post):
    return post is not None and post.is_visible


NEEDS_FORUM = need(holds_forum, _("This process has no forum."))
THREAD_OPEN = need(
    thread_is_open, _("The thread is closed. You can read it, but no one can write in it any more.")
)

# A resident's post: the thread open, then the dialogue open for views, then who is asking
# ("sign in" is no help once the thread has closed).
declare(
    "forums.post_in_thread",
    need(round_is_published, NOT_PUBLISHED),
    NEEDS_FORUM,
    THREAD_OPEN,
    need(
        phase_allows(FORUM_POST),
        _("You can write in the forum only while the dialogue is open for views."),
    ),
    need(is_signed_in, _("Sign in to write in the forum.")),
    NOT_A_CODE_VOTER,
    ELIGIBLE,
)
# The municipality's answer: one of the process's case officers, while the thread is open (in
# any phase: questions can be answered after the dialogue has closed for views).
declare("forums.answer_thread", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL, NEEDS_FORUM, THREAD_OPEN)
declare(
    "forums.report_post",
    need(is_signed_in, _("Sign in to report content.")),
    need(post_is_visible, _("You cannot report this post.")),
)
# Threads, the forum's settings and pinning an answer: the process's case officers.
declare("forums.manage_forum", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL, NEEDS_FORUM)
declare("forums.close_thread", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL, NEEDS_FORUM, THREAD_OPEN)
# Approving posts under pre-moderation and hiding posts (also from the report queue).
declare(
    "forums.moderate",
    need(is_moderator, _("Only moderators can approve or hide posts.")),
    NEEDS_FORUM,
)
