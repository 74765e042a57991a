import pytest

from delaktig.accounts.tests.factories import UserFactory

from .factories import GoalFactory, IndicatorFactory


@pytest.fixture
def goal(db):
    return GoalFactory()


@pytest.fixture
def indicator(goal):
    return IndicatorFactory(goal=goal, name="Trygghet", unit="%")


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client


@pytest.fixture
def other_official(db):
    return UserFactory(full_name="Otto Official", is_official=True)
