"""Who may follow with an account (core.permissions: declared once, with its reasons).

Anyone may follow with an e-mail address (services.ask_by_email: a public thing, a valid
address, a link confirmed); these are the questions for the button."""

import rules
from django.utils.translation import gettext_lazy as _

from delaktig.accounts.rules import is_signed_in
from delaktig.core.permissions import declare, need, reason

from . import registry


def has_mailbox(user) -> bool:
    """An account whose address can be written to. Accounts made for a voting code or at a
    paper-voting station have a placeholder under .invalid (RFC 2606), which no mail reaches:
    such a person follows by leaving an address instead."""
    return bool(user and user.email) and not user.email.lower().endswith(".invalid")


@rules.predicate
def can_receive_mail(user):
    return has_mailbox(user)


def why_not_public(user, obj):
    followable = registry._BY_MODEL.get(type(obj)._meta.concrete_model) if obj else None
    if followable is None:
        return _("This cannot be followed.")
    if not followable.is_public(obj):
        return _(
            "This is not public, so it cannot be followed. You can follow it once everyone "
            "can see it."
        )
    return None


declare(
    "following.follow",
    need(is_signed_in, _("Sign in to follow with your account, or leave your e-mail address.")),
    need(
        can_receive_mail,
        _("Your account has no e-mail address we can write to. Leave an e-mail address instead."),
    ),
    reason(why_not_public),
)
