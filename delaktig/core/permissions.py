"""Permissions with reasons, each declared once.

A permission is an ordered list of checks. Each check either holds or gives the sentence that
tells the person why not:

    declare(
        "proposals.add_proposal",
        need(is_signed_in, _("Sign in to send in a proposal.")),
        need(round_is_published, _("This round is not published.")),
        reason(why_not_eligible),            # a function (user, obj) -> sentence | None
    )

`user.has_perm(name, obj)` (django-rules underneath) is true when no check fails;
`why_not(name, user, obj)` returns the first failing check's sentence, or None. Views, services,
templates (`{% why_not %}` in `core_permissions`) and an API ask the same declaration, so the
answer and its explanation cannot drift apart.

Checks are asked in order and stop at the first that fails: put the cheap and the most useful
first ("voting has closed" before "sign in to vote").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import rules
from django.utils.translation import gettext_lazy as _

Reason = Callable[..., "str | None"]


@dataclass(frozen=True)
class Check:
    """One question of a permission: `why_not(user, obj)` gives its sentence, or None.
    `about_person`: the question is about the person alone (a role), not the object, so it can
    be asked before anything is looked up."""

    why_not: Reason
    label: str = ""
    about_person: bool = False


def need(predicate, message) -> Check:
    """A check that holds when `predicate` (a django-rules predicate or a function of
    (user[, obj])) is true; otherwise `message` (a translatable sentence) is the reason."""
    test = predicate if isinstance(predicate, rules.Predicate) else rules.predicate(predicate)

    def why_not(user, obj=None):
        return None if test.test(user, obj) else message

    return Check(why_not, label=test.name, about_person=test.num_args == 1)


def reason(function: Reason) -> Check:
    """A check whose function gives the sentence itself (or None when it holds), for answers
    that depend on the case, such as the eligibility question."""
    return Check(lambda user, obj=None: function(user, obj), label=function.__name__)


def any_of(*checks: Check, message) -> Check:
    """Holds when at least one of `checks` holds; otherwise `message`."""

    def why_not(user, obj=None):
        if any(check.why_not(user, obj) is None for check in checks):
            return None
        return message

    return Check(why_not, label=" | ".join(c.label for c in checks))


INACTIVE = _("This account is closed.")


class Permission:
    def __init__(self, name: str, checks: tuple[Check, ...]):
        self.name = name
        self.checks = checks

    def why_not(self, user, obj=None) -> str | None:
        if user is not None and user.is_authenticated and not user.is_active:
            return str(INACTIVE)
        for check in self.checks:
            sentence = check.why_not(user, obj)
            if sentence:
                return str(sentence)
        return None

    def why_not_person(self, user) -> str | None:
        """The first failing check about the person alone (role, signed in), or None: asked
        before an object is looked up, so that a refused role learns nothing about it."""
        for check in self.checks:
            if check.about_person and (sentence := check.why_not(user, None)):
                return str(sentence)
        return None

    def __repr__(self):
        return f"Permission({self.name!r}, {[c.label for c in self.checks]})"


_DECLARED: dict[str, Permission] = {}


def declare(name: str, *checks: Check) -> Permission:
    """Declare permission `name` once; it is also registered with django-rules, so
    `user.has_perm(name, obj)` and `{% has_perm %}` ask exactly these checks."""
    if not checks:
        raise ValueError(f"{name}: a permission needs at least one check")
    permission = Permission(name, tuple(checks))
    _DECLARED[name] = permission

    @rules.predicate(name=name)
    def holds(user, obj=None):
        return permission.why_not(user, obj) is None

    rules.set_perm(name, holds)
    return permission


def why_not(name: str, user, obj=None) -> str | None:
    """The sentence that says why `user` may not do `name` (on `obj`), or None if they may."""
    return _declared(name).why_not(user, obj)


def declared() -> dict[str, Permission]:
    """Every declared permission by name (for tests and documentation)."""
    return dict(_DECLARED)


def _declared(name: str) -> Permission:
    try:
        return _DECLARED[name]
    except KeyError:
        raise LookupError(f"No permission named {name!r} is declared") from None


def require(name: str, user, obj=None) -> None:
    """Raise `NotAllowed` with the reason unless `user` may do `name` (on `obj`). Services call
    it; in a view the error becomes the 403 page with the sentence (core.middleware)."""
    from .errors import NotAllowed

    sentence = why_not(name, user, obj)
    if sentence:
        raise NotAllowed(sentence)


def load(user, queryset, *, permission=None, visible_if=None, **lookup):
    """The one way a page loads the object it acts on, with one answer for 403 and 404:

    1. the checks of `permission` about the person alone (role, signed in): 403 with the
       sentence, before anything is looked up, so a refused role learns nothing of the object;
    2. the object by `lookup`, 404 if it does not exist or if the person may not see it
       (`visible_if`, a permission such as "processes.view_budgetround": drafts stay unknown);
    3. every check of `permission` on the object: 403 with the first failing sentence.
    """
    from django.http import Http404
    from django.shortcuts import get_object_or_404

    from .errors import NotAllowed

    if permission and (sentence := _declared(permission).why_not_person(user)):
        raise NotAllowed(sentence)
    obj = get_object_or_404(queryset, **lookup)
    if visible_if and why_not(visible_if, user, obj):
        raise Http404
    if permission:
        require(permission, user, obj)
    return obj


def is_second_official(*, by, approved_by, permission: str, obj) -> bool:
    """`approved_by` is someone other than `by` who holds `permission` on `obj`: the check every
    four-eyes service makes on the `approved_by` it is given (the approvals page passes the
    approving official). Here, below every app, so that a lower app's service (processes'
    early close) asks the same question as the approvals app."""
    return (
        approved_by is not None
        and approved_by.pk != by.pk
        and approved_by.has_perm(permission, obj)
    )
