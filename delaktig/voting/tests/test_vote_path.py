"""The vote path asks each question once (issue 10): who may vote, how the voter has taken
part, and the ballot itself. Counted in SQL statements on the page a voter POSTs to."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delaktig.voting.models import Ballot
from delaktig.voting.paper import services as paper
from delaktig.voting.services import casting

from .factories import paper_station, sater_box

pytestmark = pytest.mark.django_db

# "Who may vote": every answer of why_cannot_vote reads the voter's invitations once.
WHO_MAY_VOTE = re.compile(r'FROM "eligibility_invitation"')
# "How has the voter taken part": a read of their participation (the vote's upsert writes).
CHANNEL = re.compile(r'^SELECT .* FROM "voting_participation"', re.S)


@pytest.fixture
def sater(make_round):
    return sater_box(make_round("vote"))  # 20 000, 25 000, 30 000, 10 000; at least 2


def post(client, box, data):
    """POST a ballot; (response, statements run), the session already warm."""
    url = reverse("voting:box", kwargs={"slug": box.budget_round.slug, "box_id": box.pk})
    client.get(url)  # the session, the CSRF cookie and the round's snapshot, as a voter has them
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(url, data)
    return response, [q["sql"] for q in ctx.captured_queries]


def asked(statements, question) -> int:
    return sum(1 for sql in statements if question.search(sql))


def test_an_accepted_ballot(client, resident, sater):
    box, p = sater
    client.force_login(resident)
    response, statements = post(client, box, {"choice": [p[0].pk, p[3].pk]})
    assert response.status_code == 200 and "Din röst är sparad" in response.content.decode()
    assert asked(statements, WHO_MAY_VOTE) == 1
    assert asked(statements, CHANNEL) == 0  # the upsert answers it
    assert len(statements) == EXPECTED["accepted"], statements


def test_a_changed_ballot(client, resident, sater):
    box, p = sater
    casting.cast_ballot(by=resident, box=box, choices=[p[0].pk, p[3].pk])
    client.force_login(resident)
    response, statements = post(client, box, {"choice": [p[1].pk, p[3].pk]})
    assert response.status_code == 200
    assert asked(statements, WHO_MAY_VOTE) == 1 and asked(statements, CHANNEL) == 0
    assert len(statements) == EXPECTED["changed"], statements


@pytest.mark.parametrize(
    "choices",
    [lambda p: [p[0].pk], lambda p: [p[0].pk, p[1].pk, p[2].pk], lambda p: ["inte ett förslag"]],
    ids=["too-few", "over-budget", "unreadable"],
)
def test_a_refused_ballot(client, resident, sater, choices):
    box, p = sater
    client.force_login(resident)
    response, statements = post(client, box, {"choice": choices(p)})
    assert response.status_code == 200 and "Något behöver rättas" in response.content.decode()
    assert asked(statements, WHO_MAY_VOTE) == 1
    assert asked(statements, CHANNEL) == 1
    assert len(statements) == EXPECTED["refused"], statements
    assert not Ballot.objects.exists()


def test_a_refused_ballot_of_a_paper_voter(client, official, resident, sater):
    box, p = sater
    paper_station(box, "X")
    paper.enter_first_pass(
        by=official, box=box, identifier=resident.email, station="X", choices=[p[0].pk, p[3].pk]
    )
    client.force_login(resident)
    response, statements = post(client, box, {"choice": [p[0].pk]})
    assert response.status_code == 409
    assert asked(statements, WHO_MAY_VOTE) == 1 and asked(statements, CHANNEL) == 1
    assert len(statements) == EXPECTED["paper"], statements


def test_someone_who_may_not_vote(client, sater):
    box, p = sater
    response, statements = post(client, box, {"choice": [p[0].pk, p[3].pk]})
    assert response.status_code == 302  # to sign in: no question asked
    assert asked(statements, WHO_MAY_VOTE) == 0 and asked(statements, CHANNEL) == 0


# Every statement of the POST, session and user included (the snapshot keeps the round, the box
# and the proposals; the vote's transaction is a savepoint inside the test's). Before issue 10 a
# refused ballot took 6 (who may vote and the channel each asked twice) and a paper voter's
# refused one 5 (who may vote twice); accepted and changed ballots were already at 8 and 10.
EXPECTED = {"accepted": 8, "changed": 10, "refused": 4, "paper": 4}
