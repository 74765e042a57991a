"""The ballot design page shows only what applies to the chosen kind of ballot, explains the
counting rules with a worked example, and links a preview of the ballot as voters will see it
(issue 11). Without JavaScript a change of kind first shows the new kind's limits, unsaved."""

import re

import pytest
from django.urls import reverse

from delaktig.processes.tests.factories import BudgetRoundFactory
from delaktig.voting.models import Ballot, BallotBox, Participation

from .factories import BallotBoxFactory, box_with_proposals, sater_box

pytestmark = pytest.mark.django_db


def design_url(box):
    return reverse("voting_manage:box", kwargs={"slug": box.budget_round.slug, "box_id": box.pk})


def preview_url(box):
    return reverse(
        "voting_manage:preview", kwargs={"slug": box.budget_round.slug, "box_id": box.pk}
    )


def wrapper(html, name):
    """The opening tag of the field wrapper that holds the input `name`."""
    at = html.index(f'name="{name}"')
    start = html.rindex('<div class="field', 0, at)
    return html[start : html.index(">", start) + 1]


def input_tag(html, name):
    at = html.index(f'name="{name}"')
    return html[html.rindex("<input", 0, at) : html.index(">", at) + 1]


def shown(html, name) -> bool:
    return " hidden" not in wrapper(html, name) and "disabled" not in input_tag(html, name)


def hidden(html, name) -> bool:
    return " hidden" in wrapper(html, name) and "disabled" in input_tag(html, name)


