import hashlib
from datetime import timedelta

import pytest
from django.db import connection, models

from delaktig.accounts.tests.factories import DistrictFactory, UnitFactory, UserFactory
from delaktig.audit.models import AuditEvent
from delaktig.core.codes import RECEIPT_CODE
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.processes.tests.factories import AreaFactory
from delaktig.proposals.models import ProposalStatus
from delaktig.voting import queries
from delaktig.voting.models import Ballot, BallotBox, BallotChoice, BallotKind, Participation
from delaktig.voting.services import casting, design, sealing

from .factories import (
    SATER,
    BallotBoxFactory,
    ProposalFactory,
    box_with_proposals,
    feasible,
    sater_box,
)

pytestmark = pytest.mark.django_db


def problems(error):
    return " ".join(p.message for p in error.value.problems)


# --- Creating and designing boxes --------------------------------------------------------------


class TestCreateBoxes:
    def test_one_box_for_a_round_without_areas(self, make_round, official):
        budget_round = make_round("assess")
        created = design.create_boxes_for_round(by=official, budget_round=budget_round)
        assert [b.area for b in created] == [None]
        assert design.create_boxes_for_round(by=official, budget_round=budget_round) == []
        assert BallotBox.objects.filter(budget_round=budget_round).count() == 1
        assert AuditEvent.objects.filter(action="ballotbox.created").count() == 1

    def test_one_box_per_area(self, make_round, official):
        budget_round = make_round("propose")
        areas = AreaFactory.create_batch(3, budget_round=budget_round)
        created = design.create_boxes_for_round(
            by=official, budget_round=budget_round, kind=BallotKind.KNAPSACK
        )
        assert {b.area_id for b in created} == {a.pk for a in areas}
        assert {b.kind for b in created} == {BallotKind.KNAPSACK}

    def test_resident_may_not(self, make_round, resident):
        with pytest.raises(NotAllowed):
            design.create_boxes_for_round(by=resident, budget_round=make_round("assess"))

    def test_locked_once_voting_opened(self, make_round, official):
        with pytest.raises(Conflict):
            design.create_boxes_for_round(by=official, budget_round=make_round("vote"))


