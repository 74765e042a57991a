"""Every write on forums: threads, posts, moderation, pinning and closing.

Each function takes keyword arguments, the actor first; asks the same permission as the view;
writes in one transaction with an audit event that names posts by number, never by their text
(the log is kept for ever); raises a DomainError with a sentence. Followers of a thread
(the following app) are told in the same transaction when a post becomes visible, when the
municipality answers and when the thread is closed.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from delaktig.audit.services import record
from delaktig.core.errors import Conflict, InvalidInput
from delaktig.core.permissions import require
from delaktig.following import services as following
from delaktig.proposals.services import resolve_reports_on

from .models import (
    BODY_MAX,
    QUESTION_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    Forum,
    Moderation,
    Post,
    PostStatus,
    Thread,
    ThreadStatus,
)

# What followers of a thread are told (following.Event.kind).
EVENT_POST = "thread.post"
EVENT_ANSWER = "thread.answer"
EVENT_CLOSED = "thread.closed"

HIDE_REASON_MAX = 1000


def forum_of(process) -> Forum:
    """The process's forum (its settings), made on first use."""
    return Forum.objects.get_or_create(process=process)[0]


def _text(value: str, *, limit: int, empty: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(empty, field=field)
    if len(value) > limit:
        raise InvalidInput(
            _("Write at most %(limit)d characters. You have written %(count)d.")
            % {"limit": limit, "count": len(value)},
            field=field,
        )
    if "\x00" in value:
        raise InvalidInput(_("The text holds a character that cannot be saved."), field=field)
    return value


def _one_line(value: str, *, field: str) -> str:
    if any(ch in value for ch in "\r\n\t\u2028\u2029"):
        raise InvalidInput(_("Write the question on one line."), field=field)
    return value


def set_moderation(*, by, process, moderation: str) -> Forum:
    require("forums.manage_forum", by, process)
    if moderation not in Moderation.values:
        raise InvalidInput(_("Choose how posts are moderated."), field="moderation")
    with transaction.atomic():
        forum = Forum.objects.select_for_update().get(pk=forum_of(process).pk)
        if forum.moderation != moderation:
            forum.moderation = moderation
            forum.save(update_fields=["moderation", "updated_at"])
            record(by, "forum.moderation_changed", forum, round_id=process.pk, to=moderation)
    return forum


def start_thread(*, by, process, title: str, question: str = "") -> Thread:
    """A question from the municipality, open for replies at once."""
    require("forums.manage_forum", by, process)
    title = _one_line(
        _text(title, limit=TITLE_MAX, empty=_("Write the question."), field="title"),
        field="title",
    )
    question = (question or "").strip()
    if question:
        question = _text(question, limit=QUESTION_MAX, empty="", field="question")
    with transaction.atomic():
        thread = Thread.objects.create(
            forum=forum_of(process), title=title, question=question, created_by=by
        )
        record(by, "forum.thread_started", thread, round_id=process.pk)
    return thread


def _tell_followers(thread: Thread, kind: str, summary: str = "") -> None:
    following.record(
        thread,
        kind,
        title=thread.title,
        summary=summary,
        path=thread.get_absolute_url(),
        process=thread.forum.process,
    )


def _check_parent(thread: Thread, parent: Post | None) -> None:
    if parent is None:
        return
    if parent.thread_id != thread.pk or not parent.is_visible:
        raise InvalidInput(_("The post you replied to could not be found."), field="body")
    if parent.parent_id is not None:
        raise InvalidInput(
            _(
                "You can reply to a post, but not to a reply. Write your reply under the same "
                "post instead."
            ),
            field="body",
        )


def add_post(*, by, thread: Thread, body: str, parent: Post | None = None) -> Post:
    """A reply to the thread, or to one of its posts (one level deep). One of the process's case
    officers answers as the municipality; a resident's post waits for a moderator when the
    forum is pre-moderated."""
    as_municipality = by.has_perm("forums.answer_thread", thread)
    if not as_municipality:
        require("forums.post_in_thread", by, thread)
    body = _text(body, limit=BODY_MAX, empty=_("Write your post."), field="body")
    _check_parent(thread, parent)
    with transaction.atomic():
        # Locked, and asked again: a close that committed since is respected.
        locked = (
            Thread.objects.select_for_update().select_related("forum__process").get(pk=thread.pk)
        )
        if locked.is_closed:
            raise Conflict(
                _("The thread is closed. You can read it, but no one can write in it any more.")
            )
        waits = not as_municipality and locked.forum.premoderated
        now = timezone.now()
        post = Post.objects.create(
            thread=locked,
            parent=parent,
            author=by,
            body=body,
            by_municipality=as_municipality,
            status=PostStatus.PENDING if waits else PostStatus.VISIBLE,
            shown_at=None if waits else now,
        )
        record(
            by,
            "forum.post_added",
            post,
            round_id=locked.forum.process_id,
            thread=locked.pk,
            parent=parent.pk if parent else None,
            municipality=as_municipality,
            pending=waits,
            length=len(body),
        )
        if as_municipality:
            _tell_followers(locked, EVENT_ANSWER, Truncator(body).chars(300))
        elif not waits:
            # A resident's words stay in this app (where account deletion reaches them): the
            # event says only that the thread has a new post.
            _tell_followers(locked, EVENT_POST)
    return post


def _locked_post(post: Post) -> Post:
    return Post.objects.select_for_update().select_related("thread__forum__process").get(pk=post.pk)


def approve_post(*, by, post: Post) -> Post:
    """Pre-moderation: a moderator lets a waiting post show."""
    require("forums.moderate", by, post.thread.forum.process)
    with transaction.atomic():
        post = _locked_post(post)
        if post.status != PostStatus.PENDING:
            raise Conflict(_("This post has already been handled."))
        post.status = PostStatus.VISIBLE
        post.shown_at = timezone.now()
        post.save(update_fields=["status", "shown_at", "updated_at"])
        record(by, "forum.post_approved", post, round_id=post.thread.forum.process_id)
        _tell_followers(post.thread, EVENT_POST)
    return post


def hide_post(*, by, obj: Post, reason: str) -> Post:
    """Hide a post (reported, or waiting under pre-moderation) with a public reason shown in its
    place. Open reports on it are closed; a pinned post is unpinned. Registered with the report
    queue (proposals.reportables) as this app's `hide`."""
    require("forums.moderate", by, obj.thread.forum.process)
    reason = _text(
        reason,
        limit=HIDE_REASON_MAX,
        empty=_("Write the public reason for hiding."),
        field="reason",
    )
    with transaction.atomic():
        post = _locked_post(obj)
        if post.is_hidden:
            raise Conflict(_("This post is already hidden."))
        post.status = PostStatus.HIDDEN
        post.hidden_reason = reason
        post.save(update_fields=["status", "hidden_reason", "updated_at"])
        unpinned = Thread.objects.filter(pk=post.thread_id, pinned=post).update(pinned=None)
        resolved = resolve_reports_on(by=by, target=post)
        # The reason stays on the post (public, forgotten with it), not in the log.
        record(
            by,
            "forum.post_hidden",
            post,
            round_id=post.thread.forum.process_id,
            reason_length=len(reason),
            reports_resolved=resolved,
            unpinned=bool(unpinned),
        )
    return post


def pin_post(*, by, post: Post) -> Thread:
    """Show this answer first in its thread (one pinned post per thread; pinning another
    replaces it)."""
    thread = post.thread
    require("forums.manage_forum", by, thread.forum.process)
    with transaction.atomic():
        post = _locked_post(post)
        if not post.is_visible:
            raise Conflict(_("Only a post that is shown can be pinned."))
        Thread.objects.filter(pk=thread.pk).update(pinned=post, updated_at=timezone.now())
        record(by, "forum.post_pinned", post, round_id=thread.forum.process_id, thread=thread.pk)
    thread.refresh_from_db(fields=["pinned"])
    return thread


def unpin(*, by, thread: Thread) -> Thread:
    require("forums.manage_forum", by, thread.forum.process)
    with transaction.atomic():
        changed = Thread.objects.filter(pk=thread.pk, pinned__isnull=False).update(
            pinned=None, updated_at=timezone.now()
        )
        if changed:
            record(by, "forum.post_unpinned", thread, round_id=thread.forum.process_id)
    thread.refresh_from_db(fields=["pinned"])
    return thread


def close_thread(*, by, thread: Thread, summary: str) -> Thread:
    """Close the thread with the municipality's summary: it takes no more posts. Posts written
    before the close that wait for a moderator can still be approved or hidden."""
    require("forums.close_thread", by, thread)
    summary = _text(
        summary, limit=SUMMARY_MAX, empty=_("Write a summary of the thread."), field="summary"
    )
    with transaction.atomic():
        locked = (
            Thread.objects.select_for_update().select_related("forum__process").get(pk=thread.pk)
        )
        if locked.is_closed:
            raise Conflict(_("The thread is already closed."))
        locked.status = ThreadStatus.CLOSED
        locked.summary = summary
        locked.closed_at = timezone.now()
        locked.closed_by = by
        locked.save(update_fields=["status", "summary", "closed_at", "closed_by", "updated_at"])
        record(
            by,
            "forum.thread_closed",
            locked,
            round_id=locked.forum.process_id,
            summary_length=len(summary),
        )
        _tell_followers(locked, EVENT_CLOSED, Truncator(summary).chars(300))
    return locked
