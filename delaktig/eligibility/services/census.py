"""The census (röstlängd): replacing it from a file, and the voter of a personnummer."""

import uuid

from django.db import IntegrityError, transaction

from delaktig.accounts.models import User
from delaktig.audit.services import record
from delaktig.core.personnummer import PersonnummerError, keyed_hash

from ..models import CensusEntry
from ..tables import FileHasErrors, check_census, read_table
from .guards import _require_official, _require_roll_open, _require_second_official

CENSUS_DOMAIN = "rostlangd.invalid"


def replace_census(*, by, budget_round, uploaded, approved_by=None) -> int:
    """Replace the round's census with the file's rows, all or nothing. `approved_by`: the
    second case officer who approved (approvals; the page's RollFile waits for one).

    Raises FileHasErrors (with every row error) or InvalidInput (unreadable file)."""
    _require_official(by, budget_round)
    _require_roll_open(budget_round)
    _require_second_official(by, budget_round, approved_by)
    rows = _census_rows(budget_round, uploaded)
    with transaction.atomic():
        removed, _counts = CensusEntry.objects.filter(budget_round=budget_round).delete()
        CensusEntry.objects.bulk_create(
            [
                CensusEntry(
                    budget_round=budget_round,
                    personnummer_hash=row.personnummer_hash,
                    area=row.area,
                    birth_date=row.birth_date,
                )
                for row in rows
            ],
            batch_size=2000,
        )
        record(
            by,
            "census.replaced",
            budget_round,
            entries=len(rows),
            previous_entries=removed,
            approved_by=approved_by.pk,
            file=str(getattr(uploaded, "name", ""))[:200],
        )
    return len(rows)


def voter_for_census(*, by, budget_round, personnummer: str) -> User | None:
    """The voter for a personnummer in the round's census (a paper-voting station), or None.

    The first time, a voter account is created with the keyed hash and no password: the person
    is matched again through the hash, at the station or when signing in with e-ID later."""
    try:
        digest = keyed_hash(personnummer)
    except PersonnummerError:
        return None
    if not CensusEntry.objects.filter(budget_round=budget_round, personnummer_hash=digest).exists():
        return None
    user = User.objects.filter(personnummer_hash=digest).first()
    if user is not None:
        return user
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                f"rl-{uuid.uuid4().hex}@{CENSUS_DOMAIN}", password=None, personnummer_hash=digest
            )
            # No user id: the account is made for a person on the roll who has come to a paper
            # station to vote, and the log is never purged, so its id here would say for ever
            # who voted on paper in this round. The official and the round are enough; the
            # account itself goes with the roll in the retention purge if nothing else needs it.
            record(by, "census.voter_created", budget_round)
    except IntegrityError:  # created at the same moment by another station
        user = User.objects.get(personnummer_hash=digest)
    return user


def _census_rows(budget_round, uploaded) -> list:
    """The file's census rows, or FileHasErrors / InvalidInput: the check before any import."""
    rows, errors = check_census(read_table(uploaded), budget_round)
    if errors:
        raise FileHasErrors(errors)
    return rows
