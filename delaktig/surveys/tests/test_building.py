"""Building a survey (services.building): every question kind, every refusal, the lock after
the first answer, typo fixes in the audit log."""

from datetime import timedelta

import pytest
from django.utils import timezone

from delaktig.accounts.tests.factories import UserFactory
from delaktig.audit.models import AuditEvent
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.processes.tests.factories import BudgetRoundFactory

from ..models import Option, Purpose, Question, SurveyStatus
from ..queries import corrections, ordered_questions
from ..services import building
from ..services.building import QuestionData
from .factories import (
    SectionFactory,
    SurveyFactory,
    choice_question,
    dialogue_factory,
    matrix_question,
    stored_response,
)

pytestmark = pytest.mark.django_db

LOCK_SV = (
    "Enkäten har svar. Frågor och svarsalternativ är låsta så att alla svar gäller samma frågor."
)


@pytest.fixture
def survey(official):
    return SurveyFactory(status=SurveyStatus.DRAFT)


def q(kind, text="Vad tycker du?", **kwargs) -> QuestionData:
    return QuestionData(kind=kind, text=text, **kwargs)


def add(official, survey, data):
    return building.save_question(by=official, survey=survey, data=data)


def refused(official, survey, data, field=None):
    with pytest.raises(InvalidInput) as caught:
        add(official, survey, data)
    if field is not None:
        assert caught.value.field == field, caught.value
    return str(caught.value)


# -- the survey --------------------------------------------------------------------------------


def test_create_a_survey_in_a_dialogue_follows_the_open_phase(official):
    process = dialogue_factory()
    from delaktig.processes.models import Phase

    Phase.objects.create(
        budget_round=process,
        kind="consult",
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(days=9),
    )
    survey = building.create_survey(
        by=official,
        process=process,
        data={"title": "Trygghet i Vansbro", "access": "anyone", "min_group_size": 5},
    )
    assert survey.status == SurveyStatus.DRAFT
    assert survey.purpose == Purpose.CONSULTATION
    assert survey.slug == "trygghet-i-vansbro"
    assert survey.window()[1] is not None
    assert AuditEvent.objects.filter(action="survey.created", round_id=process.pk).exists()


def test_a_budget_round_survey_needs_dates_and_a_budget_purpose(official):
    process = BudgetRoundFactory()
    with pytest.raises(InvalidInput, match="egna datum"):
        building.create_survey(
            by=official, process=process, data={"title": "Behov", "purpose": Purpose.NEEDS}
        )
    with pytest.raises(InvalidInput) as caught:
        building.create_survey(
            by=official,
            process=process,
            data={"title": "Behov", "purpose": Purpose.CONSULTATION},
        )
    assert caught.value.field == "purpose"


@pytest.mark.parametrize("k", [2, 51])
def test_k_must_be_3_to_50(official, survey, k):
    with pytest.raises(InvalidInput) as caught:
        building.update_survey(by=official, survey=survey, data={"min_group_size": k})
    assert caught.value.field == "min_group_size"


def test_a_resident_cannot_create_a_survey(resident):
    with pytest.raises(NotAllowed):
        building.create_survey(by=resident, process=dialogue_factory(), data={"title": "X"})


def test_an_official_of_another_round_cannot_change_it(official, survey):
    survey.process.officials.add(UserFactory(is_official=True))
    with pytest.raises(NotAllowed):
        add(official, survey, q("short_text"))


# -- every kind --------------------------------------------------------------------------------


