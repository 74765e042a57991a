"""The quantitative analysis of a survey, under the K rule (ADR 0005).

`SurveyAnalysis(survey)` reads the submitted responses with aggregate queries (a fixed number
of them, whatever the number of answers) and gives:

- `selection(params)`: the filters of a results page (district, unit, age band, channel and a
  breakdown dimension) read from GET parameters; a value that is not one of the choices is
  dropped and named in `Selection.ignored`, never an error;
- `summary(selection)`: per question, the numbers of the selected group (counts and shares,
  scale distributions with median and mean, matrices, rankings, the number of free-text
  answers); a question is left out (`hidden`) where its group is withheld;
- `breakdown(selection)`: the same per part of the breakdown dimension, withheld parts marked;
- `reach()`: respondents against the audience (census, invitation list, unit members) by
  district, age band and unit.

Every number passes the one K-rule test in `surveys.disclosure` (`Disclosure.shown`). Exports
ask the same object: `SurveyAnalysis(survey).responses.shown(filter)` for a group of
responses and `.question_shown(question_id, filter)` for the answers to one question.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delaktig.accounts.models import District, Unit

from .disclosure import ANY, EVERYONE, UNKNOWN, Disclosure, with_value
from .models import AgeBand, Answer, Channel, QuestionKind, Response

# Response fields of the four dimensions, in the order of disclosure.DIMENSIONS.
FIELDS = ("district_id", "unit_id", "age_band", "channel")
# GET parameter of each dimension (the same words the form's fields have).
PARAMS = ("district", "unit", "age", "channel")
DIMENSION_LABELS = {
    "district": gettext_lazy("District"),
    "unit": gettext_lazy("Organisation unit"),
    "age": gettext_lazy("Age"),
    "channel": gettext_lazy("How the answer was given"),
}
# How long computed aggregates are kept: while answers may still change, the current minute;
# once the survey has closed, a day.
OPEN_SECONDS = 60
CLOSED_SECONDS = 24 * 3600


def _cell(values) -> tuple:
    return tuple(UNKNOWN if v is None else v for v in values)


def median_of(distribution: dict[int, int]) -> float | None:
    """The median of values given as {value: count}."""
    n = sum(distribution.values())
    if n == 0:
        return None
    middle = [(n - 1) // 2, n // 2]
    found, seen = [], 0
    for value in sorted(distribution):
        count = distribution[value]
        while middle and middle[0] < seen + count:
            found.append(value)
            middle.pop(0)
        seen += count
    return sum(found) / 2


def mean_of(distribution: dict[int, int]) -> float | None:
    n = sum(distribution.values())
    if n == 0:
        return None
    return sum(v * c for v, c in distribution.items()) / n


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass
class Selection:
    """The group a results page shows: a filter (None = any) per dimension, and optionally a
    dimension to break it down by."""

    filter: tuple = EVERYONE
    by: str = ""
    ignored: list[str] = field(default_factory=list)

    @property
    def is_filtered(self) -> bool:
        return self.filter != EVERYONE


@dataclass
class Choice:
    label: str
    count: int
    share: float
    other: bool = False


@dataclass
class Step:
    value: int
    label: str
    count: int
    share: float  # of the answers with a value ("don't know" not counted)
    side: str  # "negative", "neutral" or "positive" (below, at or above the middle)


@dataclass
class Distribution:
    label: str
    steps: list[Step]
    dont_know: int
    answered: int  # with a value
    median: float | None
    mean: float | None


@dataclass
class Ranked:
    option_id: int
    label: str
    average_place: float | None
    first_places: int
    ranked: int


@dataclass
class QuestionResult:
    question: object
    answered: int | None  # people who answered; None: withheld
    choices: list[Choice] = field(default_factory=list)
    scale: Distribution | None = None
    statements: list[Distribution] = field(default_factory=list)
    ranking: list[Ranked] = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        return self.answered is None


class SurveyAnalysis:
    def __init__(self, survey):
        self.survey = survey
        self.k = survey.min_group_size
        self.questions = list(
            survey.questions.prefetch_related("options", "statements").order_by("position", "pk")
        )
        submitted = Response.objects.filter(survey=survey, submitted=True)
        # The aggregates are kept in the cache: counting over 50 000 responses takes seconds
        # (bench/dialogue.py). While answers may come in, per minute (a page is counted at most
        # once a minute however fast answers arrive); once closed, under the number of
        # responses (the retention purge changes it).
        if survey.has_closed():
            generation = f"closed{submitted.count()}"
        else:
            generation = f"open{int(time.time() // OPEN_SECONDS)}"
        self._key = f"surveys:analysis:v3:{survey.pk}:{self.k}:{generation}"
        self._timeout = CLOSED_SECONDS if survey.has_closed() else OPEN_SECONDS
        state = cache.get(self._key)
        if state is None:
            state = self._state(submitted)
            cache.set(self._key, state, self._timeout)
        self.responses, self._per_question = state
        self._labels = None

    def _state(self, submitted):
        """(the K rule on responses, the K rule per question on the people who answered it):
        everything the pages need apart from the counts of answers."""
        cells = submitted.values_list(*FIELDS).annotate(n=Count("pk")).order_by()
        responses = Disclosure({_cell(row[:4]): row[4] for row in cells}, self.k)
        answered: dict[int, dict] = defaultdict(dict)
        rows = (
            self._answers()
            .values_list("question_id", *(f"response__{f}" for f in FIELDS))
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
        )
        for row in rows:
            answered[row[0]][_cell(row[1:5])] = row[5]
        per_question, by_cells = {}, {}
        for question in self.questions:
            mine = answered.get(question.pk, {})
            if mine == responses.cells:
                per_question[question.pk] = responses
                continue
            key = tuple(sorted(mine.items(), key=str))
            if key not in by_cells:
                by_cells[key] = Disclosure(mine, self.k)
            per_question[question.pk] = by_cells[key]
        return responses, per_question

    # -- the K rule ----------------------------------------------------------------------------

    def _answers(self):
        return Answer.objects.filter(response__survey=self.survey, response__submitted=True)

    def question_disclosure(self, question_id: int) -> Disclosure:
        found = self._per_question.get(question_id)
        if found is None:  # a question added after the state was kept: no answers yet
            found = Disclosure({}, self.k)
        return found

    def question_shown(self, question_id: int, filter_=EVERYONE) -> bool:
        return self.responses.shown(filter_) and self.question_disclosure(question_id).shown(
            filter_
        )

    # -- filters -------------------------------------------------------------------------------

    def labels(self) -> list[dict]:
        """Per dimension, {value: label} of the values the filters offer."""
        if self._labels is None:
            districts = {d.pk: d.name for d in District.objects.order_by("name")}
            units = {u.pk: u.name for u in Unit.objects.order_by("name")}
            self._labels = [
                districts,
                units,
                {v: str(label) for v, label in AgeBand.choices},
                {v: str(label) for v, label in Channel.choices},
            ]
        return self._labels

    def label(self, index: int, value) -> str:
        if value == UNKNOWN:
            return _("Not known")
        return self.labels()[index].get(value, str(value))

    def filter_choices(self) -> list[dict]:
        """The filters a page offers: per dimension, the values some response has."""
        out = []
        for i, param in enumerate(PARAMS):
            values = [v for v in self.responses.values(i) if v != UNKNOWN]
            out.append(
                {
                    "name": param,
                    "label": DIMENSION_LABELS[param],
                    "choices": [(str(v), self.label(i, v)) for v in values],
                }
            )
        return out

    def selection(self, params) -> Selection:
        """Filters from GET parameters. A value that is not one of the choices is dropped
        and named in `ignored`; so is a breakdown by a dimension that is filtered."""
        selection = Selection()
        labels = self.labels()
        for i, param in enumerate(PARAMS):
            raw = (params.get(param) or "").strip()
            if not raw:
                continue
            value = raw
            if i < 2:
                value = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None
            if value is None or value not in labels[i]:
                selection.ignored.append(str(DIMENSION_LABELS[param]))
                continue
            selection.filter = with_value(selection.filter, i, value)
        by = (params.get("by") or "").strip()
        if by:
            if by in PARAMS and selection.filter[PARAMS.index(by)] is ANY:
                selection.by = by
            else:
                selection.ignored.append(str(_("Break down by")))
        return selection

    # -- numbers -------------------------------------------------------------------------------

    def _tally(self, filter_, by_index=None):
        """{(group value or None, question id): {(option, statement, number): count}}, kept in
        the cache with the rest of the survey's aggregates."""
        key = f"{self._key}:tally:{'.'.join(map(str, filter_))}:{by_index}"
        counts = cache.get(key)
        if counts is None:
            counts = self._count(filter_, by_index)
            cache.set(key, counts, self._timeout)
        return defaultdict(dict, counts)

    def _count(self, filter_, by_index):
        answers = self._answers()
        for i, value in enumerate(filter_):
            if value is ANY:
                continue
            if value == UNKNOWN:
                value = None if i < 2 else UNKNOWN
            answers = answers.filter(**{f"response__{FIELDS[i]}": value})
        fields = ["question_id", "option_id", "statement_id", "number"]
        if by_index is not None:
            fields.insert(0, f"response__{FIELDS[by_index]}")
        counts: dict = defaultdict(dict)
        for row in answers.values_list(*fields).annotate(n=Count("pk")).order_by():
            if by_index is None:
                group, (qid, option, statement, number, n) = None, row
            else:
                group, (qid, option, statement, number, n) = _cell(row[:1])[0], row[1:]
            counts[(group, qid)][(option, statement, number)] = n
        return dict(counts)

    def _result(self, question, counts, filter_) -> QuestionResult:
        if not self.question_shown(question.pk, filter_):
            return QuestionResult(question, None)
        answered = self.question_disclosure(question.pk).size(filter_)
        result = QuestionResult(question, answered)
        kind = question.kind
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            by_option: dict = defaultdict(int)
            for (option, _statement, _number), n in counts.items():
                by_option[option] += n
            result.choices = [
                Choice(o.text, by_option.get(o.pk, 0), share(by_option.get(o.pk, 0), answered))
                for o in question.options.all()
            ]
            if question.allow_other or by_option.get(None):
                other = by_option.get(None, 0)
                result.choices.append(Choice(_("Other"), other, share(other, answered), True))
        elif kind == QuestionKind.SCALE:
            result.scale = self._distribution(question, "", counts)
        elif kind == QuestionKind.MATRIX:
            for statement in question.statements.all():
                mine = {key: n for key, n in counts.items() if key[1] == statement.pk}
                result.statements.append(self._distribution(question, statement.text, mine))
        elif kind == QuestionKind.RANKING:
            places: dict = defaultdict(dict)
            for (option, _statement, number), n in counts.items():
                if number is not None:
                    places[option][number] = n
            result.ranking = sorted(
                (
                    Ranked(
                        o.pk,
                        o.text,
                        mean_of(places.get(o.pk, {})),
                        places.get(o.pk, {}).get(1, 0),
                        sum(places.get(o.pk, {}).values()),
                    )
                    for o in question.options.all()
                ),
                key=lambda r: (r.average_place is None, r.average_place or 0),
            )
        return result

    def _distribution(self, question, label, counts) -> Distribution:
        low, high = question.scale_min, question.scale_max
        values: dict[int, int] = defaultdict(int)
        dont_know = 0
        for (_option, _statement, number), n in counts.items():
            if number is None:
                dont_know += n
            else:
                values[number] += n
        answered = sum(values.values())
        middle = (low + high) / 2 if low is not None and high is not None else None
        steps = []
        for value in range(low, high + 1) if middle is not None else sorted(values):
            if value == low and question.scale_min_label:
                step_label = f"{value} {question.scale_min_label}"
            elif value == high and question.scale_max_label:
                step_label = f"{value} {question.scale_max_label}"
            else:
                step_label = str(value)
            side = (
                "neutral"
                if middle is None or value == middle
                else "negative"
                if value < middle
                else "positive"
            )
            steps.append(
                Step(value, step_label, values.get(value, 0), share(values[value], answered), side)
            )
        return Distribution(label, steps, dont_know, answered, median_of(values), mean_of(values))

    def summary(self, selection: Selection | None = None) -> dict:
        """{"size": responses in the group or None (withheld), "questions": [QuestionResult]}"""
        filter_ = selection.filter if selection else EVERYONE
        size = self.responses.size(filter_)
        if size is None:
            return {"size": None, "questions": []}
        counts = self._tally(filter_)
        return {
            "size": size,
            "questions": [self._result(q, counts[(None, q.pk)], filter_) for q in self.questions],
        }

    def breakdown(self, selection: Selection) -> dict | None:
        """The selected group by the parts of `selection.by`: {"dimension", "groups": [label,
        size or None], "questions": [(question, [(label, QuestionResult)])]}; None when there
        is no breakdown or the group itself is withheld."""
        if not selection.by or self.responses.size(selection.filter) is None:
            return None
        index = PARAMS.index(selection.by)
        values = self.responses.values(index, selection.filter)
        parts = [(v, with_value(selection.filter, index, v)) for v in values]
        counts = self._tally(selection.filter, index)
        groups = [(self.label(index, v), self.responses.size(f)) for v, f in parts]
        questions = [
            (
                question,
                [
                    (self.label(index, v), self._result(question, counts[(v, question.pk)], f))
                    for v, f in parts
                ],
            )
            for question in self.questions
        ]
        return {
            "dimension": DIMENSION_LABELS[selection.by],
            "groups": groups,
            "questions": questions,
        }

    # -- reach ---------------------------------------------------------------------------------

    def reach(self) -> dict | None:
        """Respondents against the audience where it is known: the process's census, else its
        invitation list, else its unit's members; and every unit's members for the units the
        responses name. Respondents of a withheld group are None."""
        from delaktig.eligibility.models import CensusEntry, Invitation

        process = self.survey.process
        opens = self.survey.window()[0]
        on = timezone.localdate(opens) if opens else timezone.localdate()
        rows, source = None, ""
        census = CensusEntry.objects.filter(budget_round=process)
        invitations = Invitation.objects.filter(budget_round=process).active()
        for candidate, name in (
            (census, _("the census")),
            (invitations, _("the invitation list")),
        ):
            rows = list(
                candidate.values_list("area__district_id").annotate(**_age_counts(on)).order_by()
            )
            if rows:
                source = name
                break
        if not rows and process.unit_id:
            rows = list(
                process.unit.members.values_list("district_id")
                .annotate(band_unknown=Count("pk"))
                .order_by()
            )
            source = _("the members of %(unit)s") % {"unit": process.unit.name}
        out = {"source": source, "total": None, "districts": [], "ages": [], "units": []}
        bands = [*(b for b, _label in AgeBand.choices), UNKNOWN]
        if rows:
            districts: dict = defaultdict(int)
            ages: dict = defaultdict(int)
            for district, *counts in rows:
                if len(counts) == 1:  # unit members: no birth dates
                    counts = [0] * (len(bands) - 1) + counts
                districts[UNKNOWN if district is None else district] += sum(counts)
                for band, n in zip(bands, counts, strict=True):
                    ages[band] += n
            out["total"] = [self._reached(EVERYONE, sum(districts.values()), _("Everyone"))]
            out["districts"] = [
                self._reached((v, ANY, ANY, ANY), n, self.label(0, v))
                for v, n in sorted(districts.items(), key=lambda kv: self.label(0, kv[0]))
            ]
            if any(ages[b] for b in bands[:-1]):
                out["ages"] = [
                    self._reached((ANY, ANY, b, ANY), ages[b], self.label(2, b))
                    for b in bands
                    if ages[b]
                ]
        unit_ids = [v for v in self.responses.values(1) if v != UNKNOWN]
        if unit_ids:
            sizes = Unit.objects.filter(pk__in=unit_ids).annotate(n=Count("members"))
            out["units"] = [
                self._reached((ANY, u.pk, ANY, ANY), u.n, u.name) for u in sizes.order_by("name")
            ]
        if not rows and not out["units"]:
            return None
        return out

    def _reached(self, filter_, audience: int, label: str) -> dict:
        respondents = self.responses.size(filter_)
        if not self.responses.cells:
            respondents = None
        return {
            "label": label,
            "audience": audience,
            "respondents": respondents,
            "rate": share(respondents, audience) if respondents is not None else None,
            "not_reached": max(audience - respondents, 0) if respondents is not None else None,
        }


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _age_counts(on: date) -> dict:
    """Conditional counts of birth dates per age band on the day `on` (one query)."""
    bounds = [(0, 18), (18, 30), (30, 45), (45, 65)]
    counts = {}
    for i, (young, old) in enumerate(bounds):
        counts[f"band{i}"] = Count(
            "pk",
            filter=Q(
                birth_date__lte=_years_before(on, young), birth_date__gt=_years_before(on, old)
            ),
        )
    counts["band4"] = Count("pk", filter=Q(birth_date__lte=_years_before(on, 65)))
    counts["band_unknown"] = Count("pk", filter=Q(birth_date__isnull=True))
    return counts
