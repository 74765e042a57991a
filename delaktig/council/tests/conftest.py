import pytest

from .factories import elected_member


@pytest.fixture
def elected(db):
    return elected_member()
