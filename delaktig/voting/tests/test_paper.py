"""Paper ballots: double entry, one person one ballot across channels, reconciliation."""

import datetime

import pytest
from django.utils import timezone

from delaktig.accounts.tests.factories import UnitFactory, UserFactory
from delaktig.audit.models import AuditEvent
from delaktig.core.codes import RECEIPT_CODE
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.eligibility.tests.factories import ANNA, CensusEntryFactory, RoundEligibilityFactory
from delaktig.voting import queries
from delaktig.voting.models import (
    Ballot,
    BallotChoice,
    Channel,
    PaperBallot,
    PaperStatus,
    Participation,
)
from delaktig.voting.paper import services as paper
from delaktig.voting.services import casting
from delaktig.voting.validation import RulesBroken

from .factories import box_with_proposals, paper_station, sater_box

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_official(db):
    return UserFactory(full_name="Olle Officer", is_official=True)


@pytest.fixture
def sater(make_round):
    return sater_box(make_round("vote"))  # 20 000, 25 000, 30 000, 10 000


def first(official, box, voter, choices, station="Biblioteket"):
    paper_station(box, station)
    return paper.enter_first_pass(
        by=official, box=box, identifier=voter.email, station=station, choices=choices
    )


def ids(*proposals):
    return [p.pk for p in proposals]


