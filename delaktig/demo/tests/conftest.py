"""The demo, loaded once for a test module instead of once a test.

`load_demo` takes half a minute. The `demo` fixture loads it once for the module inside an
outer transaction that it rolls back when the module is done, the pattern of Django's
TestCase.setUpClass/setUpTestData: each test (with the `db` fixture) runs in a savepoint inside
it, so what a test changes is undone before the next test and nothing is left for the tests
of other apps in the same worker. Callbacks on commit (mail, PDFs made by tasks) do not run,
as in any test with the `db` fixture.
"""

import io

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation


@pytest.fixture(scope="session")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(autouse=True)
def _media_root(settings, demo_media):
    """Replaces the root conftest's per-test media folder: the tests read the photos and PDFs
    the module's demo wrote to this one."""
    settings.MEDIA_ROOT = demo_media


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_media):
    """Loads the demo once for the module and returns what `load_demo` printed.

    Before loading, an association is made that the meetings demo also makes: the register's
    own demo may make it first, and the meetings demo must then use it, not double it."""
    from delaktig.associations.models import Association, AssociationStatus

    out = io.StringIO()
    outer = transaction.atomic()
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=demo_media),
        translation.override(settings.LANGUAGE_CODE),  # a test before may have left English
    ):
        for alias in ("default", "snapshots"):
            caches[alias].clear()
        outer.__enter__()
        try:
            Association.objects.create(
                slug="vansbro-ik",
                name="Vansbro IK",
                category="sports",
                status=AssociationStatus.LISTED,
            )
            call_command("load_demo", stdout=out)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield out.getvalue()
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
