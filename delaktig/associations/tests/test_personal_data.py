from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from delaktig.accounts.tests.factories import UserFactory
from delaktig.associations import personal_data
from delaktig.associations.models import Application, ApplicationStatus, Invitation
from delaktig.processes.tests.factories import BudgetRoundFactory

from .factories import ApplicationFactory, AssociationFactory

pytestmark = pytest.mark.django_db


def test_unconfirmed_applications_go_after_the_links_life(time_machine):
    old = ApplicationFactory(status=ApplicationStatus.UNCONFIRMED)
    time_machine.move_to(timezone.now() + timedelta(days=8), tick=False)
    fresh = ApplicationFactory(status=ApplicationStatus.UNCONFIRMED)
    waiting = ApplicationFactory(status=ApplicationStatus.WAITING)
    assert personal_data.purge_expired(dry_run=True)["unconfirmed_applications"] == 1
    assert Application.objects.filter(pk=old.pk).exists()
    assert personal_data.purge_expired()["unconfirmed_applications"] == 1
    assert set(Application.objects.all()) == {fresh, waiting}


def test_decided_applications_lose_their_addresses_after_90_days():
    decided = ApplicationFactory(
        status=ApplicationStatus.APPROVED,
        decided_at=timezone.now() - timedelta(days=91),
        contact_name="Karin Ek",
        contact_consent=True,
    )
    recent = ApplicationFactory(status=ApplicationStatus.REJECTED, decided_at=timezone.now())
    assert personal_data.purge_expired()["decided_applications"] == 1
    decided.refresh_from_db()
    recent.refresh_from_db()
    assert (decided.applicant_email, decided.contact_name, decided.contact_email) == ("", "", "")
    assert recent.applicant_email == "sokande@example.se"


def test_the_daily_purge_command_runs_it(capsys):
    ApplicationFactory(
        status=ApplicationStatus.UNCONFIRMED,
    )
    Application.objects.update(created_at=timezone.now() - timedelta(days=30))
    call_command("purge_personal_data")
    assert "1 obekräftad föreningsansökan" in capsys.readouterr().out
    assert not Application.objects.exists()


def test_forgetting_a_person_removes_their_applications_and_contact():
    person = UserFactory(email="karin@ek.se")
    ApplicationFactory(applicant_email="karin@ek.se", status=ApplicationStatus.WAITING)
    decided = ApplicationFactory(
        applicant_email="karin@ek.se", status=ApplicationStatus.REJECTED, reason="Nej"
    )
    association = AssociationFactory(contact_name="Karin Ek", contact_email="karin@ek.se")
    other = AssociationFactory(contact_email="info@annan.se")
    counts = personal_data.forget_user(user=person)
    assert counts["association_applications"] == 2
    assert counts["association_contacts"] == 1
    assert list(Application.objects.all()) == [decided]
    decided.refresh_from_db()
    assert decided.applicant_email == ""
    association.refresh_from_db()
    other.refresh_from_db()
    assert association.contact_name == "" and association.contact_email == ""
    assert other.contact_email == "info@annan.se"


def test_the_export_holds_applications_and_contact_entries():
    person = UserFactory(email="karin@ek.se")
    ApplicationFactory(applicant_email="karin@ek.se", name="Järna Kör")
    AssociationFactory(name="Järna Kör", contact_name="Karin Ek", contact_email="karin@ek.se")
    ApplicationFactory(applicant_email="someone@else.se")
    data = personal_data.export_user(user=person)
    assert [a["name"] for a in data["association_applications"]] == ["Järna Kör"]
    assert data["association_contact"][0]["contact_name"] == "Karin Ek"


def test_the_process_purge_empties_invitation_addresses(official):
    dialogue = BudgetRoundFactory()
    invitation = Invitation.objects.create(
        association=AssociationFactory(), process=dialogue, email="karin@ek.se", invited_by=official
    )
    later = timezone.now() + timedelta(seconds=1)
    assert personal_data.purge(process=dialogue, cutoff=later, dry_run=True) == {
        "association_invitation_addresses": 1
    }
    personal_data.purge(process=dialogue, cutoff=later)
    invitation.refresh_from_db()
    assert invitation.email == "" and invitation.association_id
