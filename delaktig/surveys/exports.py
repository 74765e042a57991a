"""The answers of a survey as a table for analysts: CSV and XLSX (issue 12, ADR 0005).

One row per submitted response, one column per question (per statement of a matrix); choices
as their option texts, several joined by "; ", a ranking in its order. Anonymised:

- rows in a random order, never the order they were stored in, and without keys;
- channel, district, unit and age band are shown only where at least K responses
  (Survey.min_group_size) share every value shown in the row (`released_attributes`): a row
  whose combination is rarer shows fewer of them (first the age band goes, then the unit,
  then the district, last the channel), so no group under K can be read out of the file,
  alone or by combining columns;
- free text only when it is published as a checked quote, and then as redacted.

Memory stays bounded: the rows are made a chunk of responses at a time (`CHUNK`), the CSV is a
generator and the XLSX is written by openpyxl in write-only mode. A survey with more than
`SMALL_EXPORT` responses is exported by the task queue (tasks.make_export) into private storage
(settings.PRIVATE_MEDIA_ROOT), where the official downloads it.
"""

import csv
import logging
import random
import tempfile
import uuid
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.db import connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delaktig.accounts.models import District, Unit
from delaktig.audit.services import record
from delaktig.core.errors import DomainError, InvalidInput, NotAllowed
from delaktig.core.permissions import require

from .models import (
    TEXT_KINDS,
    AgeBand,
    Answer,
    Channel,
    Question,
    QuestionKind,
    Quote,
    Response,
    SurveyExport,
)

LOGGER = logging.getLogger(__name__)
PERM_EXPORT = "surveys.export_answers"
CHUNK = 500  # responses read at a time
SMALL_EXPORT = 2_000  # responses: up to this, the file is made while the official waits
KEEP_FILES = timedelta(days=1)
JOIN = "; "
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# What a row may say about the respondent, and which of them stay as the combination of a row
# is made coarser: the last set is "nothing".
CHANNEL, DISTRICT, UNIT, AGE = range(4)
_COARSER = (
    (CHANNEL, DISTRICT, UNIT, AGE),
    (CHANNEL, DISTRICT, UNIT),
    (CHANNEL, DISTRICT),
    (CHANNEL,),
    (),
)


def export_storage() -> FileSystemStorage:
    """Private storage: not under MEDIA_ROOT, which the web server publishes."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


def released_attributes(rows, k: int) -> dict:
    """{response id: (channel, district, unit, age band)} with None where the value is not
    shown. Each combination shown is shared by at least `k` rows: rows are grouped by all four
    values, then those left over by fewer, and so on. The rows left with nothing shown are at
    least `k` too (or all rows): if fewer remain, randomly chosen other rows join them, so that
    "the one row with nothing shown" cannot single a rare person out (issue 12 review)."""
    released = {}
    left = list(rows)  # (id, channel, district, unit, age band)
    for keep in _COARSER:
        if not left:
            break

        def key(row, keep=keep):
            return tuple(row[1 + i] if i in keep else None for i in range(4))

        sizes = Counter(key(row) for row in left)
        rest = []
        for row in left:
            shown = key(row)
            if sizes[shown] >= k or not keep:
                released[row[0]] = shown
            else:
                rest.append(row)
        left = rest
    nothing = (None, None, None, None)
    needed = k - sum(1 for shown in released.values() if shown == nothing)
    if 0 < needed < k:
        _pad_the_blank_rows(released, needed, k)
    return released


def _pad_the_blank_rows(released: dict, needed: int, k: int) -> None:
    """Blank `needed` more rows, keeping every shown group at `k` or more: first spare rows of
    groups larger than `k`, chosen at random; then whole groups, the smallest first."""
    nothing = (None, None, None, None)
    groups: dict[tuple, list] = {}
    for pk, shown in released.items():
        if shown != nothing:
            groups.setdefault(shown, []).append(pk)
    chance = random.SystemRandom()
    spare = [pk for ids in groups.values() for pk in chance.sample(ids, len(ids) - k)]
    for pk in chance.sample(spare, min(needed, len(spare))):
        released[pk] = nothing
        needed -= 1
    for ids in sorted(groups.values(), key=len):
        if needed <= 0:
            break
        still = [pk for pk in ids if released[pk] != nothing]
        for pk in still:
            released[pk] = nothing
        needed -= len(still)


def _raw(queryset):
    """The rows of a values_list queryset straight from the database cursor: without Django's
    converters (a UUID object per key would cost more than the rest of the export). Keys come
    as the database gives them, consistently within one export."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(5000):
            yield from rows


