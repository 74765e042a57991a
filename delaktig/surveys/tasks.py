"""Background work: a large export of a survey's answers (exports.make_export)."""

from django_tasks import task

from . import exports


@task()
def make_export(export_id: int) -> str:
    """Write the export's file into private storage. Only the id is queued."""
    export = exports.make_export(export_id)
    return export.status if export is not None else "gone"
