"""The account itself, and how it goes (the privacy app's contract).

`forget_user` and `purge` have the same signatures in every app that keeps personal data and
return counts by label; `delaktig.privacy.owners` calls them, in order, and this app last: once
every other app has forgotten the person, the account goes.
"""

from datetime import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

# The fields pointing at a person that go with the account (`CASCADE`): its e-mail addresses
# (allauth), second factors (allauth.mfa), and what an administrator did in /admin/.
USER_FIELDS = ("account.EmailAddress.user", "mfa.Authenticator.user", "admin.LogEntry.user")


def forget_users(*, users) -> dict[str, int]:
    """Delete the accounts (a list of users), their e-mail addresses and second factors;
    sessions stop working. Deleted through a queryset, so each user keeps its id for the
    caller's audit event (the log keeps the id as a pseudonym). Every other field that points
    at them is emptied by its own app's `forget_users` before, or by its `on_delete`
    (privacy.owners)."""
    User = get_user_model()
    _total, per_model = User.objects.filter(pk__in=[user.pk for user in users]).delete()
    return {"accounts": per_model.get(User._meta.label, 0)}


def forget_user(*, user) -> dict[str, int]:
    """`forget_users` for one person (their account is being deleted)."""
    return forget_users(users=[user])


def purge(*, process, cutoff: datetime, dry_run: bool = False) -> dict[str, int]:
    """Nothing: an account belongs to no round. The accounts that existed only for a round's
    roll are found by the privacy app (`roll_only_accounts`) and go through `forget_user`."""
    return {}


def when(value: datetime | None) -> str | None:
    """A moment as every app's `export_user` writes it: local time, ISO 8601."""
    return timezone.localtime(value).isoformat() if value else None


def export_user(*, user) -> dict:
    """The account's fields and e-mail addresses (never the password hash or the personnummer
    hash: only whether there is one)."""
    return {
        "account": {
            "id": user.pk,
            "email": user.email,
            "name": user.full_name,
            "district": user.district.name if user.district_id else None,
            "organisation_units": [unit.name for unit in user.units.all()],
            "identified_with_e_id": bool(user.personnummer_hash),
            "has_password": user.has_usable_password(),
            "case_officer": user.is_official,
            "moderator": user.is_moderator,
            "elected_member": user.is_elected_member,
            "administrator": user.is_superuser,
            "joined": when(user.date_joined),
            "last_signed_in": when(user.last_login),
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("email")
        ],
    }