class TestConfigure:
    def test_sater_rules_are_expressible(self, make_round, official):
        budget_round = make_round("assess", total_budget=50_000)
        box = BallotBoxFactory(budget_round=budget_round)
        box = design.configure_ballot_box(by=official, box=box, data=SATER)
        box.refresh_from_db()
        assert (box.kind, box.min_choices, box.max_cost_per_proposal, box.spending_cap) == (
            "knapsack",
            2,
            30_000,
            50_000,
        )
        event = AuditEvent.objects.get(action="ballotbox.configured")
        assert event.object_id == str(box.pk)
        assert event.data["spending_cap"] == 50_000

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            ({"kind": "knapsack", "min_choices": 0}, "min_choices"),
            (
                {"kind": "knapsack", "max_cost_per_proposal": 60_000, "spending_cap": 50_000},
                "max_cost_per_proposal",
            ),
            ({"kind": "knapsack", "spending_cap": 90_000}, "spending_cap"),
            ({"kind": "approval", "min_choices": 3, "max_choices": 2}, "max_choices"),
            (
                {"kind": "points", "total_points": None, "max_points_per_proposal": 3},
                "total_points",
            ),
            (
                {"kind": "points", "total_points": 10, "max_points_per_proposal": None},
                "max_points_per_proposal",
            ),
            (
                {"kind": "points", "total_points": 5, "max_points_per_proposal": 6},
                "max_points_per_proposal",
            ),
            ({"kind": "ranking", "rank_count": None}, "rank_count"),
            ({"kind": "ranking", "rank_count": 2, "min_choices": 3}, "min_choices"),
            ({"kind": "", "min_choices": 1}, "kind"),
        ],
    )
    def test_refuses_unsound_designs(self, make_round, official, data, field):
        box = BallotBoxFactory(budget_round=make_round("assess", total_budget=50_000))
        with pytest.raises(InvalidInput) as error:
            design.configure_ballot_box(by=official, box=box, data=data)
        assert field in {p.field for p in error.value.problems}
        assert not AuditEvent.objects.filter(action="ballotbox.configured").exists()

    def test_points_and_ranking_designs(self, make_round, official):
        box = BallotBoxFactory(budget_round=make_round("assess"))
        design.configure_ballot_box(
            by=official,
            box=box,
            data={"kind": "points", "total_points": 10, "max_points_per_proposal": 5},
        )
        box = design.configure_ballot_box(
            by=official, box=box, data={"kind": "ranking", "rank_count": 3, "total_points": 10}
        )
        box.refresh_from_db()
        assert (box.kind, box.rank_count, box.total_points) == ("ranking", 3, None)

    def test_only_feasible_proposals_of_the_area(self, make_round, official):
        budget_round = make_round("assess")
        area, other_area = AreaFactory.create_batch(2, budget_round=budget_round)
        box = BallotBoxFactory(budget_round=budget_round, area=area)
        mine = feasible(ProposalFactory(budget_round=budget_round, area=area))
        theirs = feasible(ProposalFactory(budget_round=budget_round, area=other_area))
        unassessed = ProposalFactory(budget_round=budget_round, area=area)
        for wrong in (theirs, unassessed):
            with pytest.raises(InvalidInput):
                design.configure_ballot_box(
                    by=official, box=box, data={"kind": "approval", "proposals": [mine, wrong]}
                )
        design.configure_ballot_box(
            by=official, box=box, data={"kind": "approval", "proposals": [mine]}
        )
        assert list(box.proposals.all()) == [mine]

    def test_refuses_proposal_over_the_cap_on_a_budget_ballot(self, make_round, official):
        budget_round = make_round("assess", total_budget=50_000)
        box = BallotBoxFactory(budget_round=budget_round)
        dear = feasible(ProposalFactory(budget_round=budget_round, estimated_cost=31_000))
        with pytest.raises(InvalidInput) as error:
            design.configure_ballot_box(by=official, box=box, data={**SATER, "proposals": [dear]})
        assert "31" in problems(error)

    def test_official_cost_wins_over_the_estimate(self, make_round, official):
        budget_round = make_round("assess", total_budget=50_000)
        box = BallotBoxFactory(budget_round=budget_round)
        p = feasible(
            ProposalFactory(budget_round=budget_round, estimated_cost=40_000), official_cost=25_000
        )
        design.configure_ballot_box(
            by=official, box=box, data={**SATER, "min_choices": 1, "proposals": [p]}
        )
        assert queries.proposal_costs(box) == {p.pk: 25_000}

    def test_resident_may_not_configure(self, make_round, resident):
        box = BallotBoxFactory(budget_round=make_round("assess"))
        with pytest.raises(NotAllowed):
            design.configure_ballot_box(by=resident, box=box, data={"kind": "approval"})


class TestLock:
    def test_every_design_change_refused_once_voting_opened(
        self, make_round, official, time_machine
    ):
        budget_round = make_round("assess")
        box, proposals = box_with_proposals(budget_round, [1000, 2000])
        design.configure_ballot_box(by=official, box=box, data={"min_choices": 1})
        opens = budget_round.phase_of_kind("vote").starts_at
        time_machine.move_to(opens + timedelta(seconds=1))
        budget_round.refresh_from_db()
        box = BallotBox.objects.get(pk=box.pk)
        attempts = [
            lambda: design.configure_ballot_box(by=official, box=box, data={"kind": "points"}),
            lambda: design.configure_ballot_box(by=official, box=box, data={"min_choices": 2}),
            lambda: design.configure_ballot_box(
                by=official, box=box, data={"counting_rule": "mes"}
            ),
            lambda: design.configure_ballot_box(
                by=official, box=box, data={"proposals": proposals[:1]}
            ),
            lambda: design.fill_ballot(by=official, box=box),
            lambda: design.create_boxes_for_round(by=official, budget_round=budget_round),
        ]
        for attempt in attempts:
            with pytest.raises(Conflict) as error:
                attempt()
            assert "Omröstningen har öppnat" in str(error.value)
        box.refresh_from_db()
        assert box.min_choices == 1 and box.proposals.count() == 2

    def test_still_locked_after_voting_closed(self, make_round, official):
        box = BallotBoxFactory(budget_round=make_round("result"))
        with pytest.raises(Conflict):
            design.configure_ballot_box(by=official, box=box, data={"min_choices": 2})


