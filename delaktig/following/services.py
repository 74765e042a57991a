"""The one way other apps tell followers something: `record()` in the same transaction as the
change it describes."""

from django.contrib.contenttypes.models import ContentType

from .models import Event


def record(target, kind: str, *, title: str, summary: str = "", path: str = "", process=None):
    """Write one event about `target` (a model instance anyone may see). `process` is the
    process it belongs to, so that followers of the whole round are told too."""
    return Event.objects.create(
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        process=process,
        kind=kind,
        title=title[:300],
        summary=summary,
        path=path,
    )
