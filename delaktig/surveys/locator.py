"""The keyed hash that lets a signed-in respondent find their own response (ADR 0005).

Under `BALLOT_LOCATOR_KEY` (outside the database) with the prefix "survey:", so it can never
equal a ballot's locator. The person's credential stamp is part of it, as for ballots: whoever
gets new credentials for a person (a re-issued code, a password set by an administrator)
cannot find, read or change an answer given before.
"""

import hashlib
import hmac

from django.conf import settings


def locator_for(survey, person) -> str:
    key = settings.BALLOT_LOCATOR_KEY.encode()
    stamp = getattr(person, "credential_stamp", "")
    message = f"survey:{survey.pk}:{person.pk}:{stamp}"
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()
