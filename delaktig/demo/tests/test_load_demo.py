"""The demo loads through the platform's own services, and shows what it says it shows.

The demo is loaded once for this module (the `demo` fixture in conftest.py, rolled back at the
end); each test runs in a savepoint inside it. All of them go to one xdist worker
(`--dist loadgroup`), so a test run loads the demo once.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from delaktig.accounts.models import User
from delaktig.associations.models import Association
from delaktig.council.models import CouncilReport
from delaktig.eligibility.models import Invitation
from delaktig.followup.models import Project, ProjectStatus, UpdatePhoto
from delaktig.goals.models import Goal, Measurement
from delaktig.processes.models import BudgetRound
from delaktig.proposals.models import Proposal

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.fixture(autouse=True)
def _loaded(demo):
    """Every test here reads the module's demo."""


def test_the_torsby_youth_round_uses_an_age_limit_and_codes_that_propose(demo, capsys):
    assert "A pupil's voting code for the Torsby round" in demo
    torsby = BudgetRound.objects.get(name="Ungas park i Torsby")
    settings = torsby.eligibility_settings
    assert (settings.use_invitations, settings.min_age, settings.max_age) == (True, 10, 19)
    assert settings.codes_may_propose
    assert Invitation.objects.filter(budget_round=torsby).exclude(code_hash="").count() == 6
    statuses = sorted(Proposal.objects.filter(budget_round=torsby).values_list("status", flat=True))
    assert statuses == ["pending", "published", "published"]
    assert not Proposal.objects.filter(budget_round=torsby, author_name_shown=True).exists()
    call_command("load_demo")  # a second run changes nothing
    assert "already loaded" in capsys.readouterr().out
    assert BudgetRound.objects.filter(name="Ungas park i Torsby").count() == 1


def test_the_dialogues_are_answered_analysed_and_reported():
    """Skara's employee dialogue has about 400 answers, a unit too small to show, themes,
    checked quotes, a published report and "Ni sa – vi gjorde"; Vansbro's survey is open to
    anyone and holds interview answers; Säter has an evaluation survey."""
    from delaktig.dialogue.models import Feedback, ReportVersion
    from delaktig.surveys.models import Quote, Survey

    skara = Survey.objects.get(process__name="Medarbetardialog: samverkan och inflytande")
    assert 350 <= skara.responses.filter(submitted=True).count() <= 420
    small = skara.responses.filter(unit__name="Kommundirektörens stab").count()
    assert small < skara.min_group_size  # shown nowhere, by the K rule
    assert skara.themes.count() == 4
    assert Quote.objects.filter(answer__response__survey=skara, checked_at__isnull=False).exists()
    assert ReportVersion.objects.filter(report__process=skara.process).count() == 1
    assert Feedback.objects.get(process=skara.process).published_at is not None
    assert skara.process.current_phase_kind() == "feedback"
    vansbro = Survey.objects.get(process__name="Utmaningen: förtroende i Vansbro")
    assert vansbro.access == "anyone" and vansbro.is_open()
    assert vansbro.responses.filter(channel="interview").count() == 40
    evaluation = Survey.objects.get(process__name__startswith="Medarbetarbudget 2021")
    assert evaluation.purpose == "evaluation" and not evaluation.is_open()


def test_utmaningen_has_a_forum_with_answers_and_a_hidden_post():
    from delaktig.forums.models import Post, PostStatus, Thread
    from delaktig.proposals.models import Report

    threads = Thread.objects.filter(forum__process__name="Utmaningen: förtroende i Vansbro")
    open_thread = threads.get(status="open")
    answers = open_thread.posts.filter(by_municipality=True)
    assert answers.exists() and open_thread.pinned in answers
    assert open_thread.posts.filter(parent__isnull=False).exists()
    hidden = Post.objects.get(thread=open_thread, status=PostStatus.HIDDEN)
    assert hidden.hidden_reason and Report.objects.get(target_id=hidden.pk).resolution == "hidden"
    assert threads.get(status="closed").summary


# -- the follow-up (issue 13) -------------------------------------------------------------------


