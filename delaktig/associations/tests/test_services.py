"""The register's rules: what an application must hold, confirmation before the queue, the
official's decision, removal of a contact person, invitations and the audit trail."""

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from delaktig.accounts.tests.factories import DistrictFactory
from delaktig.associations import services
from delaktig.associations.models import (
    Application,
    ApplicationStatus,
    Association,
    AssociationStatus,
    Invitation,
)
from delaktig.audit.models import AuditEvent
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.processes.tests.factories import BudgetRoundFactory

from .factories import ApplicationFactory, AssociationFactory

pytestmark = pytest.mark.django_db


def _link_token(body: str, name: str) -> str:
    path = reverse(f"associations:{name}", kwargs={"token": "TOKEN"}).replace("TOKEN/", "")
    start = body.index(path) + len(path)
    return body[start:].split("/")[0]


class TestEntryRules:
    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"name": ""}, "name"),
            ({"name": "<b>Klubben</b>"}, "name"),
            ({"description": "Hej <script>alert(1)</script>"}, "description"),
            ({"description": "Se &lt;här&gt;"}, "description"),
            ({"description": "x" * 2001}, "description"),
            ({"website": "javascript:alert(1)"}, "website"),
            ({"website": "ftp://forening.se"}, "website"),
            ({"website": "inte en adress"}, "website"),
            ({"category": "nonsense"}, "category"),
            ({"contact_name": "Karin Ek"}, "contact_consent"),
            ({"contact_name": "<i>Karin</i>", "contact_consent": True}, "contact_name"),
        ],
    )
    def test_refused_with_the_field_named(self, entry, changes, field):
        with pytest.raises(InvalidInput) as error:
            entry(**changes).cleaned()
        assert error.value.field == field
        assert str(error.value)

    def test_a_plain_entry_passes_trimmed(self, entry):
        data = entry(name="  Järna Skytteförening ", contact_email="INFO@Skytte.se").cleaned()
        assert data.name == "Järna Skytteförening"
        assert data.contact_email == "info@skytte.se"

    def test_comparison_signs_in_plain_text_are_fine(self, entry):
        assert entry(description="Barn 7 < 12 år och > 3 lag").cleaned()

    def test_a_description_of_exactly_the_limit_passes(self, entry):
        assert entry(description="x" * 2000).cleaned()


class TestApplying:
    def test_application_waits_unconfirmed_and_mails_a_link(self, entry):
        application = services.apply(data=entry(), applicant_email="Anna@Example.se")
        assert application.status == ApplicationStatus.UNCONFIRMED
        assert application.applicant_email == "anna@example.se"
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["anna@example.se"]
        assert "/foreningar/bekrafta/" in mail.outbox[0].body
        # Nothing reaches the officials yet, nor the register.
        assert not Application.objects.waiting().exists()
        assert not Association.objects.exists()

    def test_confirming_by_the_link_puts_it_in_the_queue(self, entry):
        application = services.apply(data=entry(), applicant_email="anna@example.se")
        token = _link_token(mail.outbox[0].body, "confirm")
        confirmed = services.confirm(token=token)
        assert confirmed.pk == application.pk
        assert confirmed.status == ApplicationStatus.WAITING
        assert AuditEvent.objects.filter(action="associations.application_confirmed").count() == 1
        # A second click changes nothing.
        assert services.confirm(token=token).status == ApplicationStatus.WAITING
        assert AuditEvent.objects.filter(action="associations.application_confirmed").count() == 1

    def test_a_forged_link_is_refused(self, entry):
        application = services.apply(data=entry(), applicant_email="anna@example.se")
        forged = signing.dumps({"a": application.pk}, salt="another-salt")
        with pytest.raises(InvalidInput):
            services.confirm(token=forged)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.UNCONFIRMED

    def test_an_old_link_is_refused(self, entry, time_machine):
        time_machine.move_to(timezone.now(), tick=False)
        services.apply(data=entry(), applicant_email="anna@example.se")
        token = _link_token(mail.outbox[0].body, "confirm")
        time_machine.shift(timedelta(days=services.LINK_DAYS, hours=1))
        with pytest.raises(InvalidInput, match=r"för gammal|too old"):
            services.confirm(token=token)

    def test_duplicate_name_is_refused_whatever_the_case(self, entry, association):
        with pytest.raises(InvalidInput) as error:
            services.apply(data=entry(name="dala-järna ik"), applicant_email="a@example.se")
        assert error.value.field == "name"
        assert not Application.objects.exists()

    def test_second_application_for_the_same_name_waits_for_the_first(self, entry):
        ApplicationFactory(name="Äppelbo Bygdegårdsförening")
        with pytest.raises(InvalidInput):
            services.apply(data=entry(), applicant_email="a@example.se")

    def test_a_change_keeps_its_own_name(self, entry, association):
        application = services.apply(
            data=entry(name="Dala-Järna IK"),
            applicant_email="a@example.se",
            association=association,
        )
        assert application.kind == "update"

    def test_only_a_listed_association_can_ask_to_change(self, entry):
        removed = AssociationFactory(status=AssociationStatus.REMOVED)
        with pytest.raises(InvalidInput):
            services.apply(data=entry(), applicant_email="a@example.se", association=removed)


