"""The steps that need a second official. Each app registers its own (in AppConfig.ready), so
this app knows none of them: a new sensitive step is a new registration, not an edit here."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    action: str
    # run(by=approver, approval=approval) -> dict stored as the approval's result. Runs inside
    # the approving transaction; raises a DomainError to refuse (nothing is then changed).
    run: Callable
    # describe(approval) -> a sentence saying what will happen, for the "check" page.
    describe: Callable
    # The permission both officials need on the round.
    permission: str
    # where(approval) -> URL to go to after approval (e.g. the code sheet's page), or None.
    where: Callable | None = None


_STEPS: dict[str, Step] = {}


def register(step: Step) -> None:
    _STEPS[step.action] = step


def step_for(action: str) -> Step:
    return _STEPS[action]
