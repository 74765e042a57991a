"""The seal at the close (ADR 0005), and that nothing in the database joins an answer given
through the service to the person who gave it: not a key, not the order rows are stored in,
not the transaction that wrote them (after the seal), on SQLite and on PostgreSQL."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from delaktig.accounts.tests.factories import UserFactory
from delaktig.audit.models import AuditEvent
from delaktig.core.errors import Conflict

from ..models import Access, Answer, FollowUpAddress, Quote, Respondent, Response, Survey, Theme
from ..services import answering, sealing
from .factories import SurveyFactory, choice_question

pytestmark = pytest.mark.django_db

PEOPLE = 30


def storage_order(table: str) -> list[str]:
    """The ids in the order a raw read of the file gives them (as voting/tests/test_storage):
    PostgreSQL's physical position, SQLite's key order (WITHOUT ROWID)."""
    order = "ctid" if connection.vendor == "postgresql" else "id"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} ORDER BY {order}")  # noqa: S608 (fixed names)
        return [str(row[0]).replace("-", "") for row in cursor.fetchall()]


@pytest.fixture
def answered():
    """Person i answers i-th and chooses option i: an attacker who knows the order people
    answered in (Respondent ids) tries to read their answers off the storage order."""
    survey = SurveyFactory(access=Access.SIGNED_IN)
    question = choice_question(survey, [f"Val {i}" for i in range(PEOPLE)])
    options = list(question.options.all())
    people = UserFactory.create_batch(PEOPLE)
    for person, option in zip(people, options, strict=True):
        answering.submit(by=person, survey=survey, answers={question.pk: {"options": [option.pk]}})
    return survey, question, options


def linked(options) -> int:
    """How many responses sit at the storage position of the person who gave them."""
    chosen = {
        str(r).replace("-", ""): o
        for r, o in Answer.objects.values_list("response_id", "option_id")
    }
    ids = [i for i in storage_order("surveys_response") if i in chosen]
    respondents = list(Respondent.objects.order_by("pk"))
    assert len(respondents) == len(options)
    return sum(1 for n, rid in enumerate(ids) if chosen[rid] == options[n].pk)


def close(survey):
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() - timedelta(days=10), closes_at=timezone.now() - timedelta(days=1)
    )
    survey.refresh_from_db()


def test_the_seal_waits_for_the_close(answered):
    survey, _question, _options = answered
    with pytest.raises(Conflict):
        sealing.seal_survey(survey=survey)
    assert Response.objects.filter(locator__isnull=False).count() == PEOPLE


def test_after_the_seal_storage_order_follows_only_new_random_keys(answered):
    survey, _question, options = answered
    old_ids = set(storage_order("surveys_response"))
    old_answers = sorted(Answer.objects.values_list("option_id", flat=True))
    draft_person = UserFactory()
    answering.save_draft(by=draft_person, survey=survey, answers={})
    FollowUpAddress.objects.create(survey=survey, email="a@example.se")
    theme = Theme.objects.create(survey=survey, name="Trygghet")
    tagged = Answer.objects.filter(option=options[0]).get()
    tagged.themes.add(theme)
    Quote.objects.create(answer=tagged, text="Citat")
    close(survey)
    assert sealing.seal_survey(survey=survey) == PEOPLE
    ids = storage_order("surveys_response")
    assert not old_ids & set(ids)  # every response has a new key
    assert ids == sorted(ids)  # stored in the order of its random key, nothing else
    assert not Response.objects.filter(locator__isnull=False).exists()
    assert not Response.objects.filter(submitted=False).exists()  # the draft went
    assert linked(options) < PEOPLE // 3  # by chance only (about 1 expected)
    # Nothing else changed: the same answers, the theme and the quote on the same answer.
    assert sorted(Answer.objects.values_list("option_id", flat=True)) == old_answers
    moved = Answer.objects.get(option=options[0])
    assert list(moved.themes.all()) == [theme] and moved.quote.text == "Citat"
    assert FollowUpAddress.objects.get().email == "a@example.se"
    assert Respondent.objects.count() == PEOPLE
    event = AuditEvent.objects.get(action="survey.sealed")
    assert event.data == {"responses": PEOPLE}
    # Answers lie in the order of their response's new key.
    answer_ids = storage_order("surveys_answer")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT response_id FROM surveys_answer ORDER BY ctid")
            order = [str(row[0]) for row in cursor.fetchall()]
        assert order == sorted(order)
    else:
        assert answer_ids == sorted(answer_ids)
    assert sealing.seal_survey(survey=survey) == 0  # nothing new since


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's heap order")
def test_postgresql_physical_order_linked_every_answer_before_the_seal(answered):
    """The attack, on PostgreSQL: before the seal the heap order of responses is the order of
    answering (and each response was written by the transaction that wrote its respondent: the
    seal rewrites every response in a transaction of its own)."""
    survey, _question, options = answered
    assert linked(options) == PEOPLE

    close(survey)
    sealing.seal_survey(survey=survey)
    assert linked(options) < PEOPLE // 3
    assert Response.objects.filter(locator__isnull=False).count() == 0


def test_paper_answers_are_entered_before_the_close_and_sealed_with_the_rest(answered, official):
    """Issue 12 review: one official adding paper forms after the close would change results
    already read; the close ends paper entry too."""
    survey, question, options = answered
    survey.process.officials.add(official)
    answering.enter_paper_answers(
        by=official, survey=survey, answers={question.pk: {"options": [options[0].pk]}},
        channel="paper",
    )  # fmt: skip
    close(survey)
    with pytest.raises(Conflict, match="stängt"):
        answering.enter_paper_answers(
            by=official, survey=survey, answers={question.pk: {"options": [options[0].pk]}},
            channel="paper",
        )  # fmt: skip
    assert sealing.seal_survey(survey=survey) == PEOPLE + 1
    assert sealing.seal_survey(survey=survey) == 0  # nothing new since


def test_the_timer_command_seals_closed_surveys_only(answered):
    survey, _question, _options = answered
    still_open = SurveyFactory()
    answering.submit(by=UserFactory(), survey=still_open, answers={})
    out = io.StringIO()
    call_command("seal_surveys", stdout=out)
    assert Response.objects.filter(locator__isnull=False).count() == PEOPLE + 1
    close(survey)
    call_command("seal_surveys", stdout=out)
    assert Response.objects.filter(survey=survey, locator__isnull=False).count() == 0
    assert Response.objects.filter(survey=still_open, locator__isnull=False).count() == 1
    assert "1" in out.getvalue().splitlines()[-1]


def test_nothing_joins_an_answer_to_a_person_after_answering_through_the_service(answered):
    """What a copy of the database holds after people answered: a respondent table (who) and
    responses (what), with no shared key or column, no time on a response, and — before the
    seal — only the keyed locator, which cannot be made without the key outside the database."""
    _survey, _question, _options = answered
    response_columns = {f.column for f in Response._meta.concrete_fields}
    answer_columns = {f.column for f in Answer._meta.concrete_fields}
    assert response_columns == {
        "id", "survey_id", "locator", "submitted", "channel", "district_id", "unit_id", "age_band"
    }  # fmt: skip
    assert "response_id" in answer_columns and not answer_columns & {"person_id", "respondent_id"}
    respondent_values = {
        str(v) for row in Respondent.objects.values_list("pk", "person_id") for v in row
    }
    for response in Response.objects.all():
        assert str(response.pk) not in respondent_values
        assert response.locator not in respondent_values
    # SQLite before the seal: responses lie in the order of their random keys already.
    if connection.vendor == "sqlite":
        ids = storage_order("surveys_response")
        assert ids == sorted(ids)
    # The audit log has no event per answer to line up with the respondents.
    assert not AuditEvent.objects.filter(action__startswith="survey.").exists()


def test_the_seal_leaves_no_rare_combination_of_facts_to_match_against_who_answered():
    """Review attack: in a unit of five only one answered; after the seal a copy of the
    database matched Response(unit) with Respondent(person in the unit) and read the answer.
    The seal makes the stored facts as coarse as K allows."""
    from delaktig.accounts.models import District, Unit

    survey = SurveyFactory(access=Access.SIGNED_IN, min_group_size=3)
    question = choice_question(survey, ["Ja", "Nej"])
    yes, no = question.options.all()
    small, big = Unit.objects.create(name="Liten"), Unit.objects.create(name="Stor")
    north = District.objects.create(name="Norr")
    colleagues = UserFactory.create_batch(4)
    for person in colleagues:
        person.units.add(big)
    loner = UserFactory(district=north)
    loner.units.add(small)
    for person in UserFactory.create_batch(4):  # the unit has five people; one answers
        person.units.add(small)
    for person in colleagues:
        answering.submit(by=person, survey=survey, answers={question.pk: {"options": [yes.pk]}})
    answering.submit(by=loner, survey=survey, answers={question.pk: {"options": [no.pk]}})
    assert Response.objects.filter(unit=small).count() == 1  # while open: the residual risk
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    sealing.seal_survey(survey=Survey.objects.get(pk=survey.pk))
    assert not Response.objects.filter(unit=small).exists()
    assert not Response.objects.filter(district=north).exists()
    combos = {}
    for row in Response.objects.values_list("district_id", "unit_id", "age_band"):
        combos[row] = combos.get(row, 0) + 1
    assert all(n >= 3 for n in combos.values())