class TestDeciding:
    def test_approving_a_new_entry_lists_it_and_tells_the_applicant(
        self, official, waiting_application
    ):
        association = services.approve(by=official, application=waiting_application)
        assert association.status == AssociationStatus.LISTED
        assert association.slug == "vansbro-kammarkor"
        waiting_application.refresh_from_db()
        assert waiting_application.status == ApplicationStatus.APPROVED
        assert waiting_application.association == association
        assert waiting_application.decided_by == official
        event = AuditEvent.objects.get(action="associations.listed")
        assert event.actor == official
        assert "name" in event.data["fields"]
        assert mail.outbox[-1].to == ["sokande@example.se"]
        assert "/foreningar/vansbro-kammarkor/" in mail.outbox[-1].body

    def test_approving_a_change_changes_the_entry(self, official, association):
        application = ApplicationFactory(
            kind="update",
            association=association,
            name=association.name,
            category=association.category,
            description="Ny beskrivning.",
            contact_email=association.contact_email,
            contact_name="Karin Ek",
            contact_consent=True,
        )
        services.approve(by=official, application=application)
        association.refresh_from_db()
        assert association.description == "Ny beskrivning."
        assert association.contact_name == "Karin Ek"
        assert association.contact_consented_on is not None
        event = AuditEvent.objects.get(action="associations.entry_changed")
        assert set(event.data["fields"]) == {"description", "contact_name", "contact_consent"}
        # The log names the fields, never the person.
        assert "Karin" not in str(event.data)

    def test_a_resident_cannot_decide(self, resident, waiting_application):
        with pytest.raises(NotAllowed):
            services.approve(by=resident, application=waiting_application)
        with pytest.raises(NotAllowed):
            services.reject(by=resident, application=waiting_application, reason="Nej")
        waiting_application.refresh_from_db()
        assert waiting_application.status == ApplicationStatus.WAITING

    def test_an_unconfirmed_application_cannot_be_decided(self, official):
        application = ApplicationFactory(status=ApplicationStatus.UNCONFIRMED)
        with pytest.raises(Conflict):
            services.approve(by=official, application=application)
        assert not Association.objects.exists()

    def test_deciding_twice_is_refused(self, official, waiting_application):
        services.approve(by=official, application=waiting_application)
        with pytest.raises(Conflict):
            services.approve(by=official, application=waiting_application)
        assert Association.objects.count() == 1

    def test_approving_a_name_taken_meanwhile_is_refused(self, official, waiting_application):
        AssociationFactory(name="VANSBRO KAMMARKÖR")
        with pytest.raises(InvalidInput):
            services.approve(by=official, application=waiting_application)
        waiting_application.refresh_from_db()
        assert waiting_application.status == ApplicationStatus.WAITING

    def test_rejecting_needs_a_reason_and_tells_it(self, official, waiting_application):
        with pytest.raises(InvalidInput):
            services.reject(by=official, application=waiting_application, reason="  ")
        services.reject(
            by=official, application=waiting_application, reason="Föreningen finns inte i kommunen."
        )
        waiting_application.refresh_from_db()
        assert waiting_application.status == ApplicationStatus.REJECTED
        assert "Föreningen finns inte i kommunen." in mail.outbox[-1].body
        assert AuditEvent.objects.filter(action="associations.application_rejected").exists()
        assert not Association.objects.exists()

    def test_slug_avoids_the_registers_own_addresses(self, official):
        application = ApplicationFactory(name="Ansök")
        association = services.approve(by=official, application=application)
        assert association.slug == "ansok-2"


