"""Officials' and moderators' pages of a forum: threads and settings, closing a thread with a
summary, pinning an answer, and approving or hiding posts under pre-moderation.

Reported posts are handled in the process's one report queue (proposals_manage:moderation),
which hides them through services.hide_post (moderation.py registers it).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from delaktig.core.confirm import confirmation, confirmed
from delaktig.core.errors import FORM_ERRORS, Conflict
from delaktig.core.forms import add_domain_error
from delaktig.core.permissions import require
from delaktig.processes.queries import get_round_for

from . import queries, services
from .forms import CloseForm, HideForm, SettingsForm, ThreadForm
from .models import Moderation, Post


def _process(request, slug, permission):
    process = get_round_for(request.user, slug)
    if not process.holds("forum"):
        raise Http404
    require(permission, request.user, process)
    return process


def _breadcrumbs(process, *extra):
    return [
        (_("Manage"), reverse("processes_manage:dashboard")),
        (process.name, reverse("processes_manage:round_manage", kwargs={"slug": process.slug})),
        (_("Forum"), reverse("forums_manage:threads", kwargs={"slug": process.slug})),
        *extra,
    ]


@login_required
def threads(request, slug):
    process = _process(request, slug, "forums.manage_forum")
    forum = queries.forum_settings(process)
    return render(
        request,
        "forums/manage/threads.html",
        {
            "round": process,
            "threads": list(queries.threads_of(process)),
            "moderation": forum.get_moderation_display() if forum else Moderation.AFTER.label,
            "pending": queries.pending_posts(process).count(),
            "can_moderate": request.user.has_perm("forums.moderate", process),
        },
    )


@login_required
def thread_create(request, slug):
    process = _process(request, slug, "forums.manage_forum")
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.start_thread(
                by=request.user,
                process=process,
                title=form.cleaned_data["title"],
                question=form.cleaned_data["question"],
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The thread is published. Residents can reply while the dialogue is open."),
            )
            return redirect(thread.get_absolute_url())
    return render(
        request,
        "forums/manage/thread_form.html",
        {"round": process, "form": form, "breadcrumbs": _breadcrumbs(process)},
        status=400 if form.errors else 200,
    )


@login_required
def forum_settings(request, slug):
    process = _process(request, slug, "forums.manage_forum")
    forum = queries.forum_settings(process)
    initial = {"moderation": forum.moderation if forum else Moderation.AFTER}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_moderation(
                by=request.user, process=process, moderation=form.cleaned_data["moderation"]
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The forum's settings are saved."))
            return redirect("forums_manage:threads", slug=process.slug)
    return render(
        request,
        "forums/manage/settings.html",
        {"round": process, "form": form, "breadcrumbs": _breadcrumbs(process)},
        status=400 if form.errors else 200,
    )


@login_required
def close(request, slug, pk):
    """The summary first, then the check page (core/confirm.py), then the close."""
    process = _process(request, slug, "forums.manage_forum")
    thread = queries.get_thread(process, pk)
    if thread.is_closed:
        messages.warning(request, _("The thread is already closed."))
        return redirect(thread.get_absolute_url())
    require("forums.close_thread", request.user, thread)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        summary = form.cleaned_data["summary"]
        if not confirmed(request):
            return confirmation(
                request,
                title=_("Close this thread?"),
                breadcrumbs=_breadcrumbs(process, (thread.title, thread.get_absolute_url())),
                rows=[
                    (_("Thread"), thread.title),
                    (_("Summary shown at the top"), Truncator(summary).chars(600)),
                ],
                consequences=[
                    _("Nobody can write in the thread any more; everyone can still read it."),
                    _("The summary is shown at the top of the thread."),
                    _("Those who follow the thread are told in their daily e-mail."),
                    _("A closed thread cannot be opened again."),
                ],
                hidden={"summary": summary},
                button=_("Yes, close the thread"),
                cancel=thread.get_absolute_url(),
            )
        try:
            services.close_thread(by=request.user, thread=thread, summary=summary)
        except Conflict as error:
            messages.warning(request, error.message)
            return redirect(thread.get_absolute_url())
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The thread is closed. The summary is shown at the top of it.")
            )
            return redirect(thread.get_absolute_url())
    return render(
        request,
        "forums/manage/close.html",
        {
            "round": process,
            "thread": thread,
            "form": form,
            "breadcrumbs": _breadcrumbs(process, (thread.title, thread.get_absolute_url())),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def pin(request, slug, pk, post_pk):
    process = _process(request, slug, "forums.manage_forum")
    thread = queries.get_thread(process, pk)
    post = queries.get_post(thread, post_pk)
    try:
        services.pin_post(by=request.user, post=post)
    except Conflict as error:
        messages.warning(request, error.message)
    else:
        messages.success(request, _("The post is pinned: it is shown first in the thread."))
    return redirect(thread.get_absolute_url())


@require_POST
@login_required
def unpin(request, slug, pk):
    process = _process(request, slug, "forums.manage_forum")
    thread = queries.get_thread(process, pk)
    services.unpin(by=request.user, thread=thread)
    messages.success(request, _("The post is no longer pinned."))
    return redirect(thread.get_absolute_url())


# -- pre-moderation ----------------------------------------------------------------------------


def _render_queue(request, process, failed=None, status=200):
    posts = list(queries.pending_posts(process))
    for post in posts:
        post.text = queries.shown_text(post)
        if failed is not None and failed[0].pk == post.pk:
            post.hide_form = failed[1]
        else:
            post.hide_form = HideForm(prefix=f"post-{post.pk}")
    return render(
        request,
        "forums/manage/moderation.html",
        {
            "round": process,
            "posts": posts,
            "reports_url": reverse("proposals_manage:moderation", kwargs={"slug": process.slug}),
        },
        status=status,
    )


@login_required
def moderation(request, slug):
    process = _process(request, slug, "forums.moderate")
    return _render_queue(request, process)


def _pending_post(process, pk) -> Post:
    return get_object_or_404(queries.pending_posts(process), pk=pk)


def _queue_crumbs(process):
    queue = reverse("forums_manage:moderation", kwargs={"slug": process.slug})
    crumbs = [
        (_("Manage"), reverse("processes_manage:dashboard")),
        (process.name, process.get_absolute_url()),
        (_("Posts waiting for approval"), queue),
    ]
    return crumbs, queue


@login_required
def approve(request, slug, pk):
    """Check before approving; only the check page's button shows the post."""
    process = _process(request, slug, "forums.moderate")
    post = _pending_post(process, pk)
    crumbs, queue = _queue_crumbs(process)
    if not confirmed(request):
        return confirmation(
            request,
            title=_("Show this post?"),
            breadcrumbs=crumbs,
            rows=[(_("Thread"), post.thread.title), (_("Post"), Truncator(post.body).chars(600))],
            consequences=[
                _("Everyone can read the post in the thread, with the writer's name."),
                _("Those who follow the thread are told in their daily e-mail."),
                _("To take it down later, hide it with a reason."),
            ],
            button=_("Yes, show the post"),
            cancel=queue,
        )
    try:
        services.approve_post(by=request.user, post=post)
    except Conflict as error:
        messages.warning(request, error.message)
    else:
        messages.success(request, _("The post is shown in the thread."))
    return redirect("forums_manage:moderation", slug=process.slug)