class TestDoubleEntry:
    def test_two_equal_entries_count_through_the_online_path(
        self, sater, official, second_official, resident
    ):
        box, p = sater
        done = first(official, box, resident, ids(p[0], p[3]))
        entry = done.entry
        assert entry.status == PaperStatus.PENDING and entry.number == f"P-{entry.pk}"
        participation = Participation.objects.get(box=box, voter=resident)
        assert participation.channel == Channel.PAPER
        assert not Ballot.objects.exists()  # nothing counts after one entry

        entry = paper.enter_second_pass(by=second_official, entry=entry, choices=ids(p[3], p[0]))
        assert entry.status == PaperStatus.COUNTED and not entry.same_person
        ballot = Ballot.objects.get()
        assert (ballot.channel, ballot.locator) == (Channel.PAPER, None)
        assert ballot.receipt_hash == RECEIPT_CODE.keyed_hash(done.code)
        assert sorted(ballot.choices.values_list("proposal_id", flat=True)) == ids(p[0], p[3])
        actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("pk"))
        assert actions == ["paper_ballot.entered", "paper_ballot.second_entry", "ballot.cast"]

    def test_counted_entry_forgets_the_voter_and_the_choices(
        self, sater, official, second_official, resident
    ):
        box, p = sater
        entry = first(official, box, resident, ids(p[0], p[3])).entry
        paper.enter_second_pass(by=second_official, entry=entry, choices=ids(p[0], p[3]))
        entry.refresh_from_db()
        assert entry.voter_id is None
        assert entry.first_choices is None and entry.second_choices is None
        assert entry.receipt_hash == ""
        # No key, field or audit event leads from the entry to the ballot.
        ballot_fields = {f.name for f in Ballot._meta.get_fields()}
        assert not ballot_fields & {"paper_ballot", "paperballot", "voter", "created_at"}
        ballot_id = str(Ballot.objects.get().pk)
        assert not any(ballot_id in str(e.data) + e.object_id for e in AuditEvent.objects.all())

    def test_one_official_cannot_type_both_entries(self, sater, official, resident):
        """Issue 9, finding 3: one official typing both entries counted whatever they typed."""
        box, p = sater
        entry = first(official, box, resident, ids(p[0], p[3])).entry
        with pytest.raises(NotAllowed, match="En annan handläggare"):
            paper.enter_second_pass(by=official, entry=entry, choices=ids(p[0], p[3]))
        entry.refresh_from_db()
        assert entry.status == PaperStatus.PENDING and not Ballot.objects.exists()

    def test_after_the_close_only_registered_stations_and_their_number(
        self, sater, official, second_official, resident, other_resident
    ):
        """Issue 9, finding 3: after the close one official added ballots for people who had
        not voted. Now only up to the number a station registered before the close."""
        from delaktig.processes.timeline import move_to

        box, p = sater
        paper.register_station(by=official, budget_round=box.budget_round, name="Skolan", ballots=1)
        move_to(box.budget_round, "result")
        with pytest.raises(Conflict, match="har stängt"):
            paper.register_station(
                by=official, budget_round=box.budget_round, name="Skolan", ballots=5
            )
        with pytest.raises(InvalidInput, match="inte ett registrerat"):
            paper.enter_first_pass(
                by=official,
                box=box,
                identifier=resident.email,
                station="Kiosken",
                choices=ids(p[0], p[3]),
            )
        paper.enter_first_pass(
            by=official,
            box=box,
            identifier=resident.email,
            station="skolan",
            choices=ids(p[0], p[3]),
        )
        with pytest.raises(Conflict, match="Alla 1 pappersröstsedlar"):
            paper.enter_first_pass(
                by=official,
                box=box,
                identifier=other_resident.email,
                station="Skolan",
                choices=ids(p[0], p[3]),
            )
        assert PaperBallot.objects.count() == 1
        assert Participation.objects.filter(voter=other_resident).count() == 0

    def test_paper_times_are_kept_to_the_day(self, sater, official, second_official, resident):
        """Issue 9, finding 7: the participation's and the entry's times matched to the ms."""
        box, p = sater
        entry = first(official, box, resident, ids(p[0], p[3])).entry
        participation = Participation.objects.get(voter=resident)
        assert timezone.localtime(participation.cast_at).time() == datetime.time(0, 0)
        paper.enter_second_pass(by=second_official, entry=entry, choices=ids(p[0], p[3]))
        entry.refresh_from_db()
        assert entry.created_at == entry.updated_at == participation.cast_at

    def test_a_third_entry_must_agree_with_someone_elses(
        self, sater, official, second_official, resident
    ):
        box, p = sater
        entry = first(official, box, resident, ids(p[0], p[3])).entry
        entry = paper.enter_second_pass(by=second_official, entry=entry, choices=ids(p[1], p[3]))
        # The first official "resolves" with their own entry: refused, nothing counted.
        with pytest.raises(Conflict, match="någon annan"):
            paper.resolve_mismatch(by=official, entry=entry, choices=ids(p[0], p[3]))
        with pytest.raises(Conflict):  # nor with a third ballot of their own
            paper.resolve_mismatch(by=official, entry=entry, choices=ids(p[2], p[3]))
        assert not Ballot.objects.exists()
        # Agreeing with the second official's entry counts: two people typed the same.
        paper.resolve_mismatch(by=official, entry=entry, choices=ids(p[1], p[3]))
        assert Ballot.objects.count() == 1

    def test_mismatch_waits_for_a_third_entry(self, sater, official, second_official, resident):
        box, p = sater
        entry = first(official, box, resident, ids(p[0], p[3])).entry
        entry = paper.enter_second_pass(by=second_official, entry=entry, choices=ids(p[1], p[3]))
        assert entry.status == PaperStatus.MISMATCH and entry.mismatched
        assert not Ballot.objects.exists()
        assert paper.typed_choices(entry, "first") == {p[0].pk: 1, p[3].pk: 1}
        assert paper.typed_choices(entry, "second") == {p[1].pk: 1, p[3].pk: 1}

        resolver = UserFactory(is_official=True)
        entry = paper.resolve_mismatch(by=resolver, entry=entry, choices=ids(p[1], p[3]))
        assert entry.status == PaperStatus.COUNTED and entry.resolved_by == resolver
        assert sorted(BallotChoice.objects.values_list("proposal_id", flat=True)) == ids(p[1], p[3])
        event = AuditEvent.objects.get(action="paper_ballot.resolved")
        assert event.actor == resolver and event.data["agrees_with"] == ["second"]
        assert str(p[1].pk) not in str(event.data)  # the audit log holds no choices

    def test_entries_cannot_be_used_twice(self, sater, official, second_official, resident):
        box, p = sater
        entry = first(official, box, resident, ids(p[0], p[3])).entry
        paper.enter_second_pass(by=second_official, entry=entry, choices=ids(p[0], p[3]))
        with pytest.raises(Conflict):
            paper.enter_second_pass(by=second_official, entry=entry, choices=ids(p[0], p[3]))
        with pytest.raises(Conflict):
            paper.resolve_mismatch(by=second_official, entry=entry, choices=ids(p[0], p[3]))
        with pytest.raises(Conflict):
            paper.reject_paper_ballot(by=second_official, entry=entry, reason="Fel")
        assert Ballot.objects.count() == 1

    def test_ranking_and_points_compare_values(self, make_round, official, resident):
        box, p = box_with_proposals(
            make_round("vote"), [100, 200, 300], kind="ranking", rank_count=3
        )
        entry = first(official, box, resident, [p[0].pk, p[1].pk]).entry
        colleague = UserFactory(is_official=True)
        entry = paper.enter_second_pass(by=colleague, entry=entry, choices=[p[1].pk, p[0].pk])
        assert entry.status == PaperStatus.MISMATCH  # same proposals, other order