def test_every_kind_is_saved_with_what_it_uses(official, survey):
    single = add(official, survey, q("single", options=["Ja", "Nej"], allow_other=True))
    multiple = add(
        official,
        survey,
        q("multiple", options=["Buss", "Cykel", "Bil"], min_choices=1, max_choices=2),
    )
    scale = add(
        official,
        survey,
        q(
            "scale",
            scale_min=1,
            scale_max=5,
            scale_min_label="Inte alls",
            scale_max_label="Helt",
            allow_dont_know=True,
            options=["ignored"],
        ),
    )
    matrix = add(
        official,
        survey,
        q(
            "matrix",
            scale_min=0,
            scale_max=10,
            scale_min_label="Dåligt",
            scale_max_label="Bra",
            statements=["Parken", "Torget"],
        ),
    )
    ranking = add(official, survey, q("ranking", options=["Skola", "Vård", "Väg"]))
    short = add(official, survey, q("short_text", options=["x"], min_choices=1, scale_min=1))
    long = add(official, survey, q("long_text", required=True, help_text="Skriv fritt."))

    assert [o.text for o in single.options.all()] == ["Ja", "Nej"] and single.allow_other
    assert (multiple.min_choices, multiple.max_choices) == (1, 2)
    assert (scale.scale_min, scale.scale_max, scale.allow_dont_know) == (1, 5, True)
    assert not scale.options.exists()
    assert [s.text for s in matrix.statements.all()] == ["Parken", "Torget"]
    assert ranking.options.count() == 3
    assert not short.options.exists() and short.min_choices is None and short.scale_min is None
    assert long.required and long.help_text == "Skriv fritt."
    assert [x.pk for x in ordered_questions(survey)] == [
        single.pk,
        multiple.pk,
        scale.pk,
        matrix.pk,
        ranking.pk,
        short.pk,
        long.pk,
    ]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (q("single", options=["Bara ett"]), "options"),
        (q("multiple", options=[]), "options"),
        (q("single", options=["Ja", "ja"]), "options"),
        (q("single", options=["Ja", "x" * 201]), "options"),
        (q("ranking", options=["Ett"]), "options"),
        (
            q("matrix", scale_min=1, scale_max=5, scale_min_label="a", scale_max_label="b"),
            "statements",
        ),
        (q("scale", scale_max=5, scale_min_label="a", scale_max_label="b"), "scale_min"),
        (
            q("scale", scale_min=5, scale_max=5, scale_min_label="a", scale_max_label="b"),
            "scale_max",
        ),
        (
            q("scale", scale_min=0, scale_max=11, scale_min_label="a", scale_max_label="b"),
            "scale_max",
        ),
        (q("scale", scale_min=1, scale_max=5, scale_max_label="b"), "scale_min_label"),
        (
            q("scale", scale_min=40000, scale_max=40005, scale_min_label="a", scale_max_label="b"),
            "scale_min",
        ),
        (q("multiple", options=["A", "B"], min_choices=2, max_choices=1), "min_choices"),
        (q("multiple", options=["A", "B"], max_choices=3), "max_choices"),
        (q("multiple", options=["A", "B"], min_choices=3), "min_choices"),
        (q("multiple", options=["A", "B"], min_choices=0), "min_choices"),
        (q("short_text", text="  "), "text"),
        (q("short_text", text="x" * 301), "text"),
        (q("nonsense"), "kind"),
    ],
)
def test_each_rule_of_a_kind_is_refused_with_a_sentence(official, survey, data, field):
    sentence = refused(official, survey, data, field)
    assert sentence.strip()
    assert not Question.objects.filter(survey=survey).exists()


def test_a_scale_of_eleven_steps_is_allowed(official, survey):
    add(
        official,
        survey,
        q("scale", scale_min=0, scale_max=10, scale_min_label="a", scale_max_label="b"),
    )


def test_other_counts_as_an_option_for_the_most_choices(official, survey):
    question = add(
        official, survey, q("multiple", options=["A", "B"], allow_other=True, max_choices=3)
    )
    assert question.max_choices == 3


def test_a_section_of_another_survey_is_refused(official, survey):
    other = SectionFactory()
    refused(official, survey, q("short_text", section_id=other.pk), "section")


# -- conditions --------------------------------------------------------------------------------


def test_a_question_shown_only_after_an_earlier_answer(official, survey):
    first = add(official, survey, q("single", text="Åker du buss?", options=["Ja", "Nej"]))
    yes = first.options.get(text="Ja")
    follow = add(
        official,
        survey,
        q(
            "long_text",
            text="Vad kan bli bättre?",
            show_if_question_id=first.pk,
            show_if_option_ids=[yes.pk],
        ),
    )
    assert follow.show_if_question == first
    assert list(follow.show_if_options.all()) == [yes]


