"""Using a voting code: the invitation behind it, and its voter (made on first use)."""

import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.accounts.models import User
from delaktig.audit.services import record
from delaktig.core.codes import VOTING_CODE
from delaktig.core.errors import InvalidInput, NotAllowed

from ..models import Invitation

INVITED_DOMAIN = "inbjudan.invalid"


def redeem_code(*, code: str) -> Invitation:
    """The invitation of a typed code, with its voter (created on first use).

    Locks the invitation, so a code used from two browsers at once creates one voter. A code
    stays usable by the same person until voting closes, to change their vote; `used_at` marks
    the first use."""
    digest = VOTING_CODE.keyed_hash(code)
    if digest is None:
        raise InvalidInput(
            _("A voting code has 12 letters and digits, like ABCD-EFGH-JK23. Check the code.")
        )
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("budget_round", "area")
            .filter(code_hash=digest)
            .first()
        )
        if invitation is None:
            raise InvalidInput(
                _("We do not recognise that voting code. Check that you typed it correctly.")
            )
        if invitation.revoked_at is not None:
            raise NotAllowed(
                _(
                    "This voting code has been revoked. Contact the municipality if you "
                    "need a new one."
                )
            )
        if invitation.voter_id is None:
            invitation.voter = _voter_for(invitation)
        _bind_credentials(invitation.voter, digest)
        if invitation.used_at is None:
            invitation.used_at = timezone.now()
            # No actor: the log outlives the roll and must not say who voted. The invitation
            # (named by number) is deleted by the round's retention purge, and with it the link.
            record(None, "invitation.used", invitation)
        invitation.save(update_fields=["voter", "used_at"])
    return invitation


def _bind_credentials(voter, digest: str) -> None:
    """The voter's ballot key follows the code in use: a ballot cast with an earlier code of
    theirs cannot be found, seen or changed with a new one (issue 9: an official who re-issues
    a code and signs in with it must learn nothing of the vote already cast)."""
    stamp = "code:" + digest[:32]
    if voter.credential_stamp != stamp:
        voter.credential_stamp = stamp
        voter.save(update_fields=["credential_stamp"])


def _voter_for(invitation) -> User:
    """The invited person's account: with a personnummer, the one account of that person (the
    same one the census, a paper station and e-ID lead to), so one person has one ballot."""
    digest = invitation.personnummer_hash
    if not digest:
        return _new_voter(invitation)
    user = User.objects.filter(personnummer_hash=digest).first()
    if user is not None:
        return user
    try:
        with transaction.atomic():
            return User.objects.create_user(
                f"inv-{uuid.uuid4().hex}@{INVITED_DOMAIN}",
                password=None,
                full_name=invitation.name,
                personnummer_hash=digest,
            )
    except IntegrityError:  # made at the same moment at a paper station or by e-ID
        return User.objects.get(personnummer_hash=digest)


def _new_voter(invitation) -> User:
    """An account for the invited person: their e-mail if no one has it, else a placeholder."""
    email = invitation.email
    if email and not User.objects.filter(email__iexact=email).exists():
        try:
            with transaction.atomic():
                return User.objects.create_user(email, password=None, full_name=invitation.name)
        except IntegrityError:
            pass
    return User.objects.create_user(
        f"inv-{uuid.uuid4().hex}@{INVITED_DOMAIN}", password=None, full_name=invitation.name
    )


def voter_for_code(*, budget_round, code: str) -> User | None:
    """The voter for a code of this round (paper-voting station), or None."""
    digest = VOTING_CODE.keyed_hash(code)
    if digest is None:
        return None
    exists = Invitation.objects.filter(
        budget_round=budget_round, code_hash=digest, revoked_at__isnull=True
    ).exists()
    return redeem_code(code=code).voter if exists else None
