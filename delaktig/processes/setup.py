"""Setting up a round as a task list (issue 11, GOV.UK "task list"): each step with its status,
in the order an official takes them, on the round's manage page.

The steps of the components come through their registrations: the ballot's status is what the
voting component reports would stop voting from opening (`opening_problems`), so the list and
"Öppna omröstningen nu" agree. A component may add steps of its own (`Component.setup_steps`:
a dialogue's surveys), built by the app that owns it.

A budget round: details, areas and their money, who may take part, timetable, ballot and
counting rule, preview and publish. A dialogue has no money, areas or ballot: details (with the
decision it informs), who may take part, timetable, its components' steps, preview and publish.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import phases as phase_registry

DONE, TODO, OPTIONAL, CANNOT_YET = "done", "todo", "optional", "cannot_yet"


@dataclass(frozen=True)
class Step:
    title: str
    url: str | None
    status: str
    hint: str = ""
    # A step of the process's life after publishing (the dialogue report): listed after
    # "Preview and publish".
    after_publishing: bool = False
    links: tuple[tuple[str, str], ...] = ()  # (label, url) of pages that belong to the step

    @property
    def status_label(self) -> str:
        return {
            DONE: _("Done"),
            TODO: _("Not done"),
            OPTIONAL: _("Optional"),
            CANNOT_YET: _("Cannot start yet"),
        }[self.status]


def steps(budget_round) -> list[Step]:
    if budget_round.has_money:
        return _budget_steps(budget_round)
    return _steps_without_money(budget_round)


def _publish_step(budget_round, problems: list[str]) -> Step:
    slug = {"slug": budget_round.slug}
    if budget_round.is_published:
        return Step(_("Preview and publish"), None, DONE)
    return Step(
        _("Preview and publish"),
        reverse("processes_manage:round_publish", kwargs=slug),
        CANNOT_YET if problems else TODO,
        " ".join(str(p) for p in problems),
    )


def _steps_without_money(process) -> list[Step]:
    """A dialogue: what it is about and the decision it informs, who may take part, when,
    what its components need (surveys), then preview and publish."""
    slug = {"slug": process.slug}
    spec = process.kind_spec
    have = {p.kind for p in process.phases.all()}
    missing_phases = [k for k in spec.required_phases() if k not in have]
    decision_missing = spec.needs_decision and not process.informs_decision
    own = spec.setup_steps(process)
    return [
        Step(
            _("Details and the decision it informs"),
            reverse("processes_manage:round_edit", kwargs=slug),
            TODO if decision_missing else DONE,
            _("Say who decides, on what and when.") if decision_missing else "",
        ),
        Step(
            _("Who may take part"),
            reverse("eligibility_manage:index", kwargs=slug),
            DONE,
            " ".join(process.audience_sentences()),
        ),
        Step(
            _("Timetable"),
            reverse("processes_manage:schedule_edit", kwargs=slug),
            TODO if not have or missing_phases else DONE,
            " ".join(
                _("Add the phase “%(phase)s”.") % {"phase": phase_registry.label(k)}
                for k in missing_phases
            ),
        ),
        *[s for s in own if not s.after_publishing],
        _publish_step(process, process.publish_problems()),
        *[s for s in own if s.after_publishing],
    ]


def _budget_steps(budget_round) -> list[Step]:
    slug = {"slug": budget_round.slug}
    has_areas = budget_round.areas.exists()
    has_phases = budget_round.phases.exists()
    result = [
        Step(_("Details"), reverse("processes_manage:round_edit", kwargs=slug), DONE),
        Step(
            _("Areas and their money"),
            reverse("processes_manage:areas_edit", kwargs=slug),
            DONE if has_areas else OPTIONAL,
            "" if has_areas else _("Without areas the whole round has one budget."),
        ),
        Step(
            _("Who may take part"),
            reverse("eligibility_manage:index", kwargs=slug),
            DONE,
            " ".join(budget_round.audience_sentences()),
        ),
        Step(
            _("Timetable"),
            reverse("processes_manage:schedule_edit", kwargs=slug),
            DONE if has_phases else TODO,
        ),
    ]
    if budget_round.holds("voting"):
        problems = budget_round.kind_spec.opening_problems(budget_round)
        result.append(
            Step(
                _("Ballot and counting rule"),
                reverse("voting_manage:index", kwargs=slug),
                TODO if problems else DONE,
                " ".join(problems),
                # The ballot as voters will see it; the page says so while there is none.
                links=(
                    (_("Preview the ballot"), reverse("voting_manage:preview_round", kwargs=slug)),
                ),
            )
        )
    result.append(
        Step(
            _("Preview and publish"),
            reverse("processes_manage:round_publish", kwargs=slug)
            if not budget_round.is_published
            else None,
            DONE if budget_round.is_published else (TODO if has_phases else CANNOT_YET),
            "" if has_phases or budget_round.is_published else _("Add the timetable first."),
        )
    )
    if budget_round.holds("voting"):
        result.append(_open_voting_step(budget_round, slug))
    return result


def _open_voting_step(budget_round, slug) -> Step:
    """The last step: voting opens by itself at its planned start, or now ("Öppna omröstningen
    nu", which says what happens first and refuses an empty ballot), so the new official reaches
    an open vote from the task list (issue 11)."""
    phase = budget_round.binding_phase()
    if phase is None:
        return Step(_("Open voting"), None, CANNOT_YET, _("Add voting to the timetable first."))
    if budget_round.rules_frozen():
        return Step(_("Open voting"), None, DONE, _("Voting has opened."))
    if not budget_round.is_published:
        return Step(_("Open voting"), None, CANNOT_YET, _("Publish the round first."))
    return Step(
        _("Open voting"),
        reverse("processes_manage:open_voting_now", kwargs=slug),
        OPTIONAL,
        _("Voting opens by itself on %(start)s, or open it now.")
        % {"start": date_format(timezone.localtime(phase.starts_at), "j F Y H:i")},
    )
