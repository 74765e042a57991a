"""Who may keep a goal: case officers; a unit's goal only its own officials, its creator and
administrators. Residents and moderators keep none, and drafts are nobody else's business."""

import pytest
from django.contrib.auth.models import AnonymousUser

from delaktig.accounts.tests.factories import UnitFactory
from delaktig.core.permissions import why_not

from .factories import GoalFactory

pytestmark = pytest.mark.django_db


def test_any_case_officer_keeps_a_municipality_goal(official, resident, moderator):
    goal = GoalFactory(unit=None)
    assert official.has_perm("goals.change_goal", goal)
    assert official.has_perm("goals.manage_goals")
    for person in (resident, moderator):
        assert not person.has_perm("goals.manage_goals")
        assert why_not("goals.change_goal", person, goal) == "Bara handläggare kan göra det här."


def test_a_units_goal_is_kept_by_its_own_officials_only(official, other_official, admin_user):
    unit = UnitFactory()
    official.units.add(unit)
    goal = GoalFactory(unit=unit, created_by=None)
    assert official.has_perm("goals.change_goal", goal)
    assert admin_user.has_perm("goals.change_goal", goal)
    assert not other_official.has_perm("goals.change_goal", goal)
    assert "en annan enhet" in why_not("goals.change_goal", other_official, goal)
    creator_goal = GoalFactory(unit=unit, created_by=other_official)
    assert other_official.has_perm("goals.change_goal", creator_goal)


def test_drafts_are_seen_only_by_those_who_keep_them(official, resident):
    draft = GoalFactory(published=False)
    assert not resident.has_perm("goals.view_goal", draft)
    assert official.has_perm("goals.view_goal", draft)
    published = GoalFactory(published=True)
    assert resident.has_perm("goals.view_goal", published)
    assert AnonymousUser().has_perm("goals.view_goal", published)
    assert not AnonymousUser().has_perm("goals.view_goal", draft)
