import csv
import io
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from delaktig.accounts.models import District
from delaktig.accounts.tests.factories import UserFactory
from delaktig.audit.models import AuditEvent

from .. import exports
from ..models import QuestionKind, Quote, SurveyExport, Theme
from .factories import (
    QuestionFactory,
    closed_survey,
    scale_question,
    stored_response,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(official):
    survey = closed_survey(min_group_size=3)
    survey.process.officials.add(official)
    return survey


@pytest.fixture
def question(survey):
    return QuestionFactory(survey=survey, kind=QuestionKind.LONG_TEXT, text="Vad saknas?")


@pytest.fixture
def as_official(client, official):
    client.force_login(official)
    return client


def url(name, survey, **kwargs):
    return reverse(
        f"surveys_free_text:{name}",
        kwargs={"slug": survey.process.slug, "survey_slug": survey.slug, **kwargs},
    )


def test_the_reading_page_shows_texts_without_anything_about_the_respondent(
    as_official, survey, question
):
    north = District.objects.create(name="Norrbyn")
    stored_response(survey, {question: "Mer ljus i parken"}, district=north, age_band="65-")
    stored_response(survey, {question: "Ett utkast"}, submitted=False)
    page = as_official.get(url("question", survey, question_id=question.pk))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Mer ljus i parken" in html and "Ett utkast" not in html
    assert "Norrbyn" not in html and "äldre" not in html and "Digitalt" not in html


def test_search_and_filters(as_official, survey, question, official):
    theme = Theme.objects.create(survey=survey, name="Ljus")
    a = stored_response(survey, {question: "Mer LJUS i parken"}).answers.get()
    stored_response(survey, {question: "Fler bänkar"})
    a.themes.add(theme)
    page = url("question", survey, question_id=question.pk)
    assert "bänkar" not in as_official.get(page, {"q": "ljus"}).content.decode()
    html = as_official.get(page, {"tema": "otaggade"}).content.decode()
    assert "bänkar" in html and "parken" not in html
    html = as_official.get(page, {"tema": theme.pk}).content.decode()
    assert "parken" in html and "bänkar" not in html
    # a tampered filter shows everything rather than failing
    assert as_official.get(page, {"tema": "x'; drop"}).status_code == 200


def test_the_answers_are_paginated(as_official, survey, question):
    for i in range(25):
        stored_response(survey, {question: f"svar nummer {i}"})
    page = url("question", survey, question_id=question.pk)
    first = as_official.get(page).content.decode()
    second = as_official.get(page, {"sida": 2}).content.decode()
    assert first.count("svar nummer") == 20 and second.count("svar nummer") == 5


def test_tagging_one_answer_and_the_search_results(as_official, survey, question):
    parks = Theme.objects.create(survey=survey, name="Parker")
    a = stored_response(survey, {question: "park ett"}).answers.get()
    stored_response(survey, {question: "Park två"})
    stored_response(survey, {question: "skolan"})
    response = as_official.post(
        url("tag_answer", survey, answer_id=a.pk), {"themes": [parks.pk], "next": "/evil"}
    )
    assert response.status_code == 302
    assert list(a.themes.all()) == [parks]
    bulk = url("tag_results", survey, question_id=question.pk) + "?q=park"
    as_official.post(bulk, {"theme": parks.pk})
    assert parks.answers.count() == 2
    html = as_official.get(url("themes", survey)).content.decode()
    assert "Parker" in html


def test_a_tampered_answer_id_from_another_survey_is_404(as_official, survey, question):
    other = closed_survey(process=survey.process)
    foreign = stored_response(
        other, {QuestionFactory(survey=other, kind=QuestionKind.SHORT_TEXT): "x"}
    ).answers.get()
    theme = Theme.objects.create(survey=survey, name="T")
    for name in ("tag_answer", "pick_quote"):
        response = as_official.post(url(name, survey, answer_id=foreign.pk), {"themes": [theme.pk]})
        assert response.status_code == 404
        response = as_official.post(url(name, survey, answer_id=uuid.uuid4()), {})
        assert response.status_code == 404
    assert not foreign.themes.exists() and not Quote.objects.exists()
    # a theme of another survey on a good answer: refused, nothing changed
    mine = stored_response(survey, {question: "y"}).answers.get()
    foreign_theme = Theme.objects.create(survey=other, name="Annan")
    as_official.post(url("tag_answer", survey, answer_id=mine.pk), {"themes": [foreign_theme.pk]})
    assert not mine.themes.exists()


def test_a_theme_name_twice_gets_a_clear_message(as_official, survey):
    as_official.post(url("themes", survey), {"name": "Trygghet"})
    response = as_official.post(url("themes", survey), {"name": "trygghet"})
    assert response.status_code == 400
    assert "Det finns redan ett tema som heter" in response.content.decode()
    assert Theme.objects.filter(survey=survey).count() == 1


def test_renaming_and_deleting_a_theme_with_confirmation(as_official, survey):
    theme = Theme.objects.create(survey=survey, name="Skola")
    as_official.post(url("theme", survey, pk=theme.pk), {"name": "Skolor", "description": ""})
    theme.refresh_from_db()
    assert theme.name == "Skolor"
    page = as_official.get(url("theme_delete", survey, pk=theme.pk))
    assert page.status_code == 200 and Theme.objects.filter(pk=theme.pk).exists()
    as_official.post(url("theme_delete", survey, pk=theme.pk), {"confirm": "yes"})
    assert not Theme.objects.filter(pk=theme.pk).exists()


def test_the_quote_journey(as_official, survey, question, official):
    answer = stored_response(
        survey, {question: "Ring mig på 070-123 45 67 om parken"}
    ).answers.get()
    response = as_official.post(url("pick_quote", survey, answer_id=answer.pk))
    quote = Quote.objects.get()
    assert response["Location"] == url("quote", survey, pk=quote.pk)
    page = as_official.get(response["Location"]).content.decode()
    assert '<mark class="finding">070-123 45 67' in page
    # marked as ready without redacting or confirming: refused, nothing changed
    refused = as_official.post(
        response["Location"], {"text": quote.text, "action": "ready", "theme": ""}
    )
    assert refused.status_code == 400
    assert "kan vara personuppgifter" in refused.content.decode()
    quote.refresh_from_db()
    assert quote.checked_at is None
    # redacted and ready
    done = as_official.post(
        response["Location"], {"text": "Ring mig på […] om parken", "action": "ready"}
    )
    assert done.status_code == 302
    quote.refresh_from_db()
    assert quote.text == "Ring mig på […] om parken" and quote.checked_by == official
    assert AuditEvent.objects.filter(action="surveys.quote_checked", actor=official).exists()


def test_a_personnummer_can_never_be_confirmed(as_official, survey, question):
    answer = stored_response(survey, {question: "Jag är 811218-9876"}).answers.get()
    quote = Quote.objects.create(answer=answer, text=answer.text)
    response = as_official.post(
        url("quote", survey, pk=quote.pk),
        {"text": answer.text, "action": "ready", "confirmed": "on"},
    )
    assert response.status_code == 400
    assert "personnummer" in response.content.decode()
    quote.refresh_from_db()
    assert quote.checked_at is None


def test_removing_a_quote_asks_first(as_official, survey, question):
    answer = stored_response(survey, {question: "Bra"}).answers.get()
    quote = Quote.objects.create(answer=answer, text="Bra")
    assert as_official.get(url("quote_delete", survey, pk=quote.pk)).status_code == 200
    as_official.post(url("quote_delete", survey, pk=quote.pk), {"confirm": "yes"})
    assert not Quote.objects.exists()


def test_a_small_export_downloads_at_once(as_official, survey):
    question = scale_question(survey, text="Hur nöjd?")
    for value in (1, 2, 3):
        stored_response(survey, {question: value})
    response = as_official.post(url("export_answers", survey), {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0][-1] == "1. Hur nöjd?" and len(rows) == 4
    response = as_official.post(url("export_answers", survey), {"format": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.active.max_row == 4
    assert as_official.post(url("export_answers", survey), {"format": "pdf"}).status_code == 400


def test_a_large_export_goes_through_the_task_queue(
    as_official, survey, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    monkeypatch.setattr(exports, "SMALL_EXPORT", 1)
    question = scale_question(survey)
    for value in (1, 2):
        stored_response(survey, {question: value})
    with django_capture_on_commit_callbacks(execute=True):
        response = as_official.post(url("export_answers", survey), {"format": "xlsx"})
    export = SurveyExport.objects.get()
    assert response["Location"] == url("export", survey, pk=export.pk)
    status = as_official.get(response["Location"]).content.decode()
    assert url("export_download", survey, pk=export.pk) in status
    download = as_official.get(url("export_download", survey, pk=export.pk))
    assert load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.max_row == 3
    # another survey's export is not found through this survey
    other = closed_survey(process=survey.process)
    assert as_official.get(url("export_download", other, pk=export.pk)).status_code == 404


PAGES = [
    ("index", {}, "get"),
    ("question", {"question_id": 0}, "get"),
    ("themes", {}, "get"),
    ("quotes", {}, "get"),
    ("export_answers", {}, "get"),
    ("tag_answer", {"answer_id": "a"}, "post"),
    ("pick_quote", {"answer_id": "a"}, "post"),
    ("quote", {"pk": "q"}, "post"),
    ("export_answers", {}, "post"),
]


@pytest.mark.parametrize("role", ["resident", "moderator", "other_official"])
@pytest.mark.parametrize(("name", "kwargs", "method"), PAGES)
def test_only_the_process_officials_get_in(
    client, request, survey, question, role, name, kwargs, method
):
    answer = stored_response(survey, {question: "hemligt svar"}).answers.get()
    quote = Quote.objects.create(answer=answer, text="hemligt svar")
    ids = {"question_id": question.pk, "answer_id": answer.pk, "pk": quote.pk}
    kwargs = {k: ids[k] for k in kwargs}
    user = (
        UserFactory(is_official=True) if role == "other_official" else request.getfixturevalue(role)
    )
    client.force_login(user)
    response = getattr(client, method)(
        url(name, survey, **kwargs), {"format": "csv", "text": "x", "action": "ready"}
    )
    assert response.status_code == 403
    assert "hemligt" not in response.content.decode()
    assert not AuditEvent.objects.filter(action__startswith="surveys.").exists()
    quote.refresh_from_db()
    assert quote.text == "hemligt svar" and quote.checked_at is None


def test_a_signed_out_visitor_is_sent_to_sign_in(client, survey):
    response = client.get(url("index", survey))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_survey_list_links_officials_to_the_free_text(client, survey, official, resident):
    page = reverse("surveys:process_surveys", kwargs={"slug": survey.process.slug})
    link = url("index", survey)
    client.force_login(official)
    assert link in client.get(page).content.decode()
    client.force_login(resident)
    assert link not in client.get(page).content.decode()


def test_nothing_is_read_or_exported_while_people_still_answer(as_official, survey):
    """Review attack: export, wait for a known colleague to answer, export again; the
    difference is their row. Free text and exports wait for the close and the seal."""
    from ..models import Survey

    Survey.objects.filter(pk=survey.pk).update(
        closes_at=timezone.now() + timedelta(days=3), sealed_responses=None
    )
    for name in ("index", "themes", "quotes"):
        page = as_official.get(url(name, survey))
        assert page.status_code == 403, name
        assert "när enkäten har stängt" in page.content.decode()
    assert as_official.post(url("export_answers", survey), {"format": "csv"}).status_code == 403
