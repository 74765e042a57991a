import pytest

from .factories import ThreadFactory


@pytest.fixture
def thread(db):
    return ThreadFactory()


@pytest.fixture
def process(thread):
    return thread.forum.process


@pytest.fixture
def round_official(official, process):
    process.officials.add(official)
    return official
