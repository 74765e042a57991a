"""Shared fixtures: role users, a round in a given phase, time travel."""

import pytest

from delaktig.accounts.tests.factories import UserFactory
from delaktig.processes.tests.factories import round_in_phase


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _swedish():
    """Each test starts in Swedish: a request in English (the language cookie) leaves English
    active in the thread, and a translated field written by a later test would go to the
    English column (processes/translation.py)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rate limits and cached result pages are per test."""
    from django.core.cache import caches

    for alias in ("default", "snapshots"):
        caches[alias].clear()
    yield
    for alias in ("default", "snapshots"):
        caches[alias].clear()


@pytest.fixture
def still_clock(time_machine):
    """The clock stands still. Rate limits count per window of the clock (django-ratelimit,
    allauth): a window that rolls over in the middle of a test would reset the count."""
    from django.utils import timezone

    time_machine.move_to(timezone.now(), tick=False)


@pytest.fixture
def resident(db):
    return UserFactory(full_name="Anna Andersson")


@pytest.fixture
def other_resident(db):
    return UserFactory(full_name="Bertil Berg")


@pytest.fixture
def official(db):
    return UserFactory(full_name="Olga Officer", is_official=True)


@pytest.fixture
def moderator(db):
    return UserFactory(full_name="Maja Moderator", is_moderator=True)


@pytest.fixture
def admin_user(db):
    return UserFactory(full_name="Adam Admin", is_superuser=True, is_staff=True)


@pytest.fixture
def make_round(db):
    """make_round("propose") → a published round whose proposal phase runs now."""
    return round_in_phase


@pytest.fixture
def admin_client(client, admin_user):
    """A client signed in as an administrator who has passed the second factor (TOTP), as
    /admin/ and /hantera/ require (accounts/second_factor.py)."""
    import time

    from delaktig.accounts.second_factor import set_up_totp

    set_up_totp(admin_user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(admin_user)
    session = client.session
    session["account_authentication_methods"] = [{"method": "mfa", "at": time.time()}]
    session["account_authentication_methods_user"] = str(admin_user.pk)
    session.save()
    return client
