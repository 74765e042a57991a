"""Reads of forums, shaped for their pages. The caller checks permissions."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from .models import Forum, Post, PostStatus, Thread
from .text import Rendered, render_post

# Top-level posts per page of a thread; each with all its replies (one level deep).
PER_PAGE = 20


def forum_settings(process) -> Forum | None:
    return Forum.objects.filter(process=process).first()


def threads_of(process):
    """The process's threads, open first, with the number of posts shown."""
    return (
        Thread.objects.filter(forum__process=process)
        .annotate(post_count=Count("posts", filter=Q(posts__status=PostStatus.VISIBLE)))
        .order_by("-status", "-created_at", "-pk")  # "open" before "closed"
    )


def get_thread(process, pk) -> Thread:
    """A thread of this process (404 otherwise), with what its page shows above the posts."""
    thread = get_object_or_404(
        Thread.objects.select_related("forum", "pinned__author"), forum__process=process, pk=pk
    )
    thread.forum.process = process  # the caller's, loaded with its permission
    return thread


def get_post(thread, pk, **filters) -> Post:
    post = get_object_or_404(Post.objects.select_related("author"), thread=thread, pk=pk, **filters)
    post.thread = thread
    return post


def shown_text(post: Post) -> Rendered:
    """The post's text as pages show it (text.render_post): a resident's e-mail addresses and
    phone numbers masked, the municipality's answer as written."""
    return render_post(post.body, mask=not post.by_municipality)


@dataclass
class ThreadPage:
    page: Page
    posts: list  # the page's top-level posts, each with `.replies_shown` and `.text`
    masked: bool  # some text on the page is not shown (an address or a number)


def _prepare(post: Post, thread: Thread) -> bool:
    post.thread = thread
    if post.is_visible:
        post.text = shown_text(post)
        return post.text.masked
    post.text = None
    return False


def thread_page(thread: Thread, number) -> ThreadPage:
    """One page of the thread: top-level posts, oldest first, each with its replies. Four
    queries however long the thread (count, the page, its replies; the thread itself is the
    caller's). Hidden posts keep their place and show their public reason."""
    top = (
        Post.objects.shown()
        .filter(thread=thread, parent__isnull=True)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    page = Paginator(top, PER_PAGE).get_page(number)
    posts = list(page.object_list)
    by_parent = {post.pk: post for post in posts}
    for post in posts:
        post.replies_shown = []
    if posts:
        replies = (
            Post.objects.shown()
            .filter(parent__in=list(by_parent))
            .select_related("author")
            .order_by("created_at", "pk")
        )
        for reply in replies:
            by_parent[reply.parent_id].replies_shown.append(reply)
    masked = False
    for post in posts:
        masked |= _prepare(post, thread)
        for reply in post.replies_shown:
            masked |= _prepare(reply, thread)
    if thread.pinned is not None:
        masked |= _prepare(thread.pinned, thread)
    return ThreadPage(page, posts, masked)


def page_of(post: Post) -> int:
    """The page of the thread a post is on (a reply: its parent's)."""
    top = post.parent if post.parent_id else post
    before = (
        Post.objects.shown()
        .filter(thread_id=post.thread_id, parent__isnull=True)
        .filter(Q(created_at__lt=top.created_at) | Q(created_at=top.created_at, pk__lt=top.pk))
        .count()
    )
    return before // PER_PAGE + 1


def pending_posts(process):
    """Posts waiting for a moderator (pre-moderation), oldest first."""
    return (
        Post.objects.pending()
        .in_process(process)
        .select_related("thread", "author", "parent")
        .order_by("created_at", "pk")
    )
