"""The retention purge removes the accounts that existed only for a round's roll.

A person who signed in with a voting code, or was looked up in the census at a paper-voting
station, got an account for that round alone. Once the round's invitations are deleted nobody
can sign in to it again, so the purge deletes it, unless the person has a way to sign in of
their own, a role, or the account is still needed in another round.
"""

from datetime import timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from delaktig.accounts.models import User
from delaktig.audit.models import AuditEvent
from delaktig.eligibility.models import Invitation
from delaktig.eligibility.services import census, code_use
from delaktig.eligibility.tests.factories import (
    ANNA,
    CensusEntryFactory,
    InvitationFactory,
    invitation_with_code,
)
from delaktig.privacy import services
from delaktig.processes.models import BudgetRound
from delaktig.proposals.models import Proposal, Support
from delaktig.voting.models import Ballot, Participation

from .factories import publish, voted_round

pytestmark = pytest.mark.django_db


def purge(*args):
    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def code_voter(budget_round, **kwargs) -> User:
    """The account made when the person first used their voting code."""
    _invitation, code = invitation_with_code(budget_round=budget_round, **kwargs)
    return code_use.redeem_code(code=code).voter


def exists(user) -> bool:
    return User.objects.filter(pk=user.pk).exists()


@pytest.fixture
def old_round(official):
    budget_round, box, proposals = voted_round()
    publish(budget_round, official, days_ago=100)
    return budget_round, box, proposals


@pytest.fixture
def recent_round(official):
    budget_round, box, _proposals = voted_round(name="Ungdomsbudget 2026")
    publish(budget_round, official, days_ago=10)
    return budget_round, box


def test_code_voter_accounts_are_deleted_and_their_ballots_stay_counted(old_round):
    budget_round, box, proposals = old_round
    voters = [
        code_voter(budget_round, name="Alva Ek", email="alva@example.se"),
        code_voter(budget_round, name="Bo Ek"),  # placeholder address @inbjudan.invalid
    ]
    for voter in voters:
        Participation.objects.create(box=box, voter=voter)
    # Not possible through the pages (code voters may not support), but kept consistent.
    Support.objects.create(proposal=proposals["A"], user=voters[0])
    Proposal.objects.filter(pk=proposals["A"].pk).update(support_count=1)
    ballots = Ballot.objects.filter(box=box).count()

    output = purge("--days", "90")

    assert not any(exists(v) for v in voters)
    assert Ballot.objects.filter(box=box).count() == ballots
    assert Proposal.objects.get(pk=proposals["A"].pk).support_count == 0
    assert "2 inbjudningar, 2 konton som bara skapades för att rösta" in output
    event = AuditEvent.objects.get(action="privacy.round_purged")
    assert event.data["accounts"] == 2 and event.actor_id is None
    assert "Alva" not in str(event.data)


@pytest.mark.parametrize(
    "own_login",
    ["password", "confirmed e-mail", "e-ID", "case officer", "moderator", "administrator"],
)
def test_an_account_with_a_life_of_its_own_is_kept(old_round, own_login):
    budget_round, _box, _proposals = old_round
    voter = code_voter(budget_round, name="Alva Ek", email="alva@example.se")
    if own_login == "password":
        voter.set_password("ett-eget-lösenord-123")  # set through "forgot password"
    elif own_login == "confirmed e-mail":
        EmailAddress.objects.create(user=voter, email=voter.email, verified=True, primary=True)
    elif own_login == "e-ID":
        voter.personnummer_hash = "e" * 64
    elif own_login == "case officer":
        voter.is_official = True
    elif own_login == "moderator":
        voter.is_moderator = True
    else:
        voter.is_superuser = voter.is_staff = True
    voter.save()

    output = purge("--days", "90")

    assert exists(voter)
    assert not Invitation.objects.filter(budget_round=budget_round).exists()
    assert "0 konton som bara skapades för att rösta" in output