class TestFill:
    def test_takes_the_feasible_proposals_of_the_area(self, make_round, official):
        budget_round = make_round("assess")
        area, other = AreaFactory.create_batch(2, budget_round=budget_round)
        box = BallotBoxFactory(budget_round=budget_round, area=area)
        good = feasible(ProposalFactory(budget_round=budget_round, area=area))
        feasible(ProposalFactory(budget_round=budget_round, area=other))
        feasible(ProposalFactory(budget_round=budget_round, area=area), published=False)
        withdrawn = feasible(ProposalFactory(budget_round=budget_round, area=area))
        withdrawn.status = ProposalStatus.WITHDRAWN
        withdrawn.save()
        ProposalFactory(budget_round=budget_round, area=area)  # not assessed
        filled = design.fill_ballot(by=official, box=box)
        assert filled.on_ballot == [good]
        assert list(box.proposals.all()) == [good]

    def test_leaves_out_proposals_over_the_cap(self, make_round, official):
        budget_round = make_round("assess", total_budget=50_000)
        box = BallotBoxFactory(budget_round=budget_round, **SATER)
        cheap = feasible(ProposalFactory(budget_round=budget_round, estimated_cost=30_000))
        dear = feasible(ProposalFactory(budget_round=budget_round, estimated_cost=30_001))
        filled = design.fill_ballot(by=official, box=box)
        assert (filled.on_ballot, filled.left_out) == ([cheap], [dear])


# --- Casting -----------------------------------------------------------------------------------


class TestApproval:
    @pytest.fixture
    def box(self, make_round):
        box, self.p = box_with_proposals(
            make_round("vote"), [100, 200, 300, 400], min_choices=2, max_choices=3
        )
        return box

    def test_happy(self, box, resident):
        receipt = casting.cast_ballot(by=resident, box=box, choices=[self.p[0].pk, self.p[2].pk])
        assert casting.current_choices(resident, box) == {self.p[0].pk: 1, self.p[2].pk: 1}
        assert receipt.changed is False and len(receipt.code) == 19

    @pytest.mark.parametrize(("pick", "message"), [(1, "Välj minst 2"), (4, "Välj högst 3")])
    def test_too_few_or_too_many(self, box, resident, pick, message):
        with pytest.raises(InvalidInput) as error:
            casting.cast_ballot(by=resident, box=box, choices=[p.pk for p in self.p[:pick]])
        assert message in problems(error)
        assert not Participation.objects.exists() and not Ballot.objects.exists()

    def test_tampered_and_foreign_ids(self, box, resident, make_round):
        _other_box, other = box_with_proposals(
            box.budget_round, [100], area=AreaFactory(budget_round=box.budget_round)
        )
        for bad in (999_999, other[0].pk):
            with pytest.raises(InvalidInput) as error:
                casting.cast_ballot(by=resident, box=box, choices=[self.p[0].pk, self.p[1].pk, bad])
            assert "inte finns på den här röstsedeln" in problems(error)
        with pytest.raises(InvalidInput):
            casting.cast_ballot(by=resident, box=box, choices=["x", self.p[0].pk])
        assert not Ballot.objects.exists()


