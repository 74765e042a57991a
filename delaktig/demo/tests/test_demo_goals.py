"""The demo's effect goals: two, published, with three years of values, linked to the Nässjö
round and some of its proposals, and to their projects whichever demo makes those first."""

import pytest
from django.core.management import call_command

from delaktig.goals.models import Goal, Measurement

pytestmark = pytest.mark.django_db


def test_two_goals_with_three_years_of_values_serve_the_nassjo_round(client, django_user_model):
    call_command("load_demo")
    goals = list(Goal.objects.filter(published=True))
    assert len(goals) == 2
    for goal in goals:
        assert [r.name for r in goal.rounds.all()] == ["Medborgarbudget Nässjö 2025"]
        assert goal.proposals.exists()
        assert goal.indicators.count() == 2
        for indicator in goal.indicators.all():
            years = {m.measured_on.year for m in indicator.measurements.all()}
            assert years == {2023, 2024, 2025}
        assert client.get(f"/mal/{goal.slug}/").status_code == 200
    assert Measurement.objects.count() == 12
    nassjo = goals[0].rounds.get()
    html = client.get(nassjo.get_absolute_url()).content.decode()
    assert all(goal.title in html for goal in goals)

    # The follow-up demo may make projects after the goals: the last step links them.
    from delaktig.demo import goals as demo_goals
    from delaktig.followup.models import Project

    goal = Goal.objects.get(title=demo_goals.GOALS[0]["title"])
    goal.projects.clear()
    proposal = goal.proposals.filter(project__isnull=True).first()
    if proposal is not None:  # a linked proposal the follow-up demo did not fund
        Project.objects.create(
            budget_round=proposal.budget_round,
            proposal=proposal,
            title="Belysning",
            budgeted_cost=1,
        )

    class Command:
        official = django_user_model.objects.get(email="handlaggare@demo.delaktig.se")

    assert demo_goals.link_projects(Command()) >= 1
    expected = set(Project.objects.filter(proposal__in=goal.proposals.all()))
    assert expected and set(goal.projects.all()) == expected