class TestOnlyWhatApplies:
    def test_an_approval_ballot_shows_no_money_points_or_places(self, client, official):
        box = BallotBoxFactory(budget_round=BudgetRoundFactory(status="draft"), kind="approval")
        client.force_login(official)
        html = client.get(design_url(box)).content.decode()
        assert shown(html, "min_choices") and shown(html, "max_choices")
        for name in ("spending_cap", "max_cost_per_proposal", "total_points", "rank_count"):
            assert hidden(html, name), name
        assert 'data-kinds="knapsack"' in wrapper(html, "spending_cap")  # for the script
        # The completion belongs to Equal Shares only; the box counts "most votes first".
        assert 'data-rules="mes"' in html and 'name="completion"' in html
        completion = html[html.index('data-rules="mes"') - 20 : html.index('id="id_completion"')]
        assert " hidden" in completion

    def test_a_budget_ballot_shows_money_and_no_points(self, client, official, make_round):
        box, _p = sater_box(make_round("assess"))
        client.force_login(official)
        html = client.get(design_url(box)).content.decode()
        assert shown(html, "spending_cap") and shown(html, "max_cost_per_proposal")
        assert hidden(html, "total_points") and hidden(html, "rank_count")

    def test_a_ranking_shows_places_and_no_upper_limit(self, client, official, make_round):
        box, _p = box_with_proposals(make_round("assess"), [1, 2, 3], kind="ranking", rank_count=2)
        client.force_login(official)
        html = client.get(design_url(box)).content.decode()
        assert shown(html, "rank_count") and hidden(html, "max_choices")

    def test_what_does_not_apply_is_ignored_when_posted(self, client, official, make_round):
        box, _p = box_with_proposals(make_round("assess"), [1_000, 2_000])
        client.force_login(official)
        response = client.post(
            design_url(box),
            {
                "kind": "approval",
                "shown_kind": "approval",
                "min_choices": "1",
                "max_choices": "2",
                "total_points": "not a number",  # hidden on the page: ignored, not an error
                "spending_cap": "5",
                "rank_count": "9",
                "counting_rule": "greedy",
                "completion": "add1-utilitarian",  # only with Equal Shares
            },
        )
        assert response.status_code == 302
        box.refresh_from_db()
        assert (box.max_choices, box.total_points, box.spending_cap, box.rank_count) == (
            2,
            None,
            None,
            None,
        )
        assert box.completion == "add1"

    def test_without_javascript_a_new_kind_shows_its_limits_before_saving(
        self, client, official, make_round
    ):
        box, proposals = box_with_proposals(make_round("assess"), [1_000, 2_000])
        client.force_login(official)
        response = client.post(
            design_url(box),
            {
                "kind": "points",
                "shown_kind": "approval",  # the page showed the approval limits
                "min_choices": "2",
                "counting_rule": "mes",
                "proposals": [proposals[0].pk],
            },
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "Inget är sparat än" in html and "error-summary" not in html
        assert shown(html, "total_points") and shown(html, "max_points_per_proposal")
        assert hidden(html, "max_cost_per_proposal")
        assert 'name="shown_kind" value="points"' in html
        assert re.search(r'value="points"[^>]*checked|checked[^>]*value="points"', html)
        assert 'name="min_choices" value="2"' in html  # what was typed stays
        box.refresh_from_db()
        assert box.kind == "approval" and box.proposals.count() == 2  # nothing saved
        # Saving from the page that shows the points limits saves them.
        saved = client.post(
            design_url(box),
            {
                "kind": "points",
                "shown_kind": "points",
                "min_choices": "1",
                "total_points": "10",
                "max_points_per_proposal": "5",
                "counting_rule": "mes",
                "completion": "add1",
                "proposals": [p.pk for p in proposals],
            },
        )
        assert saved.status_code == 302
        box.refresh_from_db()
        assert (box.kind, box.total_points, box.max_points_per_proposal) == ("points", 10, 5)

    def test_a_missing_limit_of_the_kind_is_an_error(self, client, official, make_round):
        box, _p = box_with_proposals(make_round("assess"), [1_000, 2_000])
        client.force_login(official)
        response = client.post(
            design_url(box),
            {"kind": "points", "shown_kind": "points", "min_choices": "1", "counting_rule": "mes"},
        )
        html = response.content.decode()
        assert response.status_code == 200 and 'href="#id_total_points"' in html
        box.refresh_from_db()
        assert box.kind == "approval"

    def test_a_tampered_kind_is_refused(self, client, official, make_round):
        box, _p = box_with_proposals(make_round("assess"), [1_000])
        client.force_login(official)
        response = client.post(
            design_url(box),
            {"kind": "lottery", "shown_kind": "approval", "min_choices": "1"},
        )
        assert response.status_code == 200 and "error-summary" in response.content.decode()
        box.refresh_from_db()
        assert box.kind == "approval"


class TestCountingRulesExplained:
    def test_each_rule_in_swedish_with_what_it_does_and_the_example(self, client, official):
        box = BallotBoxFactory(budget_round=BudgetRoundFactory(status="draft"))
        client.force_login(official)
        html = client.get(design_url(box)).content.decode()
        assert "Exemplet: 100 000 kr och tio väljare." in html
        for name in ("Flest röster först", "Lika andelar", "Phragméns metod"):
            assert f">{name}</label>" in html
        assert "I exemplet:" in html and html.count("Valda:") == 3
        assert "mes+add1" not in html and "(add1)" not in html and "girig" not in html
        # Each rule's radio button is described by its explanation.
        assert 'aria-describedby="id_counting_rule_1-about"' in html
        assert 'id="id_counting_rule_1-about"' in html

    def test_a_locked_ballot_names_its_rule_in_swedish(self, client, official, make_round):
        box, _p = sater_box(make_round("vote"))
        BallotBox.objects.filter(pk=box.pk).update(counting_rule="mes", completion="add1")
        client.force_login(official)
        html = client.get(design_url(box)).content.decode()
        assert "Lika andelar, pengar som blir över fördelas" in html and "(add1)" not in html


class TestPreview:
    def test_the_voters_ballot_marked_as_a_preview(self, client, official, make_round):
        box, proposals = box_with_proposals(make_round("assess"), [1_000, 2_000])
        client.force_login(official)
        assert preview_url(box) in client.get(design_url(box)).content.decode()
        response = client.get(preview_url(box))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Förhandsvisning" in html and "Inget du väljer här sparas." in html
        assert all(p.title in html for p in proposals)
        assert f'action="{preview_url(box)}"' in html
        vote = reverse("voting:box", kwargs={"slug": box.budget_round.slug, "box_id": box.pk})
        assert f'action="{vote}"' not in html
        assert "Skicka din röst" not in html

    def test_trying_the_ballot_stores_nothing(self, client, official, make_round):
        box, proposals = box_with_proposals(make_round("vote"), [1_000, 2_000])
        client.force_login(official)
        response = client.post(preview_url(box), {"choice": [proposals[0].pk]})
        html = response.content.decode()
        assert response.status_code == 200 and "Inget sparades." in html
        assert not Ballot.objects.exists() and not Participation.objects.exists()

    def test_a_broken_rule_is_shown_as_a_voter_would_see_it(self, client, official, make_round):
        box, proposals = sater_box(make_round("assess"))  # at least 2, at most 50 000 kr
        client.force_login(official)
        response = client.post(preview_url(box), {"choice": [proposals[0].pk]})
        html = response.content.decode()
        assert "error-summary" in html and "Välj minst 2 förslag." in html
        assert "Inget sparades." not in html
        bad = client.post(preview_url(box), {"choice": ["x"]}).content.decode()
        assert "error-summary" in bad
        assert not Ballot.objects.exists() and not Participation.objects.exists()

    def test_an_empty_ballot_says_so(self, client, official):
        box = BallotBoxFactory(budget_round=BudgetRoundFactory(status="draft"))
        client.force_login(official)
        html = client.get(preview_url(box)).content.decode()
        assert "Inga förslag finns på röstsedeln än." in html

    @pytest.mark.parametrize("role", ["resident", "moderator"])
    def test_only_officials(self, client, request, role, make_round):
        box, proposals = box_with_proposals(make_round("assess"), [1_000])
        client.force_login(request.getfixturevalue(role))
        assert client.get(preview_url(box)).status_code == 403
        assert client.post(preview_url(box), {"choice": [proposals[0].pk]}).status_code == 403

    def test_an_official_of_another_round_gets_no_preview(self, client, official, make_round):
        from delaktig.accounts.tests.factories import UserFactory

        box, _p = box_with_proposals(make_round("assess"), [1_000])
        owner = UserFactory(is_official=True)
        box.budget_round.officials.set([owner])
        client.force_login(official)
        assert client.get(preview_url(box)).status_code in (403, 404)

    def test_a_box_of_another_round_is_404(self, client, official, make_round):
        box, _p = box_with_proposals(make_round("assess"), [1_000])
        other = make_round("assess")
        client.force_login(official)
        url = reverse("voting_manage:preview", kwargs={"slug": other.slug, "box_id": box.pk})
        assert client.get(url).status_code == 404

    def test_the_rounds_preview_opens_the_first_box(self, client, official, make_round):
        budget_round = make_round("assess")
        client.force_login(official)
        url = reverse("voting_manage:preview_round", kwargs={"slug": budget_round.slug})
        response = client.get(url)  # no ballot yet
        assert response.status_code == 302
        assert response.url == reverse("voting_manage:index", kwargs={"slug": budget_round.slug})
        box, _p = box_with_proposals(budget_round, [1_000])
        assert client.get(url).url == preview_url(box)

    def test_the_task_list_links_the_preview(self, client, official):
        budget_round = BudgetRoundFactory(status="draft", created_by=official)
        client.force_login(official)
        html = client.get(
            reverse("processes_manage:round_manage", kwargs={"slug": budget_round.slug})
        ).content.decode()
        url = reverse("voting_manage:preview_round", kwargs={"slug": budget_round.slug})
        assert f'href="{url}">Förhandsgranska röstsedeln<' in html