class TestContactRemoval:
    @pytest.fixture
    def named(self, db):
        association = AssociationFactory(
            name="Järna Hembygdsförening", contact_name="Karin Ek", contact_email="karin@ek.se"
        )
        ApplicationFactory(
            association=association,
            kind="update",
            name=association.name,
            contact_name="Karin Ek",
            contact_email="karin@ek.se",
            contact_consent=True,
            status=ApplicationStatus.APPROVED,
        )
        return association

    def test_the_person_asks_and_the_link_removes_them(self, named):
        assert services.request_contact_removal(association=named, email=" Karin@EK.se ")
        assert mail.outbox[-1].to == ["karin@ek.se"]
        token = _link_token(mail.outbox[-1].body, "remove_contact")
        services.remove_contact_by_link(token=token)
        named.refresh_from_db()
        assert (named.contact_name, named.contact_email, named.contact_consented_on) == (
            "",
            "",
            None,
        )
        application = named.applications.get()
        assert (application.contact_name, application.contact_email) == ("", "")
        event = AuditEvent.objects.get(action="associations.contact_removed")
        assert event.actor is None and event.data == {"on_request": True}
        assert "Karin" not in event.object_repr and "karin" not in str(event.data)
        # The link has done its work: a second click finds nobody to remove.
        with pytest.raises(Conflict):
            services.remove_contact_by_link(token=token)

    def test_another_address_gets_no_link(self, named):
        assert not services.request_contact_removal(association=named, email="someone@else.se")
        assert mail.outbox == []

    def test_an_official_removes_them(self, official, named):
        services.remove_contact(by=official, association=named)
        named.refresh_from_db()
        assert named.contact_name == ""
        assert AuditEvent.objects.get(action="associations.contact_removed").actor == official

    def test_a_resident_cannot_remove_them_without_the_link(self, resident, named):
        with pytest.raises(NotAllowed):
            services.remove_contact(by=resident, association=named)
        with pytest.raises(InvalidInput):
            services.remove_contact_by_link(token="forged:token")


class TestInvitations:
    def test_invites_each_once_and_mails_them(self, official):
        dialogue = BudgetRoundFactory(name="Utmaningen")
        with_address = AssociationFactory()
        without = AssociationFactory(contact_email="")
        outcome = services.invite(
            by=official, process=dialogue, associations=[with_address, without], message="Välkomna!"
        )
        assert [i.association for i in outcome.invited] == [with_address]
        assert outcome.no_address == [without]
        invitation = Invitation.objects.get()
        assert invitation.sent_at is not None and invitation.invited_by == official
        assert mail.outbox[-1].to == [with_address.contact_email]
        assert "Välkomna!" in mail.outbox[-1].body and "Utmaningen" in mail.outbox[-1].subject
        again = services.invite(by=official, process=dialogue, associations=[with_address])
        assert again.invited == [] and again.already == [with_address]
        assert Invitation.objects.count() == 1
        assert AuditEvent.objects.filter(action="associations.invited").count() == 2

    def test_a_resident_cannot_invite(self, resident):
        with pytest.raises(NotAllowed):
            services.invite(
                by=resident, process=BudgetRoundFactory(), associations=[AssociationFactory()]
            )
        assert not Invitation.objects.exists()

    def test_nobody_chosen_is_refused(self, official):
        with pytest.raises(InvalidInput):
            services.invite(by=official, process=BudgetRoundFactory(), associations=[])

    def test_html_in_the_message_is_refused(self, official):
        with pytest.raises(InvalidInput):
            services.invite(
                by=official,
                process=BudgetRoundFactory(),
                associations=[AssociationFactory()],
                message="<a href=x>klicka</a>",
            )


class TestSearch:
    def test_words_category_and_area(self):
        north = DistrictFactory(name="Järna")
        a = AssociationFactory(name="Järna Skidklubb", category="sports", district=north)
        b = AssociationFactory(
            name="Vansbro Konstförening",
            category="culture",
            description="Skid-konst",
            district=DistrictFactory(name="Vansbro"),
        )
        c = AssociationFactory(name="Hela kommunens PRO", category="pensioners", district=None)
        AssociationFactory(name="Borttagen skidklubb", status=AssociationStatus.REMOVED)
        listed = Association.objects.listed()
        assert set(listed.search(text="skid")) == {a, b}
        assert set(listed.search(text="skid", categories=["sports"])) == {a}
        assert set(listed.search(districts=[north.pk])) == {a}
        assert set(listed.search(districts=[north.pk], whole_municipality=True)) == {a, c}
