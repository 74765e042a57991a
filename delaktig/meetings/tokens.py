"""The links sent by e-mail: a registration's own page (confirm, cancel) and an invitation.

Each is the object's id signed with the site's secret key (django.core.signing) and a salt of
its own, so a link for one purpose is no good for another and a changed link is refused. A
registration link stays valid while the registration is kept: it is how the person cancels.
"""

from django.core import signing

_REGISTRATION = "delaktig.meetings.registration"
_INVITATION = "delaktig.meetings.invitation"


def registration_token(registration) -> str:
    return signing.dumps(registration.pk, salt=_REGISTRATION, compress=False)


def registration_id(token: str) -> int | None:
    """The registration's id, or None for a link that was changed or made up."""
    try:
        value = signing.loads(token, salt=_REGISTRATION)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def invitation_token(invitation) -> str:
    return signing.dumps(invitation.pk, salt=_INVITATION, compress=False)


def invitation_id(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=_INVITATION)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
