import csv
import io

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from delaktig.accounts.models import District
from delaktig.accounts.tests.factories import UserFactory
from delaktig.audit.models import AuditEvent
from delaktig.core.errors import InvalidInput, NotAllowed

from .. import exports, free_text
from ..models import AgeBand, Channel, QuestionKind, SurveyExport
from .factories import (
    QuestionFactory,
    choice_question,
    closed_survey,
    matrix_question,
    scale_question,
    stored_response,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(official):
    survey = closed_survey(min_group_size=3)
    survey.process.officials.add(official)
    return survey


def read_csv(survey):
    text = "".join(exports.csv_lines(survey))
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_columns_and_cells_of_every_kind(survey, official):
    one = choice_question(survey, text="Trivs du?", allow_other=True)
    many = choice_question(survey, ("Buss", "Cykel", "Bil"), kind=QuestionKind.MULTIPLE)
    scale = scale_question(survey, text="Hur nöjd?", allow_dont_know=True)
    matrix = matrix_question(survey, statements=("Jag hörs", "Jag ses"), text="Påståenden")
    ranking = choice_question(survey, ("A", "B"), kind=QuestionKind.RANKING, text="Rangordna")
    text = QuestionFactory(survey=survey, kind=QuestionKind.LONG_TEXT, text="Övrigt?")
    ja = one.options.get(text="Ja")
    buss, cykel = many.options.get(text="Buss"), many.options.get(text="Cykel")
    s1, s2 = matrix.statements.all()
    a, b = ranking.options.all()
    stored_response(
        survey,
        {
            one: [ja, "Både och"],
            many: [cykel, buss],
            scale: None,
            matrix: {s1: 4, s2: None},
            ranking: [b, a],
            text: "Hemligt 070-123 45 67",
        },
    )
    (header, row) = read_csv(survey)
    assert header[4:] == [
        "1. Trivs du?",
        "2. " + many.text,
        "3. Hur nöjd?",
        "4. Påståenden – Jag hörs",
        "4. Påståenden – Jag ses",
        "5. Rangordna",
    ]  # free text never in a row (only checked quotes, on a sheet of their own)
    assert row[4:] == ["Ja; Annat", "Buss; Cykel", "Vet ej", "4", "Vet ej", "B; A"]
    assert "Hemligt" not in ";".join(row) and "Både och" not in ";".join(row)


def test_free_text_only_as_checked_quotes_apart_from_the_rows(survey, official):
    """Issue 12 review: a quote in its writer's row carried their other answers, unit and age
    band to anyone who recognised the wording. Quotes are a sheet of their own."""
    text = QuestionFactory(survey=survey, kind=QuestionKind.SHORT_TEXT, text="Något mer?")
    response = stored_response(survey, {text: "Ring 070-123 45 67"})
    quote = free_text.pick_quote(by=official, answer=response.answers.get())

    def quotes_sheet():
        handle, _name = exports.direct_export(by=official, survey=survey, fmt="xlsx")
        book = load_workbook(handle, read_only=True)
        return [list(r) for r in book[book.sheetnames[1]].iter_rows(values_only=True)][1:]

    assert quotes_sheet() == []  # picked, not checked
    free_text.change_quote(by=official, quote=quote, text="Ring […]")
    free_text.confirm_quote(by=official, quote=quote)
    assert quotes_sheet() == [["Något mer?", "Ring […]"]]
    assert all("Ring" not in cell for row in read_csv(survey) for cell in row)


def test_attributes_only_where_k_responses_share_them(survey):
    question = scale_question(survey)
    north, south = District.objects.create(name="Norr"), District.objects.create(name="Söder")
    for _ in range(3):
        stored_response(survey, {question: 1}, district=north, age_band=AgeBand.FROM_30)
    stored_response(survey, {question: 2}, district=north, age_band=AgeBand.FROM_65)
    for _ in range(2):
        stored_response(survey, {question: 5}, district=north, age_band=AgeBand.FROM_18)
    stored_response(survey, {question: 3}, district=south, age_band=AgeBand.FROM_30)
    stored_response(survey, {question: 4}, channel=Channel.PAPER, district=north)
    rows = read_csv(survey)
    assert "3" in rows[0][1]  # the header says where cells are blank
    shown = sorted((r[0], r[1], r[3], r[4]) for r in rows[1:])
    # The south (1) and paper (1) show nothing; two rows with nothing shown would single out
    # the rare ones, so a whole group of three joins them: either the north's 30–44, or the
    # north's 65+ and 18–29 (together 3, shown without their age band).
    assert shown in (
        sorted(
            [("", "", "", "1")] * 3
            + [("Digitalt", "Norr", "", "2")]
            + [("Digitalt", "Norr", "", "5")] * 2
            + [("", "", "", "3"), ("", "", "", "4")]
        ),
        sorted(
            [("Digitalt", "Norr", "30–44", "1")] * 3
            + [("", "", "", "2")]
            + [("", "", "", "5")] * 2
            + [("", "", "", "3"), ("", "", "", "4")]
        ),
    )
    # whatever the columns combined, no combination shown is rarer than K
    combos = {}
    for r in rows[1:]:
        combos[tuple(r[:4])] = combos.get(tuple(r[:4]), 0) + 1
    assert all(n >= 3 for combo, n in combos.items() if any(combo))


def test_rows_come_in_a_random_order(survey):
    question = scale_question(survey, low=0, high=100)
    for value in range(40):
        stored_response(survey, {question: value})
    orders = {tuple(r[-1] for r in read_csv(survey)[1:]) for _ in range(3)}
    assert len(orders) > 1
    assert sorted(int(v) for v in next(iter(orders))) == list(range(40))


def test_xlsx_is_readable(survey, official):
    question = choice_question(survey, text="Trivs du?")
    stored_response(survey, {question: question.options.first()})
    stored_response(survey, {question: question.options.last()}, submitted=False)
    handle, name = exports.direct_export(by=official, survey=survey, fmt="xlsx")
    assert name.endswith(".xlsx")
    sheet = load_workbook(handle, read_only=True).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][4] == "1. Trivs du?"
    assert len(values) == 2 and values[1][4] == "Ja"
    assert AuditEvent.objects.get(action="surveys.answers_exported").data == {
        "format": "xlsx",
        "rows": 1,
    }