class Table:
    """The columns of a survey's export and the rows of its submitted responses."""

    def __init__(self, survey):
        self.survey = survey
        self.k = survey.min_group_size
        self.questions = list(
            Question.objects.filter(survey=survey)
            .prefetch_related("options", "statements")
            .order_by("position", "pk")
        )
        self.options = {o.pk: o for q in self.questions for o in q.options.all()}
        self.dont_know, self.other = _("Don't know"), _("Other")
        self.columns = self._columns()

    def quotes(self) -> list[tuple[str, str]]:
        """(question, text) of the checked quotes, in random order: apart from the rows, so
        that a quote a reader recognises does not carry its writer's other answers, unit and
        age band with it (issue 12 review)."""
        texts = {q.pk: q.text for q in self.questions}
        published = list(
            Quote.objects.filter(
                answer__question__survey=self.survey,
                answer__response__submitted=True,
                checked_at__isnull=False,
            ).values_list("answer__question_id", "text")
        )
        random.SystemRandom().shuffle(published)
        return [(texts.get(question_id, ""), text) for question_id, text in published]

    def _columns(self):
        """[(header, cell)]: `cell(response id, attributes, {question: [(option, number)]},
        {statement: number})` gives the column's value for a response, None for a blank (the
        CSV writes nothing, and the XLSX writer leaves the cell out)."""
        note = {"k": self.k}
        columns = [
            (
                _("Channel (blank where fewer than %(k)d responses share the values)") % note,
                self._attribute(CHANNEL),
            ),
            (
                _("District (blank where fewer than %(k)d responses share the values)") % note,
                self._attribute(DISTRICT),
            ),
            (
                _("Unit (blank where fewer than %(k)d responses share the values)") % note,
                self._attribute(UNIT),
            ),
            (
                _("Age band (blank where fewer than %(k)d responses share the values)") % note,
                self._attribute(AGE),
            ),
        ]
        for number, question in enumerate(self.questions, start=1):
            title = f"{number}. {question.text}"
            if question.kind == QuestionKind.MATRIX:
                columns.extend(
                    (f"{title} – {s.text}", self._statement(s.pk))
                    for s in question.statements.all()
                )
            elif question.kind in TEXT_KINDS:
                continue  # free text only as checked quotes, apart from the rows (quotes())
            else:
                columns.append((title, self._answer(question)))
        return columns

    @property
    def headers(self) -> list[str]:
        return [header for header, _cell in self.columns]

    def _attribute(self, index):
        labels = {
            CHANNEL: dict(Channel.choices),
            DISTRICT: dict(District.objects.values_list("pk", "name")),
            UNIT: dict(Unit.objects.values_list("pk", "name")),
            AGE: dict(AgeBand.choices),
        }[index]
        labels = {key: str(label) for key, label in labels.items()}

        def cell(response_id, attributes, answers, statements):
            return labels.get(attributes[index])

        return cell

    def _statement(self, statement_id):
        dont_know = self.dont_know

        def cell(response_id, attributes, answers, statements):
            if statement_id not in statements:
                return None
            number = statements[statement_id]
            return dont_know if number is None else number

        return cell

    def _answer(self, question):
        question_id, kind, options = question.pk, question.kind, self.options
        dont_know, other = self.dont_know, self.other

        def scale(response_id, attributes, answers, statements):
            given = answers.get(question_id)
            if not given:
                return None
            number = given[0][1]
            return dont_know if number is None else number

        def ranking(response_id, attributes, answers, statements):
            given = answers.get(question_id)
            if not given:
                return None
            ranked = sorted((a for a in given if a[0] is not None), key=lambda a: a[1] or 0)
            return JOIN.join(options[a[0]].text for a in ranked)

        def choices(response_id, attributes, answers, statements):
            given = answers.get(question_id)
            if not given:
                return None
            chosen = sorted(
                (options[a[0]] for a in given if a[0] is not None),
                key=lambda o: (o.position, o.pk),
            )
            texts = [o.text for o in chosen]
            if any(a[0] is None for a in given):
                texts.append(other)
            return JOIN.join(texts)

        if kind == QuestionKind.SCALE:
            return scale
        if kind == QuestionKind.RANKING:
            return ranking
        return choices

    def rows(self):
        """Each submitted response as a list of cells, in a random order."""
        attributes = Response.objects.filter(survey=self.survey, submitted=True).values_list(
            "id", "channel", "district_id", "unit_id", "age_band"
        )
        released = released_attributes(_raw(attributes), self.k)
        ids = list(released)
        random.SystemRandom().shuffle(ids)
        cells = [cell for _header, cell in self.columns]
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            given = {response_id: ({}, {}) for response_id in chunk}
            answers = Answer.objects.filter(response_id__in=chunk).values_list(
                "response_id", "question_id", "option_id", "statement_id", "number"
            )
            for response_id, question_id, option_id, statement_id, number in _raw(answers):
                by_question, by_statement = given[response_id]
                if statement_id is not None:
                    by_statement[statement_id] = number
                else:
                    by_question.setdefault(question_id, []).append((option_id, number))
            for response_id in chunk:
                by_question, by_statement = given[response_id]
                attrs = released[response_id]
                yield [cell(response_id, attrs, by_question, by_statement) for cell in cells]


class _Line:
    """A file-like object for csv.writer that hands back what was written."""

    def write(self, value):
        return value


def csv_lines(survey):
    """The CSV, line by line (UTF-8 with a byte order mark, ";" between cells: what Excel in
    Swedish opens as it is)."""
    table = Table(survey)
    writer = csv.writer(_Line(), delimiter=";")
    yield "\ufeff" + writer.writerow(table.headers)
    for row in table.rows():
        yield writer.writerow(row)


