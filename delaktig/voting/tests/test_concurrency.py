"""Two tabs (or fifty) submitting at once leave exactly one participation and one ballot.

Needs real concurrent transactions, so PostgreSQL only:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/delaktig pytest -m postgres delaktig/voting
"""

import threading

import pytest
from django.db import connection, connections

from delaktig.core.errors import Conflict
from delaktig.voting import services
from delaktig.voting.models import Ballot, BallotChoice, Participation

from .factories import box_with_proposals

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def run_at_once(calls):
    """Start every call at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def worker(call):
        try:
            barrier.wait()
            results.append(call())
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.mark.parametrize("n", [2, 50])
def test_one_voter_many_submissions_leave_one_ballot(make_round, resident, n):
    box, p = box_with_proposals(make_round("vote"), [100, 200, 300])
    picks = [[p[i % 3].pk] for i in range(n)]
    results, errors = run_at_once(
        [
            lambda pick=pick: services.cast_ballot(by=resident, box=box, choices=pick)
            for pick in picks
        ]
    )
    assert all(isinstance(e, Conflict) for e in errors), errors
    assert results, "at least one submission must succeed"
    assert Participation.objects.filter(box=box, voter=resident).count() == 1
    assert Ballot.objects.filter(box=box).count() == 1
    # The ballot holds exactly one submission's choices, never a mix of two.
    assert BallotChoice.objects.filter(ballot__box=box).count() == 1
    assert sum(not r.changed for r in results) == 1


def test_many_voters_at_once(make_round):
    from delaktig.accounts.tests.factories import UserFactory

    box, p = box_with_proposals(make_round("vote"), [100, 200])
    voters = UserFactory.create_batch(20)
    results, errors = run_at_once(
        [lambda v=v: services.cast_ballot(by=v, box=box, choices=[p[0].pk]) for v in voters]
    )
    assert not errors and len(results) == 20
    assert Participation.objects.filter(box=box).count() == 20
    assert Ballot.objects.filter(box=box).count() == 20
