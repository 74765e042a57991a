"""Residents' pages of a dialogue's forum: the threads, a thread, writing, replying, reporting.

Every page works without JavaScript: a reply to a post has its own small page with the post
above the form. One of the process's case officers writes on the same pages, and their posts are
the municipality's answers; the officials' own controls (pin, close) post to manage_views.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from delaktig.core.errors import FORM_ERRORS
from delaktig.core.forms import add_domain_error
from delaktig.core.permissions import require, why_not
from delaktig.processes.queries import get_round_for
from delaktig.proposals import services as reports

from . import queries, services
from .display import PostDisplay
from .forms import AnswerForm, PostForm, ReportForm
from .models import PostStatus

# Posting limits per account, counted in the shared cache (django-ratelimit): enough for a
# lively discussion, too few to flood a thread. Settings may change them.
POST_RATES = getattr(settings, "FORUM_POST_RATES", ("4/m", "30/h"))
POST_RATE_GROUP = "forums.post"
TOO_FAST = 429
# A form shown again with what to fix is an ordinary page (as a refused survey answer is), not
# an error status that the browser reports as a failed load.
SHOWN_AGAIN = 200


def _process(request, slug):
    process = get_round_for(request.user, slug)
    if not process.holds("forum"):
        raise Http404
    return process


def threads(request, slug):
    process = _process(request, slug)
    return render(
        request,
        "forums/thread_list.html",
        {
            "round": process,
            "threads": list(queries.threads_of(process)),
            "can_manage": request.user.has_perm("forums.manage_forum", process),
        },
    )


def _form_for(request, thread, data=None):
    if request.user.has_perm("forums.answer_thread", thread):
        return AnswerForm(data)
    return PostForm(data)


def _thread_context(request, process, thread, *, form=None, number=None):
    user = request.user
    shown = queries.thread_page(thread, number if number is not None else request.GET.get("sida"))
    may_answer = user.has_perm("forums.answer_thread", thread)
    refused = None if may_answer else why_not("forums.post_in_thread", user, thread)
    can_manage = user.has_perm("forums.manage_forum", process)
    display = PostDisplay.for_page(
        request,
        process.slug,
        thread,
        may_reply=not refused,
        may_report=user.is_authenticated,
        can_manage=can_manage,
    )
    for post in shown.posts:
        post.html = display.render(post)
        for reply in post.replies_shown:
            reply.html = display.render(reply)
    if thread.pinned is not None:
        thread.pinned.html = display.render(
            thread.pinned, prefix="utvalt", actions=False, pinned=True
        )
    return {
        "round": process,
        "thread": thread,
        "page": shown.page,
        "posts": shown.posts,
        "masked": shown.masked,
        "form": form if form is not None else (_form_for(request, thread) if not refused else None),
        "may_answer": may_answer,
        "post_refused": refused,
        "can_manage": can_manage,
        "can_close": user.has_perm("forums.close_thread", thread),
        "login_url": f"{reverse('account_login')}?next={request.path}",
    }


def thread(request, slug, pk):
    process = _process(request, slug)
    thread = queries.get_thread(process, pk)
    return render(request, "forums/thread.html", _thread_context(request, process, thread))


def _too_fast(request) -> bool:
    return any(
        is_ratelimited(
            request, group=f"{POST_RATE_GROUP}.{rate}", key="user", rate=rate, increment=True
        )
        for rate in POST_RATES
    )


def _send(request, thread, form, parent=None):
    """Post the form's text: a redirect to where it shows, or None with the error on the form
    (and the status to answer with)."""
    if not form.is_valid():
        return None, SHOWN_AGAIN
    if _too_fast(request):
        form.add_error(
            None,
            _(
                "You have written many posts in a short time. Wait a few minutes and send again: "
                "your text is kept below."
            ),
        )
        return None, TOO_FAST
    try:
        post = services.add_post(
            by=request.user, thread=thread, body=form.cleaned_data["body"], parent=parent
        )
    except FORM_ERRORS as error:
        add_domain_error(form, error)
        return None, SHOWN_AGAIN
    if post.status == PostStatus.PENDING:
        messages.success(
            request,
            _(
                "Thank you. Your post is sent to a moderator, and it is shown when it has been "
                "approved."
            ),
        )
        return redirect(thread.get_absolute_url()), None
    messages.success(request, _("Your post is published."))
    url = f"{thread.get_absolute_url()}?sida={queries.page_of(post)}#inlagg-{post.pk}"
    return redirect(url), None


@require_POST
@login_required
def post_create(request, slug, pk):
    process = _process(request, slug)
    thread = queries.get_thread(process, pk)
    if not request.user.has_perm("forums.answer_thread", thread):
        require("forums.post_in_thread", request.user, thread)
    form = _form_for(request, thread, request.POST)
    response, status = _send(request, thread, form)
    if response is not None:
        return response
    # The form is under the last page: show that page again (get_page(-1) is the last).
    context = _thread_context(request, process, thread, form=form, number=-1)
    return render(request, "forums/thread.html", context, status=status)


@login_required
def reply(request, slug, pk, post_pk):
    """A reply to one post, on a page of its own (the post above the form)."""
    process = _process(request, slug)
    thread = queries.get_thread(process, pk)
    parent = queries.get_post(thread, post_pk, status=PostStatus.VISIBLE)
    if not request.user.has_perm("forums.answer_thread", thread):
        require("forums.post_in_thread", request.user, thread)
    form = _form_for(request, thread, request.POST if request.method == "POST" else None)
    status = 200
    refused = None
    if parent.parent_id is not None:
        # Said above the form (the error summary), not as a form error: a GET has no bound form.
        refused = _(
            "You can reply to a post, but not to a reply. Write your reply under the same "
            "post instead."
        )
        status = SHOWN_AGAIN
    elif request.method == "POST":
        response, status = _send(request, thread, form, parent=parent)
        if response is not None:
            return response
    parent.text = queries.shown_text(parent)
    parent.html = PostDisplay.for_page(request, process.slug, thread).render(
        parent, prefix="svarar-pa", actions=False
    )
    return render(
        request,
        "forums/reply.html",
        {
            "round": process,
            "thread": thread,
            "parent": parent,
            "form": form,
            "service_error": refused,
        },
        status=status,
    )


@login_required
def report(request, slug, pk, post_pk):
    process = _process(request, slug)
    thread = queries.get_thread(process, pk)
    post = queries.get_post(thread, post_pk)
    require("forums.report_post", request.user, post)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reports.report_target(by=request.user, target=post, reason=form.cleaned_data["reason"])
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Thank you. A moderator will look at what you reported."))
            return redirect(f"{thread.get_absolute_url()}?sida={queries.page_of(post)}")
    post.text = queries.shown_text(post)
    post.html = PostDisplay.for_page(request, process.slug, thread).render(
        post, prefix="anmals", actions=False
    )
    return render(
        request,
        "forums/report_form.html",
        {"round": process, "thread": thread, "post": post, "form": form},
        status=SHOWN_AGAIN,
    )