def write_xlsx(survey, target) -> int:
    """Write the XLSX to `target` (a path or a binary file); the number of rows."""
    from openpyxl import Workbook

    table = Table(survey)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Answers")[:31])
    sheet.append(table.headers)
    count = 0
    for row in table.rows():
        sheet.append(row)
        count += 1
    quotes = book.create_sheet(_("Quotes")[:31])
    quotes.append([_("Question"), _("Quote (checked for personal data)")])
    for question, text in table.quotes():
        quotes.append([question, text])
    book.save(target)
    return count


def file_name(survey, fmt: str) -> str:
    return f"{survey.slug}-svar-{timezone.localdate():%Y-%m-%d}.{fmt}"


def submitted_count(survey) -> int:
    return Response.objects.filter(survey=survey, submitted=True).count()


def _check_format(fmt: str) -> str:
    if fmt not in SurveyExport.Format.values:
        raise InvalidInput(_("Choose CSV or XLSX."), field="format")
    return fmt


def record_export(*, by, survey, fmt: str, rows: int) -> None:
    record(
        by, "surveys.answers_exported", survey, round_id=survey.process_id, format=fmt, rows=rows
    )


NOT_FINAL = gettext_lazy(
    "The answers can be read and exported once the survey has closed and its answers have been "
    "sealed (within a few minutes of the close). Two readings while people still answer would "
    "show, by their difference, what one person said."
)


def _require_final(survey) -> None:
    if not survey.answers_are_final():
        raise NotAllowed(NOT_FINAL)


def direct_export(*, by, survey, fmt: str):
    """A small survey's file at once: (an iterator of CSV lines or the XLSX as a temporary
    file, the file name)."""
    require(PERM_EXPORT, by, survey.process)
    _require_final(survey)
    _check_format(fmt)
    count = submitted_count(survey)
    with transaction.atomic():
        record_export(by=by, survey=survey, fmt=fmt, rows=count)
    if fmt == "csv":
        return csv_lines(survey), file_name(survey, fmt)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the FileResponse closes it
    write_xlsx(survey, handle)
    handle.seek(0)
    return handle, file_name(survey, fmt)


def queue_export(*, by, survey, fmt: str) -> SurveyExport:
    """Have the task queue make the file (after this transaction commits)."""
    require(PERM_EXPORT, by, survey.process)
    _require_final(survey)
    _check_format(fmt)
    delete_old_exports()
    with transaction.atomic():
        export = SurveyExport.objects.create(
            survey=survey, format=fmt, requested_by=by, file_name=""
        )
        record(by, "surveys.export_requested", export, round_id=survey.process_id, format=fmt)
        from .tasks import make_export as task  # tasks.py imports this module

        transaction.on_commit(lambda: task.enqueue(export.pk))
    return export


def make_export(export_id: int) -> SurveyExport | None:
    """The task's work: write the file into private storage. None if there is no such
    waiting export."""
    with transaction.atomic():
        export = (
            SurveyExport.objects.select_for_update(of=("self",))
            .select_related("survey__process", "requested_by")
            .filter(pk=export_id, status=SurveyExport.Status.WAITING)
            .first()
        )
        if export is None:
            return None
        export.status = SurveyExport.Status.RUNNING
        export.save(update_fields=["status"])
    survey = export.survey
    with translation.override(settings.LANGUAGE_CODE):
        try:
            require(PERM_EXPORT, export.requested_by, survey.process)
            name = f"survey-exports/{survey.pk}/{uuid.uuid4().hex}.{export.format}"
            with tempfile.TemporaryFile() as handle:
                if export.format == "csv":
                    rows = -1
                    for line in csv_lines(survey):
                        handle.write(line.encode("utf-8"))
                        rows += 1
                else:
                    rows = write_xlsx(survey, handle)
                handle.seek(0)
                export.file_name = export_storage().save(name, File(handle, name=name))
            export.rows, export.status = rows, SurveyExport.Status.DONE
            with transaction.atomic():
                record_export(by=export.requested_by, survey=survey, fmt=export.format, rows=rows)
        except DomainError as error:  # the official reads why on the export's page
            export.status, export.message = SurveyExport.Status.FAILED, str(error)
        except Exception:
            LOGGER.exception("survey export #%s could not be made", export.pk)
            export.status = SurveyExport.Status.FAILED
            export.message = _("The file could not be made. Try again, or ask an administrator.")
        finally:
            export.finished_at = timezone.now()
            export.save()
    return export


def open_export(export):
    """The finished file, opened for reading."""
    return export_storage().open(export.file_name, "rb")


def delete_old_exports(now=None) -> int:
    """Delete exports (and their files) older than KEEP_FILES."""
    old = SurveyExport.objects.filter(created_at__lt=(now or timezone.now()) - KEEP_FILES)
    storage = export_storage()
    for name in old.exclude(file_name="").values_list("file_name", flat=True):
        storage.delete(name)
    deleted, _detail = old.delete()
    return deleted
