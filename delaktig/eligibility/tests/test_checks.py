"""why_not_eligible, and through it the permission voting.cast_ballot: every route and refusal."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone, translation

from delaktig.accounts.tests.factories import DistrictFactory, UnitFactory, UserFactory
from delaktig.core.personnummer import keyed_hash
from delaktig.eligibility.checks import age_cutoff, age_on, why_not_eligible
from delaktig.eligibility.services import issuing
from delaktig.processes.tests.factories import AreaFactory
from delaktig.processes.timeline import move_to

from .factories import (
    ANNA,
    CensusEntryFactory,
    InvitationFactory,
    RoundEligibilityFactory,
    ballot_box,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


def years_before(day: date, years: int) -> date:
    return day.replace(year=day.year - years)


@pytest.fixture
def census_round(make_round):
    budget_round = make_round("vote")
    north = AreaFactory(budget_round=budget_round, name="Norr")
    south = AreaFactory(budget_round=budget_round, name="Söder")
    RoundEligibilityFactory(budget_round=budget_round, use_census=True)
    return budget_round, north, south


def e_id_user(personnummer=ANNA):
    return UserFactory(personnummer_hash=keyed_hash(personnummer))


class TestRoundRuleWithoutRoll:
    def test_signed_in_round(self, make_round, resident):
        assert why_not_eligible(resident, make_round("vote")) is None
        assert why_not_eligible(AnonymousUser(), make_round("vote")) == "Logga in för att rösta."

    def test_unit_round(self, make_round, resident):
        unit = UnitFactory()
        budget_round = make_round("vote", eligibility="unit", unit=unit)
        assert "Du hör inte till dem som får delta" in why_not_eligible(resident, budget_round)
        resident.units.add(unit)
        assert why_not_eligible(resident, budget_round) is None

    def test_residents_vote_in_their_own_area(self, make_round):
        budget_round = make_round("vote", eligibility="residents")
        north, south = DistrictFactory(name="N"), DistrictFactory(name="S")
        area_n = AreaFactory(budget_round=budget_round, district=north)
        area_s = AreaFactory(budget_round=budget_round, district=south)
        voter = UserFactory(district=north)
        assert why_not_eligible(voter, budget_round, area=area_n) is None
        assert why_not_eligible(voter, budget_round, area=area_s) == (
            "Du får bara rösta i området där du bor."
        )


class TestCensus:
    def test_in_the_census_and_in_the_right_area(self, census_round):
        budget_round, north, south = census_round
        CensusEntryFactory(budget_round=budget_round, area=north)
        voter = e_id_user()
        assert why_not_eligible(voter, budget_round, area=north) is None
        assert why_not_eligible(voter, budget_round) is None  # the round-wide box
        assert why_not_eligible(voter, budget_round, area=south) == (
            "Enligt röstlängden hör du till Norr. Du kan bara rösta där."
        )

    def test_not_in_the_census(self, census_round):
        budget_round, north, _south = census_round
        CensusEntryFactory(budget_round=budget_round, area=north)
        assert why_not_eligible(e_id_user("19121212-1212"), budget_round, area=north) == (
            "Du finns inte i röstlängden för den här omröstningen."
        )

    def test_without_e_id_there_is_no_way_to_match(self, census_round, resident):
        budget_round, north, _south = census_round
        assert "Logga in med e-legitimation" in why_not_eligible(resident, budget_round, north)

    def test_the_census_replaces_the_round_rule(self, census_round):
        budget_round, north, _south = census_round
        budget_round.eligibility = "residents"
        budget_round.save()
        CensusEntryFactory(budget_round=budget_round, area=north)
        assert why_not_eligible(e_id_user(), budget_round, area=north) is None  # no district

    def test_census_entry_without_area_cannot_vote_in_an_area(self, census_round):
        budget_round, north, _south = census_round
        CensusEntryFactory(budget_round=budget_round, area=None)
        assert "Vi vet inte vilket område" in why_not_eligible(e_id_user(), budget_round, north)


class TestAgeLimits:
    @pytest.fixture
    def youth_round(self, census_round):
        budget_round, north, _south = census_round
        settings = budget_round.eligibility_settings
        settings.min_age, settings.max_age = 12, 19
        settings.save()
        return budget_round, north, age_cutoff(budget_round)

    def test_age_is_counted_on_the_first_day_of_voting(self, youth_round):
        budget_round, _north, cutoff = youth_round
        vote = budget_round.phase_of_kind("vote")
        assert cutoff == timezone.localdate(vote.starts_at)
        assert age_on(date(2000, 5, 2), date(2012, 5, 1)) == 11
        assert age_on(date(2000, 5, 2), date(2012, 5, 2)) == 12

    @pytest.mark.parametrize(
        ("years", "days", "expected"),
        [
            (12, 0, None),  # twelfth birthday on the first day of voting
            (12, -1, "Omröstningen är för dig som är 12–19 år. Enligt röstlängden är du 11 år."),
            (19, 0, None),
            (20, 0, "Omröstningen är för dig som är 12–19 år. Enligt röstlängden är du 20 år."),
            (25, 0, "Omröstningen är för dig som är 12–19 år. Enligt röstlängden är du 25 år."),
        ],
    )
    def test_too_young_or_too_old(self, youth_round, years, days, expected):
        budget_round, north, cutoff = youth_round
        born = years_before(cutoff, years) - timedelta(days=days)
        CensusEntryFactory(budget_round=budget_round, area=north, birth_date=born)
        assert why_not_eligible(e_id_user(), budget_round, area=north) == expected

    def test_only_a_lower_or_upper_limit(self, youth_round):
        budget_round, north, cutoff = youth_round
        CensusEntryFactory(
            budget_round=budget_round, area=north, birth_date=years_before(cutoff, 70)
        )
        settings = budget_round.eligibility_settings
        voter = e_id_user()
        settings.min_age, settings.max_age = 16, None
        settings.save()
        assert why_not_eligible(voter, budget_round, area=north) is None
        settings.min_age, settings.max_age = None, 65
        settings.save()
        assert why_not_eligible(voter, budget_round, area=north) == (
            "Omröstningen är för dig som är högst 65 år. Enligt röstlängden är du 70 år."
        )

    def test_invitation_birth_date_counts_and_none_means_vouched_for(self, make_round):
        budget_round = make_round("vote")
        RoundEligibilityFactory(budget_round=budget_round, use_invitations=True, min_age=12)
        cutoff = age_cutoff(budget_round)
        child, adult = UserFactory(), UserFactory()
        InvitationFactory(
            budget_round=budget_round, voter=child, birth_date=years_before(cutoff, 10)
        )
        InvitationFactory(budget_round=budget_round, voter=adult, birth_date=None)
        assert why_not_eligible(child, budget_round) == (
            "Omröstningen är för dig som är 12 år eller äldre. Enligt din inbjudan är du 10 år."
        )
        assert why_not_eligible(adult, budget_round) is None


class TestInvitations:
    @pytest.fixture
    def invited_round(self, make_round):
        budget_round = make_round("vote")
        north = AreaFactory(budget_round=budget_round, name="Norr")
        south = AreaFactory(budget_round=budget_round, name="Söder")
        RoundEligibilityFactory(budget_round=budget_round, use_invitations=True)
        return budget_round, north, south

    def test_invited_voter_in_their_area_only(self, invited_round):
        budget_round, north, south = invited_round
        voter = UserFactory()
        InvitationFactory(budget_round=budget_round, voter=voter, area=north)
        assert why_not_eligible(voter, budget_round, area=north) is None
        assert why_not_eligible(voter, budget_round, area=south) == (
            "Din röstkod gäller Norr. Du kan bara rösta där."
        )

    def test_someone_without_an_invitation(self, invited_round, resident):
        budget_round, north, _south = invited_round
        assert "bara för dem som har fått en inbjudan" in why_not_eligible(
            resident, budget_round, area=north
        )

    def test_revoked_invitation(self, invited_round, official):
        budget_round, north, _south = invited_round
        voter = UserFactory()
        invitation = InvitationFactory(budget_round=budget_round, voter=voter, area=north)
        move_to(budget_round, "assess")  # the roll can change only before voting opens
        issuing.revoke_invitation(by=official, invitation=invitation)
        move_to(budget_round, "vote")
        assert "Din röstkod har dragits tillbaka" in why_not_eligible(voter, budget_round, north)

    def test_a_code_voter_votes_only_in_their_round(self, invited_round, make_round):
        budget_round, north, _south = invited_round
        voter = UserFactory()
        InvitationFactory(budget_round=budget_round, voter=voter, area=north)
        other = make_round("vote")
        assert why_not_eligible(voter, other) == (
            f"Din röstkod gäller ”{budget_round.name}”, inte den här omröstningen."
        )

    def test_census_or_invitation(self, invited_round, resident):
        budget_round, north, _south = invited_round
        settings = budget_round.eligibility_settings
        settings.use_census = True
        settings.save()
        CensusEntryFactory(budget_round=budget_round, area=north)
        assert why_not_eligible(e_id_user(), budget_round, area=north) is None
        assert "inte loggat in med en röstkod" in why_not_eligible(resident, budget_round, north)


class TestWiredIntoVoting:
    """voting.cast_ballot asks why_not_eligible: seen on the voting app's pages."""

    def reason_on_page(self, client, user, box):
        client.force_login(user)
        url = reverse("voting:box", kwargs={"slug": box.budget_round.slug, "box_id": box.pk})
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    def test_the_ballot_page_shows_the_roll_s_reason(self, client, census_round):
        budget_round, north, south = census_round
        CensusEntryFactory(budget_round=budget_round, area=north)
        box_n, box_s = ballot_box(budget_round, north), ballot_box(budget_round, south)
        voter = e_id_user()
        assert "Enligt röstlängden" not in self.reason_on_page(client, voter, box_n)
        assert "Enligt röstlängden hör du till Norr. Du kan bara rösta där." in (
            self.reason_on_page(client, voter, box_s)
        )
        outsider = e_id_user("19121212-1212")
        assert "Du finns inte i röstlängden för den här omröstningen." in (
            self.reason_on_page(client, outsider, box_n)
        )

    def test_casting_is_refused_with_the_reason(self, client, census_round):
        budget_round, north, _south = census_round
        box = ballot_box(budget_round, north)
        client.force_login(e_id_user())
        url = reverse("voting:box", kwargs={"slug": budget_round.slug, "box_id": box.pk})
        response = client.post(url, {"choice": []})
        assert response.status_code == 403
        assert "Du finns inte i röstlängden" in response.content.decode()

    def test_phase_is_checked_first(self, client, make_round):
        budget_round = make_round("propose")
        RoundEligibilityFactory(budget_round=budget_round, use_census=True)
        html = self.reason_on_page(client, e_id_user(), ballot_box(budget_round))
        assert "Du finns inte i röstlängden" not in html


def test_round_page_says_who_may_take_part_as_the_roll_is_set_up(client, make_round):
    """The page does not say "everyone with an account" when an invitation list and age limits
    decide (issue 10: generated from the configuration)."""
    from delaktig.eligibility.tests.factories import RoundEligibilityFactory

    budget_round = make_round("propose")
    RoundEligibilityFactory(
        budget_round=budget_round,
        use_invitations=True,
        min_age=10,
        max_age=19,
        codes_may_propose=True,
    )
    content = client.get(budget_round.get_absolute_url()).content.decode()
    assert "inbjudningslistan" in content
    assert "10–19" in content
    assert "Alla som har ett konto" not in content
