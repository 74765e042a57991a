"""A proposer may show a pseudonym instead of their name where the round allows it (issue 11),
and never one that makes them look like someone else shown in the round."""

import pytest
from django.urls import reverse

from delaktig.accounts.tests.factories import UserFactory
from delaktig.core.errors import InvalidInput
from delaktig.processes.models import BudgetRound
from delaktig.proposals import personal_data, services
from delaktig.proposals.models import Proposal

from .factories import CommentFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def data(**overrides):
    values = {
        "title": "Belysning i Skogsparken",
        "description": "Lampor längs gångvägen så att fler vågar gå där på kvällen.",
        "estimated_cost": 120_000,
        **overrides,
    }
    return services.ProposalData(**values)


def form_data(**overrides):
    return {
        "title": "Belysning i Skogsparken",
        "description": "Lampor längs gångvägen så att fler vågar gå där på kvällen.",
        "estimated_cost": "120000",
        "image_alt": "",
        **overrides,
    }


@pytest.fixture
def signed_round(make_round):
    return make_round("propose", pseudonyms_allowed=True)


def url(name, budget_round, **kwargs):
    return reverse(name, kwargs={"slug": budget_round.slug, **kwargs})


class TestShown:
    def test_the_pseudonym_replaces_the_name_in_the_list_and_on_the_page(
        self, client, signed_round, resident
    ):
        client.force_login(resident)
        form = client.get(url("proposals:create", signed_round)).content.decode()
        assert 'name="pseudonym"' in form and "Signatur (valfritt)" in form
        response = client.post(
            url("proposals:create", signed_round), form_data(pseudonym="  Parkvännen  ")
        )
        assert response.status_code == 302
        proposal = Proposal.objects.get()
        assert proposal.pseudonym == "Parkvännen"
        client.logout()
        for page in (
            client.get(url("proposals:list", signed_round)),
            client.get(proposal.get_absolute_url()),
        ):
            html = page.content.decode()
            assert "Parkvännen" in html and "Anna Andersson" not in html

    def test_without_a_pseudonym_the_name_is_shown(self, client, signed_round, resident):
        ProposalFactory(budget_round=signed_round, author=resident)
        html = client.get(url("proposals:list", signed_round)).content.decode()
        assert "Föreslaget av Anna Andersson" in html

    def test_a_round_that_does_not_allow_it_asks_for_none(self, client, make_round, resident):
        budget_round = make_round("propose")
        client.force_login(resident)
        assert (
            'name="pseudonym"'
            not in client.get(url("proposals:create", budget_round)).content.decode()
        )
        response = client.post(url("proposals:create", budget_round), form_data(pseudonym="Smygis"))
        assert response.status_code == 302
        assert Proposal.objects.get().pseudonym == ""  # a posted one is ignored
        with pytest.raises(InvalidInput, match="signatur"):
            services.submit_proposal(
                by=resident, budget_round=budget_round, data=data(pseudonym="X")
            )

    def test_officials_may_allow_it_in_the_round_form(self, client, official):
        client.force_login(official)
        response = client.post(
            reverse("processes_manage:round_create"),
            {
                "name_sv": "Parken",
                "kind": "budget",
                "audience": "citizen",
                "summary_sv": "Om parken.",
                "total_budget": "100000",
                "eligibility": "signed_in",
                "pseudonyms_allowed": "on",
            },
        )
        assert response.status_code == 302
        assert BudgetRound.objects.get(slug="parken").pseudonyms_allowed


