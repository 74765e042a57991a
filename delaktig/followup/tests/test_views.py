"""Pages: permissions, bad input with Swedish messages, links, files, query counts."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from delaktig.accounts.tests.factories import UserFactory

from .. import services
from ..models import Decision, Project, ProjectStatus, ProjectUpdate, UpdateDocument, UpdatePhoto
from .factories import (
    decided_round,
    jpeg_with_exif,
    png_bomb,
    round_with_result,
    small_pdf,
)

pytestmark = pytest.mark.django_db


def _manage(name, budget_round, **kwargs):
    return reverse(f"followup_manage:{name}", kwargs={"slug": budget_round.slug, **kwargs})


# --- Permissions and phases ---


def test_the_decision_page_refuses_before_a_published_result(client, official):
    budget_round, _p, _w = round_with_result(official, phase="result", publish=False)
    client.force_login(official)
    response = client.get(_manage("decision", budget_round))
    assert response.status_code == 403
    assert "resultatet" in response.content.decode()


def test_residents_and_other_officials_are_refused(client, official, resident):
    budget_round, _p, _w = round_with_result(official)
    budget_round.officials.add(official)
    client.force_login(resident)
    assert client.get(_manage("start", budget_round)).status_code == 403
    client.force_login(UserFactory(is_official=True))
    assert client.get(_manage("decision", budget_round)).status_code == 403


def test_the_follow_up_of_a_round_without_a_decision_says_so(client, official):
    budget_round, _p, _w = round_with_result(official)
    response = client.get(reverse("followup:overview", kwargs={"slug": budget_round.slug}))
    assert response.status_code == 200
    assert "har inte publicerats än" in response.content.decode()


def test_a_project_page_is_404_or_403_before_the_decision(client, official):
    budget_round, _p, winners = round_with_result(official)
    from .factories import decision_data

    services.save_decision(by=official, budget_round=budget_round, data=decision_data(winners))
    url = reverse("followup:project", kwargs={"slug": budget_round.slug, "pk": 1})
    assert client.get(url).status_code == 403


# --- The decision journey ---


def test_record_check_and_publish_the_decision(client, official):
    budget_round, _proposals, winners = round_with_result(official)
    client.force_login(official)
    form = client.get(_manage("decision", budget_round))
    assert form.status_code == 200
    assert form.context["form"]["funded"].value() == sorted(winners)  # the count's winners
    post = {
        "decided_on": "2026-01-15",
        "body": "Kommunstyrelsen",
        "reference": "KS 2026/12",
        "funded": sorted(winners),
    }
    response = client.post(_manage("decision", budget_round), post)
    assert response.status_code == 302
    check = client.get(response["Location"])
    assert "Granska beslutet" in check.content.decode()
    assert Decision.objects.get().published_at is None
    response = client.post(_manage("decision_check", budget_round), {"confirm": "yes"})
    assert response.status_code == 302
    assert Decision.objects.get().published_at is not None
    # The result page now shows the count and the decision, with a link to the follow-up.
    page = client.get(reverse("results:detail", kwargs={"slug": budget_round.slug}))
    html = page.content.decode()
    assert "Beslutet" in html and "KS 2026/12" in html
    assert reverse("followup:overview", kwargs={"slug": budget_round.slug}) in html


def test_a_deviation_without_a_reason_shows_the_error_and_saves_nothing(client, official):
    budget_round, proposals, _winners = round_with_result(official)
    client.force_login(official)
    everything = sorted(p.pk for p in proposals.values())
    response = client.post(
        _manage("decision", budget_round),
        {"decided_on": "2026-01-15", "body": "Kommunstyrelsen", "funded": everything},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html
    assert "skiljer sig från det räknade resultatet" in html
    assert not Decision.objects.exists()


def test_a_date_that_is_not_a_date(client, official):
    budget_round, _p, winners = round_with_result(official)
    client.force_login(official)
    response = client.post(
        _manage("decision", budget_round),
        {"decided_on": "igår", "body": "Kommunstyrelsen", "funded": sorted(winners)},
    )
    assert response.status_code == 400
    assert "år-månad-dag" in response.content.decode()


# --- Projects ---


def _project_post(project, **changes):
    values = {
        "title": project.title,
        "description": "",
        "budgeted_cost": str(project.budgeted_cost),
        "actual_cost": "",
        "progress": "",
        "planned_start": "",
        "planned_end": "",
    }
    values.update(changes)
    return values


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"budgeted_cost": "tusen"}, "helt antal kronor"),
        ({"actual_cost": "12 000 kr"}, "helt antal kronor"),
        ({"progress": "120"}, "mellan 0 och 100"),
        ({"planned_start": "2026-05-01", "planned_end": "2026-04-01"}, "före den planerade"),
    ],
)
def test_bad_project_input_is_refused_in_swedish(client, official, changes, message):
    budget_round, _p, projects = decided_round(official)
    project = projects[0]
    client.force_login(official)
    response = client.post(
        _manage("project_edit", budget_round, pk=project.pk), _project_post(project, **changes)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    fresh = Project.objects.get(pk=project.pk)
    assert (fresh.planned_start, fresh.progress, fresh.actual_cost) == (None, None, None)


def test_status_change_without_the_reason_it_needs(client, official):
    budget_round, _p, projects = decided_round(official)
    client.force_login(official)
    url = _manage("project_status", budget_round, pk=projects[0].pk)
    response = client.post(url, {"status": "delayed", "reason": ""})
    assert response.status_code == 400
    assert "Skriv offentligt varför projektet är försenad" in response.content.decode()
    assert Project.objects.get(pk=projects[0].pk).status == ProjectStatus.PLANNED
    response = client.post(url, {"status": "delayed", "reason": "Leveransen är sen."})
    assert response.status_code == 302
    assert Project.objects.get(pk=projects[0].pk).status == ProjectStatus.DELAYED


def test_done_is_not_offered_before_the_project_has_started(client, official):
    budget_round, _p, projects = decided_round(official)
    client.force_login(official)
    url = _manage("project_status", budget_round, pk=projects[0].pk)
    response = client.post(url, {"status": "done"})
    assert response.status_code == 400  # not a choice for a planned project
    assert Project.objects.get(pk=projects[0].pk).status == ProjectStatus.PLANNED


# --- Updates and their files ---


def _update_post(**files):
    values = {
        "title": "Bygget har börjat",
        "dated": "2026-03-01",
        "body": "Grävarna är **på plats**.",
        "publish": "yes",
    }
    values.update(files)
    return values


def test_a_photo_is_stored_without_exif_and_under_a_random_name(client, official):
    budget_round, _p, projects = decided_round(official)
    client.force_login(official)
    photo = SimpleUploadedFile("IMG_0001_hemma.jpg", jpeg_with_exif(), content_type="image/jpeg")
    with Image.open(io.BytesIO(jpeg_with_exif())) as original:
        assert original.getexif().get(0xA431) == "SERIAL-123456"  # the test file has one
    response = client.post(
        _manage("update_create", budget_round, pk=projects[0].pk),
        _update_post(photo=photo, photo_alt="Grävmaskin vid lekplatsen"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = UpdatePhoto.objects.get()
    assert "IMG_0001" not in stored.image.name and stored.image.name.endswith(".jpg")
    with stored.image.open("rb") as f, Image.open(f) as image:
        exif = image.getexif()
        assert not exif
        assert "exif" not in image.info and "icc_profile" not in image.info
        assert exif.get_ifd(0x8825) == {}
    public = client.get(
        reverse("followup:project", kwargs={"slug": budget_round.slug, "pk": projects[0].pk})
    )
    html = public.content.decode()
    assert stored.image.url in html and 'alt="Grävmaskin vid lekplatsen"' in html
    assert "<strong>på plats</strong>" in html


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"photo": ("bild.jpg", b"inte en bild", "image/jpeg"), "photo_alt": "x"},
            "måste vara en bild",
        ),
        ({"photo": ("bomb.png", None, "image/png"), "photo_alt": "x"}, "för många bildpunkter"),
        (
            {"photo": ("bild.jpg", "exif", "image/jpeg"), "photo_alt": ""},
            "alternativtext",
        ),
        (
            {
                "document": ("beslut.pdf", b"%PDX not a pdf", "application/pdf"),
                "document_title": "B",
            },
            "måste vara en PDF-fil",
        ),
        (
            {
                "document": ("beslut.pdf", b"%PDF-1.7\nbroken beyond repair", "application/pdf"),
                "document_title": "B",
            },
            "måste vara en PDF-fil",
        ),
        (
            {"document": ("beslut.pdf", "pdf", "application/pdf"), "document_title": ""},
            "titel",
        ),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(client, official, files, message):
    budget_round, _p, projects = decided_round(official)
    client.force_login(official)
    post = {}
    for name, value in files.items():
        if isinstance(value, tuple):
            filename, content, content_type = value
            if content is None:
                content = png_bomb()
            elif content == "exif":
                content = jpeg_with_exif()
            elif content == "pdf":
                content = small_pdf()
            value = SimpleUploadedFile(filename, content, content_type=content_type)
        post[name] = value
    response = client.post(
        _manage("update_create", budget_round, pk=projects[0].pk), _update_post(**post)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProjectUpdate.objects.exists()
    assert not UpdatePhoto.objects.exists() and not UpdateDocument.objects.exists()


def test_a_real_pdf_is_kept_under_a_random_name(client, official):
    budget_round, _p, projects = decided_round(official)
    client.force_login(official)
    pdf = SimpleUploadedFile(
        "Protokoll KS hemligt.pdf", small_pdf(), content_type="application/pdf"
    )
    response = client.post(
        _manage("update_create", budget_round, pk=projects[0].pk),
        _update_post(document=pdf, document_title="Protokoll", publish="no"),
    )
    assert response.status_code == 302
    document = UpdateDocument.objects.get()
    assert "Protokoll" not in document.file.name and document.file.name.endswith(".pdf")
    assert document.size == len(small_pdf())
    assert ProjectUpdate.objects.get().published_at is None  # a draft
    public = client.get(
        reverse("followup:project", kwargs={"slug": budget_round.slug, "pk": projects[0].pk})
    )
    assert "Bygget har börjat" not in public.content.decode()


def test_an_update_to_a_cancelled_project_is_refused(client, official):
    budget_round, _p, projects = decided_round(official)
    services.change_status(
        by=official, project=projects[0], status="cancelled", reason="Marken är förorenad."
    )
    client.force_login(official)
    response = client.post(
        _manage("update_create", budget_round, pk=projects[0].pk), _update_post()
    )
    assert response.status_code == 302
    assert not ProjectUpdate.objects.exists()
    page = client.get(response["Location"])
    assert "avbrutet" in page.content.decode()


# --- Links between proposal, result and project ---


def test_links_both_ways_between_proposal_result_and_project(client, official):
    budget_round, _p, projects = decided_round(official)
    project = projects[0]
    project_url = reverse("followup:project", kwargs={"slug": budget_round.slug, "pk": project.pk})
    proposal_url = project.proposal.get_absolute_url()
    result_url = reverse("results:detail", kwargs={"slug": budget_round.slug})
    assert project_url in client.get(proposal_url).content.decode()
    project_html = client.get(project_url).content.decode()
    assert proposal_url in project_html and result_url in project_html
    result_html = client.get(result_url).content.decode()
    assert proposal_url in result_html
    overview = client.get(reverse("followup:overview", kwargs={"slug": budget_round.slug}))
    assert project_url in overview.content.decode()


def test_a_proposal_without_a_project_links_nowhere(client, official):
    _budget_round, proposals, projects = decided_round(official)
    funded = {p.proposal_id for p in projects}
    loser = next(p for p in proposals.values() if p.pk not in funded)
    html = client.get(loser.get_absolute_url()).content.decode()
    assert 'id="project-heading"' not in html
    assert "/uppfoljning/" in html  # the round's tab, not a project


# --- A proposer's own page ---


def test_a_proposer_sees_what_happened_to_each_proposal(client, official):
    _budget_round, _proposals, projects = decided_round(official)
    services.change_status(by=official, project=projects[0], status="ongoing")
    author = projects[0].proposal.author
    client.force_login(author)
    html = client.get(reverse("followup_account:my_proposals")).content.decode()
    assert "Mina förslag" in html
    assert "Vann: valdes i rösträkningen" in html
    assert "Finansieras enligt beslut av Kommunstyrelsen" in html
    assert "Pågår" in html
    assert "Valdes inte i rösträkningen" in html  # the author's losing proposals


def test_my_proposals_needs_sign_in(client):
    response = client.get(reverse("followup_account:my_proposals"))
    assert response.status_code == 302


# --- Query counts independent of size ---


def _round_with_projects(official, count):
    budget_round, _p, projects = decided_round(official)
    base = projects[0]
    extra = [
        Project(
            budget_round=budget_round,
            title=f"Projekt {i}",
            budgeted_cost=1000 + i,
            actual_cost=i,
            status=ProjectStatus.ONGOING if i % 2 else ProjectStatus.PLANNED,
        )
        for i in range(count - len(projects))
    ]
    Project.objects.bulk_create(extra)
    for project in Project.objects.filter(budget_round=budget_round):
        for day in range(3):
            update = ProjectUpdate.objects.create(
                project=project,
                title=f"Uppdatering {day}",
                body="Text",
                dated=datetime.date(2026, 3, day + 1),
                published_at="2026-03-10T10:00:00Z",
            )
            UpdatePhoto.objects.create(update=update, image="followup/photos/x.jpg", alt="Foto")
    return budget_round, base


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_page_queries_do_not_grow_with_the_number_of_projects(client, official):
    small, small_project = _round_with_projects(official, 3)
    large, large_project = _round_with_projects(official, 30)
    overview = [
        _count(client, reverse("followup:overview", kwargs={"slug": r.slug}))
        for r in (small, large)
    ]
    assert overview[0] == overview[1]
    pages = [
        _count(client, reverse("followup:project", kwargs={"slug": r.slug, "pk": p.pk}))
        for r, p in ((small, small_project), (large, large_project))
    ]
    assert pages[0] == pages[1]


def test_the_cached_pages_show_a_change_at_once(
    client, official, django_capture_on_commit_callbacks
):
    budget_round, _p, projects = decided_round(official)
    overview = reverse("followup:overview", kwargs={"slug": budget_round.slug})
    page = reverse("followup:project", kwargs={"slug": budget_round.slug, "pk": projects[0].pk})
    assert "Pågår" not in client.get(overview).content.decode()
    client.get(page)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(by=official, project=projects[0], status="ongoing")
        services.save_update(
            by=official,
            project=projects[0],
            data=services.UpdateData(
                title="Nu händer det", body="Text", dated=datetime.date(2026, 3, 1)
            ),
            publish=True,
        )
    assert "Pågår" in client.get(overview).content.decode()
    html = client.get(page).content.decode()
    assert "Nu händer det" in html and "Status: Pågår" in html


def test_a_long_timeline_is_paged(client, official):
    budget_round, _p, projects = decided_round(official)
    for i in range(25):
        ProjectUpdate.objects.create(
            project=projects[0],
            title=f"Uppdatering {i}",
            body="Text",
            dated=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
            published_at="2026-03-10T10:00:00Z",
        )
    url = reverse("followup:project", kwargs={"slug": budget_round.slug, "pk": projects[0].pk})
    first = client.get(url).content.decode()
    assert "Uppdatering 24" in first and "Uppdatering 4<" not in first
    assert "Äldre uppdateringar" in first
    second = client.get(url + "?sida=2").content.decode()
    assert "Uppdatering 4<" in second and "Uppdatering 24" not in second
    assert client.get(url + "?sida=xyz").status_code == 200


def test_a_winner_the_decision_left_out_is_told_so(client, official):
    from .factories import decision_data

    budget_round, proposals, winners = round_with_result(official)
    dropped = min(winners)
    services.save_decision(
        by=official,
        budget_round=budget_round,
        data=decision_data(winners - {dropped}, deviation_reason="Bygglovet nekades."),
    )
    services.publish_decision(by=official, budget_round=budget_round)
    author = next(p for p in proposals.values() if p.pk == dropped).author
    client.force_login(author)
    html = client.get(reverse("followup_account:my_proposals")).content.decode()
    assert "Vann: valdes i rösträkningen" in html
    assert "Finansieras inte enligt beslut av Kommunstyrelsen" in html
    result = client.get(reverse("results:detail", kwargs={"slug": budget_round.slug}))
    assert "Bygglovet nekades." in result.content.decode()
