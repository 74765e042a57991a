"""Finding the voter behind an identifier an official types at a paper-voting station."""

import re

from delaktig.accounts.models import User
from delaktig.core.codes import VOTING_CODE

from .services import census, code_use


def find_voter(budget_round, identifier: str, *, by=None):
    """The voter named by `identifier`, or None.

    - an e-mail address: the active account with that address;
    - a personnummer or samordningsnummer (10 or 12 digits, with or without separator): the
      round's census entry, and its voter account (created on first use, `personnummer_hash`
      set, so e-ID sign-in finds the same account);
    - a voting code of this round (not revoked): the invitation's voter (created on first use).

    Whether that voter may vote is for `why_cannot_vote` to say.
    """
    identifier = (identifier or "").strip()
    if "@" in identifier:
        return User.objects.filter(email__iexact=identifier, is_active=True).first()
    if re.fullmatch(r"[\d\s+-]+", identifier):
        return census.voter_for_census(by=by, budget_round=budget_round, personnummer=identifier)
    if VOTING_CODE.normalise(identifier):
        return code_use.voter_for_code(budget_round=budget_round, code=identifier)
    return None
