"""What every voter's request reads, kept for a moment by each app process while voting is open.

In a last-evening rush each voter's GET and POST read the same round (its phases, areas and
eligibility settings), the same ballot box and the same proposals: 6 of the 11 SQL statements
of a voting page and about half its CPU (bench/load.py --profile). They are kept here, in
Django's local-memory cache (one per process; nothing shared between app servers):

- only while the round is in its voting phase; before that officials are still designing the
  ballot and every page reads the database;
- the ballot box design and the proposals on the ballot cannot change once voting has opened
  (services refuse it), so keeping them changes nothing a voter sees;
- the round can still change during voting (an official moves the closing time, unpublishes):
  this process forgets everything it keeps at once when any of these rows is saved (signals in
  apps.py), and other app servers within `TIMEOUT` seconds (settings: CACHES["snapshots"]).
  The phase itself is always worked out from the kept dates and the clock of the request, so
  voting closes on the second it is set to close.

The local-memory cache pickles what it keeps, so each request gets its own copies.
"""

from typing import NamedTuple

from django.core.cache import caches
from django.db import transaction
from django.http import Http404
from django.utils.text import Truncator
from django.utils.translation import get_language

from delaktig.processes.queries import rounds_with_phases

from . import queries
from .component import VOTE
from .models import BallotBox

CACHE = "snapshots"


class Entry(NamedTuple):
    """One proposal as the ballot shows it."""

    pk: int
    title: str
    about: str  # the start of the description
    cost: int


def _cache():
    return caches[CACHE]


def forget(**_kwargs):
    """Forget everything this process keeps (a signal receiver: a round, phase, area … saved).

    Now, and again when the change commits: a request in another thread may have kept the old
    rows in between."""
    _cache().clear()
    transaction.on_commit(_cache().clear)


def _voting_is_on(budget_round) -> bool:
    return budget_round.current_phase_kind() == VOTE


def voting_round(user, slug: str):
    """(round, its ballot boxes) for the voting pages, or 404 if `user` may not see the round.

    Each box's `budget_round` is the round returned, with its phases and areas loaded."""
    key = f"voting-round:{slug}"
    kept = _cache().get(key)
    if kept is None:
        budget_round = (
            rounds_with_phases().select_related("eligibility_settings").filter(slug=slug).first()
        )
        if budget_round is None:
            raise Http404
        kept = (budget_round, queries.boxes_for_round(budget_round))
        if _voting_is_on(budget_round):
            _cache().set(key, kept)
    budget_round, boxes = kept
    if not user.has_perm("processes.view_budgetround", budget_round):
        raise Http404
    for box in boxes:
        box.budget_round = budget_round
    return budget_round, boxes


def voting_box(user, slug: str, box_id: int) -> BallotBox:
    _budget_round, boxes = voting_round(user, slug)
    for box in boxes:
        if box.pk == box_id:
            return box
    raise Http404


def ballot_entries(box: BallotBox) -> tuple[Entry, ...]:
    """The proposals on the ballot in ballot order (title, id), with the cost a ballot uses."""
    key = f"ballot:{box.pk}:{get_language()}"
    entries = _cache().get(key)
    if entries is None:
        entries = tuple(
            Entry(p.pk, p.title, Truncator(p.description).words(30), int(p.ballot_cost))
            for p in queries.ballot_proposals(box).only("pk", "title", "description")
        )
        if _voting_is_on(box.budget_round):
            _cache().set(key, entries)
    return entries


def titles_and_costs(box: BallotBox) -> dict[int, tuple[str, int]]:
    """{proposal id: (title, cost)} for the proposals on the ballot: what the rules check."""
    return {e.pk: (e.title, e.cost) for e in ballot_entries(box)}
