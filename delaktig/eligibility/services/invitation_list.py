"""The invitation list: adding people from a file (no codes yet)."""

from django.db import transaction
from django.utils.translation import gettext as _

from delaktig.audit.services import record
from delaktig.core.errors import InvalidInput

from ..models import Invitation, RoundEligibility
from ..tables import FileHasErrors, check_invitations, read_table
from .guards import _require_official, _require_roll_open, _require_second_official


def _invitation_rows(budget_round, uploaded) -> list:
    """The file's invitation rows, or FileHasErrors / InvalidInput: the check before any
    import (e-mail addresses and personnummer not already on the list)."""
    taken = {
        e.lower()
        for e in Invitation.objects.filter(budget_round=budget_round)
        .exclude(email="")
        .values_list("email", flat=True)
    }
    settings_ = RoundEligibility.objects.filter(budget_round=budget_round).first()
    both = bool(settings_ and settings_.use_census and settings_.use_invitations)
    rows, errors = check_invitations(
        read_table(uploaded), budget_round, taken, need_personnummer=both
    )
    listed = set(
        Invitation.objects.filter(budget_round=budget_round)
        .exclude(personnummer_hash="")
        .values_list("personnummer_hash", flat=True)
    )
    if listed & {row.personnummer_hash for row in rows if row.personnummer_hash}:
        raise InvalidInput(
            _(
                "Someone in the file is already on the invitation list (the same personal "
                "identity number)."
            )
        )
    if errors:
        raise FileHasErrors(errors)
    return rows


def import_invitations(*, by, budget_round, uploaded, approved_by=None) -> list[Invitation]:
    """Add the file's people to the round's invitation list, all or nothing. No codes yet.
    `approved_by`: the second case officer who approved."""
    _require_official(by, budget_round)
    _require_roll_open(budget_round)
    _require_second_official(by, budget_round, approved_by)
    rows = _invitation_rows(budget_round, uploaded)
    with transaction.atomic():
        invitations = Invitation.objects.bulk_create(
            [
                Invitation(
                    budget_round=budget_round,
                    name=row.name,
                    email=row.email,
                    area=row.area,
                    birth_date=row.birth_date,
                    group=row.group,
                    personnummer_hash=row.personnummer_hash or "",
                )
                for row in rows
            ],
            batch_size=2000,
        )
        record(
            by,
            "invitations.imported",
            budget_round,
            invitations=len(invitations),
            file=str(getattr(uploaded, "name", ""))[:200],
            approved_by=approved_by.pk,
        )
    return invitations
