"""Rendered parts of the follow-up pages, kept in the cache: the overview's money and project
list, and each page of a project's timeline (Markdown rendered for twenty updates).

Three hundred rows take longer to render than the page's goal (50 ms); they change only when a
case officer changes something. So the rendered section is cached per round and language, and
every service that changes what it shows forgets it when its transaction commits (services are
the only writes). The cache is the database cache every app server shares.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

TIMEOUT = 24 * 3600


def overview_key(round_id: int, language: str) -> str:
    return f"followup:overview:v1:{round_id}:{language}"


def timeline_key(project, page: str, language: str) -> str:
    """A project's timeline page, rendered: the key holds the moment the project last changed
    (a status change or a published update saves it), so a change needs no forgetting."""
    stamp = project.updated_at.timestamp() if project.updated_at else 0
    return f"followup:timeline:v1:{project.pk}:{stamp}:{page}:{language}"


def forget_overview(round_id: int) -> None:
    """Forget the cached overview of the round once the current transaction commits."""
    keys = [overview_key(round_id, code) for code, _name in settings.LANGUAGES]
    transaction.on_commit(lambda: cache.delete_many(keys))