class TestOneBallotAcrossChannels:
    def test_paper_then_online_is_refused(self, sater, official, resident):
        box, p = sater
        entry = first(official, box, resident, ids(p[0], p[3])).entry
        message = "Du har redan röstat på papper. Din röst kan inte ändras på webben."
        with pytest.raises(Conflict, match=message):
            casting.cast_ballot(by=resident, box=box, choices=ids(p[1], p[3]))
        paper.enter_second_pass(
            by=UserFactory(is_official=True), entry=entry, choices=ids(p[0], p[3])
        )
        with pytest.raises(Conflict, match=message):
            casting.cast_ballot(by=resident, box=box, choices=ids(p[1], p[3]))
        assert Participation.objects.count() == 1 and Ballot.objects.count() == 1
        assert casting.participation_channel(resident, box) == Channel.PAPER

    def test_a_paper_voter_hears_about_the_paper_not_the_rules(self, sater, official, resident):
        box, p = sater
        first(official, box, resident, ids(p[0], p[3]))
        with pytest.raises(casting.VotedOnPaper):
            casting.cast_ballot(by=resident, box=box, choices=ids(p[1], p[2]))  # 55 000 kr
        with pytest.raises(RulesBroken):  # anyone else is told what to fix
            casting.cast_ballot(by=UserFactory(), box=box, choices=ids(p[1], p[2]))

    def test_online_then_paper_is_refused(self, sater, official, resident):
        box, p = sater
        casting.cast_ballot(by=resident, box=box, choices=ids(p[0], p[3]))
        with pytest.raises(Conflict, match="Personen har redan röstat på webben"):
            first(official, box, resident, ids(p[1], p[3]))
        assert not PaperBallot.objects.exists()
        assert Participation.objects.get().channel == Channel.ONLINE

    def test_paper_twice_is_refused(self, sater, official, resident):
        box, p = sater
        first(official, box, resident, ids(p[0], p[3]))
        with pytest.raises(Conflict, match="Personen har redan röstat på papper"):
            first(official, box, resident, ids(p[1], p[3]), station="Stadshuset")
        assert PaperBallot.objects.count() == 1

    def test_rejecting_frees_the_voter(self, sater, official, second_official, resident):
        box, p = sater
        entry = first(official, box, resident, ids(p[0], p[3])).entry
        entry = paper.enter_second_pass(by=second_official, entry=entry, choices=ids(p[1], p[3]))
        with pytest.raises(InvalidInput):
            paper.reject_paper_ballot(by=official, entry=entry, reason="  ")
        reason = "Fel person, det var 19121212-1212"
        entry = paper.reject_paper_ballot(by=official, entry=entry, reason=reason)
        assert entry.status == PaperStatus.REJECTED and entry.voter_id is None
        assert entry.rejection_reason == reason  # kept on the entry, the record of the count
        assert not Participation.objects.exists() and not Ballot.objects.exists()
        event = AuditEvent.objects.get(action="paper_ballot.rejected")
        assert event.actor == official and event.object_repr == entry.number
        # The log, kept for ever, holds the reason's length, never its text (finding 13).
        assert event.data["reason_length"] == len(reason) and "voter" not in event.data
        for logged in AuditEvent.objects.all():
            assert "1212" not in str(logged.data) + logged.object_repr
        casting.cast_ballot(by=resident, box=box, choices=ids(p[1], p[3]))
        assert Ballot.objects.get().channel == Channel.ONLINE


