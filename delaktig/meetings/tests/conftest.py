import pytest

from .factories import MeetingFactory


@pytest.fixture
def meeting(db):
    return MeetingFactory()


@pytest.fixture
def mail_now(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the task queue's e-mail) of the block at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