def test_conditions_are_refused_on_a_later_or_the_same_question_or_wrong_options(official, survey):
    first = add(official, survey, q("short_text", text="Namn på parken"))
    choice = add(official, survey, q("single", text="Åker du buss?", options=["Ja", "Nej"]))
    other_choice = add(official, survey, q("single", text="Cyklar du?", options=["Ja", "Nej"]))
    yes = choice.options.get(text="Ja")
    # on a free-text question
    data = q("short_text", show_if_question_id=first.pk, show_if_option_ids=[yes.pk])
    refused(official, survey, data, "show_if_question")
    # options of another question
    data = q(
        "short_text",
        show_if_question_id=choice.pk,
        show_if_option_ids=[other_choice.options.first().pk],
    )
    refused(official, survey, data, "show_if_options")
    # no option
    refused(official, survey, q("short_text", show_if_question_id=choice.pk), "show_if_options")
    # options without a question
    refused(official, survey, q("short_text", show_if_option_ids=[yes.pk]), "show_if_question")
    # on itself
    data = q("single", options=["Ja", "Nej"], show_if_question_id=choice.pk)
    data.show_if_option_ids = [yes.pk]
    with pytest.raises(InvalidInput, match="eget svar"):
        building.save_question(by=official, survey=survey, question=choice, data=data)
    # on a later question: the first question depending on the second
    data = q("short_text", text="Namn på parken", show_if_question_id=choice.pk)
    data.show_if_option_ids = [yes.pk]
    with pytest.raises(InvalidInput) as caught:
        building.save_question(by=official, survey=survey, question=first, data=data)
    assert caught.value.field == "show_if_question"
    first.refresh_from_db()
    assert first.show_if_question is None
    # a question of another survey
    foreign = choice_question(SurveyFactory())
    data = q(
        "short_text",
        show_if_question_id=foreign.pk,
        show_if_option_ids=[foreign.options.first().pk],
    )
    refused(official, survey, data, "show_if_question")


def test_moving_or_changing_what_a_condition_rests_on_is_refused(official, survey):
    choice = add(official, survey, q("single", text="Åker du buss?", options=["Ja", "Nej"]))
    yes = choice.options.get(text="Ja")
    follow = add(
        official,
        survey,
        q("long_text", show_if_question_id=choice.pk, show_if_option_ids=[yes.pk]),
    )
    with pytest.raises(InvalidInput):
        building.move_question(by=official, question=follow, up=True)
    with pytest.raises(InvalidInput):
        building.move_question(by=official, question=choice, up=False)
    assert [x.pk for x in ordered_questions(survey)] == [choice.pk, follow.pk]
    with pytest.raises(InvalidInput) as caught:
        building.save_question(
            by=official, survey=survey, question=choice, data=q("short_text", text="Buss?")
        )
    assert caught.value.field == "kind"
    with pytest.raises(InvalidInput) as caught:
        building.save_question(
            by=official, survey=survey, question=choice, data=q("single", options=["Nej", "Kanske"])
        )
    assert caught.value.field == "options"
    with pytest.raises(Conflict):
        building.delete_question(by=official, question=choice)
    choice.refresh_from_db()
    assert choice.kind == "single" and choice.options.count() == 2


def test_changing_options_keeps_those_that_stay(official, survey):
    choice = add(official, survey, q("single", options=["Ja", "Nej"]))
    yes = choice.options.get(text="Ja")
    building.save_question(
        by=official, survey=survey, question=choice, data=q("single", options=["Vet ej", "Ja"])
    )
    assert [(o.text, o.position) for o in choice.options.all()] == [("Vet ej", 0), ("Ja", 1)]
    assert choice.options.get(text="Ja").pk == yes.pk


# -- sections and order ------------------------------------------------------------------------


def test_sections_add_rename_reorder_and_delete(official, survey):
    one = building.add_section(by=official, survey=survey, title="Om dig")
    two = building.add_section(by=official, survey=survey, title="Om parken")
    outside = add(official, survey, q("short_text", text="Utanför"))
    in_two = add(official, survey, q("short_text", text="I två", section_id=two.pk))
    in_one = add(official, survey, q("short_text", text="I ett", section_id=one.pk))
    assert [x.text for x in ordered_questions(survey)] == ["Utanför", "I ett", "I två"]
    building.move_section(by=official, section=two, up=True)
    assert [x.text for x in ordered_questions(survey)] == ["Utanför", "I två", "I ett"]
    building.update_section(by=official, section=one, title="Om dig själv")
    assert survey.sections.get(pk=one.pk).title == "Om dig själv"
    with pytest.raises(Conflict):
        building.delete_section(by=official, section=one)
    building.delete_question(by=official, question=in_one)
    building.delete_section(by=official, section=one)
    assert list(survey.sections.all()) == [two]
    assert outside.pk and in_two.pk
    with pytest.raises(InvalidInput):
        building.add_section(by=official, survey=survey, title=" ")


def test_move_question_up_and_down_within_its_section(official, survey):
    a = add(official, survey, q("short_text", text="A"))
    b = add(official, survey, q("short_text", text="B"))
    c = add(official, survey, q("short_text", text="C"))
    building.move_question(by=official, question=c, up=True)
    assert [x.text for x in ordered_questions(survey)] == ["A", "C", "B"]
    building.move_question(by=official, question=a, up=True)  # at the top: stays
    building.move_question(by=official, question=a, up=False)
    assert [x.text for x in ordered_questions(survey)] == ["C", "A", "B"]
    assert b.pk


