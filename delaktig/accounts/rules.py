"""Role predicates. Every other app builds its permissions from these."""

import rules


@rules.predicate
def is_signed_in(user):
    return bool(user and user.is_authenticated)


@rules.predicate
def is_administrator(user):
    return bool(user and user.is_authenticated and user.is_superuser)


@rules.predicate
def is_official(user):
    return bool(user and user.is_authenticated and (user.is_official or user.is_superuser))


@rules.predicate
def is_moderator(user):
    return bool(user and user.is_authenticated and (user.is_moderator or user.is_superuser))


@rules.predicate
def is_elected_member(user):
    """A förtroendevald: reads drafts, reports and turnout before they are public; changes
    nothing (no permission that writes is built from this predicate)."""
    return bool(user and user.is_authenticated and user.is_elected_member)


is_staff_member = is_official | is_moderator
