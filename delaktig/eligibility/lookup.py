"""Finding the voter behind an identifier an official types at a paper-voting station."""

from delaktig.accounts.models import User


def find_voter(budget_round, identifier: str):
    """The voter named by `identifier` (an e-mail address for now), or None.

    The eligibility app extends this with personnummer (through the census) and voting codes.
    """
    identifier = (identifier or "").strip()
    if "@" in identifier:
        return User.objects.filter(email__iexact=identifier, is_active=True).first()
    return None
