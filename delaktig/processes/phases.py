"""Phase kinds and what each allows: a registry each app fills in, not one closed table.

A process (a budget round, a dialogue) runs through dated phases. Each app that adds something
people do declares, in its `AppConfig.ready()`:

- its phase kinds (`register_phase_kind`): the proposals app the proposal phase, voting the
  voting phase, and so on, each with its place in the order and the sentence that tells a
  visitor what they can do while it runs;
- its capabilities and the phase kinds that allow them (`allow`): "comment" in the proposal,
  assessment and voting phases, "cast_ballot" in the voting phase.

Predicates ask `process.allows(capability)`; views never compare dates. A phase kind may be
*binding* (`binding=True`, the vote): once it opens the process's rules are frozen, its start
stays, its end moves only later while it is open, and nothing of it changes after it closes
(processes.services.set_schedule).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PhaseKind:
    key: str
    label: str
    order: int
    what_you_can_do: str
    binding: bool = False
    # The one primary action while a phase of this kind runs (issue 11): the button text, with
    # %(date)s for the phase's last day if it has an end, and the URL name (taking `slug`)
    # where it leads. Pages that need a signed-in person send them on to sign in and back.
    action: str | None = None
    action_with_date: str | None = None
    action_url: str | None = None
    # The sentence for a kind of process where it differs from `what_you_can_do`:
    # ((process kind, sentence), ...). The information phase tells a budget round's visitors
    # about proposals, a dialogue's about answering.
    what_you_can_do_in: tuple[tuple[str, str], ...] = ()

    def __str__(self):
        return str(self.label)

    def can_do(self, process_kind: str) -> str:
        """What a visitor can do while this phase runs, in a process of `process_kind`."""
        return dict(self.what_you_can_do_in).get(process_kind, self.what_you_can_do)


_KINDS: dict[str, PhaseKind] = {}
_ALLOWS: dict[str, set[str]] = {}


def register_phase_kind(kind: PhaseKind) -> PhaseKind:
    known = _KINDS.get(kind.key)
    if known is not None and known != kind:
        raise ValueError(f"Phase kind {kind.key!r} is already registered differently")
    if any(k.order == kind.order and k.key != kind.key for k in _KINDS.values()):
        raise ValueError(f"Phase kind {kind.key!r}: another kind has order {kind.order}")
    _KINDS[kind.key] = kind
    return kind


def allow(capability: str, *phase_keys: str) -> None:
    """`capability` is allowed while a phase of any of `phase_keys` runs."""
    for key in phase_keys:
        _ALLOWS.setdefault(key, set()).add(capability)


def kinds() -> list[PhaseKind]:
    """Every registered phase kind, in the order phases run."""
    return sorted(_KINDS.values(), key=lambda k: k.order)


def kind(key: str) -> PhaseKind:
    return _KINDS[key]


def phase_order() -> list[str]:
    return [k.key for k in kinds()]


def choices() -> list[tuple[str, str]]:
    """For `Phase.kind` (a callable, so a new app's phase kind needs no migration)."""
    return [(k.key, k.label) for k in kinds()]


def label(key: str) -> str:
    return str(_KINDS[key].label) if key in _KINDS else key


def allowed(phase_key: str | None) -> frozenset[str]:
    if phase_key is None:
        return frozenset()
    return frozenset(_ALLOWS.get(phase_key, ()))


def primary_action(process, at=None) -> tuple[str, str] | None:
    """(text, URL) of the one thing to do in `process` now, or None (draft, nothing running,
    or a phase kind without an action)."""
    from django.urls import reverse
    from django.utils import formats, timezone

    if not process.is_published:
        return None
    phase = process.current_phase(at)
    if phase is None or phase.kind not in _KINDS:
        return None
    kind_ = _KINDS[phase.kind]
    if not kind_.action_url:
        return None
    if phase.ends_at and kind_.action_with_date:
        last_day = timezone.localtime(phase.ends_at)
        text = kind_.action_with_date % {"date": formats.date_format(last_day, "j F")}
    else:
        text = str(kind_.action)
    return text, reverse(kind_.action_url, kwargs={"slug": process.slug})


def binding_keys() -> list[str]:
    return [k.key for k in kinds() if k.binding]


# The phase every process has: telling people what it is about. Registered here, since the
# processes app is what every component app builds on.
INFORM = "inform"
COMMENT = "comment"  # discussing: the proposals app's comments, later forums

register_phase_kind(
    PhaseKind(
        INFORM,
        _("Information"),
        order=10,
        what_you_can_do=_(
            "Read about the round. Proposals can be sent in when the next phase starts."
        ),
        what_you_can_do_in=(
            (
                "dialogue",
                _(
                    "Read about the dialogue and the decision it informs. You can give your "
                    "views when the next phase starts."
                ),
            ),
        ),
    )
)
NOT_STARTED_TEXT = _("The round has not started yet.")
ENDED_TEXT = _("The round has ended.")
DRAFT_TEXT = _(
    "This is a draft. Only case officers can see it; residents see it once it is published."
)
BETWEEN_TEXT = _("Nothing is open right now. The next phase has not started yet.")