class TestKnapsackSater:
    @pytest.fixture
    def box(self, make_round):
        box, self.p = sater_box(make_round("vote"))  # 20 000, 25 000, 30 000, 10 000
        return box

    def test_two_within_the_money(self, box, resident):
        casting.cast_ballot(by=resident, box=box, choices=[self.p[0].pk, self.p[2].pk])
        assert Ballot.objects.get().choices.count() == 2

    def test_one_choice_is_too_few(self, box, resident):
        with pytest.raises(InvalidInput) as error:
            casting.cast_ballot(by=resident, box=box, choices=[self.p[3].pk])
        assert "Välj minst 2 förslag" in problems(error)

    def test_over_the_spending_cap(self, box, resident):
        with pytest.raises(InvalidInput) as error:
            casting.cast_ballot(by=resident, box=box, choices=[self.p[1].pk, self.p[2].pk])
        assert "55\u00a0000\u00a0kr" in problems(error) and "50\u00a0000\u00a0kr" in problems(error)

    def test_proposal_over_the_per_proposal_cap(self, box, resident):
        dear = feasible(ProposalFactory(budget_round=box.budget_round, estimated_cost=35_000))
        box.proposals.add(dear)  # slipped onto the ballot: the cast still refuses it
        with pytest.raises(InvalidInput) as error:
            casting.cast_ballot(by=resident, box=box, choices=[dear.pk, self.p[3].pk])
        assert any(p.field == f"proposal-{dear.pk}" for p in error.value.problems)


class TestPoints:
    @pytest.fixture
    def box(self, make_round):
        box, self.p = box_with_proposals(
            make_round("vote"),
            [100, 200, 300],
            kind="points",
            total_points=10,
            max_points_per_proposal=5,
        )
        return box

    def test_happy_and_zero_means_not_chosen(self, box, resident):
        casting.cast_ballot(
            by=resident, box=box, choices={self.p[0].pk: 5, self.p[1].pk: 4, self.p[2].pk: 0}
        )
        assert casting.current_choices(resident, box) == {self.p[0].pk: 5, self.p[1].pk: 4}

    def test_over_per_proposal_max(self, box, resident):
        with pytest.raises(InvalidInput) as error:
            casting.cast_ballot(by=resident, box=box, choices={self.p[0].pk: 6})
        assert "högst 5 poäng" in problems(error)

    def test_over_total(self, box, resident):
        with pytest.raises(InvalidInput) as error:
            casting.cast_ballot(by=resident, box=box, choices={p.pk: 4 for p in self.p})
        assert "12 poäng" in problems(error)

    def test_negative(self, box, resident):
        with pytest.raises(InvalidInput):
            casting.cast_ballot(by=resident, box=box, choices={self.p[0].pk: -1})


class TestRanking:
    @pytest.fixture
    def box(self, make_round):
        box, self.p = box_with_proposals(
            make_round("vote"), [1, 2, 3, 4], kind="ranking", rank_count=3
        )
        return box

    def test_happy_in_order(self, box, resident):
        casting.cast_ballot(by=resident, box=box, choices=[self.p[2].pk, self.p[0].pk])
        assert casting.current_choices(resident, box) == {self.p[2].pk: 1, self.p[0].pk: 2}

    @pytest.mark.parametrize(
        ("places", "message"),
        [
            ((1, 1), "mer än ett förslag på plats 1"),
            ((1, 3), "utan att hoppa över"),
            ((1, 4), "Plats 4 finns inte"),
            ((1, 2, 3, 4), "Plats 4 finns inte"),
        ],
    )
    def test_refusals(self, box, resident, places, message):
        choices = {p.pk: place for p, place in zip(self.p, places, strict=False)}
        with pytest.raises(InvalidInput) as error:
            casting.cast_ballot(by=resident, box=box, choices=choices)
        assert message in problems(error)

    def test_too_many_as_a_list(self, box, resident):
        with pytest.raises(InvalidInput):
            casting.cast_ballot(by=resident, box=box, choices=[p.pk for p in self.p])


