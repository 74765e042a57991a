"""Content pages: every save a new, immutable version; the public sees only what was
published; the history shows who changed what; English falls back to Swedish."""

import pytest
from django.urls import reverse

from delaktig.audit.models import AuditEvent
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.pages import services
from delaktig.pages.models import ImmutableVersionError, Page

pytestmark = pytest.mark.django_db


def _text(**changes):
    data = {"title_sv": "Så deltar du", "body_sv": "Du kan **tycka till** på nätet."}
    data.update(changes)
    return services.PageText(**data)


@pytest.fixture
def page(official):
    return services.create_page(by=official, slug="sa-deltar-du", text=_text())


class TestServices:
    def test_a_new_page_is_a_draft(self, page):
        assert page.latest.number == 1 and page.published is None
        assert page.has_draft

    def test_each_save_is_a_new_version_and_audited(self, official, page):
        services.save_version(
            by=official, page=page, text=_text(body_sv="Ny text.", note="Kortare"), based_on=1
        )
        page.refresh_from_db()
        assert page.latest.number == 2
        assert [v.number for v in page.versions.all()] == [2, 1]
        assert page.versions.get(number=1).body_sv == "Du kan **tycka till** på nätet."
        assert AuditEvent.objects.filter(action="pages.version_saved").count() == 2

    def test_versions_never_change(self, page):
        version = page.latest
        version.body_sv = "Ändrad i efterhand"
        with pytest.raises(ImmutableVersionError):
            version.save()
        with pytest.raises(ImmutableVersionError):
            version.delete()

    def test_saving_over_someone_elses_version_is_refused(self, official, page):
        services.save_version(by=official, page=page, text=_text(body_sv="Först"), based_on=1)
        with pytest.raises(Conflict):
            services.save_version(by=official, page=page, text=_text(body_sv="Sen"), based_on=1)

    def test_nothing_changed_is_not_a_version(self, official, page):
        with pytest.raises(InvalidInput):
            services.save_version(by=official, page=page, text=_text(note="inget"))

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"title_sv": " "}, "title_sv"),
            ({"body_sv": ""}, "body_sv"),
            ({"body_en": "Hi"}, "title_en"),
        ],
    )
    def test_what_a_version_needs(self, official, page, changes, field):
        with pytest.raises(InvalidInput) as error:
            services.save_version(by=official, page=page, text=_text(**changes))
        assert error.value.field == field

    def test_a_taken_or_reserved_address(self, official, page):
        for slug in ("sa-deltar-du", "hantera"):
            with pytest.raises(InvalidInput):
                services.create_page(by=official, slug=slug, text=_text())
        assert Page.objects.count() == 1

    def test_publish_the_version_that_was_shown(self, official, page):
        services.save_version(by=official, page=page, text=_text(body_sv="Två"), based_on=1)
        with pytest.raises(Conflict):
            services.publish(by=official, page=page, number=1)
        services.publish(by=official, page=page, number=2)
        page.refresh_from_db()
        assert page.published.number == 2 and not page.has_draft
        with pytest.raises(Conflict):
            services.publish(by=official, page=page, number=2)

    def test_residents_cannot_write(self, resident, page):
        with pytest.raises(NotAllowed):
            services.create_page(by=resident, slug="ny", text=_text())
        with pytest.raises(NotAllowed):
            services.save_version(by=resident, page=page, text=_text(body_sv="x"))
        with pytest.raises(NotAllowed):
            services.publish(by=resident, page=page, number=1)

    def test_the_difference_marks_lines(self, official, page):
        new = services.save_version(
            by=official, page=page, text=_text(body_sv="Rad ett\nRad tre"), based_on=1
        )
        changes = dict(services.difference(page.versions.get(number=1), new))
        kinds = {(line.kind, line.text) for line in changes["body_sv"]}
        assert ("removed", "Du kan **tycka till** på nätet.") in kinds
        assert ("added", "Rad tre") in kinds
        assert "title_sv" not in changes