# -- the lock and typo fixes -------------------------------------------------------------------


def test_after_the_first_answer_questions_are_locked(official, survey):
    choice = add(official, survey, q("single", options=["Ja", "Nej"]))
    section = building.add_section(by=official, survey=survey, title="Om dig")
    stored_response(survey, {choice: choice.options.first()}, submitted=False)
    assert not survey.is_locked()  # a draft answer does not lock
    stored_response(survey, {choice: choice.options.first()})
    assert survey.is_locked()
    attempts = [
        lambda: add(official, survey, q("short_text")),
        lambda: building.save_question(
            by=official,
            survey=survey,
            question=choice,
            data=q("single", options=["Ja", "Nej", "Kanske"]),
        ),
        lambda: building.move_question(by=official, question=choice, up=False),
        lambda: building.delete_question(by=official, question=choice),
        lambda: building.add_section(by=official, survey=survey, title="Mer"),
        lambda: building.move_section(by=official, section=section, up=False),
        lambda: building.delete_section(by=official, section=section),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed) as caught:
            attempt()
        assert str(caught.value) == LOCK_SV
    assert choice.options.count() == 2


def test_a_typo_fix_after_the_first_answer_is_logged_and_listed(official, survey):
    choice = add(official, survey, q("single", text="Åker du bus?", options=["Ja", "Nje"]))
    matrix = matrix_question(survey, statements=("Parkn är fin",))
    stored_response(survey, {choice: choice.options.first()})
    nje = choice.options.get(text="Nje")
    count = building.correct_texts(
        by=official, question=choice, text="Åker du buss?", options={nje.pk: "Nej"}
    )
    assert count == 2
    statement = matrix.statements.get()
    building.correct_texts(
        by=official, question=matrix, text=matrix.text, statements={statement.pk: "Parken är fin"}
    )
    choice.refresh_from_db()
    assert choice.text == "Åker du buss?"
    assert Option.objects.get(pk=nje.pk).text == "Nej"
    listed = [(e.data["what"], e.data["old"], e.data["new"]) for e in corrections(survey)]
    assert sorted(listed) == sorted(
        [
            ("question", "Åker du bus?", "Åker du buss?"),
            ("option", "Nje", "Nej"),
            ("statement", "Parkn är fin", "Parken är fin"),
        ]
    )
    assert all(e.actor == official for e in corrections(survey))


def test_a_typo_fix_cannot_change_the_meaning_or_touch_another_question(official, survey):
    choice = add(official, survey, q("single", text="Åker du buss?", options=["Ja", "Nej"]))
    other = choice_question(survey)
    stored_response(survey, {choice: choice.options.first()})
    yes = choice.options.get(text="Ja")
    with pytest.raises(InvalidInput) as caught:
        building.correct_texts(
            by=official, question=choice, text=choice.text, options={yes.pk: "Nej"}
        )
    assert caught.value.field == f"option_{yes.pk}"
    with pytest.raises(InvalidInput):
        building.correct_texts(
            by=official, question=choice, text="Cyklar du till jobbet varje dag?"
        )
    with pytest.raises(InvalidInput):
        building.correct_texts(
            by=official,
            question=choice,
            text=choice.text,
            options={other.options.first().pk: "Ja!"},
        )
    with pytest.raises(InvalidInput):
        building.correct_texts(by=official, question=choice, text="")
    assert Option.objects.get(pk=yes.pk).text == "Ja"
    assert corrections(survey) == []


@pytest.mark.parametrize(
    ("old", "new", "small"),
    [("Buss", "Bus", True), ("Ja", "Nej", False), ("Åker du bus?", "Åker du buss?", True)],
)
def test_what_counts_as_a_typo(old, new, small):
    assert building.is_small_fix(old, new) is small


# -- publishing --------------------------------------------------------------------------------


def test_publish_needs_a_question_and_unpublish_needs_no_answers(official, survey):
    with pytest.raises(InvalidInput, match="minst en fråga"):
        building.publish_survey(by=official, survey=survey)
    choice = add(official, survey, q("single", options=["Ja", "Nej"]))
    building.publish_survey(by=official, survey=survey)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.PUBLISHED and survey.published_at
    with pytest.raises(Conflict):
        building.publish_survey(by=official, survey=survey)
    building.unpublish_survey(by=official, survey=survey)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT
    building.publish_survey(by=official, survey=survey)
    stored_response(survey, {choice: choice.options.first()})
    with pytest.raises(NotAllowed):
        building.unpublish_survey(by=official, survey=survey)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.PUBLISHED
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"survey.published", "survey.unpublished", "survey.question_added"} <= actions


