"""Answering through the service: every kind, every refusal, conditions, one answer per person,
drafts and paper answers (surveys.services.answering)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError
from django.utils import timezone

from delaktig.accounts.models import Unit
from delaktig.accounts.tests.factories import UserFactory
from delaktig.audit.models import AuditEvent
from delaktig.core.errors import Conflict, NotAllowed
from delaktig.eligibility.models import RoundEligibility
from delaktig.eligibility.tests.factories import InvitationFactory

from ..models import (
    SHORT_TEXT_MAX,
    Access,
    AgeBand,
    Answer,
    Channel,
    FollowUpAddress,
    QuestionKind,
    Respondent,
    Response,
    SurveyStatus,
)
from ..services import answering
from ..services.answering import AnswersRefused
from .factories import (
    QuestionFactory,
    SurveyFactory,
    choice_question,
    matrix_question,
    scale_question,
)

pytestmark = pytest.mark.django_db
ANON = AnonymousUser()


def every_kind(survey):
    single = choice_question(survey, ("Ja", "Nej"), required=True, allow_other=True)
    multiple = choice_question(
        survey, ("A", "B", "C"), kind=QuestionKind.MULTIPLE, min_choices=1, max_choices=2
    )
    scale = scale_question(survey, allow_dont_know=True)
    matrix = matrix_question(survey, ("Ett", "Två"), required=True, allow_dont_know=True)
    ranking = choice_question(survey, ("X", "Y", "Z"), kind=QuestionKind.RANKING)
    short = QuestionFactory(survey=survey, kind=QuestionKind.SHORT_TEXT)
    long = QuestionFactory(survey=survey, kind=QuestionKind.LONG_TEXT)
    return single, multiple, scale, matrix, ranking, short, long


def full_answers(questions):
    single, multiple, scale, matrix, ranking, short, long = questions
    o = [list(q.options.all()) for q in (single, multiple, ranking)]
    s = list(matrix.statements.all())
    return {
        single.pk: {"options": [o[0][0].pk]},
        multiple.pk: {"options": [o[1][0].pk, o[1][2].pk]},
        scale.pk: {"number": 4},
        matrix.pk: {"rows": {s[0].pk: 2, s[1].pk: None}},
        ranking.pk: {"places": {o[2][0].pk: 2, o[2][1].pk: 1, o[2][2].pk: 3}},
        short.pk: {"text": "Kort"},
        long.pk: {"text": "Längre text"},
    }


def test_every_kind_is_stored_as_answered():
    survey = SurveyFactory()
    questions = every_kind(survey)
    answering.submit(by=ANON, survey=survey, answers=full_answers(questions))
    response = Response.objects.get()
    assert response.submitted and response.channel == Channel.ONLINE and response.locator is None
    stored = answering.answers_of(response)
    single, multiple, scale, matrix, ranking, short, long = questions
    assert stored[single.pk] == {"options": [single.options.first().pk]}
    assert sorted(stored[multiple.pk]["options"]) == sorted(
        full_answers(questions)[multiple.pk]["options"]
    )
    assert stored[scale.pk] == {"number": 4}
    assert stored[matrix.pk]["rows"] == full_answers(questions)[matrix.pk]["rows"]
    assert stored[ranking.pk]["places"] == full_answers(questions)[ranking.pk]["places"]
    assert stored[short.pk] == {"text": "Kort"} and stored[long.pk] == {"text": "Längre text"}
    assert not Respondent.objects.exists()  # nobody known


def test_other_and_dont_know():
    survey = SurveyFactory()
    single = choice_question(survey, allow_other=True)
    scale = scale_question(survey, allow_dont_know=True)
    answering.submit(
        by=ANON,
        survey=survey,
        answers={single.pk: {"other": "Något annat"}, scale.pk: {"dont_know": True}},
    )
    rows = {a.question_id: a for a in Answer.objects.all()}
    assert rows[single.pk].text == "Något annat" and rows[single.pk].option_id is None
    assert rows[scale.pk].number is None


def refused(survey, answers, by=ANON, match=None):
    before = (Response.objects.count(), Answer.objects.count(), Respondent.objects.count())
    with pytest.raises(AnswersRefused) as error:
        answering.submit(by=by, survey=survey, answers=answers)
    after = (Response.objects.count(), Answer.objects.count(), Respondent.objects.count())
    assert before == after, "nothing is stored"
    if match:
        assert match in str(error.value), str(error.value)
    return error.value


@pytest.fixture
def survey():
    return SurveyFactory()


def test_refused_option_of_another_survey(survey):
    question = choice_question(survey)
    foreign = choice_question(SurveyFactory())
    refused(
        survey,
        {question.pk: {"options": [foreign.options.first().pk]}},
        match="hör inte till den här enkäten",
    )


def test_refused_question_of_another_survey(survey):
    choice_question(survey)
    foreign = choice_question(SurveyFactory())
    refused(survey, {foreign.pk: {"options": [foreign.options.first().pk]}}, match="hör inte")


def test_refused_statement_of_another_survey(survey):
    matrix = matrix_question(survey)
    other = matrix_question(SurveyFactory())
    refused(survey, {matrix.pk: {"rows": {other.statements.first().pk: 3}}}, match="hör inte")


def test_refused_outside_the_scale(survey):
    scale = scale_question(survey)
    refused(survey, {scale.pk: {"number": 6}}, match="från 1 till 5")
    refused(survey, {scale.pk: {"number": "tre"}}, match="från 1 till 5")
    refused(survey, {scale.pk: {"dont_know": True}}, match="hör inte")  # not offered
    matrix = matrix_question(survey)
    refused(survey, {matrix.pk: {"rows": {matrix.statements.first().pk: 0}}}, match="1 till 5")


def test_refused_missing_required(survey):
    question = choice_question(survey, required=True)
    matrix = matrix_question(survey, required=True)
    error = refused(survey, {matrix.pk: {"rows": {matrix.statements.first().pk: 3}}})
    messages = {p.question: p.message for p in error.problems}
    assert messages[question.pk] == "Svara på frågan."
    assert "varje påstående" in messages[matrix.pk]


def test_refused_too_few_and_too_many_choices(survey):
    question = choice_question(
        survey, ("A", "B", "C"), kind=QuestionKind.MULTIPLE, min_choices=2, max_choices=2
    )
    ids = [o.pk for o in question.options.all()]
    refused(survey, {question.pk: {"options": ids[:1]}}, match="minst 2")
    refused(survey, {question.pk: {"options": ids}}, match="högst 2")
    single = choice_question(survey)
    refused(
        survey, {single.pk: {"options": [o.pk for o in single.options.all()]}}, match="ett svar"
    )


def test_refused_other_where_not_offered_and_too_long(survey):
    question = choice_question(survey)
    refused(survey, {question.pk: {"other": "x"}}, match="hör inte")
    with_other = choice_question(survey, allow_other=True)
    refused(survey, {with_other.pk: {"other": "x" * (SHORT_TEXT_MAX + 1)}}, match="högst 200")


def test_refused_free_text_over_the_limit(survey):
    survey.free_text_max = 300
    survey.save()
    short = QuestionFactory(survey=survey, kind=QuestionKind.SHORT_TEXT)
    long = QuestionFactory(survey=survey, kind=QuestionKind.LONG_TEXT)
    refused(survey, {short.pk: {"text": "x" * (SHORT_TEXT_MAX + 1)}}, match="högst 200 tecken")
    refused(survey, {long.pk: {"text": "x" * 301}}, match="Du skrev 301")
    answering.submit(by=ANON, survey=survey, answers={long.pk: {"text": "x" * 300}})


def test_refused_ranking_that_is_not_a_permutation(survey):
    ranking = choice_question(survey, ("X", "Y", "Z"), kind=QuestionKind.RANKING)
    a, b, c = (o.pk for o in ranking.options.all())
    for places in ({a: 1, b: 1, c: 2}, {a: 1, b: 2}, {a: 1, b: 2, c: 4}, {a: 1, b: 2, c: "x"}):
        refused(survey, {ranking.pk: {"places": places}})
    answering.submit(by=ANON, survey=survey, answers={ranking.pk: {"places": {a: 3, b: 1, c: 2}}})


def test_refused_unreadable_answers(survey):
    question = choice_question(survey)
    refused(survey, {"not a number": {"options": []}}, match="hör inte")
    refused(survey, {question.pk: {"options": "1"}}, match="hör inte")
    refused(survey, {question.pk: "ja"})


@pytest.fixture
def conditional(survey):
    """Q2 is shown only to those who answer "Ja" to Q1."""
    first = choice_question(survey, ("Ja", "Nej"))
    yes, no = first.options.all()
    second = QuestionFactory(survey=survey, kind=QuestionKind.SHORT_TEXT, show_if_question=first)
    second.show_if_options.set([yes])
    third = QuestionFactory(
        survey=survey, kind=QuestionKind.SHORT_TEXT, show_if_question=second, required=True
    )
    return first, yes, no, second, third


def test_conditional_question_shown_only_after_the_matching_answer(survey, conditional):
    first, yes, no, second, third = conditional
    questions = answering.questions_of(survey)
    assert answering.shown(questions, {}) == {first.pk}
    assert answering.shown(questions, {first.pk: {"options": [no.pk]}}) == {first.pk}
    assert answering.shown(questions, {first.pk: {"options": [yes.pk]}}) == {first.pk, second.pk}
    # A chain: the third follows the second, shown when the second is answered at all.
    both = {first.pk: {"options": [yes.pk]}, second.pk: {"text": "Ja"}}
    assert answering.shown(questions, both) == {first.pk, second.pk, third.pk}


def test_an_answer_to_a_hidden_question_is_refused(survey, conditional):
    first, yes, no, second, _third = conditional
    error = refused(survey, {first.pk: {"options": [no.pk]}, second.pk: {"text": "Hemligt"}})
    assert [p.question for p in error.problems] == [second.pk]
    assert "bara för dem som svarat" in error.problems[0].message
    # A required question that is hidden is not required.
    answering.submit(by=ANON, survey=survey, answers={first.pk: {"options": [no.pk]}})
    # Shown, the required third must be answered.
    refused(survey, {first.pk: {"options": [yes.pk]}, second.pk: {"text": "x"}}, match="Svara")


def test_stale_answers_to_questions_now_hidden_are_dropped(survey, conditional):
    first, _yes, no, second, _third = conditional
    kept = answering.shown_only(
        answering.questions_of(survey),
        {str(first.pk): {"options": [no.pk]}, str(second.pk): {"text": "från förut"}},
    )
    assert kept == {first.pk: {"options": [no.pk]}}


@pytest.mark.parametrize(
    ("opens", "closes", "match"),
    [(1, 2, "öppnar"), (-2, -1, "har stängt")],
)
def test_refused_before_opening_and_after_closing(opens, closes, match):
    now = timezone.now()
    survey = SurveyFactory(
        opens_at=now + timedelta(days=opens), closes_at=now + timedelta(days=closes)
    )
    question = choice_question(survey)
    with pytest.raises(NotAllowed, match=match):
        answering.submit(
            by=ANON,
            survey=survey,
            answers={question.pk: {"options": [question.options.first().pk]}},
        )
    assert not Response.objects.exists()


def test_refused_draft_survey():
    survey = SurveyFactory(status=SurveyStatus.DRAFT)
    with pytest.raises(NotAllowed, match="inte publicerad"):
        answering.submit(by=ANON, survey=survey, answers={})


def test_who_may_answer():
    signed_in = SurveyFactory(access=Access.SIGNED_IN)
    with pytest.raises(NotAllowed, match="Logga in för att svara"):
        answering.submit(by=ANON, survey=signed_in, answers={})
    answering.submit(by=UserFactory(), survey=signed_in, answers={})
    process_only = SurveyFactory(access=Access.PROCESS)
    RoundEligibility.objects.create(budget_round=process_only.process, use_invitations=True)
    with pytest.raises(NotAllowed, match="bara för dem som får delta") as error:
        answering.submit(by=UserFactory(), survey=process_only, answers={})
    assert "rösta" not in str(error.value).split(".")[0]
    invited = UserFactory()
    InvitationFactory(budget_round=process_only.process, voter=invited)
    answering.submit(by=invited, survey=process_only, answers={})


def test_a_second_answer_by_a_signed_in_person_changes_the_first(resident):
    survey = SurveyFactory(access=Access.SIGNED_IN)
    question = choice_question(survey)
    yes, no = question.options.all()
    first = answering.submit(
        by=resident, survey=survey, answers={question.pk: {"options": [yes.pk]}}
    )
    assert not first.changed and first.can_change and first.changeable_until == survey.closes_at
    second = answering.submit(
        by=resident, survey=survey, answers={question.pk: {"options": [no.pk]}}
    )
    assert second.changed
    assert Response.objects.count() == 1 and Respondent.objects.count() == 1
    assert list(Answer.objects.values_list("option_id", flat=True)) == [no.pk]


def test_one_respondent_per_person_is_a_database_rule(resident):
    survey = SurveyFactory()
    answering.submit(by=resident, survey=survey, answers={})
    with pytest.raises(IntegrityError):
        Respondent.objects.create(survey=survey, person=resident, answered_on=timezone.localdate())


def test_an_answer_that_can_no_longer_be_found_is_not_doubled(resident):
    survey = SurveyFactory()
    answering.submit(by=resident, survey=survey, answers={})
    resident.credential_stamp = "new"
    with pytest.raises(Conflict, match="kan inte längre ändras"):
        answering.submit(by=resident, survey=survey, answers={})
    assert Response.objects.count() == 1


def test_anonymous_respondents_answer_each_time():
    survey = SurveyFactory()
    answering.submit(by=ANON, survey=survey, answers={})
    answering.submit(by=ANON, survey=survey, answers={})
    assert Response.objects.filter(submitted=True).count() == 2


def test_no_audit_event_per_answer(resident):
    survey = SurveyFactory()
    before = AuditEvent.objects.count()
    answering.submit(by=resident, survey=survey, answers={})
    answering.submit(by=ANON, survey=survey, answers={})
    assert AuditEvent.objects.count() == before


# -- drafts -------------------------------------------------------------------------------------


def test_a_draft_is_kept_found_again_and_sent(resident):
    survey = SurveyFactory()
    required = choice_question(survey, required=True)
    text = QuestionFactory(survey=survey, kind=QuestionKind.SHORT_TEXT)
    answering.save_draft(by=resident, survey=survey, answers={text.pk: {"text": "Halvvägs"}})
    draft = answering.own_response(resident, survey)
    assert draft is not None and not draft.submitted
    assert answering.answers_of(draft) == {text.pk: {"text": "Halvvägs"}}
    assert not Respondent.objects.exists()  # a draft is not an answer
    answering.save_draft(by=resident, survey=survey, answers={text.pk: {"text": "Ändrat"}})
    assert Response.objects.count() == 1
    sent = answering.submit(
        by=resident,
        survey=survey,
        answers={
            required.pk: {"options": [required.options.first().pk]},
            text.pk: {"text": "Klar"},
        },
    )
    assert not sent.changed
    response = Response.objects.get()
    assert response.submitted and Respondent.objects.filter(person=resident).exists()


def test_drafts_are_refused_to_anonymous_and_after_sending(resident):
    survey = SurveyFactory()
    with pytest.raises(NotAllowed, match="Logga in"):
        answering.save_draft(by=ANON, survey=survey, answers={})
    answering.submit(by=resident, survey=survey, answers={})
    with pytest.raises(Conflict, match="redan skickat"):
        answering.save_draft(by=resident, survey=survey, answers={})


def test_an_answer_is_not_shown_again_after_the_close(resident, time_machine):
    survey = SurveyFactory()
    answering.submit(by=resident, survey=survey, answers={})
    assert answering.own_response(resident, survey) is not None
    time_machine.move_to(survey.closes_at + timedelta(minutes=1))
    assert answering.own_response(resident, survey) is None


# -- what a response keeps ----------------------------------------------------------------------


def test_age_band_for_age():
    assert AgeBand.for_age(None) == ""
    assert [AgeBand.for_age(a) for a in (12, 18, 29, 30, 44, 45, 64, 65, 90)] == [
        "0-17", "18-29", "18-29", "30-44", "30-44", "45-64", "45-64", "65-", "65-"
    ]  # fmt: skip


def test_the_facts_a_response_keeps():
    survey = SurveyFactory(min_group_size=3)
    big, small = Unit.objects.create(name="Stor"), Unit.objects.create(name="Liten")
    people = UserFactory.create_batch(3)
    for person in people:
        person.units.add(big)
    lonely = UserFactory()
    lonely.units.add(small)
    assert answering.respondent_facts(people[0], survey)["unit_id"] == big.pk
    assert "unit_id" not in answering.respondent_facts(lonely, survey)  # a unit under K
    both = UserFactory()
    both.units.add(big, small)
    assert "unit_id" not in answering.respondent_facts(both, survey)
    assert answering.respondent_facts(people[0], survey)["age_band"] == ""  # no roll


def test_the_age_band_comes_from_the_roll():
    survey = SurveyFactory(access=Access.PROCESS)
    RoundEligibility.objects.create(budget_round=survey.process, use_invitations=True)
    person = UserFactory()
    today = timezone.localdate()
    InvitationFactory(
        budget_round=survey.process, voter=person, birth_date=today.replace(year=today.year - 40)
    )
    answering.submit(by=person, survey=survey, answers={})
    assert Response.objects.get().age_band == AgeBand.FROM_30


# -- paper and interview answers ----------------------------------------------------------------


def test_paper_answers_are_marked_and_audited_with_counts_only(official):
    survey = SurveyFactory()
    survey.process.officials.add(official)
    question = choice_question(survey, required=True)
    other = QuestionFactory(survey=survey, kind=QuestionKind.SHORT_TEXT)
    answering.enter_paper_answers(
        by=official, survey=survey, answers={other.pk: {"text": "På papper"}}, channel="interview"
    )
    response = Response.objects.get()
    assert response.channel == Channel.INTERVIEW and response.submitted
    assert not Respondent.objects.exists()
    event = AuditEvent.objects.get(action="survey.paper_answers_entered")
    assert event.data == {"responses": 1}
    with pytest.raises(AnswersRefused, match="minst ett svar"):
        answering.enter_paper_answers(by=official, survey=survey, answers={}, channel="paper")
    with pytest.raises(AnswersRefused, match="hör inte"):
        answering.enter_paper_answers(
            by=official, survey=survey, answers={question.pk: {"options": [0]}}, channel="paper"
        )
    assert Response.objects.count() == 1


def test_paper_answers_only_by_the_process_officials(resident):
    survey = SurveyFactory()
    other_official = UserFactory(is_official=True)
    survey.process.officials.add(UserFactory(is_official=True))
    for person in (resident, other_official):
        with pytest.raises(NotAllowed):
            answering.enter_paper_answers(by=person, survey=survey, answers={}, channel="paper")


def test_follow_up_address_is_kept_once_and_apart(resident):
    survey = SurveyFactory()
    answering.leave_follow_up_address(survey=survey, email="Anna@Example.se ")
    answering.leave_follow_up_address(survey=survey, email="anna@example.se")
    assert list(FollowUpAddress.objects.values_list("email", flat=True)) == ["anna@example.se"]
    with pytest.raises(Exception, match="e-postadress"):
        answering.leave_follow_up_address(survey=survey, email="inte en adress")


def test_forgetting_a_person_deletes_their_draft_and_unlinks_their_answer(resident):
    from ..personal_data import forget_user

    sent, drafted = SurveyFactory(), SurveyFactory()
    answering.submit(by=resident, survey=sent, answers={})
    answering.save_draft(by=resident, survey=drafted, answers={})
    forget_user(user=resident)
    assert not Response.objects.filter(submitted=False).exists()
    assert Response.objects.get().locator is None and not Respondent.objects.exists()


def test_a_scale_without_steps_set_is_read_as_one_to_five(survey):
    from ..models import Question

    question = Question.objects.create(survey=survey, kind=QuestionKind.SCALE, text="Hur?")
    refused(survey, {question.pk: {"number": 6}}, match="från 1 till 5")
    answering.submit(by=ANON, survey=survey, answers={question.pk: {"number": 5}})
