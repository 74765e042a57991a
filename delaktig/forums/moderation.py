"""Forum posts in the one report queue (proposals.reportables) and posts waiting for approval
on the start page under "Hantera" (processes.worklist). Registered from `ready()`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from delaktig.processes.worklist import Task, register_worklist
from delaktig.proposals.reportables import Reportable, register_reportable

from . import services
from .models import Post

register_reportable(
    Post,
    Reportable(
        label=_("Forum post"),
        title=lambda post: post.thread.title,
        text=lambda post: post.body,
        url=lambda post: post.get_absolute_url(),
        hide=services.hide_post,
        report_permission="forums.report_post",
        process=lambda post: post.thread.forum.process,
    ),
)


def waiting_posts(user, process) -> list[Task]:
    """Posts waiting for a moderator's approval (pre-moderated forums)."""
    if not process.holds("forum") or not user.has_perm("forums.moderate", process):
        return []
    count = Post.objects.pending().in_process(process).count()
    if not count:
        return []
    text = ngettext(
        "%(count)d forum post waits for approval",
        "%(count)d forum posts wait for approval",
        count,
    )
    url = reverse("forums_manage:moderation", kwargs={"slug": process.slug})
    return [Task(text % {"count": count}, url, 22)]


register_worklist(waiting_posts)
