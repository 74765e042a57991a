"""Setting up a round as a task list (issue 11, GOV.UK "task list"): each step with its status,
in the order an official takes them, on the round's manage page.

The steps of the components come through their registrations: the ballot's status is what the
voting component reports would stop voting from opening (`opening_problems`), so the list and
"Öppna omröstningen nu" agree.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

DONE, TODO, OPTIONAL, CANNOT_YET = "done", "todo", "optional", "cannot_yet"


@dataclass(frozen=True)
class Step:
    title: str
    url: str | None
    status: str
    hint: str = ""
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
    slug = {"slug": budget_round.slug}
    has_areas = budget_round.areas.exists()
    has_phases = budget_round.phases.exists()
    result = [
        Step(_("Details"), reverse("processes_manage:round_edit", kwargs=slug), DONE),
        Step(
            _("Areas and their money") if budget_round.has_money else _("Areas"),
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
