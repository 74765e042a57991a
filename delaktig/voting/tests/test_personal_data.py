"""The voting app forgets people itself (the privacy app's contract, `personal_data.py`)."""

import pytest
from django.apps import apps
from django.utils import timezone

from delaktig.accounts.tests.factories import UserFactory
from delaktig.voting import personal_data, queries
from delaktig.voting.models import Ballot, PaperBallot, Participation
from delaktig.voting.services import casting

from .factories import box_with_proposals, paper_station

pytestmark = pytest.mark.django_db


@pytest.fixture
def box(make_round):
    box, _proposals = box_with_proposals(make_round("vote"), [10_000, 20_000, 30_000])
    return box


def vote(box, voter, *picks):
    proposals = list(box.proposals.order_by("pk"))
    casting.cast_ballot(by=voter, box=box, choices=[proposals[i].pk for i in picks])


def points_at(label: str, user) -> bool:
    app_model, field = label.rsplit(".", 1)
    return apps.get_model(app_model).objects.filter(**{field: user}).exists()


def test_forgetting_a_voter_keeps_the_ballot_counted_and_found_by_no_one(box, resident):
    other = UserFactory()
    vote(box, resident, 0, 1)
    vote(box, other, 1)
    counts = queries.vote_counts(box)
    assert casting.current_choices(resident, box)

    forgotten = personal_data.forget_user(user=resident)

    assert forgotten == {"participations": 1, "locators": 1, "paper_ballots": 0}
    assert Ballot.objects.filter(box=box).count() == 2
    assert queries.vote_counts(box) == counts
    assert Ballot.objects.filter(box=box, locator__isnull=True).count() == 1
    assert not casting.current_choices(resident, box)
    assert casting.current_choices(other, box)  # the other voter's ballot is still theirs
    assert not any(points_at(label, resident) for label in personal_data.USER_FIELDS)


def test_forgetting_takes_the_person_off_an_open_paper_entry(box, resident, official):
    entry = PaperBallot.objects.create(
        box=box,
        station=paper_station(box).name,
        voter=resident,
        first_choices={},
        first_by=official,
    )
    assert personal_data.forget_user(user=resident)["paper_ballots"] == 1
    entry.refresh_from_db()
    assert entry.voter is None and entry.first_by == official
    assert not any(points_at(label, resident) for label in personal_data.USER_FIELDS)


def test_forgetting_someone_who_never_voted_changes_nothing(box, resident):
    vote(box, UserFactory(), 0)
    assert personal_data.forget_user(user=resident) == {
        "participations": 0,
        "locators": 0,
        "paper_ballots": 0,
    }
    assert Ballot.objects.filter(locator__isnull=False).count() == 1


def test_the_purge_deletes_who_voted_and_every_locator_of_the_round_only(box, make_round):
    voters = UserFactory.create_batch(3)
    for voter in voters:
        vote(box, voter, 0)
    other_box, _ = box_with_proposals(make_round("vote"), [10_000])
    vote(other_box, voters[0], 0)
    ballots = sorted(Ballot.objects.filter(box=box).values_list("pk", flat=True))
    now = timezone.now()

    dry = personal_data.purge(process=box.budget_round, cutoff=now, dry_run=True)
    assert dry == {"participations": 3, "locators": 3}
    assert Participation.objects.filter(box=box).count() == 3

    assert personal_data.purge(process=box.budget_round, cutoff=now) == dry
    assert not Participation.objects.filter(box=box).exists()
    assert not Ballot.objects.filter(box=box, locator__isnull=False).exists()
    assert sorted(Ballot.objects.filter(box=box).values_list("pk", flat=True)) == ballots
    assert Participation.objects.filter(box=other_box).count() == 1
    assert Ballot.objects.filter(box=other_box, locator__isnull=False).count() == 1
    again = personal_data.purge(process=box.budget_round, cutoff=now)
    assert again == {"participations": 0, "locators": 0}


def test_the_export_says_that_and_how_the_person_voted_not_what(box, resident):
    vote(box, resident, 0, 2)
    [row] = personal_data.export_user(user=resident)["participations"]
    assert row["round"]["name"] == box.budget_round.name
    assert (row["ballot_box"], row["channel"]) == (box.pk, "online")
    assert row["voted"]
    text = str(personal_data.export_user(user=resident))
    for ballot in Ballot.objects.filter(box=box):
        assert str(ballot.pk) not in text and ballot.locator not in text


def test_forgetting_several_voters_at_once_unlinks_each_ones_ballot(box):
    voters = UserFactory.create_batch(3)
    for voter in voters:
        vote(box, voter, 1)
    forgotten = personal_data.forget_users(users=voters[:2])
    assert forgotten == {"participations": 2, "locators": 2, "paper_ballots": 0}
    assert [bool(casting.current_choices(v, box)) for v in voters] == [False, False, True]
    assert Ballot.objects.filter(box=box).count() == 3
