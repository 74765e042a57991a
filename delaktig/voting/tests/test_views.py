"""The voting pages through the test client: no JavaScript, every error explained."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delaktig.accounts.tests.factories import DistrictFactory, UserFactory
from delaktig.core.personnummer import keyed_hash
from delaktig.eligibility.tests.factories import (
    ANNA,
    CensusEntryFactory,
    InvitationFactory,
    RoundEligibilityFactory,
)
from delaktig.processes.tests.factories import AreaFactory
from delaktig.voting.models import Ballot, BallotBox, Participation
from delaktig.voting.services import casting

from .factories import SATER, BallotBoxFactory, box_with_proposals, sater_box, something_on_ballot

pytestmark = pytest.mark.django_db


def url(box):
    return reverse("voting:box", kwargs={"slug": box.budget_round.slug, "box_id": box.pk})


@pytest.fixture
def sater(make_round):
    return sater_box(make_round("vote"))  # 20 000, 25 000, 30 000, 10 000


class TestBallotPage:
    def test_plain_language_rules_and_proposals(self, client, resident, sater):
        box, p = sater
        client.force_login(resident)
        response = client.get(reverse("voting:ballot", kwargs={"slug": box.budget_round.slug}))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Välj minst 2 förslag." in html
        assert "Du får använda högst 50\u00a0000\u00a0kr." in html
        assert "Skicka din röst" in html
        assert p[0].title in html and "20\u00a0000\u00a0kr" in html
        assert 'aria-live="polite"' in html and "js/ballot.js" in html
        assert "<script>" not in html  # strict CSP: no inline script

    def test_anonymous_sees_the_ballot_and_a_sign_in_link(self, client, sater):
        box, _p = sater
        html = client.get(url(box)).content.decode()
        assert "Logga in för att rösta." in html
        assert "Skicka din röst" not in html

    def test_before_opening_says_so(self, client, resident, make_round):
        box, _p = box_with_proposals(make_round("assess"), [100])
        client.force_login(resident)
        html = client.get(url(box)).content.decode()
        assert "Omröstningen har inte öppnat än" in html

    def test_box_of_another_round_is_404(self, client, resident, sater, make_round):
        box, _p = sater
        other = make_round("vote")
        client.force_login(resident)
        response = client.get(reverse("voting:box", kwargs={"slug": other.slug, "box_id": box.pk}))
        assert response.status_code == 404

    def test_query_count_does_not_grow_with_proposals(self, client, resident, make_round):
        client.force_login(resident)
        counts = []
        for n in (2, 20):
            box, p = box_with_proposals(make_round("vote"), [1000] * n)
            casting.cast_ballot(by=resident, box=box, choices=[p[0].pk])
            client.get(url(box))  # warm the session
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url(box)).status_code == 200
            counts.append(len(ctx))
        assert counts[0] == counts[1]


class TestCasting:
    def test_vote_then_receipt(self, client, resident, sater):
        box, p = sater
        client.force_login(resident)
        response = client.post(url(box), {"choice": [p[0].pk, p[3].pk]})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Tack för att du röstade" in html and "Din kvittokod:" in html
        assert "Du kan ändra din röst fram till" in html
        assert Ballot.objects.count() == 1 and Participation.objects.count() == 1

    def test_change_is_prefilled_and_replaces(self, client, resident, sater):
        box, p = sater
        client.force_login(resident)
        client.post(url(box), {"choice": [p[0].pk, p[3].pk]})
        html = client.get(url(box)).content.decode()
        assert "Ändra din röst" in html and "Du har röstat." in html
        assert html.count(" checked") == 2
        response = client.post(url(box), {"choice": [p[1].pk, p[3].pk]})
        assert "Din röst är ändrad" in response.content.decode()
        assert Ballot.objects.count() == 1 and Participation.objects.count() == 1
        assert casting.current_choices(resident, box) == {p[1].pk: 1, p[3].pk: 1}

    def test_over_budget_error_summary(self, client, resident, sater):
        box, p = sater
        client.force_login(resident)
        response = client.post(url(box), {"choice": [p[1].pk, p[2].pk]})
        html = response.content.decode()
        assert response.status_code == 200
        assert "error-summary" in html and 'href="#ballot"' in html
        assert "Du får använda högst 50\u00a0000\u00a0kr. Ta bort ett förslag" in html
        assert "ballot-total--over" in html  # the server-side total shows it too
        assert not Ballot.objects.exists()

    def test_too_few(self, client, resident, sater):
        box, p = sater
        client.force_login(resident)
        html = client.post(url(box), {"choice": [p[0].pk]}).content.decode()
        assert "Välj minst 2 förslag." in html and "error-summary" in html

    @pytest.mark.parametrize("bad", ["999999", "abc", "-1"])
    def test_tampered_ids(self, client, resident, sater, bad):
        box, p = sater
        client.force_login(resident)
        html = client.post(url(box), {"choice": [p[0].pk, p[3].pk, bad]}).content.decode()
        assert "inte finns på den här röstsedeln" in html
        assert not Ballot.objects.exists()

    def test_proposal_from_another_box(self, client, resident, sater):
        box, p = sater
        area = AreaFactory(budget_round=box.budget_round)
        _other_box, other = box_with_proposals(box.budget_round, [100], area=area)
        client.force_login(resident)
        html = client.post(url(box), {"choice": [p[0].pk, other[0].pk]}).content.decode()
        assert "inte finns på den här röstsedeln" in html

    def test_points_errors_by_the_field(self, client, resident, make_round):
        box, p = box_with_proposals(
            make_round("vote"), [1, 2], kind="points", total_points=6, max_points_per_proposal=4
        )
        client.force_login(resident)
        response = client.post(
            url(box), {f"points-{p[0].pk}": "5", f"points-{p[1].pk}": "x", "points-77x": "1"}
        )
        html = response.content.decode()
        assert f'href="#proposal-{p[1].pk}"' in html and "Skriv ett heltal" in html
        response = client.post(url(box), {f"points-{p[0].pk}": "5", f"points-{p[1].pk}": "3"})
        html = response.content.decode()
        assert "högst 4 poäng" in html and "Du har använt 8 poäng" in html
        assert "Du har delat ut 2 poäng för mycket." in html  # in words, not only by colour
        assert f'href="#proposal-{p[0].pk}"' in html
        client.post(url(box), {f"points-{p[0].pk}": "4", f"points-{p[1].pk}": "2"})
        assert casting.current_choices(resident, box) == {p[0].pk: 4, p[1].pk: 2}

    def test_ranking_duplicates(self, client, resident, make_round):
        box, p = box_with_proposals(make_round("vote"), [1, 2, 3], kind="ranking", rank_count=2)
        client.force_login(resident)
        html = client.post(
            url(box), {f"rank-{p[0].pk}": "1", f"rank-{p[1].pk}": "1"}
        ).content.decode()
        assert "mer än ett förslag på plats 1" in html
        html = client.post(
            url(box), {f"rank-{p[0].pk}": "2", f"rank-{p[2].pk}": "1"}
        ).content.decode()
        assert "Tack för att du röstade" in html
        assert casting.current_choices(resident, box) == {p[0].pk: 2, p[2].pk: 1}

    @pytest.mark.parametrize(
        ("phase", "message"), [("assess", "inte öppnat"), ("result", "stängt")]
    )
    def test_wrong_phase_is_a_403_with_reason(self, client, resident, make_round, phase, message):
        box, p = box_with_proposals(make_round(phase), [100])
        client.force_login(resident)
        response = client.post(url(box), {"choice": [p[0].pk]})
        assert response.status_code == 403
        assert message in response.content.decode()
        assert not Participation.objects.exists()

    def test_not_eligible_is_a_403(self, client, resident, make_round):
        from delaktig.accounts.tests.factories import UnitFactory

        box, p = box_with_proposals(
            make_round("vote", eligibility="unit", unit=UnitFactory()), [100]
        )
        client.force_login(resident)
        response = client.post(url(box), {"choice": [p[0].pk]})
        assert response.status_code == 403
        assert "Du hör inte till dem som får delta" in response.content.decode()

    def test_anonymous_post_goes_to_sign_in(self, client, sater):
        box, p = sater
        response = client.post(url(box), {"choice": [p[0].pk, p[3].pk]})
        assert response.status_code == 302 and "/konto/" in response.url


NBSP = "\u00a0"


def total_div(html: str) -> tuple[str, str]:
    """The running total: its opening tag, and what it says."""
    start = html.index('id="ballot-total"')
    tag_end = html.index(">", start)
    return html[html.rindex("<div", 0, start) : tag_end], html[
        tag_end + 1 : html.index("</div>", start)
    ]


class TestTotalWithoutJavaScript:
    """Issue 11, broken item 5: a total the server wrote cannot follow the ticks, so it is
    shown only for the choices the page was made with, and says which those are."""

    def test_a_fresh_ballot_hides_the_total_for_the_script_to_show(self, client, resident, sater):
        box, _p = sater
        client.force_login(resident)
        tag, _text = total_div(client.get(url(box)).content.decode())
        assert " hidden" in tag
        assert "ballot-item--nofit" not in client.get(url(box)).content.decode()

    def test_a_refused_ballot_shows_what_was_sent_and_by_how_much_it_is_over(
        self, client, resident, sater
    ):
        box, p = sater  # 25 000 + 30 000 = 55 000 of 50 000
        client.force_login(resident)
        html = client.post(url(box), {"choice": [p[1].pk, p[2].pk]}).content.decode()
        tag, div = total_div(html)
        assert " hidden" not in tag
        assert "I rösten du skickade:" in div
        assert f"Valda förslag: 2. Använt: 55{NBSP}000{NBSP}kr av 50{NBSP}000{NBSP}kr." in div
        assert f"Du har valt 5{NBSP}000{NBSP}kr för mycket." in div
        # Nothing more fits: each unchosen proposal says so in words.
        assert html.count("Får inte plats i pengarna du har kvar.</strong>") == 2
        assert html.count("ballot-item--nofit") == 2

    def test_a_returning_voter_sees_the_saved_total_and_what_no_longer_fits(
        self, client, resident, sater
    ):
        box, p = sater
        client.force_login(resident)
        client.post(url(box), {"choice": [p[0].pk, p[3].pk]})  # 30 000: 20 000 left
        html = client.get(url(box)).content.decode()
        _tag, div = total_div(html)
        assert "I din sparade röst:" in div and "för mycket" not in div
        assert f"Använt: 30{NBSP}000{NBSP}kr av 50{NBSP}000{NBSP}kr." in div
        # 25 000 and 30 000 no longer fit in the 20 000 left; the chosen ones are not marked.
        marked = [
            item for item in html.split('<li class="ballot-item')[1:] if "Får inte plats" in item
        ]
        assert len(marked) == 2
        assert all(p[1].title in m or p[2].title in m for m in marked)

    def test_too_many_proposals_said_in_words(self, client, resident, make_round):
        box, p = box_with_proposals(
            make_round("vote"), [1, 2, 3], kind="approval", min_choices=1, max_choices=1
        )
        client.force_login(resident)
        html = client.post(url(box), {"choice": [p[0].pk, p[1].pk, p[2].pk]}).content.decode()
        _tag, div = total_div(html)
        assert "Du har valt för många förslag. Ta bort 2." in div
        assert "ballot-item--nofit" not in html  # money is not what limits an approval ballot


class TestVotedNotice:
    def test_a_returning_voter_gets_a_notice_at_the_top(self, client, resident, sater):
        box, p = sater
        client.force_login(resident)
        first = client.get(url(box)).content.decode()
        assert "notification-banner" not in first
        client.post(url(box), {"choice": [p[0].pk, p[3].pk]})
        html = client.get(url(box)).content.decode()
        banner = html[html.index('class="notification-banner"') :]
        banner = banner[: banner.index("</section>")]
        assert "Du har röstat" in banner
        assert "Du kan ändra din röst tills omröstningen stänger" in banner
        # Above the ballot.
        assert html.index("notification-banner") < html.index('id="ballot-total"')


class TestReceiptPage:
    def test_first_vote_links_to_the_check_and_says_when_it_opens(self, client, resident, sater):
        box, p = sater
        client.force_login(resident)
        html = client.post(url(box), {"choice": [p[0].pk, p[3].pk]}).content.decode()
        check = reverse("results:receipt_check", kwargs={"slug": box.budget_round.slug})
        assert f'href="{check}"' in html
        assert "redan nu och se att din röstsedel har kommit fram" in html
        assert 'class="panel"' in html and 'id="receipt-code"' in html
        assert "Kopiera koden" in html and "Skriv ut sidan" in html
        assert "Bara den här rösten räknas nu" not in html

    def test_a_change_says_the_earlier_code_no_longer_counts(self, client, resident, sater):
        box, p = sater
        client.force_login(resident)
        client.post(url(box), {"choice": [p[0].pk, p[3].pk]})
        html = client.post(url(box), {"choice": [p[1].pk, p[3].pk]}).content.decode()
        assert "Din röst är ändrad" in html
        assert "Bara den här rösten räknas nu" in html

    def test_the_same_vote_sent_again_is_not_called_a_change(self, client, resident, sater):
        """A dropped connection hid the first reply and the voter sends again (issue 11)."""
        box, p = sater
        client.force_login(resident)
        client.post(url(box), {"choice": [p[0].pk, p[3].pk]})
        html = client.post(url(box), {"choice": [p[3].pk, p[0].pk]}).content.decode()
        assert "Din röst är sparad" in html and "samma röst som förut" in html
        assert "Din röst är ändrad" not in html
        assert Ballot.objects.filter(box=box).count() == 1


class TestChooser:
    def test_residents_see_only_their_area(self, client, make_round):
        budget_round = make_round("vote", eligibility="residents")
        north, south = DistrictFactory(name="Norr"), DistrictFactory(name="Söder")
        a_north = AreaFactory(budget_round=budget_round, name="Norra området", district=north)
        a_south = AreaFactory(budget_round=budget_round, name="Södra området", district=south)
        box_n = something_on_ballot(BallotBoxFactory(budget_round=budget_round, area=a_north))
        box_s = something_on_ballot(BallotBoxFactory(budget_round=budget_round, area=a_south))
        client.force_login(UserFactory(district=north))
        html = client.get(
            reverse("voting:ballot", kwargs={"slug": budget_round.slug})
        ).content.decode()
        assert url(box_n) in html and url(box_s) not in html
        assert client.get(url(box_s)).status_code == 200  # readable, but:
        assert "Du får bara rösta i området där du bor." in client.get(url(box_s)).content.decode()

    def test_signed_in_rounds_list_every_area(self, client, resident, make_round):
        budget_round = make_round("vote")
        boxes = [
            BallotBoxFactory(budget_round=budget_round, area=AreaFactory(budget_round=budget_round))
            for _ in range(3)
        ]
        client.force_login(resident)
        html = client.get(
            reverse("voting:ballot", kwargs={"slug": budget_round.slug})
        ).content.decode()
        assert all(url(b) in html for b in boxes)

    @pytest.mark.parametrize("roll", ["invitation", "census"])
    def test_the_roll_shows_only_the_area_it_puts_the_voter_in(self, client, make_round, roll):
        budget_round = make_round("vote")
        schools = [AreaFactory(budget_round=budget_round, name=n) for n in ("Forsa", "Ljusdal")]
        boxes = [BallotBoxFactory(budget_round=budget_round, area=a) for a in schools]
        voter = UserFactory()
        if roll == "invitation":
            RoundEligibilityFactory(budget_round=budget_round, use_invitations=True)
            InvitationFactory(budget_round=budget_round, voter=voter, area=schools[1])
        else:
            RoundEligibilityFactory(budget_round=budget_round, use_census=True)
            voter.personnummer_hash = keyed_hash(ANNA)
            voter.save()
            CensusEntryFactory(
                budget_round=budget_round,
                personnummer_hash=voter.personnummer_hash,
                area=schools[1],
            )
        client.force_login(voter)
        html = client.get(
            reverse("voting:ballot", kwargs={"slug": budget_round.slug})
        ).content.decode()
        assert url(boxes[1]) in html and url(boxes[0]) not in html

    def test_no_boxes_yet(self, client, make_round):
        budget_round = make_round("propose")
        html = client.get(
            reverse("voting:ballot", kwargs={"slug": budget_round.slug})
        ).content.decode()
        assert "Röstsedeln är inte klar än" in html


class TestManage:
    def manage_url(self, box):
        return reverse(
            "voting_manage:box", kwargs={"slug": box.budget_round.slug, "box_id": box.pk}
        )

    def test_resident_gets_403(self, client, resident, make_round):
        budget_round = make_round("assess")
        client.force_login(resident)
        response = client.get(reverse("voting_manage:index", kwargs={"slug": budget_round.slug}))
        assert response.status_code == 403

    def test_create_configure_and_fill(self, client, official, make_round):
        budget_round = make_round("assess", total_budget=50_000)
        client.force_login(official)
        index = reverse("voting_manage:index", kwargs={"slug": budget_round.slug})
        client.post(
            reverse("voting_manage:create", kwargs={"slug": budget_round.slug}),
            {"kind": "knapsack"},
        )
        box = BallotBox.objects.get(budget_round=budget_round)
        assert self.manage_url(box) in client.get(index).content.decode()
        data = {
            "kind": "knapsack",
            "min_choices": "2",
            "spending_cap": "50000",
            "max_cost_per_proposal": "30000",
            "counting_rule": "greedy",
            "completion": "add1",
        }
        response = client.post(self.manage_url(box), data)
        assert response.status_code == 302
        box.refresh_from_db()
        assert (box.min_choices, box.spending_cap, box.max_cost_per_proposal) == (2, 50_000, 30_000)
        response = client.post(self.manage_url(box), {**data, "max_cost_per_proposal": "60000"})
        assert response.status_code == 200 and "error-summary" in response.content.decode()
        fill = reverse("voting_manage:fill", kwargs={"slug": budget_round.slug, "box_id": box.pk})
        assert client.post(fill).status_code == 302

    def test_locked_page_is_read_only(self, client, official, sater):
        box, _p = sater
        client.force_login(official)
        html = client.get(self.manage_url(box)).content.decode()
        assert "röstsedeln är låst" in html and '<form method="post" novalidate' not in html
        response = client.post(self.manage_url(box), {"kind": "approval", "min_choices": "1"})
        assert response.status_code == 302
        box.refresh_from_db()
        assert box.kind == SATER["kind"]


def test_round_page_shows_the_ballot_and_counting_rules_as_configured(client, make_round):
    """Issue 10: generated from the configuration, beside the official's free text, so the two
    cannot contradict each other unseen."""
    budget_round = make_round("propose", rules_text="Fritext från handläggaren.")
    area = AreaFactory(budget_round=budget_round, name="Norr", budget=100_000)
    BallotBoxFactory(
        budget_round=budget_round,
        area=area,
        kind="knapsack",
        min_choices=1,
        spending_cap=80_000,
        counting_rule="mes",
        completion="add1",
    )
    content = client.get(budget_round.get_absolute_url()).content.decode()
    assert "<h3>Norr</h3>" in content
    assert "Så räknas rösterna:" in content
    assert "Du får använda högst 80" in content
    # The rule by its plain name, its completion included (issue 11).
    assert "Så räknas rösterna: Lika andelar, pengar som blir över fördelas." in content
    assert "Fritext från handläggaren." in content