def test_the_task_makes_the_file_into_private_storage(
    survey, official, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    question = scale_question(survey)
    for value in (1, 2, 3):
        stored_response(survey, {question: value})
    for fmt in ("csv", "xlsx"):
        with django_capture_on_commit_callbacks(execute=True):
            export = exports.queue_export(by=official, survey=survey, fmt=fmt)
        export.refresh_from_db()  # the immediate backend ran the task on commit
        assert export.status == SurveyExport.Status.DONE and export.rows == 3
        assert (tmp_path / "private" / export.file_name).exists()
        assert str(settings.MEDIA_ROOT) not in str(tmp_path / "private" / export.file_name)
        with exports.open_export(export) as handle:
            data = handle.read()
        if fmt == "csv":
            assert data.decode("utf-8-sig").count("\n") == 4
        else:
            assert load_workbook(io.BytesIO(data)).active.max_row == 4


def test_old_exports_are_deleted_with_their_files(
    survey, official, settings, tmp_path, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    with django_capture_on_commit_callbacks(execute=True):
        export = exports.queue_export(by=official, survey=survey, fmt="csv")
    export.refresh_from_db()
    path = tmp_path / "private" / export.file_name
    assert path.exists()
    assert exports.delete_old_exports(now=timezone.now() + timedelta(days=2)) == 1
    assert not path.exists()


def test_exports_are_for_the_process_officials_only(survey, resident, moderator):
    for user in (resident, moderator, UserFactory(is_official=True)):
        with pytest.raises(NotAllowed):
            exports.direct_export(by=user, survey=survey, fmt="csv")
        with pytest.raises(NotAllowed):
            exports.queue_export(by=user, survey=survey, fmt="csv")
    assert not SurveyExport.objects.exists()


def test_an_unknown_format_is_refused(survey, official):
    with pytest.raises(InvalidInput):
        exports.queue_export(by=official, survey=survey, fmt="pdf")


# A property of the rule itself: whatever the responses, every combination of attributes a
# row shows is shared by at least K rows of the file, and each attribute alone too.

ROWS = st.lists(
    st.tuples(
        st.sampled_from(["online", "paper", "interview"]),
        st.sampled_from([None, 1, 2, 3]),
        st.sampled_from([None, 10, 11]),
        st.sampled_from(["", "0-17", "18-29", "65-"]),
    ),
    max_size=60,
)


@hypothesis_settings(max_examples=200, deadline=None)
@given(rows=ROWS, k=st.integers(min_value=3, max_value=6))
def test_no_combination_shown_is_rarer_than_k(rows, k):
    released = exports.released_attributes([(i, *row) for i, row in enumerate(rows)], k)
    assert sorted(released) == list(range(len(rows)))
    shown = list(released.values())
    for combo in set(shown):
        if any(v not in (None, "") for v in combo):
            assert shown.count(combo) >= k
    blank = shown.count((None, None, None, None))
    assert blank == 0 or blank >= k or blank == len(rows)  # "the one with nothing" is no one
    for index in range(4):
        values = [c[index] for c in shown if c[index] is not None]
        for value in set(values):
            assert values.count(value) >= k
    for i, row in enumerate(rows):  # a value shown is the row's own
        assert all(v is None or v == row[j] for j, v in enumerate(released[i]))
