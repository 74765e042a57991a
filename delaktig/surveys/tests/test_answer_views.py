"""The respondent's pages: every kind drawn accessibly, steps, conditions, refusals, drafts,
the confirmation, the preview and paper entry."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from delaktig.accounts.tests.factories import UserFactory
from delaktig.processes.tests.factories import BudgetRoundFactory

from ..models import (
    Access,
    Channel,
    FollowUpAddress,
    QuestionKind,
    Respondent,
    Response,
    SurveyStatus,
)
from .factories import (
    QuestionFactory,
    SectionFactory,
    SurveyFactory,
    choice_question,
    matrix_question,
    scale_question,
)

pytestmark = pytest.mark.django_db


def url(survey, name="surveys:answer"):
    return reverse(name, kwargs={"slug": survey.process.slug, "survey_slug": survey.slug})


def state_of(response) -> str:
    return re.search(r'name="state" value="([^"]*)"', response.content.decode()).group(1)


@pytest.fixture
def two_steps():
    """Step 1: a required choice (Ja/Nej) and a scale; step 2: a text shown only after "Ja",
    and a matrix."""
    survey = SurveyFactory()
    first_section = SectionFactory(survey=survey, title="Om dig", position=0)
    second_section = SectionFactory(survey=survey, title="Om kommunen", position=1)
    choice = choice_question(survey, ("Ja", "Nej"), section=first_section, required=True)
    scale = scale_question(survey, section=first_section, help_text="Välj ett värde.")
    follow = QuestionFactory(
        survey=survey, kind=QuestionKind.SHORT_TEXT, section=second_section, show_if_question=choice
    )
    follow.show_if_options.set([choice.options.get(text="Ja")])
    matrix = matrix_question(survey, ("Lyssnar", "Informerar"), section=second_section)
    return survey, choice, scale, follow, matrix


def test_every_kind_is_drawn_with_fieldset_legend_and_described_help(client):
    survey = SurveyFactory()
    choice_question(survey, required=True, allow_other=True, help_text="Hjälptext här")
    choice_question(survey, ("A", "B"), kind=QuestionKind.MULTIPLE, max_choices=1)
    scale_question(survey, allow_dont_know=True)
    matrix_question(survey)
    choice_question(survey, ("X", "Y"), kind=QuestionKind.RANKING)
    QuestionFactory(survey=survey, kind=QuestionKind.SHORT_TEXT)
    QuestionFactory(survey=survey, kind=QuestionKind.LONG_TEXT)
    html = client.get(url(survey)).content.decode()
    assert html.count("<fieldset") == 7 and html.count("<legend>") == 7
    assert "(obligatorisk)" in html
    help_id = re.search(r'id="(q\d+_help)"', html).group(1)
    assert f'aria-describedby="{help_id}' in html
    assert "Annat, nämligen" in html
    assert "1 = Inte alls" in html and "5 = Helt och hållet" in html and "Vet ej" in html
    assert '<th scope="col">' in html and '<th scope="row"' in html
    assert html.count("<select") == 2  # a place for each ranked item
    assert "<textarea" in html
    assert "kan svara mer än en gång" in html  # open to anyone


def test_a_multi_step_survey_is_answered_without_javascript(client, two_steps):
    survey, choice, scale, follow, matrix = two_steps
    page = client.get(url(survey))
    assert "Steg 1 av 2" in page.content.decode()
    yes = choice.options.get(text="Ja")
    step2 = client.post(
        url(survey),
        {"state": state_of(page), "step": 0, "action": "next", f"q{choice.pk}": yes.pk,
         f"q{scale.pk}": "4"},
    )  # fmt: skip
    html = step2.content.decode()
    assert step2.status_code == 200 and "Steg 2 av 2" in html
    assert f'name="q{follow.pk}"' in html  # shown after "Ja"
    assert not Response.objects.exists()  # nothing stored before sending
    # Back keeps the answers of step 1.
    back = client.post(
        url(survey),
        {"state": state_of(step2), "step": 1, "action": "back", f"q{follow.pk}": "Mer"},
    )
    assert re.search(rf'value="{yes.pk}" checked', back.content.decode())
    step2 = client.post(
        url(survey), {"state": state_of(back), "step": 0, "action": "next", f"q{choice.pk}": yes.pk}
    )
    assert 'value="Mer"' in step2.content.decode()  # kept from before
    statement = matrix.statements.first()
    done = client.post(
        url(survey),
        {"state": state_of(step2), "step": 1, "action": "send", f"q{follow.pk}": "Mer",
         f"q{matrix.pk}_s{statement.pk}": "2"},
    )  # fmt: skip
    assert done.status_code == 302 and done["Location"].endswith("/tack/")
    response = Response.objects.get()
    assert response.submitted and response.answers.count() == 3  # scale was cleared on step 1
    confirmation = client.get(done["Location"]).content.decode()
    assert "Tack för dina svar" in confirmation and "Enkäten stänger" in confirmation


def test_a_conditional_question_on_a_later_step_is_left_out(client, two_steps):
    survey, choice, _scale, follow, _matrix = two_steps
    page = client.get(url(survey))
    no = choice.options.get(text="Nej")
    step2 = client.post(
        url(survey), {"state": state_of(page), "step": 0, "action": "next", f"q{choice.pk}": no.pk}
    )
    assert f'name="q{follow.pk}"' not in step2.content.decode()


def test_an_answer_to_a_question_hidden_on_the_same_page_is_refused(client):
    survey = SurveyFactory()
    choice = choice_question(survey, ("Ja", "Nej"))
    follow = QuestionFactory(survey=survey, kind=QuestionKind.SHORT_TEXT, show_if_question=choice)
    follow.show_if_options.set([choice.options.get(text="Ja")])
    page = client.get(url(survey)).content.decode()
    assert "Svara bara om du valde ”Ja” i" in page and "data-show-if" in page
    refused = client.post(
        url(survey),
        {"step": 0, "action": "send", f"q{choice.pk}": choice.options.get(text="Nej").pk,
         f"q{follow.pk}": "Smyger in"},
    )  # fmt: skip
    assert refused.status_code == 200
    assert "Något behöver rättas" in refused.content.decode()
    assert not Response.objects.exists()


def test_errors_are_summarised_and_linked(client, two_steps):
    survey, choice, _scale, _follow, _matrix = two_steps
    page = client.post(url(survey), {"step": 0, "action": "next"})
    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="#id_q{choice.pk}_0"' in html and f'id="id_q{choice.pk}_0"' in html
    assert f'id="q{choice.pk}_error"' in html and f'aria-describedby="q{choice.pk}_error"' in html


@pytest.mark.parametrize(
    "data",
    [
        {"q{pk}": "999999"},  # an option that is not there
        {"q{scale}": "9"},  # outside the scale
        {"q{pk}": "abc", "state": "tampered"},
        {"step": "x"},
    ],
)
def test_tampered_posts_are_refused_with_a_message_not_a_500(client, two_steps, data):
    survey, choice, scale, _follow, _matrix = two_steps
    data = {k.format(pk=choice.pk, scale=scale.pk): v for k, v in data.items()}
    page = client.post(url(survey), {"step": 0, "action": "send", **data})
    assert page.status_code == 200
    assert "Något behöver rättas" in page.content.decode()
    assert not Response.objects.exists()


def test_closed_and_unopened_surveys_say_so(client):
    now = timezone.now()
    closed = SurveyFactory(opens_at=now - timedelta(days=3), closes_at=now - timedelta(days=1))
    question = choice_question(closed)
    page = client.get(url(closed)).content.decode()
    assert "Enkäten har stängt" in page and '<form method="post" novalidate data-survey' not in page
    posted = client.post(url(closed), {"step": 0, "action": "send", f"q{question.pk}": ""})
    assert "Enkäten har stängt" in posted.content.decode()
    assert not Response.objects.exists()


def test_a_draft_survey_is_hidden_from_respondents(client):
    survey = SurveyFactory(status=SurveyStatus.DRAFT)
    assert client.get(url(survey)).status_code == 404


def test_signed_in_survey_asks_to_sign_in(client):
    survey = SurveyFactory(access=Access.SIGNED_IN)
    choice_question(survey)
    page = client.get(url(survey)).content.decode()
    assert "Logga in för att svara på enkäten" in page


def test_a_signed_in_respondent_saves_comes_back_sends_and_changes(client, resident, two_steps):
    survey, choice, scale, _follow, _matrix = two_steps
    client.force_login(resident)
    page = client.get(url(survey))
    saved = client.post(
        url(survey), {"state": state_of(page), "step": 0, "action": "save", f"q{scale.pk}": "2"}
    )
    assert saved.status_code == 302 and "sparat=1" in saved["Location"]
    draft = Response.objects.get()
    assert not draft.submitted and draft.locator and not Respondent.objects.exists()
    again = client.get(saved["Location"]).content.decode()
    assert "Dina sparade svar är ifyllda" in again
    assert re.search(rf'name="q{scale.pk}" id="id_q{scale.pk}_1" value="2" checked', again)
    yes = choice.options.get(text="Ja")
    step2 = client.post(
        url(survey),
        {"state": state_of(client.get(url(survey))), "step": 0, "action": "next",
         f"q{choice.pk}": yes.pk, f"q{scale.pk}": "2"},
    )  # fmt: skip
    done = client.post(url(survey), {"state": state_of(step2), "step": 1, "action": "send"})
    assert done.status_code == 302
    assert Response.objects.get().submitted and Respondent.objects.count() == 1
    sent = client.get(done["Location"]).content.decode()
    assert "Du kan ändra dina svar tills enkäten stänger" in sent
    # Back on the survey: the answer is filled in, and can be changed (no second response).
    back = client.get(url(survey)).content.decode()
    assert "Du har svarat på enkäten" in back and "Spara och fortsätt senare" not in back
    no = choice.options.get(text="Nej")
    step2 = client.post(
        url(survey),
        {"state": state_of(client.get(url(survey))), "step": 0, "action": "next",
         f"q{choice.pk}": no.pk},
    )  # fmt: skip
    changed = client.post(url(survey), {"state": state_of(step2), "step": 1, "action": "send"})
    assert "andrat=1" in changed["Location"]
    assert Response.objects.count() == 1 and Respondent.objects.count() == 1
    assert "ersätter dem du gav tidigare" in client.get(changed["Location"]).content.decode()


def test_anonymous_sending_is_rate_limited(client, settings):
    survey = SurveyFactory()
    QuestionFactory(survey=survey, kind=QuestionKind.SHORT_TEXT)
    from .. import views

    settings.RATELIMIT_ENABLE = True
    original = views.ANSWER_RATE
    views.ANSWER_RATE = "2/h"
    try:
        statuses = [
            client.post(url(survey), {"step": 0, "action": "send"}).status_code for _ in range(3)
        ]
    finally:
        views.ANSWER_RATE = original
    assert statuses == [302, 302, 429]
    assert Response.objects.count() == 2


def test_follow_up_address_left_after_sending(client):
    survey = SurveyFactory()
    bad = client.post(url(survey, "surveys:follow_up"), {"email": "nej"})
    assert bad.status_code == 400 and "Något behöver rättas" in bad.content.decode()
    good = client.post(url(survey, "surveys:follow_up"), {"email": "a@example.se"})
    assert good.status_code == 302 and "adress=1" in good["Location"]
    assert FollowUpAddress.objects.get().email == "a@example.se"


def test_the_preview_is_marked_stores_nothing_and_is_for_officials(client, official, resident):
    survey = SurveyFactory(status=SurveyStatus.DRAFT)
    survey.process.officials.add(official)
    question = choice_question(survey, required=True)
    client.force_login(resident)
    assert client.get(url(survey, "surveys:preview")).status_code == 404
    client.force_login(official)
    page = client.get(url(survey, "surveys:preview")).content.decode()
    assert "Förhandsvisning" in page and "Spara och fortsätt senare" not in page
    refused = client.post(url(survey, "surveys:preview"), {"step": 0, "action": "send"})
    assert "Något behöver rättas" in refused.content.decode()  # a real answer's checks
    checked = client.post(
        url(survey, "surveys:preview"),
        {"step": 0, "action": "send", f"q{question.pk}": question.options.first().pk},
    )
    assert checked.status_code == 302
    assert not Response.objects.exists()


def test_paper_entry_by_the_process_official(client, official, resident):
    survey = SurveyFactory()
    survey.process.officials.add(official)
    question = choice_question(survey, required=True)
    entry = reverse(
        "surveys_paper:entry", kwargs={"slug": survey.process.slug, "survey_slug": survey.slug}
    )
    client.force_login(resident)
    assert client.get(entry).status_code == 403
    client.force_login(official)
    assert "Skriv in svar från papper" in client.get(entry).content.decode()
    missing = client.post(entry, {f"q{question.pk}": question.options.first().pk})
    assert missing.status_code == 400 and not Response.objects.exists()
    saved = client.post(entry, {"channel": "paper", f"q{question.pk}": question.options.first().pk})
    assert saved.status_code == 302
    response = Response.objects.get()
    assert response.channel == Channel.PAPER and not Respondent.objects.exists()


def test_the_round_page_lists_its_open_surveys(client):
    process = BudgetRoundFactory()
    survey = SurveyFactory(process=process, title="Behovsenkät")
    SurveyFactory(process=process, title="Utkastet", status=SurveyStatus.DRAFT)
    page = client.get(
        reverse("processes:round_detail", kwargs={"slug": process.slug})
    ).content.decode()
    assert "Enkäter som är öppna nu" in page and url(survey) in page
    assert "Utkastet" not in page


def test_the_surveys_tab_links_to_the_answer_page(client):
    survey = SurveyFactory()
    page = client.get(reverse("surveys:process_surveys", kwargs={"slug": survey.process.slug}))
    assert url(survey) in page.content.decode()


def test_a_user_in_another_process_only_survey_is_told_why(client):
    survey = SurveyFactory(access=Access.PROCESS)
    from delaktig.eligibility.models import RoundEligibility

    RoundEligibility.objects.create(budget_round=survey.process, use_invitations=True)
    choice_question(survey)
    client.force_login(UserFactory())
    page = client.get(url(survey)).content.decode()
    assert "bara för dem som får delta" in page


def test_a_value_the_form_refuses_is_shown_and_linked_at_its_question(client, two_steps):
    survey, _choice, scale, _follow, _matrix = two_steps
    page = client.post(url(survey), {"step": 0, "action": "next", f"q{scale.pk}": "9"})
    html = page.content.decode()
    assert f'<a href="#id_q{scale.pk}_0">' in html
    assert f'id="q{scale.pk}_error"' in html and "Välj ett giltigt alternativ" in html
    assert "Steg 1 av 2" in html and not Response.objects.exists()


def test_the_confirmation_says_when_the_report_is_expected(client):
    from delaktig.processes.models import Phase

    from .factories import dialogue_factory

    process = dialogue_factory()
    now = timezone.now()
    for kind, start, end in (("consult", -1, 2), ("analysis", 2, 10), ("follow_up", 10, None)):
        Phase.objects.create(
            budget_round=process,
            kind=kind,
            starts_at=now + timedelta(days=start),
            ends_at=now + timedelta(days=end) if end is not None else None,
        )
    survey = SurveyFactory(process=process, opens_at=None, closes_at=None)
    page = client.get(url(survey, "surveys:sent")).content.decode()
    assert "väntas publiceras från" in page
    assert "Enkäten stänger" in page  # the open phase's end


@pytest.mark.parametrize("action", ["xyz", "save"])
def test_an_unknown_action_on_the_last_step_is_no_500(client, two_steps, action):
    """Issue 12 review: an unknown action (or "save" where there is nothing to save) on the
    last step went one step too far and raised IndexError."""
    survey, choice, _scale, _follow, _matrix = two_steps
    yes = choice.options.get(text="Ja")
    page = client.get(url(survey))
    step2 = client.post(
        url(survey),
        {"state": state_of(page), "step": 0, "action": "next", f"q{choice.pk}": yes.pk},
    )
    last = client.post(url(survey), {"state": state_of(step2), "step": 1, "action": action})
    assert last.status_code < 500  # "save" without signing in: 403 with the reason
    assert not Response.objects.exists()