def assert_names_no_voter(events, voter, officials):
    """Each event names an official as actor, and nothing in it names the voter."""
    assert events
    for event in events:
        assert event.actor_id in {o.pk for o in officials}, event.action
        assert not {"voter", "voter_id", "user", "user_id"} & set(event.data), event.action
        logged = str(event.data) + event.object_repr
        for trace in (voter.email, voter.full_name, voter.personnummer_hash):
            assert not trace or trace not in logged, event.action


class TestTheLogNamesNoVoter:
    """The audit log is kept for ever; who voted is deleted by the retention purge. So paper
    events name the official and the entry number (whose voter is erased when the ballot is
    counted or rejected), never the voter."""

    @pytest.fixture
    def census_round(self, make_round):
        budget_round = make_round("vote")
        RoundEligibilityFactory(budget_round=budget_round, use_census=True)
        CensusEntryFactory(budget_round=budget_round)  # ANNA
        return sater_box(budget_round)

    def test_looked_up_by_personnummer_entered_mismatched_resolved(
        self, census_round, official, second_official
    ):
        box, p = census_round
        paper_station(box, "Biblioteket")
        entry = paper.enter_first_pass(
            by=official, box=box, identifier=ANNA, station="Biblioteket", choices=ids(p[0], p[3])
        ).entry
        voter = entry.voter
        assert voter.personnummer_hash
        entry = paper.enter_second_pass(by=second_official, entry=entry, choices=ids(p[1], p[3]))
        paper.resolve_mismatch(by=official, entry=entry, choices=ids(p[1], p[3]))
        events = list(AuditEvent.objects.order_by("pk"))
        assert [e.action for e in events] == [
            "census.voter_created",
            "paper_ballot.entered",
            "paper_ballot.second_entry",
            "paper_ballot.resolved",
            "ballot.cast",
        ]
        assert events[0].actor == official  # the official who looked the person up
        assert_names_no_voter(events, voter, [official, second_official])
        entered = AuditEvent.objects.get(action="paper_ballot.entered")
        assert entered.object_repr == entry.number and entered.data["station"] == "Biblioteket"

    def test_rejected(self, sater, official, second_official, resident):
        box, p = sater
        entry = first(official, box, resident, ids(p[0], p[3])).entry
        paper.reject_paper_ballot(by=second_official, entry=entry, reason="Fel person")
        events = list(AuditEvent.objects.order_by("pk"))
        assert [e.action for e in events] == ["paper_ballot.entered", "paper_ballot.rejected"]
        assert_names_no_voter(events, resident, [official, second_official])


