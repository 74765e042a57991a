"""Personnummer for the eligibility app: the implementation lives in `delaktig.core.personnummer`
so that `accounts` (the e-ID sign-in, below this app in the layers) uses the same keyed hash.
Its messages are in the project catalogue (`locale/`), which covers `core`.
"""

from delaktig.core.personnummer import (
    Personnummer,
    PersonnummerError,
    birth_date,
    keyed_hash,
    luhn_ok,
    normalise,
    parse,
)

__all__ = [
    "Personnummer",
    "PersonnummerError",
    "birth_date",
    "keyed_hash",
    "luhn_ok",
    "normalise",
    "parse",
]
