"""The results pages of a survey: who may see them, filters, breakdowns, tampering."""

import pytest
from django.urls import reverse

from delaktig.accounts.tests.factories import DistrictFactory, UserFactory

from ..models import QuestionKind, SurveyStatus
from .factories import (
    QuestionFactory,
    SurveyFactory,
    choice_question,
    matrix_question,
    scale_question,
    stored_response,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    """A survey with one question of each kind and 12 answers: 8 from Norr, 4 from Söder."""
    survey = SurveyFactory(min_group_size=5, title="Trygghet")
    choice = choice_question(survey, ("Ja", "Nej"), text="Känner du dig trygg?")
    scale = scale_question(survey, 1, 5, text="Hur nöjd är du?", allow_dont_know=True)
    matrix = matrix_question(survey, ("Jag trivs", "Jag blir lyssnad på"), text="Arbetsplatsen")
    text = QuestionFactory(survey=survey, kind=QuestionKind.LONG_TEXT, text="Något mer?")
    north, south = DistrictFactory(name="Norr"), DistrictFactory(name="Söder")
    yes, no = choice.options.all()
    s1, s2 = matrix.statements.all()
    for i in range(12):
        stored_response(
            survey,
            {
                choice: yes if i % 3 else no,
                scale: i % 5 + 1,
                matrix: {s1: i % 5 + 1, s2: 5 - i % 5},
                text: "Hej",
            },
            district=north if i < 8 else south,
        )
    return survey


def public_url(survey):
    return reverse(
        "survey_results:results", kwargs={"slug": survey.process.slug, "survey_slug": survey.slug}
    )


def manage_url(survey):
    return reverse(
        "survey_results_manage:results",
        kwargs={"slug": survey.process.slug, "survey_slug": survey.slug},
    )


def test_officials_of_the_process_see_the_results_with_chart_and_table(client, survey):
    official = UserFactory(is_official=True)
    survey.process.officials.add(official)
    client.force_login(official)
    response = client.get(manage_url(survey))
    assert response.status_code == 200
    html = response.content.decode()
    assert "12 svar i det här urvalet" in html
    assert html.count('role="img"') == 3  # choice, scale and matrix
    assert "<title" in html and "Arbetsplatsen" in html
    assert "Jag blir lyssnad på" in html  # the matrix table
    assert "12 svar i fritext" in html
    assert "Hej" not in html  # free text itself is not shown here


def test_another_official_is_refused(client, survey):
    survey.process.officials.add(UserFactory(is_official=True))
    client.force_login(UserFactory(is_official=True))
    assert client.get(manage_url(survey)).status_code == 403


def test_residents_see_results_only_when_public(client, survey):
    client.force_login(UserFactory())
    response = client.get(public_url(survey))
    assert response.status_code == 403
    assert "inte offentligt" in response.content.decode()
    survey.results_public = True
    survey.save()
    assert client.get(public_url(survey)).status_code == 200
    client.logout()
    assert client.get(public_url(survey)).status_code == 200
    assert client.get(manage_url(survey)).status_code == 302  # sign in first


def test_a_draft_survey_is_not_found_by_the_public(client, survey):
    survey.results_public = True
    survey.status = SurveyStatus.DRAFT
    survey.save()
    assert client.get(public_url(survey)).status_code == 404


def test_a_filter_under_k_shows_too_few(client, survey):
    survey.results_public = True
    survey.save()
    south = survey.responses.filter(district__name="Söder").first().district
    response = client.get(public_url(survey), {"district": south.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "För få svar för att visas" in html
    assert "Känner du dig trygg?" not in html


def test_a_breakdown_withholds_the_small_group_and_its_complement(client, survey):
    survey.results_public = True
    survey.save()
    html = client.get(public_url(survey), {"by": "district"}).content.decode()
    # Söder has 4 < K; Norr (8) would give it away as 12 − 8, so it is withheld too.
    assert html.count("För få svar för att visas") >= 2
    assert ">8<" not in html and ">4<" not in html


@pytest.mark.parametrize(
    "params",
    [
        {"district": "x"},
        {"district": "99999999999999999999"},
        {"unit": "-1"},
        {"unit": "²"},
        {"age": "<script>"},
        {"channel": "pigeon"},
        {"by": "name"},
        {"by": "district", "district": "1"},
    ],
)
def test_tampered_filters_are_left_out_with_a_message_never_a_500(client, survey, params):
    survey.results_public = True
    survey.save()
    response = client.get(public_url(survey), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "kunde inte användas" in html or "12 svar" in html
    assert "<script>" not in html


def test_the_survey_list_links_to_the_results_only_for_those_who_may_see_them(client, survey):
    process_surveys = reverse("surveys:process_surveys", kwargs={"slug": survey.process.slug})
    assert "Resultatet av ”Trygghet”" not in client.get(process_surveys).content.decode()
    survey.results_public = True
    survey.save()
    html = client.get(process_surveys).content.decode()
    assert "Resultatet av ”Trygghet”" in html and public_url(survey) in html


def test_a_breakdown_table_has_the_same_columns_in_every_row(client, survey):
    """Withheld rows span the columns; shown rows give each column a value."""
    survey.min_group_size = 3
    survey.save()
    survey.results_public = True
    survey.save()
    response = client.get(public_url(survey), {"by": "district"})
    html = response.content.decode()
    # Norr (8) and Söder (4) both shown at K = 3: the choice question's shares per district.
    assert "Uppdelat efter: Område" in html
    tables = response.context["breakdown"]["tables"]
    for _question, table in tables:
        for _label, answered, cells in table["rows"]:
            assert answered is not None
            assert [header for header, _cell in cells] == table["headers"]
    choice_table = tables[0][1]
    assert choice_table["headers"] == ["Ja", "Nej"]
    assert choice_table["rows"][0] == ("Norr", 8, [("Ja", "62 %"), ("Nej", "38 %")])


def test_under_k_in_all_there_is_nothing_to_filter(client):
    survey = SurveyFactory(min_group_size=5, results_public=True)
    question = choice_question(survey)
    district = DistrictFactory(name="Järna")
    for _ in range(3):
        stored_response(survey, {question: question.options.first()}, district=district)
    html = client.get(public_url(survey)).content.decode()
    assert "inte tillräckligt många svar" in html
    assert "Järna" not in html  # not even as a filter to choose
