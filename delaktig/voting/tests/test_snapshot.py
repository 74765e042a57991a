"""What the voting pages keep per process while voting is open (voting/snapshot.py)."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delaktig.processes import services as processes
from delaktig.processes.models import Phase
from delaktig.voting import snapshot
from delaktig.voting.component import VOTE
from delaktig.voting.models import Ballot
from delaktig.voting.services import design

from .factories import box_with_proposals, sater_box

pytestmark = pytest.mark.django_db

KEPT_TABLES = ("processes_budgetround", "processes_phase", "voting_ballotbox", "proposals_proposal")


def url(box):
    return reverse("voting:box", kwargs={"slug": box.budget_round.slug, "box_id": box.pk})


def tables_read(ctx) -> set[str]:
    return {t for t in KEPT_TABLES for q in ctx.captured_queries if f'FROM "{t}"' in q["sql"]}


def schedule_of(budget_round) -> dict:
    return {p.kind: (p.starts_at, p.ends_at) for p in budget_round.phases.all()}


@pytest.fixture
def sater(make_round):
    return sater_box(make_round("vote"))


def test_while_voting_the_round_box_and_proposals_are_read_once(client, resident, sater):
    box, p = sater
    client.force_login(resident)
    with CaptureQueriesContext(connection) as first:
        assert client.get(url(box)).status_code == 200
    with CaptureQueriesContext(connection) as again:
        assert client.get(url(box)).status_code == 200
        response = client.post(url(box), {"choice": [p[0].pk, p[1].pk]})
    assert response.status_code == 200 and "Din kvittokod:" in response.content.decode()
    assert tables_read(first) == set(KEPT_TABLES)
    assert tables_read(again) == set()


def test_before_voting_nothing_is_kept(client, official, make_round):
    box, p = box_with_proposals(make_round("assess"), [100, 200])
    client.force_login(official)
    assert p[1].title in client.get(url(box)).content.decode()
    design.configure_ballot_box(by=official, box=box, data={"proposals": [p[0]]})
    html = client.get(url(box)).content.decode()
    assert p[0].title in html and p[1].title not in html


def test_a_timetable_change_in_this_process_is_seen_at_once(client, resident, official, sater):
    """Closing early is refused (processes.services.set_schedule, issue 9); any saved phase
    still empties what this process keeps, so the change is seen by the next request."""
    box, p = sater
    client.force_login(resident)
    client.get(url(box))  # kept
    schedule = schedule_of(box.budget_round)
    starts, _ends = schedule[VOTE]
    schedule[VOTE] = (starts, timezone.now() - timedelta(seconds=1))
    with pytest.raises(processes.Conflict):
        processes.set_schedule(by=official, budget_round=box.budget_round, schedule=schedule)
    phase = box.budget_round.phases.get(kind=VOTE)
    phase.ends_at = timezone.now() - timedelta(seconds=1)  # time passing, as move_to does
    phase.save()
    response = client.post(url(box), {"choice": [p[0].pk, p[1].pk]})
    assert response.status_code == 403
    assert "Omröstningen har stängt" in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_change_made_by_another_server_is_seen_within_the_timeout(
    client, resident, sater, settings
):
    """Rows changed where this process gets no signal (another app server) are re-read once
    the kept copy is older than CACHES["snapshots"]["TIMEOUT"] seconds."""
    box, p = sater
    client.force_login(resident)
    client.get(url(box))  # kept
    closed = timezone.now() - timedelta(seconds=1)
    Phase.objects.filter(budget_round=box.budget_round, kind=VOTE).update(ends_at=closed)
    timeout = settings.CACHES[snapshot.CACHE]["TIMEOUT"]
    assert 0 < timeout <= 5
    with time_machine.travel(timezone.now() + timedelta(seconds=timeout + 1)):
        response = client.post(url(box), {"choice": [p[0].pk, p[1].pk]})
    assert response.status_code == 403
    assert not Ballot.objects.exists()


def test_each_request_gets_its_own_copy(resident, sater):
    box, _p = sater
    first_round, _boxes = snapshot.voting_round(resident, box.budget_round.slug)
    first_round.name = "Ändrad i en begäran"
    second_round, _boxes = snapshot.voting_round(resident, box.budget_round.slug)
    assert second_round.name == box.budget_round.name


def test_a_draft_round_stays_hidden(client, resident, make_round):
    box, _p = box_with_proposals(make_round("vote", status="draft"), [100])
    client.force_login(resident)
    assert client.get(url(box)).status_code == 404
