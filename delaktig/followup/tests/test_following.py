"""A project can be followed once its decision is public, and what happens to it reaches its
followers in the daily digest (following.registry and following.digest)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from delaktig.core.errors import NotAllowed
from delaktig.following import digest
from delaktig.following import services as following
from delaktig.followup import services
from delaktig.followup.models import ProjectStatus as S

from .factories import decided_round, decision_data, round_with_result

pytestmark = pytest.mark.django_db


def test_a_project_before_its_decision_is_public_cannot_be_followed(official, resident):
    budget_round, _proposals, winners = round_with_result(official)
    services.save_decision(by=official, budget_round=budget_round, data=decision_data(winners))
    project = budget_round.projects.create(title="Utegym", budgeted_cost=10)
    with pytest.raises(NotAllowed, match="offentligt"):
        following.follow(by=resident, target=project)


def test_a_follower_of_a_project_hears_of_its_status_and_updates_once_a_day(
    official, resident, time_machine
):
    start = timezone.localtime().replace(hour=7, minute=0, second=0, microsecond=0)
    time_machine.move_to(start, tick=False)
    budget_round, _proposals, projects = decided_round(official)
    project, other = projects[0], projects[1]
    following.follow(by=resident, target=project)
    time_machine.move_to(start + timedelta(hours=1), tick=False)
    services.change_status(
        by=official, project=project, status=S.DELAYED, reason="Leverantören är sen."
    )
    services.change_status(by=official, project=other, status=S.ONGOING)  # not followed
    time_machine.move_to(start + timedelta(hours=2), tick=False)
    mail.outbox.clear()
    assert digest.send_digests()["sent"] == 1
    (message,) = mail.outbox
    assert message.to == [resident.email]
    assert project.title in message.body
    assert other.title not in message.body  # a project nobody here follows
    assert reverse("followup:project", kwargs={"slug": budget_round.slug, "pk": project.pk}) in (
        message.body
    )
    # The same day again: nothing more, however much happens.
    services.change_status(by=official, project=project, status=S.ONGOING)
    mail.outbox.clear()
    assert digest.send_digests()["sent"] == 0 and not mail.outbox


def test_the_project_page_offers_to_follow_it_and_links_its_feed(client, official, resident):
    _budget_round, _proposals, projects = decided_round(official)
    project = projects[0]
    client.force_login(resident)
    html = client.get(project.get_absolute_url()).content.decode()
    assert reverse("following:follow", kwargs={"key": "project", "pk": project.pk}) in html
    feed = reverse("following:feed", kwargs={"key": "project", "pk": project.pk})
    assert feed in html
    services.change_status(by=official, project=project, status=S.ONGOING)
    atom = client.get(feed)
    assert atom.status_code == 200 and project.title in atom.content.decode()