class TestFirstEntryRefusals:
    def test_unknown_voter(self, sater, official):
        box, _p = sater
        with pytest.raises(InvalidInput) as error:
            paper_station(box, "X")
            paper.enter_first_pass(
                by=official, box=box, identifier="ingen@example.se", station="X", choices=[]
            )
        assert error.value.field == "identifier"
        with pytest.raises(InvalidInput):
            paper_station(box, "X")
            paper.enter_first_pass(by=official, box=box, identifier="", station="X", choices=[])

    def test_station_is_required(self, sater, official, resident):
        box, p = sater
        with pytest.raises(InvalidInput) as error:
            first(official, box, resident, ids(p[0], p[3]), station=" ")
        assert error.value.field == "station"

    def test_over_budget_stores_nothing(self, sater, official, resident):
        box, p = sater
        with pytest.raises(RulesBroken, match="högst 50"):
            first(official, box, resident, ids(p[0], p[1], p[3]))
        assert not Participation.objects.exists() and not PaperBallot.objects.exists()

    def test_not_on_the_roll(self, make_round, official, resident):
        unit = UnitFactory()
        box, p = box_with_proposals(make_round("vote", eligibility="unit", unit=unit), [100])
        with pytest.raises(NotAllowed, match="Personen kan inte rösta här"):
            first(official, box, resident, [p[0].pk])
        resident.units.add(unit)
        first(official, box, resident, [p[0].pk])

    def test_not_on_the_roll_after_voting_closed(self, make_round, official, resident):
        unit = UnitFactory()
        box, p = box_with_proposals(make_round("result", eligibility="unit", unit=unit), [100])
        with pytest.raises(NotAllowed, match="Personen kan inte rösta här"):
            first(official, box, resident, [p[0].pk])

    def test_inactive_voter(self, sater, official, resident):
        box, p = sater
        resident.is_active = False
        resident.save()
        with pytest.raises(InvalidInput):
            first(official, box, resident, ids(p[0], p[3]))

    @pytest.mark.parametrize("role", ["resident", "moderator"])
    def test_only_officials(self, sater, resident, moderator, other_resident, role):
        box, p = sater
        by = {"resident": resident, "moderator": moderator}[role]
        with pytest.raises(NotAllowed, match="Bara handläggare"):
            first(by, box, other_resident, ids(p[0], p[3]))

    @pytest.mark.parametrize("phase", [None, "propose", "assess"])
    def test_not_before_voting_opens(self, make_round, official, resident, admin_user, phase):
        box, p = box_with_proposals(make_round(phase), [100])
        for by in (official, admin_user):
            with pytest.raises(NotAllowed, match="när omröstningen har öppnat"):
                first(by, box, resident, [p[0].pk])

    def test_after_voting_closed_until_the_result_is_published(
        self, make_round, official, resident, other_resident
    ):
        budget_round = make_round("result")
        box, p = box_with_proposals(budget_round, [100])
        entry = first(official, box, resident, [p[0].pk]).entry
        budget_round.result_published_at = timezone.now()
        budget_round.save()
        box.budget_round = budget_round
        with pytest.raises(NotAllowed, match="Resultatet är publicerat"):
            first(official, box, other_resident, [p[0].pk])
        entry.box = box
        with pytest.raises(NotAllowed):
            paper.enter_second_pass(by=official, entry=entry, choices=[p[0].pk])

    def test_second_entry_refuses_broken_rules(self, sater, official, resident):
        box, p = sater
        entry = first(official, box, resident, ids(p[0], p[3])).entry
        with pytest.raises(RulesBroken):
            paper.enter_second_pass(
                by=UserFactory(is_official=True), entry=entry, choices=ids(p[0], p[1], p[3])
            )
        entry.refresh_from_db()
        assert entry.status == PaperStatus.PENDING and entry.second_choices is None


class TestReconciliation:
    def test_counts_per_channel_and_station(self, sater, official, second_official):
        box, p = sater
        voters = UserFactory.create_batch(5)
        casting.cast_ballot(by=voters[0], box=box, choices=ids(p[0], p[3]))
        a = first(official, box, voters[1], ids(p[0], p[3]), station="Biblioteket").entry
        b = first(official, box, voters[2], ids(p[0], p[3]), station="Biblioteket").entry
        c = first(official, box, voters[3], ids(p[0], p[3]), station="Stadshuset").entry
        first(official, box, voters[4], ids(p[0], p[3]), station="Stadshuset")
        paper.enter_second_pass(by=second_official, entry=a, choices=ids(p[0], p[3]))
        paper.enter_second_pass(by=second_official, entry=b, choices=ids(p[1], p[3]))
        paper.reject_paper_ballot(by=official, entry=c, reason="Oläslig")

        (row,) = queries.reconciliation(box.budget_round)
        assert row.participations == {"online": 1, "paper": 3}
        assert row.ballots == {"online": 1, "paper": 1}
        library, town_hall = row.stations
        assert (library.station, library.entered, library.matched, library.unresolved) == (
            "Biblioteket",
            2,
            1,
            1,
        )
        assert (town_hall.entered, town_hall.rejected, town_hall.waiting) == (2, 1, 1)
        assert (row.paper.entered, row.paper.counted, row.paper.open) == (4, 1, 2)
        assert queries.open_paper_ballot_count(box.budget_round) == 2

    def test_flags(self, sater, official):
        from delaktig.voting.queries import reconciliation_flags

        box, p = sater
        first(official, box, UserFactory(), ids(p[0], p[3]))
        (row,) = queries.reconciliation(box.budget_round)
        assert reconciliation_flags(row) == ["1 pappersröstsedel väntar på sin andra inmatning."]
        Participation.objects.create(box=box, voter=UserFactory())  # a participation, no ballot
        Ballot.objects.create(box=box, channel="paper")  # a ballot from nowhere
        (row,) = queries.reconciliation(box.budget_round)
        flags = " ".join(reconciliation_flags(row))
        assert "Webb:" in flags and "Papper:" in flags
