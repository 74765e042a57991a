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


is_staff_member = is_official | is_moderator
