"""The eligibility app forgets people itself (the privacy app's contract, `personal_data.py`)."""

import pytest
from django.apps import apps
from django.utils import timezone

from delaktig.audit.models import AuditEvent
from delaktig.eligibility import personal_data
from delaktig.eligibility.models import CensusEntry, Invitation
from delaktig.eligibility.services import code_use

from .factories import CensusEntryFactory, InvitationFactory, invitation_with_code

pytestmark = pytest.mark.django_db


def points_at(label: str, user) -> bool:
    app_model, field = label.rsplit(".", 1)
    return apps.get_model(app_model).objects.filter(**{field: user}).exists()


def test_forgetting_unlinks_the_invitations_and_keeps_the_list(make_round):
    budget_round = make_round("vote")
    invitation, code = invitation_with_code(budget_round=budget_round, name="Alva")
    voter = code_use.redeem_code(code=code).voter
    CensusEntryFactory(budget_round=budget_round)

    assert personal_data.forget_user(user=voter) == {"invitations": 1}

    invitation.refresh_from_db()
    assert invitation.voter is None and invitation.name == "Alva"
    assert CensusEntry.objects.filter(budget_round=budget_round).count() == 1
    assert not any(points_at(label, voter) for label in personal_data.USER_FIELDS)


def test_the_purge_deletes_the_rounds_roll_and_stays_quiet_when_done(make_round):
    budget_round, other_round = make_round("result"), make_round("vote")
    CensusEntryFactory(budget_round=budget_round)
    InvitationFactory.create_batch(2, budget_round=budget_round)
    InvitationFactory(budget_round=other_round)
    now = timezone.now()

    dry = personal_data.purge(process=budget_round, cutoff=now, dry_run=True)
    assert dry == {"census": 1, "invitations": 2}
    assert Invitation.objects.filter(budget_round=budget_round).count() == 2
    assert not AuditEvent.objects.filter(action="eligibility.purged").exists()

    assert personal_data.purge(process=budget_round, cutoff=now) == dry
    assert not CensusEntry.objects.filter(budget_round=budget_round).exists()
    assert not Invitation.objects.filter(budget_round=budget_round).exists()
    assert Invitation.objects.filter(budget_round=other_round).count() == 1
    assert AuditEvent.objects.filter(action="eligibility.purged").count() == 1

    assert personal_data.purge(process=budget_round, cutoff=now) == {"census": 0, "invitations": 0}
    assert AuditEvent.objects.filter(action="eligibility.purged").count() == 1


def test_the_export_holds_the_invitation_without_its_code(make_round):
    budget_round = make_round("vote")
    invitation, code = invitation_with_code(budget_round=budget_round, name="Alva")
    voter = code_use.redeem_code(code=code).voter
    [row] = personal_data.export_user(user=voter)["eligibility"]
    assert (row["kind"], row["name"], row["round"]) == ("invitation", "Alva", budget_round.name)
    assert code not in str(row) and invitation.code_hash not in str(row)


def test_forgetting_several_people_at_once(make_round):
    budget_round = make_round("vote")
    voters = []
    for name in ("Alva", "Bo", "Cai"):
        _invitation, code = invitation_with_code(budget_round=budget_round, name=name)
        voters.append(code_use.redeem_code(code=code).voter)
    assert personal_data.forget_users(users=voters[:2]) == {"invitations": 2}
    assert list(Invitation.objects.exclude(voter=None).values_list("name", flat=True)) == ["Cai"]
