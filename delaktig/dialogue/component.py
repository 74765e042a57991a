"""The dialogue report: what the municipality heard, and what it did with it.

Two phase kinds close a dialogue: "report" (the dialogue report is published) and "feedback"
(återkoppling: "Ni sa – vi gjorde", after the decision). The `dialogue_report` component brings
them and the report's tab.
"""

from django.utils.translation import gettext_lazy as _

from delaktig.processes.components import Component, register_component
from delaktig.processes.phases import PhaseKind, register_phase_kind

REPORT = "report"
FEEDBACK = "feedback"

register_phase_kind(
    PhaseKind(
        REPORT,
        _("Report"),
        order=52,
        what_you_can_do=_("Read what the municipality heard and what happens now."),
        action=_("Read the report"),
        action_url="dialogue:report",
    )
)
register_phase_kind(
    PhaseKind(
        FEEDBACK,
        _("Feedback"),
        order=62,
        what_you_can_do=_("Read what was decided and how your views were used."),
        action=_("You said – we did"),
        action_url="dialogue:report",
    )
)


def _setup_steps(process) -> list:
    """The report in the dialogue's task list: written once the answers are in, so optional
    while the dialogue is being set up; done once a version is published."""
    from django.urls import reverse
    from django.utils.translation import gettext, ngettext

    from delaktig.processes.setup import DONE, OPTIONAL, Step

    from .models import ReportVersion

    url = reverse("dialogue_manage:compose", kwargs={"slug": process.slug})
    published = ReportVersion.objects.filter(report__process=process).count()
    if published:
        hint = ngettext("%(n)d version published.", "%(n)d versions published.", published) % {
            "n": published
        }
        return [Step(gettext("Dialogue report"), url, DONE, hint, after_publishing=True)]
    hint = gettext("Written when the answers have been read; published in the report phase.")
    return [Step(gettext("Dialogue report"), url, OPTIONAL, hint, after_publishing=True)]


register_component(
    Component(
        "dialogue_report",
        _("Dialogue report"),
        phase_kinds=(REPORT, FEEDBACK),
        tab=(_("Report"), "dialogue:report", "report"),
        setup_steps=_setup_steps,
    )
)