class TestChangeAndSecrecy:
    def test_change_replaces_the_ballot(self, make_round, resident):
        box, p = box_with_proposals(make_round("vote"), [100, 200, 300])
        first = casting.cast_ballot(by=resident, box=box, choices=[p[0].pk])
        ballot_id = Ballot.objects.get().pk
        second = casting.cast_ballot(by=resident, box=box, choices=[p[1].pk, p[2].pk])
        assert second.changed is True
        assert Participation.objects.count() == 1 and Ballot.objects.count() == 1
        ballot = Ballot.objects.get()
        assert ballot.pk == ballot_id
        assert set(ballot.choices.values_list("proposal_id", flat=True)) == {p[1].pk, p[2].pk}
        assert first.code != second.code
        assert ballot.receipt_hash == RECEIPT_CODE.keyed_hash(second.code)
        # Keyed: a plain SHA-256 of the code would let a receipt plus a database copy find it.
        plain = hashlib.sha256(second.code.replace("-", "").encode()).hexdigest()
        assert ballot.receipt_hash != plain
        # No timed event per vote: it would be a timeline of the ballots (issue 9).
        assert not AuditEvent.objects.filter(action__startswith="ballot.").exists()

    def test_two_voters_two_ballots(self, make_round, resident, other_resident):
        box, p = box_with_proposals(make_round("vote"), [100, 200])
        casting.cast_ballot(by=resident, box=box, choices=[p[0].pk])
        casting.cast_ballot(by=other_resident, box=box, choices=[p[1].pk])
        assert Ballot.objects.count() == 2 and Participation.objects.count() == 2
        assert casting.current_choices(resident, box) == {p[0].pk: 1}
        assert casting.current_choices(other_resident, box) == {p[1].pk: 1}

    def test_ballot_holds_no_person_and_no_time(self):
        for model in (Ballot, BallotChoice):
            for f in model._meta.get_fields():
                assert not isinstance(f, models.DateTimeField | models.DateField), f
                related = getattr(f, "related_model", None)
                assert related is None or related._meta.label not in {
                    "accounts.User",
                    "voting.Participation",
                }, f
            assert isinstance(model._meta.pk, models.UUIDField)

    def test_the_audit_log_keeps_nothing_of_an_online_vote(self, make_round, resident):
        box, p = box_with_proposals(make_round("vote"), [100])
        receipt = casting.cast_ballot(by=resident, box=box, choices=[p[0].pk])
        ballot = Ballot.objects.get()
        assert not AuditEvent.objects.exists()  # who voted is the participation, purged later

        dumped = "".join(str(e.data) + e.object_repr for e in AuditEvent.objects.all())
        for secret in (
            str(ballot.pk),
            ballot.locator,
            ballot.receipt_hash,
            receipt.code,
            str(p[0].pk) + ":",
        ):
            assert secret not in dumped

    def test_locator_is_keyed(self, make_round, resident, settings):
        box, p = box_with_proposals(make_round("vote"), [100])
        casting.cast_ballot(by=resident, box=box, choices=[p[0].pk])
        settings.BALLOT_LOCATOR_KEY = "another-key"
        assert casting.current_choices(resident, box) == {}
        with pytest.raises(Conflict, match="redan röstat"):
            casting.cast_ballot(by=resident, box=box, choices=[p[0].pk])
        assert Ballot.objects.count() == 1

    def test_clear_locators_after_close(self, make_round, official, resident, time_machine):
        budget_round = make_round("vote")
        box, p = box_with_proposals(budget_round, [100])
        casting.cast_ballot(by=resident, box=box, choices=[p[0].pk])
        with pytest.raises(Conflict):
            sealing.clear_locators(by=official, box=box)
        time_machine.move_to(budget_round.phase_of_kind("vote").ends_at + timedelta(seconds=1))
        assert sealing.clear_locators(by=official, box=box) == 1
        assert Ballot.objects.get().locator is None