def test_the_demo_follows_up_nassjo_and_sater():
    """Nässjö decided with projects in every status, Säter 2020 under way."""
    nassjo = BudgetRound.objects.get(name="Medborgarbudget Nässjö 2025")
    assert nassjo.decision.published_at is not None
    assert nassjo.current_phase_kind() == "follow_up"
    projects = Project.objects.filter(budget_round=nassjo)
    assert set(projects.values_list("status", flat=True)) == set(ProjectStatus.values)
    for status in (ProjectStatus.DELAYED, ProjectStatus.CANCELLED):
        assert projects.get(status=status).status_reason
    photos = UpdatePhoto.objects.filter(update__project__budget_round=nassjo)
    assert photos.exists()
    with photos.first().image.open("rb") as f, Image.open(f) as image:
        assert not image.getexif()
    # Followers: by account (the round and projects) and by a confirmed e-mail address.
    from delaktig.following.models import Follow

    assert Follow.objects.filter(process=nassjo, user__isnull=False).count() > 10
    assert Follow.objects.filter(process=nassjo, user__isnull=True, confirmed=True).exists()
    sater = BudgetRound.objects.get(name="Medarbetarbudget 2020 – du vet bäst")
    assert sater.decision.published_at is not None
    statuses = set(Project.objects.filter(budget_round=sater).values_list("status", flat=True))
    assert statuses == {ProjectStatus.ONGOING}
    # The 2021 round is still open for voting (the demo's voting journey).
    assert (
        BudgetRound.objects.get(name__startswith="Medarbetarbudget 2021").current_phase_kind()
        == "vote"
    )


# -- the effect goals ---------------------------------------------------------------------------


def test_two_goals_with_three_years_of_values_serve_the_nassjo_round(client, django_user_model):
    """Two goals, published, with three years of values, linked to the Nässjö round and some of
    its proposals, and to their projects whichever demo makes those first."""
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


# -- the council report (issue 13) --------------------------------------------------------------


def test_the_elected_member_finds_the_nassjo_council_report_waiting(demo, client):
    assert "fortroendevald@demo.delaktig.se" in demo
    elected = User.objects.get(email="fortroendevald@demo.delaktig.se")
    assert elected.is_elected_member and not elected.is_official
    assert elected.check_password("demo-delaktig")
    report = CouncilReport.objects.get(budget_round__name="Medborgarbudget Nässjö 2025")
    assert report.status == "ready" and report.pdf and report.published_at is None
    assert report.figures["voters"] > 0
    client.force_login(elected)
    page = client.get(reverse("council:start")).content.decode()
    assert reverse("council:download", args=[report.budget_round.slug, 1]) in page


# -- the meetings on Utmaningen (issue 14) ------------------------------------------------------


def test_the_meetings_of_utmaningen():
    """Past meetings with notes, a focus group with invited associations, a full open meeting
    with a waiting list. The `demo` fixture made the association Vansbro IK before loading, as
    the register's own demo may: the meetings demo uses it, does not double it."""
    from delaktig.meetings import queries
    from delaktig.meetings.models import Meeting, MeetingKind

    vansbro = BudgetRound.objects.get(name="Utmaningen: förtroende i Vansbro")
    held = Meeting.objects.filter(process=vansbro, notes_published_at__isnull=False)
    assert {m.kind for m in held} == {MeetingKind.CAFE, MeetingKind.DISTRICT}
    assert all(m.has_ended() for m in held)
    assert len(queries.key_points(vansbro)) == 6
    focus = Meeting.objects.get(process=vansbro, kind=MeetingKind.FOCUS_GROUP)
    assert focus.target_group == "parents" and not focus.has_started()
    progress = queries.invitation_progress(focus)
    assert len(progress) >= 3 and all(i.association_id for i in progress)
    assert sum(i.registered for i in progress) == 2
    full = Meeting.objects.get(process=vansbro, kind=MeetingKind.OPEN)
    counts = queries.counts(full)
    assert (counts.registered, counts.waiting) == (full.capacity, 3)
    assert Association.objects.filter(slug="vansbro-ik").count() == 1


# -- the tests leave nothing behind -------------------------------------------------------------


def test_a_change_in_one_test_is_undone_before_the_next(django_user_model):
    """Each test runs in a savepoint inside the module's demo: what one test writes (the goals
    test above adds a project) is gone in the next, and the demo is still there."""
    assert not Project.objects.filter(title="Belysning", budgeted_cost=1).exists()
    assert django_user_model.objects.filter(email="deltagare@demo.delaktig.se").count() == 1
