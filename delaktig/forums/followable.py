"""A forum thread can be followed (following.registry) while its dialogue is public; new
visible posts, the municipality's answers and the closing summary are told to its followers
(services record the events, with the thread's question and the municipality's words only)."""

from django.utils.translation import gettext_lazy as _

from delaktig.following.registry import Followable, register, register_event_kind

from .models import Thread

register(
    Followable(
        key="thread",
        model=Thread,
        is_public=lambda t: t.forum.process.is_published,
        process_of=lambda t: t.forum.process,
        title_of=lambda t: t.title,
        path_of=lambda t: t.get_absolute_url(),
        label=_("discussion"),
        following=_("You follow the discussion %(title)s."),
        related=("forum__process",),
    )
)
register_event_kind("thread.post", _("New post"))
register_event_kind("thread.answer", _("The municipality answered"))
register_event_kind("thread.closed", _("The discussion was closed"))