class TestWhoMayVote:
    @pytest.mark.parametrize("phase", [None, "propose", "assess", "result", "follow_up"])
    def test_wrong_phase(self, make_round, resident, phase):
        box, p = box_with_proposals(make_round(phase), [100])
        with pytest.raises(NotAllowed):
            casting.cast_ballot(by=resident, box=box, choices=[p[0].pk])
        assert not Participation.objects.exists()

    def test_before_and_after_say_so(self, make_round, resident, time_machine):
        budget_round = make_round("assess")
        box, p = box_with_proposals(budget_round, [100])
        with pytest.raises(NotAllowed, match="inte öppnat"):
            casting.cast_ballot(by=resident, box=box, choices=[p[0].pk])
        time_machine.move_to(budget_round.phase_of_kind("vote").ends_at + timedelta(seconds=1))
        with pytest.raises(NotAllowed, match="stängt"):
            casting.cast_ballot(by=resident, box=box, choices=[p[0].pk])

    def test_unit_eligibility(self, make_round, resident):
        unit = UnitFactory()
        box, p = box_with_proposals(make_round("vote", eligibility="unit", unit=unit), [100])
        with pytest.raises(NotAllowed):
            casting.cast_ballot(by=resident, box=box, choices=[p[0].pk])
        resident.units.add(unit)
        casting.cast_ballot(by=resident, box=box, choices=[p[0].pk])

    def test_residents_vote_only_in_their_area(self, make_round):
        budget_round = make_round("vote", eligibility="residents")
        north, south = DistrictFactory(name="Norr"), DistrictFactory(name="Söder")
        box_n, pn = box_with_proposals(
            budget_round, [100], area=AreaFactory(budget_round=budget_round, district=north)
        )
        box_s, ps = box_with_proposals(
            budget_round, [100], area=AreaFactory(budget_round=budget_round, district=south)
        )
        voter = UserFactory(district=north)
        with pytest.raises(NotAllowed, match="området där du bor"):
            casting.cast_ballot(by=voter, box=box_s, choices=[ps[0].pk])
        casting.cast_ballot(by=voter, box=box_n, choices=[pn[0].pk])
        with pytest.raises(NotAllowed):
            casting.cast_ballot(by=UserFactory(), box=box_n, choices=[pn[0].pk])

    def test_unpublished_round(self, make_round, resident):
        box, p = box_with_proposals(make_round("vote", status="draft"), [100])
        with pytest.raises(NotAllowed):
            casting.cast_ballot(by=resident, box=box, choices=[p[0].pk])


class TestQueries:
    def test_rows_turnout_and_counts(self, make_round, resident, other_resident, time_machine):
        budget_round = make_round("vote")
        box, p = box_with_proposals(
            budget_round, [100, 200, 300], kind="points", total_points=5, max_points_per_proposal=5
        )
        casting.cast_ballot(by=resident, box=box, choices={p[0].pk: 3, p[1].pk: 2})
        casting.cast_ballot(by=other_resident, box=box, choices={p[1].pk: 5}, channel="paper")
        rows = list(queries.ballot_rows(box))
        assert [r[0] for r in rows] == sorted(
            str(b) for b in Ballot.objects.values_list("pk", flat=True)
        )
        assert sorted(c for _, c in rows) == sorted([[(p[1].pk, 2), (p[0].pk, 3)], [(p[1].pk, 5)]])
        t = queries.turnout(box)
        assert (t.total, t.by_channel) == (2, {"online": 1, "paper": 1})
        assert queries.proposal_costs(box) == {p[0].pk: 100, p[1].pk: 200, p[2].pk: 300}
        counts = queries.vote_counts(box)
        assert (counts[p[1].pk].ballots, counts[p[1].pk].points, counts[p[2].pk].ballots) == (
            2,
            7,
            0,
        )
        assert len(queries.receipt_hashes(box)) == 2

    def test_vote_counts_hidden_while_voting_is_open(
        self, make_round, resident, official, admin_user, time_machine
    ):
        budget_round = make_round("vote")
        box, p = box_with_proposals(budget_round, [100])
        casting.cast_ballot(by=resident, box=box, choices=[p[0].pk])
        for user in (resident, official, admin_user):
            assert queries.visible_vote_counts(user, box) is None
        time_machine.move_to(budget_round.phase_of_kind("vote").ends_at + timedelta(seconds=1))
        box = BallotBox.objects.get(pk=box.pk)
        assert queries.visible_vote_counts(resident, box)[p[0].pk].ballots == 1


def test_an_old_sqlite_is_refused_by_the_system_checks(monkeypatch):
    import sqlite3

    from delaktig.voting.apps import sqlite_can_upsert

    assert sqlite_can_upsert(databases=["default"]) == [] or connection.vendor != "sqlite"
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    errors = sqlite_can_upsert(databases=["default"])
    if connection.vendor == "sqlite":
        assert [e.id for e in errors] == ["voting.E001"] and "3.35" in errors[0].msg
    else:
        assert errors == []