class TestPublicPages:
    def test_unpublished_is_not_found(self, client, page):
        assert client.get(reverse("pages:page", kwargs={"slug": page.slug})).status_code == 404
        assert client.get(reverse("pages:page", kwargs={"slug": "finns-inte"})).status_code == 404

    def test_the_public_sees_the_published_version_not_the_draft(self, client, official, page):
        services.publish(by=official, page=page, number=1)
        services.save_version(by=official, page=page, text=_text(body_sv="Utkast"), based_on=1)
        html = client.get(reverse("pages:page", kwargs={"slug": page.slug})).content.decode()
        assert "<strong>tycka till</strong>" in html and "Utkast" not in html
        index = client.get(reverse("pages:index")).content.decode()
        assert "Så deltar du" in index

    def test_markdown_is_sanitised(self, client, official):
        page = services.create_page(
            by=official,
            slug="farlig",
            text=_text(body_sv="<script>alert(1)</script>\n\n[klick](javascript:alert(1))"),
        )
        services.publish(by=official, page=page, number=1)
        html = client.get(reverse("pages:page", kwargs={"slug": "farlig"})).content.decode()
        article = html[html.index("<article") :]
        assert "<script>alert" not in article and "&lt;script&gt;" in article
        assert 'href="javascript' not in article

    def test_english_with_swedish_fallback(self, client, official, page):
        services.publish(by=official, page=page, number=1)
        client.cookies["django_language"] = "en"
        html = client.get(reverse("pages:page", kwargs={"slug": page.slug})).content.decode()
        assert "Så deltar du" in html and 'lang="sv"' in html
        services.save_version(
            by=official,
            page=page,
            text=_text(title_en="How to take part", body_en="Say what you think."),
            based_on=1,
        )
        services.publish(by=official, page=page, number=2)
        html = client.get(reverse("pages:page", kwargs={"slug": page.slug})).content.decode()
        assert "How to take part" in html and "Say what you think." in html

    def test_taken_off_the_site(self, client, official, page):
        services.publish(by=official, page=page, number=1)
        services.unpublish(by=official, page=page)
        assert client.get(reverse("pages:page", kwargs={"slug": page.slug})).status_code == 404


class TestManagePages:
    @pytest.mark.parametrize("name", ["list", "create"])
    def test_residents_are_refused(self, client, resident, name):
        client.force_login(resident)
        assert client.get(reverse(f"pages_manage:{name}")).status_code == 403

    def test_resident_cannot_publish(self, client, resident, page):
        client.force_login(resident)
        url = reverse("pages_manage:publish", kwargs={"slug": page.slug})
        assert client.post(url, {"confirm": "yes", "number": 1}).status_code == 403
        page.refresh_from_db()
        assert page.published is None

    def test_edit_then_publish_after_confirming(self, client, official, page):
        client.force_login(official)
        edit = reverse("pages_manage:edit", kwargs={"slug": page.slug})
        response = client.post(
            edit, {"title_sv": "Så deltar du", "body_sv": "Ny text", "based_on": 1, "note": "Ny"}
        )
        assert response.status_code == 302
        publish = reverse("pages_manage:publish", kwargs={"slug": page.slug})
        confirm_page = client.get(publish).content.decode()
        assert "Vad som händer" in confirm_page
        page.refresh_from_db()
        assert page.published is None
        client.post(publish, {"confirm": "yes", "number": 2})
        page.refresh_from_db()
        assert page.published.number == 2

    def test_history_and_an_old_version(self, client, official, page):
        services.save_version(by=official, page=page, text=_text(body_sv="Två"), based_on=1)
        client.force_login(official)
        history = client.get(
            reverse("pages_manage:page", kwargs={"slug": page.slug})
        ).content.decode()
        assert "Olga Officer" in history and "Version 1" in history and "Version 2" in history
        old = client.get(
            reverse("pages_manage:version", kwargs={"slug": page.slug, "number": 2})
        ).content.decode()
        assert "<del>" in old and "<ins>" in old

    def test_an_empty_form_explains(self, client, official, page):
        client.force_login(official)
        response = client.post(reverse("pages_manage:edit", kwargs={"slug": page.slug}), {})
        assert response.status_code == 200
        assert "Något behöver rättas" in response.content.decode()
