"""The forum of a dialogue (processes.components, ADR 0004).

The forum brings no phase of its own: residents write while the dialogue is open for views
(the consultation's `consult` phase, registered by the surveys app), the capability
`FORUM_POST`. Its tab lists the threads; its set-up step counts them (optional: a dialogue
need not have a forum).
"""

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from delaktig.processes.components import Component, register_component
from delaktig.processes.phases import allow
from delaktig.processes.setup import DONE, OPTIONAL, Step
from delaktig.surveys.component import CONSULT

FORUM_POST = "forum_post"

allow(FORUM_POST, CONSULT)


def _setup_steps(process) -> list[Step]:
    from django.urls import reverse

    from .models import Thread

    url = reverse("forums_manage:threads", kwargs={"slug": process.slug})
    count = Thread.objects.filter(forum__process=process).count()
    if not count:
        return [
            Step(
                gettext("Forum"),
                url,
                OPTIONAL,
                gettext("Ask a question that residents can discuss while the dialogue is open."),
            )
        ]
    hint = ngettext("%(count)d thread.", "%(count)d threads.", count) % {"count": count}
    return [Step(gettext("Forum"), url, DONE, hint)]


register_component(
    Component(
        "forum",
        _("Forum"),
        tab=(_("Forum"), "forums:threads", "forum"),
        setup_steps=_setup_steps,
    )
)