def test_a_survey_that_has_closed_cannot_be_published(official):
    survey = SurveyFactory(
        status=SurveyStatus.DRAFT,
        opens_at=timezone.now() - timedelta(days=9),
        closes_at=timezone.now() - timedelta(days=1),
    )
    choice_question(survey)
    with pytest.raises(InvalidInput):
        building.publish_survey(by=official, survey=survey)


def test_moving_a_section_before_the_question_it_depends_on_is_refused(official, survey):
    first = building.add_section(by=official, survey=survey, title="Resan")
    second = building.add_section(by=official, survey=survey, title="Tryggheten")
    choice = add(official, survey, q("single", options=["Ja", "Nej"], section_id=first.pk))
    add(
        official,
        survey,
        q(
            "long_text",
            section_id=second.pk,
            show_if_question_id=choice.pk,
            show_if_option_ids=[choice.options.first().pk],
        ),
    )
    with pytest.raises(InvalidInput, match="måste komma efter"):
        building.move_section(by=official, section=second, up=True)
    assert list(survey.sections.all()) == [first, second]
    # Moving the choice question into the later section, after its dependant, is refused too.
    with pytest.raises(InvalidInput):
        building.save_question(
            by=official,
            survey=survey,
            question=choice,
            data=q("single", options=["Ja", "Nej"], section_id=second.pk),
        )


def test_publishing_twice_or_unpublishing_a_draft_is_a_conflict(official, resident, survey):
    choice_question(survey)
    with pytest.raises(Conflict):
        building.unpublish_survey(by=official, survey=survey)
    with pytest.raises(NotAllowed):
        building.publish_survey(by=resident, survey=survey)
    building.publish_survey(by=official, survey=survey)
    with pytest.raises(Conflict):
        building.publish_survey(by=official, survey=survey)


def test_a_typo_fix_cannot_add_or_remove_a_not(official, survey):
    """Issue 12 review: "Jag är nöjd" → "Jag är ej nöjd" passed as a fix."""
    statement = add(
        official, survey, q("single", text="Jag är nöjd med skolan", options=["Ja", "Nej"])
    )
    stored_response(survey, {statement: statement.options.first()})
    for turned in ("Jag är ej nöjd med skolan", "Jag är inte nöjd med skolan"):
        with pytest.raises(InvalidInput):
            building.correct_texts(by=official, question=statement, text=turned)
    assert building.is_small_fix("Jag är inte nöjd", "Jag är inte nöjdd")


def test_once_answered_who_may_answer_k_and_the_opening_stay(official, survey):
    """Issue 12 review: one official could change who may answer, K or the dates after
    answers existed, even reopen a sealed survey, and compare two readings."""
    choice = add(official, survey, q("single", options=["Ja", "Nej"]))
    building.publish_survey(by=official, survey=survey)
    stored_response(survey, {choice: choice.options.first()})
    for change in ({"access": "signed_in"}, {"min_group_size": 3}, {"opens_at": timezone.now()}):
        with pytest.raises(Conflict):
            building.update_survey(by=official, survey=survey, data=change)
    with pytest.raises(Conflict):
        building.update_survey(
            by=official, survey=survey, data={"closes_at": survey.closes_at - timedelta(hours=1)}
        )
    later = survey.closes_at + timedelta(days=2)
    assert building.update_survey(by=official, survey=survey, data={"closes_at": later}).closes_at
    survey.refresh_from_db()
    survey.__class__.objects.filter(pk=survey.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    survey.refresh_from_db()
    with pytest.raises(Conflict):
        building.update_survey(by=official, survey=survey, data={"closes_at": later})


def test_a_survey_without_a_close_is_not_published(official):
    """Issue 12 review: a survey that never closes is never sealed."""
    survey = SurveyFactory(status=SurveyStatus.DRAFT, process=dialogue_factory())
    survey.__class__.objects.filter(pk=survey.pk).update(closes_at=None)
    survey.refresh_from_db()
    choice_question(survey)
    survey.process.phases.create(kind="consult", starts_at=timezone.now(), ends_at=None)
    assert any(
        "stängningsdatum" in p or "closing date" in p for p in building.publish_problems(survey)
    )
