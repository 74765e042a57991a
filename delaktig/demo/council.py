"""The demo's council report (issue 13): an elected member (förtroendevald) and the report to
the council of the Nässjö round, made from whatever the round holds when this step runs. It
runs last in `load_demo`, after the follow-up's decision and projects (another module) if
those are loaded, and tolerates their absence: the report then says no decision is recorded
and no project is registered yet."""

from delaktig.council import services as council
from delaktig.council.tasks import make_council_report


def load_council(command, budget_round):
    """Make the round's report now (the demo has no task worker running) and leave it
    unpublished, so the elected member finds it waiting on their start page and a case
    officer can show the publishing step."""
    report = council.request_report(by=command.official, budget_round=budget_round)
    make_council_report.call(report.pk)
    return report
