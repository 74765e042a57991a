"""The council report as a component of a budget round (processes.components): no phase of
its own, no tab; a section on the round's page with the published report, asked by that page
only (one query)."""

from django.utils.translation import gettext_lazy as _

from delaktig.processes.components import Component, register_component


def _published_report_section(process, user):
    from .queries import published_report

    if not process.holds("voting"):
        return None
    report = published_report(process)
    if report is None:
        return None
    return "council/_round_section.html", {"round": process, "report": report}


register_component(
    Component(
        "council_report",
        _("Report to the council"),
        page_section=_published_report_section,
    )
)