@login_required
def reject(request, slug, pk):
    """Hide a waiting post with a public reason: the reason, then the check page."""
    process = _process(request, slug, "forums.moderate")
    post = _pending_post(process, pk)
    if request.method != "POST":
        return redirect("forums_manage:moderation", slug=process.slug)
    form = HideForm(request.POST, prefix=f"post-{post.pk}")
    if form.is_valid() and not confirmed(request):
        crumbs, queue = _queue_crumbs(process)
        reason = form.cleaned_data["reason"]
        return confirmation(
            request,
            title=_("Hide this post?"),
            breadcrumbs=crumbs,
            rows=[(_("Thread"), post.thread.title), (_("Reason shown instead"), reason)],
            consequences=[
                _("Everyone sees the reason below instead of the text."),
                _("You cannot show it again from here."),
            ],
            hidden={form.add_prefix("reason"): reason},
            button=_("Yes, hide it"),
            danger=True,
            cancel=queue,
        )
    if form.is_valid():
        try:
            services.hide_post(by=request.user, obj=post, reason=form.cleaned_data["reason"])
        except Conflict as error:
            messages.warning(request, error.message)
            return redirect("forums_manage:moderation", slug=process.slug)
        except FORM_ERRORS as error:
            form.add_error("reason", error.message)
        else:
            messages.success(request, _("The post is hidden and the reason is shown instead."))
            return redirect("forums_manage:moderation", slug=process.slug)
    return _render_queue(request, process, failed=(post, form), status=400)
