"""The register's pages: search, the public forms and their bad input, and the officials'
queue, with the wrong person refused."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from delaktig.accounts.tests.factories import DistrictFactory
from delaktig.associations.models import (
    Application,
    ApplicationStatus,
    Association,
    AssociationStatus,
    Invitation,
)
from delaktig.processes.tests.factories import BudgetRoundFactory

from .factories import ApplicationFactory, AssociationFactory

pytestmark = pytest.mark.django_db

REGISTER = reverse("associations:register")
APPLY = reverse("associations:apply")


def _form(**changes):
    data = {
        "name": "Vansbro Schackklubb",
        "category": "interest",
        "district": "",
        "description": "Vi spelar schack varje tisdag.",
        "website": "https://schack.example.se",
        "contact_email": "info@schack.example.se",
        "contact_name": "",
        "applicant_email": "ordforande@example.se",
    }
    data.update(changes)
    return data


class TestRegister:
    def test_lists_only_listed_associations(self, client):
        AssociationFactory(name="Synlig klubb")
        AssociationFactory(name="Väntande klubb", status=AssociationStatus.PENDING)
        AssociationFactory(name="Borttagen klubb", status=AssociationStatus.REMOVED)
        page = client.get(REGISTER).content.decode()
        assert "Synlig klubb" in page
        assert "Väntande klubb" not in page and "Borttagen klubb" not in page

    def test_search_and_filters_by_get(self, client):
        area = DistrictFactory(name="Järna")
        AssociationFactory(name="Järna Skidklubb", category="sports", district=area)
        AssociationFactory(name="Vansbro Kör", category="culture")
        page = client.get(REGISTER, {"q": "skid", "kategori": "", "omrade": ""}).content.decode()
        assert "Järna Skidklubb" in page and "Vansbro Kör" not in page
        page = client.get(REGISTER, {"kategori": "culture"}).content.decode()
        assert "Vansbro Kör" in page and "Järna Skidklubb" not in page
        page = client.get(REGISTER, {"omrade": str(area.pk)}).content.decode()
        assert "Järna Skidklubb" in page and "Vansbro Kör" not in page

    def test_nonsense_filters_are_ignored_not_an_error(self, client):
        AssociationFactory(name="Vansbro Kör")
        response = client.get(REGISTER, {"kategori": "<script>", "omrade": "x", "sida": "99"})
        assert response.status_code == 200

    def test_paginated(self, client):
        for n in range(25):
            AssociationFactory(name=f"Klubb {n:02d}")
        first = client.get(REGISTER).content.decode()
        second = client.get(REGISTER, {"sida": 2}).content.decode()
        assert "Klubb 00" in first and "Klubb 24" not in first
        assert "Klubb 24" in second

    def test_query_count_does_not_grow_with_the_register(
        self, client, django_assert_max_num_queries
    ):
        for _n in range(30):
            AssociationFactory(district=DistrictFactory())
        with django_assert_max_num_queries(4):
            client.get(REGISTER, {"q": "förening"})

    def test_an_association_page_shows_plain_text(self, client):
        association = AssociationFactory(description="Rad ett\nRad två", website="https://a.se")
        page = client.get(reverse("associations:detail", kwargs={"slug": association.slug}))
        assert page.status_code == 200
        assert 'rel="nofollow noopener"' in page.content.decode()

    def test_an_unlisted_association_is_not_found(self, client):
        pending = AssociationFactory(status=AssociationStatus.PENDING)
        url = reverse("associations:detail", kwargs={"slug": pending.slug})
        assert client.get(url).status_code == 404

    def test_a_named_contact_is_shown_only_with_consent(self, client):
        without = AssociationFactory(contact_name="Karin Ek")
        given = AssociationFactory(
            contact_name="Lars Persson", contact_consented_on=date(2026, 3, 2)
        )
        page = client.get(reverse("associations:detail", kwargs={"slug": without.slug}))
        assert "Karin Ek" not in page.content.decode()
        assert without.contact_email in page.content.decode()
        page = client.get(reverse("associations:detail", kwargs={"slug": given.slug}))
        assert "Lars Persson" in page.content.decode()


class TestApplyForm:
    def test_sends_and_says_what_happens_next(self, client):
        response = client.post(APPLY, _form(), follow=True)
        assert response.status_code == 200
        assert "Titta i din e-post" in response.content.decode()
        assert Application.objects.get().status == ApplicationStatus.UNCONFIRMED
        assert len(mail.outbox) == 1

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"website": "javascript:alert(1)"}, "https://"),
            ({"website": "www.forening.se"}, "https://"),
            ({"description": "x" * 2001}, "högst 2000 tecken"),
            ({"description": "<script>alert(1)</script>"}, "HTML-kod"),
            ({"name": "<b>Klubben</b>"}, "HTML-kod"),
            ({"contact_name": "Karin Ek"}, "samtycker"),
            ({"applicant_email": "inte-en-adress"}, "e-postadress"),
            ({"name": ""}, "måste fyllas i"),
        ],
    )
    def test_bad_input_is_explained_and_nothing_is_saved(self, client, changes, message):
        response = client.post(APPLY, _form(**changes))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Något behöver rättas" in page
        assert message in page
        assert "<script>alert" not in page
        assert not Application.objects.exists()
        assert mail.outbox == []

    def test_duplicate_name(self, client):
        AssociationFactory(name="Vansbro Schackklubb")
        response = client.post(APPLY, _form(name="VANSBRO SCHACKKLUBB"))
        assert response.status_code == 200
        assert "finns redan i registret" in response.content.decode()
        assert not Application.objects.exists()

    def test_rate_limited(self, client, still_clock):
        for n in range(10):
            client.post(APPLY, _form(name=f"Klubb {n}"))
        response = client.post(APPLY, _form(name="Klubb 11"))
        assert response.status_code == 429
        assert Application.objects.count() == 10

    def test_confirm_link_needs_a_post(self, client):
        client.post(APPLY, _form())
        path = (
            next(
                line for line in mail.outbox[0].body.splitlines() if "/foreningar/bekrafta/" in line
            )
            .split("127.0.0.1:8000", 1)[-1]
            .strip()
        )
        assert client.get(path).status_code == 200
        assert Application.objects.get().status == ApplicationStatus.UNCONFIRMED
        response = client.post(path)
        assert response.status_code == 200
        assert Application.objects.get().status == ApplicationStatus.WAITING

    def test_a_forged_confirm_link(self, client):
        response = client.post(reverse("associations:confirm", kwargs={"token": "abc:def"}))
        assert response.status_code == 400
        assert "inte giltig" in response.content.decode()

    def test_asking_for_a_change(self, client):
        association = AssociationFactory(name="Vansbro Schackklubb")
        url = reverse("associations:change", kwargs={"slug": association.slug})
        assert "Vansbro Schackklubb" in client.get(url).content.decode()
        client.post(url, _form(description="Vi spelar nu på onsdagar."))
        application = Application.objects.get()
        assert application.kind == "update" and application.association == association
        association.refresh_from_db()
        assert association.description != "Vi spelar nu på onsdagar."


class TestRemovalRequest:
    def test_same_answer_whatever_the_address(self, client):
        association = AssociationFactory(contact_name="Karin Ek", contact_email="karin@ek.se")
        url = reverse("associations:request_removal", kwargs={"slug": association.slug})
        wrong = client.post(url, {"email": "other@example.se"})
        right = client.post(url, {"email": "karin@ek.se"})
        assert wrong.status_code == right.status_code == 200
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["karin@ek.se"]
        link = next(line for line in mail.outbox[0].body.splitlines() if "ta-bort-kontakt" in line)
        path = link.split("127.0.0.1:8000", 1)[-1].strip()
        assert client.get(path).status_code == 200
        client.post(path)
        association.refresh_from_db()
        assert association.contact_name == "" and association.contact_email == ""


class TestManagePermissions:
    @pytest.mark.parametrize("name", ["home", "invite", "import", "export"])
    def test_residents_are_refused(self, client, resident, name):
        client.force_login(resident)
        assert client.get(reverse(f"associations_manage:{name}")).status_code == 403

    def test_anonymous_is_sent_to_sign_in(self, client):
        response = client.get(reverse("associations_manage:home"))
        assert response.status_code == 302 and "/konto/login/" in response["Location"]

    def test_resident_cannot_approve(self, client, resident, waiting_application):
        client.force_login(resident)
        url = reverse("associations_manage:approve", kwargs={"pk": waiting_application.pk})
        assert client.post(url, {"confirm": "yes"}).status_code == 403
        waiting_application.refresh_from_db()
        assert waiting_application.status == ApplicationStatus.WAITING


class TestQueue:
    def test_unconfirmed_never_reach_the_queue(self, client, official):
        ApplicationFactory(name="Obekräftad", status=ApplicationStatus.UNCONFIRMED)
        ApplicationFactory(name="Bekräftad")
        client.force_login(official)
        page = client.get(reverse("associations_manage:home")).content.decode()
        assert "Bekräftad" in page and "Obekräftad" not in page
        unconfirmed = Application.objects.get(name="Obekräftad")
        url = reverse("associations_manage:application", kwargs={"pk": unconfirmed.pk})
        assert client.get(url).status_code == 404

    def test_approve_after_a_confirmation_page(self, client, official, waiting_application):
        client.force_login(official)
        url = reverse("associations_manage:approve", kwargs={"pk": waiting_application.pk})
        page = client.get(url)
        assert page.status_code == 200 and "Vad som händer" in page.content.decode()
        assert not Association.objects.exists()
        client.post(url, {"confirm": "yes"})
        assert Association.objects.get().name == "Vansbro Kammarkör"

    def test_reject_needs_a_reason(self, client, official, waiting_application):
        client.force_login(official)
        url = reverse("associations_manage:reject", kwargs={"pk": waiting_application.pk})
        assert client.post(url, {"reason": ""}).status_code == 200
        client.post(url, {"reason": "Ingen verksamhet i kommunen."})
        waiting_application.refresh_from_db()
        assert waiting_application.status == ApplicationStatus.REJECTED

    def test_a_change_shows_what_would_change(self, client, official, association):
        application = ApplicationFactory(
            kind="update",
            association=association,
            name=association.name,
            category=association.category,
            description="Helt ny text.",
            contact_email=association.contact_email,
        )
        client.force_login(official)
        page = client.get(
            reverse("associations_manage:application", kwargs={"pk": application.pk})
        ).content.decode()
        assert "Helt ny text." in page and association.description in page

    def test_official_removes_a_contact_after_confirming(self, client, official):
        association = AssociationFactory(contact_name="Karin Ek")
        client.force_login(official)
        url = reverse("associations_manage:remove_contact", kwargs={"pk": association.pk})
        assert client.get(url).status_code == 200
        client.post(url, {"confirm": "yes"})
        association.refresh_from_db()
        assert association.contact_name == ""

    def test_delist(self, client, official, association):
        client.force_login(official)
        client.post(
            reverse("associations_manage:delist", kwargs={"pk": association.pk}), {"confirm": "yes"}
        )
        association.refresh_from_db()
        assert association.status == AssociationStatus.REMOVED


class TestInvitePage:
    def test_choose_check_and_send(self, client, official):
        dialogue = BudgetRoundFactory(name="Utmaningen")
        area = DistrictFactory(name="Järna")
        sports = AssociationFactory(name="Järna IK", category="sports", district=area)
        AssociationFactory(name="Vansbro Kör", category="culture", district=area)
        everywhere = AssociationFactory(name="PRO Vansbro", category="sports", district=None)
        client.force_login(official)
        url = reverse("associations_manage:invite")
        choice = {"process": dialogue.pk, "categories": ["sports"], "districts": [area.pk]}
        page = client.get(url, choice).content.decode()
        assert "Järna IK" in page and "PRO Vansbro" in page and "Vansbro Kör" not in page
        confirm_page = client.post(url, {**choice, "message": "Välkomna"})
        assert confirm_page.status_code == 200
        assert not Invitation.objects.exists()
        client.post(url, {**choice, "message": "Välkomna", "confirm": "yes"})
        assert {i.association for i in Invitation.objects.all()} == {sports, everywhere}
        assert len(mail.outbox) == 2
        page = client.get(
            reverse("associations_manage:association", kwargs={"pk": sports.pk})
        ).content.decode()
        assert "Utmaningen" in page

    def test_a_draft_process_cannot_be_chosen(self, client, official):
        draft = BudgetRoundFactory(status="draft")
        AssociationFactory()
        client.force_login(official)
        response = client.get(reverse("associations_manage:invite"), {"process": draft.pk})
        assert "Välj ett giltigt alternativ" in response.content.decode()
