"""Two tabs (or fifty) submitting at once leave exactly one participation and one ballot.

Needs real concurrent transactions, so PostgreSQL only:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/delaktig pytest -m postgres delaktig/voting
"""

import pytest

from delaktig.accounts.tests.factories import UserFactory
from delaktig.core.codes import RECEIPT_CODE
from delaktig.core.errors import Conflict
from delaktig.core.tests.concurrency import POSTGRES_ONLY, run_at_once
from delaktig.voting.models import Ballot, BallotChoice, Participation
from delaktig.voting.services import casting

from .factories import box_with_proposals, paper_station

pytestmark = POSTGRES_ONLY


@pytest.mark.parametrize("n", [2, 50])
def test_one_voter_many_submissions_leave_one_ballot(make_round, resident, n):
    box, p = box_with_proposals(make_round("vote"), [100, 200, 300])
    picks = [[p[i % 3].pk] for i in range(n)]
    results, errors = run_at_once(
        [
            lambda pick=pick: casting.cast_ballot(by=resident, box=box, choices=pick)
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
        [lambda v=v: casting.cast_ballot(by=v, box=box, choices=[p[0].pk]) for v in voters]
    )
    assert not errors and len(results) == 20
    assert Participation.objects.filter(box=box).count() == 20
    assert Ballot.objects.filter(box=box).count() == 20


def test_online_and_paper_at_the_same_moment_leave_one_ballot(make_round, resident, official):
    """Whichever wins, the person has one participation and, once counted, one ballot."""
    from delaktig.voting.models import PaperBallot, PaperStatus
    from delaktig.voting.paper import services as paper

    box, p = box_with_proposals(make_round("vote"), [100, 200])
    paper_station(box)
    second = UserFactory(is_official=True)
    for _ in range(5):
        Participation.objects.all().delete()
        Ballot.objects.all().delete()
        PaperBallot.objects.all().delete()
        results, errors = run_at_once(
            [
                lambda: casting.cast_ballot(by=resident, box=box, choices=[p[0].pk]),
                lambda: paper.enter_first_pass(
                    by=official,
                    box=box,
                    identifier=resident.email,
                    station="Biblioteket",
                    choices=[p[1].pk],
                ),
            ]
        )
        assert len(results) == 1 and len(errors) == 1, (results, errors)
        assert all(isinstance(e, Conflict) for e in errors), errors
        participation = Participation.objects.get(box=box, voter=resident)
        entry = PaperBallot.objects.first()
        if entry is not None:  # paper won: the second entry counts it
            assert participation.channel == "paper" and not Ballot.objects.exists()
            entry = paper.enter_second_pass(by=second, entry=entry, choices=[p[1].pk])
            assert entry.status == PaperStatus.COUNTED
        else:
            assert participation.channel == "online"
        assert Participation.objects.filter(box=box).count() == 1
        assert Ballot.objects.filter(box=box).count() == 1
        assert Ballot.objects.get().channel == participation.channel


def test_simultaneous_changes_leave_a_consistent_ballot(make_round, resident):
    """Each submission replaces the whole ballot: the stored choices all come from one."""
    box, p = box_with_proposals(make_round("vote"), [100, 200, 300, 400])
    casting.cast_ballot(by=resident, box=box, choices=[p[0].pk])
    submissions = [[p[0].pk, p[1].pk], [p[2].pk, p[3].pk], [p[1].pk, p[2].pk], [p[3].pk]] * 5
    results, errors = run_at_once(
        [
            lambda pick=pick: casting.cast_ballot(by=resident, box=box, choices=pick)
            for pick in submissions
        ]
    )
    assert all(isinstance(e, Conflict) for e in errors), errors
    assert results and all(r.changed for r in results)
    ballot = Ballot.objects.get(box=box)
    stored = sorted(
        BallotChoice.objects.filter(ballot=ballot).values_list("proposal_id", flat=True)
    )
    assert stored in [sorted(s) for s in submissions]
    # The receipt belongs to the submission whose choices were stored.
    assert ballot.receipt_hash in {RECEIPT_CODE.keyed_hash(r.code) for r in results}
    assert Participation.objects.filter(box=box).count() == 1


def test_two_officials_typing_the_second_entry_at_once(make_round, resident, official):
    from delaktig.voting.paper import services as paper

    box, p = box_with_proposals(make_round("vote"), [100])
    paper_station(box, "X")
    entry = paper.enter_first_pass(
        by=official, box=box, identifier=resident.email, station="X", choices=[p[0].pk]
    ).entry
    second = UserFactory(is_official=True)
    results, errors = run_at_once(
        [
            lambda: paper.enter_second_pass(by=second, entry=entry, choices=[p[0].pk])
            for _ in range(5)
        ]
    )
    assert len(results) == 1 and all(isinstance(e, Conflict) for e in errors), errors
    assert Ballot.objects.filter(box=box).count() == 1
