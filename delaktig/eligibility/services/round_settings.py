"""How a round decides who votes: the census, the invitation list, age limits."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from delaktig.audit.services import record
from delaktig.core.errors import Conflict, InvalidInput

from ..models import Invitation, RoundEligibility
from .guards import _require_official


@dataclass(frozen=True)
class SettingsData:
    use_invitations: bool = False
    use_census: bool = False
    min_age: int | None = None
    max_age: int | None = None
    codes_may_propose: bool = False


def save_settings(*, by, budget_round, data: SettingsData) -> RoundEligibility:
    """Choose how the round decides who votes. Locked once voting has opened."""
    _require_official(by, budget_round)
    if budget_round.rules_frozen():
        raise Conflict(_("Voting has opened; who may vote can no longer be changed."))
    if data.min_age is not None and data.max_age is not None and data.min_age > data.max_age:
        raise InvalidInput(_("The lowest age is higher than the highest age."), field="min_age")
    if (
        data.use_census
        and data.use_invitations
        and Invitation.objects.filter(budget_round=budget_round, personnummer_hash="").exists()
    ):
        raise InvalidInput(
            _(
                "A round can use both a census and an invitation list only when everyone on the "
                "invitation list has a personal identity number: otherwise a person on both "
                "lists could vote twice. Upload the invitation list with a column "
                "“personnummer”, or use one of the lists."
            ),
            field="use_census",
        )
    if (data.min_age is not None or data.max_age is not None) and not (
        data.use_census or data.use_invitations
    ):
        raise InvalidInput(
            _("Age limits need a census or an invitation list, which say how old people are."),
            field="min_age",
        )
    if data.codes_may_propose and not data.use_invitations:
        raise InvalidInput(
            _("Proposals with a voting code need an invitation list, which gives the codes."),
            field="codes_may_propose",
        )
    with transaction.atomic():
        settings, _created = RoundEligibility.objects.update_or_create(
            budget_round=budget_round, defaults=data.__dict__
        )
        record(by, "eligibility.settings_changed", budget_round, **data.__dict__)
    budget_round.eligibility_settings = settings
    return settings
