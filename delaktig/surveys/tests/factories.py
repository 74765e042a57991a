"""Factories for surveys, and `stored_response` to put answers straight into the database (for
tests of analysis and exports; answering through the service is tested on its own)."""

from datetime import timedelta

import factory
from django.utils import timezone

from delaktig.processes.tests.factories import BudgetRoundFactory

from ..models import (
    Answer,
    Option,
    Question,
    QuestionKind,
    Response,
    Section,
    Statement,
    Survey,
    SurveyStatus,
)


def dialogue_factory(**kwargs):
    """A published dialogue (no money)."""
    return BudgetRoundFactory(kind="dialogue", total_budget=None, **kwargs)


class SurveyFactory(factory.django.DjangoModelFactory):
    """A published survey, open now for a week, in a published dialogue."""

    class Meta:
        model = Survey

    process = factory.LazyFunction(dialogue_factory)
    slug = factory.Sequence(lambda n: f"enkat-{n}")
    title = factory.Sequence(lambda n: f"Enkät {n}")
    intro = "Vad tycker du?"
    status = SurveyStatus.PUBLISHED
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    survey = factory.SubFactory(SurveyFactory)
    title = factory.Sequence(lambda n: f"Avsnitt {n}")
    position = factory.Sequence(lambda n: n)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    kind = QuestionKind.SINGLE
    text = factory.Sequence(lambda n: f"Fråga {n}?")
    position = factory.Sequence(lambda n: n)


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Option

    question = factory.SubFactory(QuestionFactory)
    text = factory.Sequence(lambda n: f"Alternativ {n}")
    position = factory.Sequence(lambda n: n)


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    question = factory.SubFactory(QuestionFactory, kind=QuestionKind.MATRIX)
    text = factory.Sequence(lambda n: f"Påstående {n}")
    position = factory.Sequence(lambda n: n)


def choice_question(survey, options=("Ja", "Nej"), kind=QuestionKind.SINGLE, **kwargs):
    question = QuestionFactory(survey=survey, kind=kind, **kwargs)
    for i, text in enumerate(options):
        OptionFactory(question=question, text=text, position=i)
    return question


def scale_question(survey, low=1, high=5, **kwargs):
    return QuestionFactory(
        survey=survey,
        kind=QuestionKind.SCALE,
        scale_min=low,
        scale_max=high,
        scale_min_label="Inte alls",
        scale_max_label="Helt och hållet",
        **kwargs,
    )


def matrix_question(survey, statements=("A", "B"), low=1, high=5, **kwargs):
    question = QuestionFactory(
        survey=survey, kind=QuestionKind.MATRIX, scale_min=low, scale_max=high, **kwargs
    )
    for i, text in enumerate(statements):
        StatementFactory(question=question, text=text, position=i)
    return question


def stored_response(survey, answers: dict, *, submitted=True, **attrs) -> Response:
    """A response with `answers` {question: value}, stored directly:

    - one choice: an Option; several choices: a list of Options; "other": the text (str);
    - scale: an int (None: "don't know"); matrix: {Statement: int or None};
    - ranking: a list of Options, first = place 1; free text: a str.

    `attrs`: channel, district, unit, age_band.
    """
    response = Response.objects.create(survey=survey, submitted=submitted, **attrs)
    rows = []
    for question, value in answers.items():
        kind = question.kind
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            values = value if isinstance(value, (list, tuple)) else [value]
            for v in values:
                if isinstance(v, str):
                    rows.append(Answer(response=response, question=question, text=v))
                else:
                    rows.append(Answer(response=response, question=question, option=v))
        elif kind == QuestionKind.SCALE:
            rows.append(Answer(response=response, question=question, number=value))
        elif kind == QuestionKind.MATRIX:
            rows.extend(
                Answer(response=response, question=question, statement=s, number=n)
                for s, n in value.items()
            )
        elif kind == QuestionKind.RANKING:
            rows.extend(
                Answer(response=response, question=question, option=o, number=place)
                for place, o in enumerate(value, start=1)
            )
        else:
            rows.append(Answer(response=response, question=question, text=value))
    Answer.objects.bulk_create(rows)
    return response


def closed_survey(**kwargs):
    """A survey that has closed and been sealed: officials may read its free text and export
    its answers (Survey.answers_are_final)."""
    now = timezone.now()
    return SurveyFactory(
        opens_at=now - timedelta(days=14),
        closes_at=now - timedelta(days=1),
        sealed_responses=0,
        **kwargs,
    )
