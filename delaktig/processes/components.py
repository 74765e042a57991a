"""Processes are spaces that hold components (ADR 0004).

A *component* is what an app adds to a process: proposals, their assessment, a vote, a result
(and, as the dialogue apps arrive, surveys, reports, meetings, forums, follow-up). Each app
registers its component in its `AppConfig.ready()` with the phase kinds it brings, the phases a
process holding it must have, and the tab it adds to the process's pages.

A *process kind* (a budget round, a dialogue) says which components a process of that kind
holds and whether it has money. A process with no vote is valid: its kind holds no voting
component, so no voting phase is required of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core import checks
from django.utils.translation import gettext_lazy as _

from . import phases


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    phase_kinds: tuple[str, ...] = ()
    required_phases: tuple[str, ...] = ()
    # The tab on the process's public pages: (label, URL name taking `slug`, tab key), or None.
    tab: tuple[str, str, str] | None = None
    # describe(process) -> [(heading, [sentence, ...]), ...]: the component's rules as they are
    # configured, generated for the process's page so they cannot contradict the free text.
    describe: Callable | None = None
    # opening_problems(process) -> [sentence, ...]: what stops the process's binding phase (the
    # vote) from opening, such as an empty ballot; "Öppna omröstningen nu" refuses while any.
    opening_problems: Callable | None = None
    # tab_shown(process) -> bool: whether the tab appears (a budget round's surveys tab only
    # when it holds a published survey). None: always.
    tab_shown: Callable | None = None
    # setup_steps(process) -> [processes.setup.Step, ...]: the component's own steps in the
    # task list an official sets a process up with (a dialogue's surveys). The app that owns
    # the component builds them, links included, so processes never names its URLs.
    setup_steps: Callable | None = None
    # page_section(process, user) -> (template name, context) or None: a small section the
    # component adds to the process's own page (a budget round's open surveys). Asked only by
    # that page, never by the ballot or other tabs.
    page_section: Callable | None = None


@dataclass(frozen=True)
class ProcessKind:
    key: str
    label: str
    components: tuple[str, ...]
    needs_money: bool = False
    description: str = ""
    # Whether the process must say which decision it informs (who decides, on what, when)
    # before it is published: a dialogue's views are asked for a decision.
    needs_decision: bool = False
    # Sentences on the process's pages where the kind's word matters ("the round").
    not_started_text: str = phases.NOT_STARTED_TEXT
    ended_text: str = phases.ENDED_TEXT
    about_label: str = _("About the round")

    def holds(self, component_key: str) -> bool:
        return component_key in self.components

    def component_specs(self) -> list[Component]:
        return [_COMPONENTS[key] for key in self.components if key in _COMPONENTS]

    def opening_problems(self, process) -> list[str]:
        """Every component's reasons why voting cannot open now, in component order."""
        return [
            str(problem)
            for c in self.component_specs()
            if c.opening_problems is not None
            for problem in c.opening_problems(process)
        ]

    def describe(self, process) -> list[tuple[str, list[str]]]:
        """Every component's configured rules for `process`, in component order."""
        return [
            section
            for c in self.component_specs()
            if c.describe is not None
            for section in c.describe(process)
        ]

    def setup_steps(self, process) -> list:
        """Every component's own set-up steps for `process`, in component order."""
        return [
            step
            for c in self.component_specs()
            if c.setup_steps is not None
            for step in c.setup_steps(process)
        ]

    def page_sections(self, process, user) -> list[tuple[str, dict]]:
        """The sections the components add to the process's page, in component order."""
        sections = [
            c.page_section(process, user)
            for c in self.component_specs()
            if c.page_section is not None
        ]
        return [section for section in sections if section]

    def required_phases(self) -> list[str]:
        keys = {k for c in self.component_specs() for k in c.required_phases}
        return [k for k in phases.phase_order() if k in keys]

    def phase_kinds(self) -> list[str]:
        """The phase kinds a process of this kind can have, in order: information, and those
        of its components."""
        keys = {phases.INFORM} | {k for c in self.component_specs() for k in c.phase_kinds}
        return [k for k in phases.phase_order() if k in keys]


_COMPONENTS: dict[str, Component] = {}
_KINDS: dict[str, ProcessKind] = {}


def register_component(component: Component) -> Component:
    _COMPONENTS[component.key] = component
    return component


def register_process_kind(kind: ProcessKind) -> ProcessKind:
    _KINDS[kind.key] = kind
    return kind


def component(key: str) -> Component:
    return _COMPONENTS[key]


def process_kind(key: str) -> ProcessKind:
    return _KINDS[key]


def kind_choices() -> list[tuple[str, str]]:
    """For `BudgetRound.kind` (a callable: a new kind needs no migration)."""
    return [(k.key, k.label) for k in _KINDS.values()]


# Who may take part, in sentences, for a process's page: the eligibility app knows (the roll,
# age limits); it registers the function in its ready(). None: the process's own rule is shown.
_AUDIENCE: list[Callable] = []


def register_audience_description(function: Callable) -> None:
    _AUDIENCE[:] = [function]


def describe_audience(process) -> list[str] | None:
    return _AUDIENCE[0](process) if _AUDIENCE else None


BUDGET = "budget"
DIALOGUE = "dialogue"

# The two kinds of process. Their components are named here and registered by their apps; the
# system check below says if a kind names a component no installed app provides.
register_process_kind(
    ProcessKind(
        BUDGET,
        _("Budget round"),
        components=(
            "proposals",
            "assessments",
            "voting",
            "results",
            "followup",
            "surveys",
            "goals",
            "meetings",
            "council_report",
        ),
        needs_money=True,
        description=_("Residents or employees propose, vote and decide how money is spent."),
    )
)
register_process_kind(
    ProcessKind(
        DIALOGUE,
        _("Dialogue"),
        components=("consultation", "surveys", "forum", "dialogue_report", "goals", "meetings"),
        description=_("The municipality asks for views before a decision; there is no vote."),
        needs_decision=True,
        not_started_text=_("The dialogue has not started yet."),
        ended_text=_("The dialogue has ended."),
        about_label=_("About the dialogue"),
    )
)


@checks.register
def components_are_registered(app_configs=None, **kwargs):
    missing_components = [
        checks.Error(
            f"Process kind {kind.key!r} holds component {key!r}, which no installed app registers.",
            id="processes.E001",
        )
        for kind in _KINDS.values()
        for key in kind.components
        if key not in _COMPONENTS
    ]
    order = phases.phase_order()
    missing_phases = [
        checks.Error(
            f"Component {comp.key!r} names phase kind {key!r}, which is not registered.",
            id="processes.E002",
        )
        for comp in _COMPONENTS.values()
        for key in (*comp.phase_kinds, *comp.required_phases)
        if key not in order
    ]
    return missing_components + missing_phases
