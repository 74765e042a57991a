"""Content of other apps that the one report queue handles (issue 14: forum posts).

The moderators' queue, the worklist count and `Report` belong to this app; an app above it in
the layers whose content can be reported registers the model from its `AppConfig.ready()`:

    register_reportable(Post, Reportable(label=..., title=..., text=..., url=..., hide=...))

A report on such content points at it generically (`Report.target_type`, `Report.target_id`)
and names its process (`Report.process`), so the queue of a process is one query however many
kinds of content there are. Hiding goes back to the owning app's service (`hide`), which hides
with the public reason and closes the open reports on the content with
`proposals.services.resolve_reports_on` in its own transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Reportable:
    # What the queue calls it ("Forum post"): a lazy translation.
    label: str
    # title(obj) -> str: what it belongs to, linked in the queue (a thread's question).
    title: Callable
    # text(obj) -> str: the reported content as the moderator reads it.
    text: Callable
    # url(obj) -> str: its public page.
    url: Callable
    # hide(by=, obj=, reason=): the owning app's service; raises Conflict if already hidden.
    hide: Callable
    # The permission a reporter needs on the object (declared by the owning app).
    report_permission: str
    # process(obj) -> BudgetRound: the process the content belongs to.
    process: Callable


_REPORTABLES: dict[str, Reportable] = {}


def register_reportable(model, reportable: Reportable) -> Reportable:
    _REPORTABLES[model._meta.label_lower] = reportable
    return reportable


def reportable_for(obj_or_model) -> Reportable:
    """The registration of a model (or an instance); KeyError for content nobody registered."""
    return _REPORTABLES[obj_or_model._meta.label_lower]
