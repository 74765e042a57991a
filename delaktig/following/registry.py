"""What can be followed: each app that owns a followable thing registers it here, from its
`AppConfig.ready()` (following sits below them in the layers and names none of them).

    register(Followable(
        key="proposal",                   # in URLs: /folj/proposal/12/
        model=Proposal,
        is_public=lambda p: ...,          # may anyone see it? Nobody follows what is not.
        process_of=lambda p: p.budget_round,
        title_of=lambda p: p.title,
        path_of=lambda p: p.get_absolute_url(),
        label=_("proposal"),              # "the proposal X" in sentences: see `what`
    ))
    register_event_kind("proposal.assessed", _("Assessed"))

A follow of a process is told every event of the process (its proposals, its result, its
projects); a follow of anything else is told the events about that thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _

from delaktig.core.errors import InvalidInput, NotAllowed


@dataclass(frozen=True)
class Followable:
    key: str
    model: type[models.Model]
    is_public: Callable[[models.Model], bool]
    process_of: Callable[[models.Model], object]
    title_of: Callable[[models.Model], str]
    path_of: Callable[[models.Model], str]
    # A noun for sentences ("Du följer förslaget …" is built from `following` below).
    label: object = ""
    # "You follow the proposal %(title)s." and the like, one sentence per kind so that each
    # language can inflect its noun (a lazy string with a %(title)s placeholder).
    following: object = None
    # Select what `is_public`, `process_of` and `title_of` read in one query per list
    # (select_related arguments).
    related: tuple[str, ...] = ()

    def load(self, pk):
        """The object with this key, or None."""
        queryset = self.model._default_manager.all()
        if self.related:
            queryset = queryset.select_related(*self.related)
        return queryset.filter(pk=pk).first()

    def you_follow(self, obj) -> str:
        if self.following is not None:
            return str(self.following) % {"title": self.title_of(obj)}
        return _("You follow %(title)s.") % {"title": self.title_of(obj)}


_BY_KEY: dict[str, Followable] = {}
_BY_MODEL: dict[type, Followable] = {}
_EVENT_LABELS: dict[str, object] = {}


def register(followable: Followable) -> Followable:
    _BY_KEY[followable.key] = followable
    _BY_MODEL[followable.model] = followable
    return followable


def register_event_kind(kind: str, label) -> None:
    """A label for an event kind ("Bedömt", "Ny status"), shown in the digest and the feeds."""
    _EVENT_LABELS[kind] = label


def event_label(kind: str) -> str:
    label = _EVENT_LABELS.get(kind)
    return str(label) if label else ""


def registered() -> dict[str, Followable]:
    return dict(_BY_KEY)


def by_key(key: str) -> Followable:
    """The kind with this key; an unknown key is bad input (a link made up or out of date)."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise InvalidInput(_("This cannot be followed.")) from None


def for_object(obj) -> Followable:
    followable = _BY_MODEL.get(type(obj)._meta.concrete_model)
    if followable is None:
        raise InvalidInput(_("This cannot be followed."))
    return followable


def for_content_type(content_type) -> Followable | None:
    model = content_type.model_class()
    return _BY_MODEL.get(model) if model is not None else None


def check_public(obj) -> Followable:
    """The kind of `obj`, after checking that anyone may see it: following something that is
    not public (a draft round, a hidden proposal) is refused with a sentence saying so."""
    followable = for_object(obj)
    if not followable.is_public(obj):
        raise NotAllowed(
            _(
                "This is not public, so it cannot be followed. You can follow it once "
                "everyone can see it."
            )
        )
    return followable
