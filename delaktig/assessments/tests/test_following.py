"""Publishing assessments tells the proposals' followers through the daily digest; the author,
told at once by their own e-mail (tasks.send_assessment_published_email), is not told twice."""

import pytest
from django.core import mail
from django.utils import timezone

from delaktig.accounts.tests.factories import UserFactory
from delaktig.assessments import services
from delaktig.assessments.tests.factories import AssessmentFactory
from delaktig.following import digest
from delaktig.following import services as following
from delaktig.following.models import Event

pytestmark = pytest.mark.django_db


def test_followers_get_the_verdict_in_the_digest_and_the_author_only_once(
    make_round, official, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(timezone.localtime().replace(hour=9), tick=False)
    budget_round = make_round("assess")
    author = UserFactory(email="forslag@example.se")
    follower = UserFactory(email="foljare@example.se")
    assessment = AssessmentFactory(
        proposal__budget_round=budget_round,
        proposal__author=author,
        proposal__title="Lekplats i Väster",
        verdict="not_feasible",
        official_cost=None,
        reason="Marken är inte kommunens.",
    )
    proposal = assessment.proposal
    following.follow_automatically(user=author, target=proposal)
    following.follow(by=follower, target=proposal)
    time_machine.move_to(timezone.now() + timezone.timedelta(minutes=5), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_assessments(by=official, budget_round=budget_round)
    event = Event.objects.get(kind="proposal.not_feasible")
    assert (event.target_id, event.told_user, event.summary) == (
        proposal.pk,
        author,
        "Marken är inte kommunens.",
    )
    assert [m.to for m in mail.outbox] == [["forslag@example.se"]]  # the author's own e-mail
    mail.outbox.clear()
    time_machine.move_to(timezone.now() + timezone.timedelta(minutes=5), tick=False)
    digest.send_digests()
    assert [m.to for m in mail.outbox] == [["foljare@example.se"]]
    body = mail.outbox[0].body
    assert "Bedömt: inte genomförbart: Lekplats i Väster" in body
    assert "Marken är inte kommunens." in body