class TestNoImpersonation:
    @pytest.mark.parametrize("written", ["Bertil Berg", "bertil  BERG", " Bertil Berg "])
    def test_not_another_proposers_name(self, signed_round, resident, other_resident, written):
        ProposalFactory(budget_round=signed_round, author=other_resident)
        with pytest.raises(InvalidInput, match="Någon annan") as error:
            services.submit_proposal(
                by=resident, budget_round=signed_round, data=data(pseudonym=written)
            )
        assert error.value.field == "pseudonym"
        assert not Proposal.objects.filter(author=resident).exists()

    def test_not_another_proposers_pseudonym(self, signed_round, resident, other_resident):
        ProposalFactory(budget_round=signed_round, author=other_resident, pseudonym="Parkvännen")
        with pytest.raises(InvalidInput):
            services.submit_proposal(
                by=resident, budget_round=signed_round, data=data(pseudonym="PARKVÄNNEN")
            )

    def test_not_a_commenters_official_or_moderators_name(self, signed_round, resident, moderator):
        CommentFactory(
            proposal=ProposalFactory(budget_round=signed_round),
            author=UserFactory(full_name="Cecilia Ek"),
        )
        UserFactory(full_name="Olle Handläggare", is_official=True)
        for name in ("Cecilia Ek", "Olle Handläggare", moderator.full_name):
            with pytest.raises(InvalidInput):
                services.submit_proposal(
                    by=resident, budget_round=signed_round, data=data(pseudonym=name)
                )

    @pytest.mark.parametrize(
        "written",
        ["En deltagare med röstkod", "En tidigare användare", "Anna\nAndersson", "A\u202eB"],
    )
    def test_not_the_pages_own_words_nor_control_characters(self, signed_round, resident, written):
        with pytest.raises(InvalidInput):
            services.submit_proposal(
                by=resident, budget_round=signed_round, data=data(pseudonym=written)
            )

    def test_the_form_says_why_by_the_field(self, client, signed_round, resident, other_resident):
        ProposalFactory(budget_round=signed_round, author=other_resident)
        client.force_login(resident)
        response = client.post(
            url("proposals:create", signed_round), form_data(pseudonym="Bertil Berg")
        )
        html = response.content.decode()
        assert response.status_code == 200 and 'href="#id_pseudonym"' in html
        assert not Proposal.objects.filter(author=resident).exists()

    def test_a_name_from_another_round_and_ones_own_name_are_fine(
        self, make_round, signed_round, resident, other_resident
    ):
        ProposalFactory(budget_round=make_round("propose"), author=other_resident)
        proposal = services.submit_proposal(
            by=resident, budget_round=signed_round, data=data(pseudonym="Bertil Berg")
        )
        assert proposal.author_label == "Bertil Berg"
        services.submit_proposal(
            by=resident, budget_round=signed_round, data=data(pseudonym="Anna Andersson")
        )


class TestChangesAndPersonalData:
    def test_edited_cleared_and_kept(self, client, signed_round, resident):
        proposal = services.submit_proposal(
            by=resident, budget_round=signed_round, data=data(pseudonym="Parkvännen")
        )
        services.edit_proposal(by=resident, proposal=proposal, data=data(pseudonym="Lyktan"))
        assert Proposal.objects.get().pseudonym == "Lyktan"
        # The round stops allowing pseudonyms: an edit without the field keeps it.
        BudgetRound.objects.filter(pk=signed_round.pk).update(pseudonyms_allowed=False)
        client.force_login(resident)
        edit = url("proposals:edit", signed_round, pk=proposal.pk)
        assert 'name="pseudonym"' not in client.get(edit).content.decode()
        assert client.post(edit, form_data(title="Ny rubrik")).status_code == 302
        proposal.refresh_from_db()
        assert (proposal.title, proposal.pseudonym) == ("Ny rubrik", "Lyktan")
        services.edit_proposal(by=resident, proposal=proposal, data=data(pseudonym=""))
        assert Proposal.objects.get().pseudonym == ""

    def test_a_code_voter_never_gets_one(self, signed_round):
        proposal = ProposalFactory(budget_round=signed_round, author_name_shown=False, pseudonym="")
        assert proposal.author_label == "En deltagare med röstkod"
        services.edit_proposal(by=proposal.author, proposal=proposal, data=data(pseudonym="Jag"))
        assert Proposal.objects.get().pseudonym == ""

    def test_exported_and_forgotten_with_the_account(self, signed_round, resident):
        services.submit_proposal(
            by=resident, budget_round=signed_round, data=data(pseudonym="Parkvännen")
        )
        exported = personal_data.export_user(user=resident)
        assert exported["proposals"][0]["pseudonym"] == "Parkvännen"
        personal_data.forget_user(user=resident)
        proposal = Proposal.objects.get()
        assert proposal.pseudonym == "" and proposal.author_label == "En tidigare användare"


def test_an_author_without_a_name_is_not_shown_by_e_mail(client, make_round):
    author = UserFactory(full_name="", email="hemlig@example.se")
    proposal = ProposalFactory(budget_round=make_round("propose"), author=author)
    for page in (url("proposals:list", proposal.budget_round), proposal.get_absolute_url()):
        html = client.get(page).content.decode()
        assert "hemlig@example.se" not in html and "En deltagare utan namn" in html
