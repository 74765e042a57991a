from .models import AuditEvent


def describe(obj) -> str:
    """How the log names an object: its `audit_label` if the model has one, else `str(obj)`.

    The log is kept for ever, so a model whose `str()` is a person's name (an invitation, a
    user) gives an `audit_label` without it, such as its number; `object_id` still points to
    the row for as long as the row exists."""
    label = getattr(obj, "audit_label", None)
    return str(obj if label is None else label)[:200]


def record(actor, action: str, obj=None, *, round_id: int | None = None, **data) -> AuditEvent:
    """Append one event. Call inside the same transaction as the change it describes."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if round_id is None and obj is not None:
        round_id = getattr(obj, "budget_round_id", None)
        if round_id is None and obj._meta.label_lower == "processes.budgetround":
            round_id = obj.pk
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=describe(obj) if obj is not None else "",
        round_id=round_id,
        data=data,
    )