@pytest.mark.parametrize("email", ["alva@example.se", ""], ids=["own address", "placeholder"])
def test_opening_the_email_settings_page_does_not_escape_the_purge(client, old_round, email):
    """Security review, issue 9 finding 14: allauth writes an (unverified) address for the
    account on a mere GET of its e-mail page, which counted as "a way to sign in of its own"."""
    budget_round, _box, _proposals = old_round
    voter = code_voter(budget_round, name="Alva Ek", email=email)
    client.force_login(voter, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("account_email")).status_code == 200
    assert EmailAddress.objects.filter(user=voter, verified=False).exists()  # the attack

    output = purge("--days", "90")

    assert not exists(voter)
    assert not EmailAddress.objects.filter(user_id=voter.pk).exists()
    assert "1 konto som bara skapades för att rösta" in output


def test_an_ordinary_account_is_never_touched(old_round, resident):
    _budget_round, box, _proposals = old_round
    Participation.objects.create(box=box, voter=resident)
    purge("--days", "90")
    assert exists(resident)


def test_an_account_used_in_another_round_waits_for_that_rounds_purge(old_round, recent_round):
    budget_round, _box, _proposals = old_round
    other_round, _other_box = recent_round
    voter = code_voter(budget_round, name="Alva Ek")
    InvitationFactory(budget_round=other_round, name="Alva Ek", voter=voter)

    purge("--days", "90")
    assert exists(voter)
    assert not Invitation.objects.filter(budget_round=budget_round).exists()
    assert Invitation.objects.filter(budget_round=other_round, voter=voter).exists()

    BudgetRound.objects.filter(pk=other_round.pk).update(
        result_published_at=timezone.now() - timedelta(days=100)
    )
    output = purge("--days", "90")
    assert not exists(voter)
    assert "Ungdomsbudget 2026:" in output and "1 konto som bara skapades för att rösta" in output


def test_a_vote_in_another_round_keeps_the_account(old_round, recent_round):
    budget_round, _box, _proposals = old_round
    _other_round, other_box = recent_round
    voter = code_voter(budget_round, name="Alva Ek")
    Participation.objects.create(box=other_box, voter=voter)
    purge("--days", "90")
    assert exists(voter)
    assert Participation.objects.filter(box=other_box, voter=voter).exists()


def test_a_census_voter_made_at_a_paper_station_is_deleted(old_round, official):
    budget_round, _box, _proposals = old_round
    CensusEntryFactory(budget_round=budget_round)
    voter = census.voter_for_census(by=official, budget_round=budget_round, personnummer=ANNA)
    assert voter.email.endswith("@rostlangd.invalid")
    purge("--days", "90")
    assert not exists(voter)
    assert not User.objects.filter(personnummer_hash__isnull=False).exists()


def test_a_census_voter_who_has_signed_in_with_e_id_is_kept(old_round, official):
    budget_round, _box, _proposals = old_round
    CensusEntryFactory(budget_round=budget_round)
    voter = census.voter_for_census(by=official, budget_round=budget_round, personnummer=ANNA)
    User.objects.filter(pk=voter.pk).update(last_login=timezone.now())  # e-ID found the account
    purge("--days", "90")
    assert exists(voter)


def test_a_census_voter_also_in_another_rounds_census_is_kept(old_round, recent_round, official):
    budget_round, _box, _proposals = old_round
    other_round, _other_box = recent_round
    CensusEntryFactory(budget_round=budget_round)
    CensusEntryFactory(budget_round=other_round)
    voter = census.voter_for_census(by=official, budget_round=budget_round, personnummer=ANNA)
    purge("--days", "90")
    assert exists(voter)


def test_a_dry_run_counts_the_accounts_and_deletes_none(old_round):
    budget_round, _box, _proposals = old_round
    voter = code_voter(budget_round, name="Alva Ek")
    counts = services.purge_round(budget_round=budget_round, days=90, dry_run=True)
    assert counts["accounts"] == 1
    output = purge("--days", "90", "--dry-run")
    assert "1 konto som bara skapades för att rösta" in output
    assert exists(voter)


def test_the_purge_stays_idempotent_with_accounts(old_round):
    budget_round, _box, _proposals = old_round
    code_voter(budget_round, name="Alva Ek")
    purge("--days", "90")
    events = AuditEvent.objects.count()
    output = purge("--days", "90")
    assert "0 konton som bara skapades för att rösta" in output
    assert AuditEvent.objects.count() == events
