"""The numbers of a survey's results (surveys.analysis): known answers give known numbers, and
every output keeps to the K rule."""

from datetime import date
from itertools import product

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delaktig.accounts.tests.factories import DistrictFactory, UnitFactory, UserFactory
from delaktig.eligibility.tests.factories import CensusEntryFactory, InvitationFactory
from delaktig.processes.models import Area

from ..analysis import PARAMS, SurveyAnalysis, median_of
from ..disclosure import ANY, EVERYONE, with_value
from ..models import QuestionKind
from .factories import (
    OptionFactory,
    QuestionFactory,
    SurveyFactory,
    choice_question,
    matrix_question,
    scale_question,
    stored_response,
)

pytestmark = pytest.mark.django_db


def test_median_of_a_distribution():
    assert median_of({}) is None
    assert median_of({3: 1}) == 3
    assert median_of({1: 1, 2: 1}) == 1.5
    assert median_of({1: 2, 5: 1}) == 1
    assert median_of({1: 1, 4: 2, 5: 1}) == 4


def test_counts_and_shares_of_a_choice_question_with_other():
    survey = SurveyFactory()
    q = choice_question(survey, ("Ja", "Nej"), allow_other=True)
    yes, no = q.options.all()
    for answer in [yes] * 3 + [no] * 2 + ["Kanske"]:
        stored_response(survey, {q: answer})
    stored_response(survey, {q: yes}, submitted=False)  # a draft counts nowhere
    result = SurveyAnalysis(survey).summary()["questions"][0]
    assert result.answered == 6
    assert [(c.label, c.count, round(c.share, 3), c.other) for c in result.choices] == [
        ("Ja", 3, 0.5, False),
        ("Nej", 2, 0.333, False),
        ("Annat", 1, 0.167, True),
    ]


def test_several_choices_share_of_people_not_of_ticks():
    survey = SurveyFactory()
    q = choice_question(survey, ("A", "B"), kind=QuestionKind.MULTIPLE)
    a, b = q.options.all()
    for answer in [[a, b]] * 4 + [[a]]:
        stored_response(survey, {q: answer})
    result = SurveyAnalysis(survey).summary()["questions"][0]
    assert [(c.count, c.share) for c in result.choices] == [(5, 1.0), (4, 0.8)]


def test_a_scale_gives_its_distribution_median_and_mean_without_dont_know():
    survey = SurveyFactory()
    q = scale_question(survey, 1, 5, allow_dont_know=True)
    for value in [1, 2, 4, 4, 5, None, None]:
        stored_response(survey, {q: value})
    scale = SurveyAnalysis(survey).summary()["questions"][0].scale
    assert scale.answered == 5 and scale.dont_know == 2
    assert [s.count for s in scale.steps] == [1, 1, 0, 2, 1]
    assert [s.side for s in scale.steps] == [
        "negative",
        "negative",
        "neutral",
        "positive",
        "positive",
    ]
    assert scale.steps[0].label == "1 Inte alls"
    assert scale.median == 4 and scale.mean == pytest.approx(3.2)


def test_a_matrix_gives_a_distribution_per_statement():
    survey = SurveyFactory()
    q = matrix_question(survey, ("Jag trivs", "Jag blir lyssnad på"), 1, 4)
    s1, s2 = q.statements.all()
    for a, b in [(1, 4), (2, 4), (3, 3), (4, None), (4, 1)]:
        stored_response(survey, {q: {s1: a, s2: b}})
    first, second = SurveyAnalysis(survey).summary()["questions"][0].statements
    assert [s.count for s in first.steps] == [1, 1, 1, 2]
    assert first.median == 3 and first.mean == pytest.approx(2.8)
    assert [s.count for s in second.steps] == [1, 0, 1, 2] and second.dont_know == 1
    # An even scale has no middle step: two below, two above.
    assert [s.side for s in first.steps] == ["negative", "negative", "positive", "positive"]


def test_a_ranking_gives_average_place_and_first_places():
    survey = SurveyFactory()
    q = QuestionFactory(survey=survey, kind=QuestionKind.RANKING)
    park, road, school = (OptionFactory(question=q, text=t) for t in ("Park", "Väg", "Skola"))
    for order in [[park, road, school]] * 3 + [[school, park, road]] * 2:
        stored_response(survey, {q: order})
    ranking = SurveyAnalysis(survey).summary()["questions"][0].ranking
    assert [(r.label, r.average_place, r.first_places, r.ranked) for r in ranking] == [
        ("Park", pytest.approx(1.4), 3, 5),
        ("Skola", pytest.approx(2.2), 2, 5),
        ("Väg", pytest.approx(2.4), 0, 5),
    ]


def test_free_text_gives_only_the_number_of_answers():
    survey = SurveyFactory()
    q = QuestionFactory(survey=survey, kind=QuestionKind.LONG_TEXT)
    for i in range(6):
        stored_response(survey, {q: f"Svar {i}"})
    result = SurveyAnalysis(survey).summary()["questions"][0]
    assert result.answered == 6
    assert not result.choices and not result.statements and result.scale is None


def test_a_question_answered_by_fewer_than_k_is_hidden():
    survey = SurveyFactory(min_group_size=5)
    common = choice_question(survey)
    rare = choice_question(survey)
    yes = common.options.first()
    for i in range(8):
        stored_response(survey, {common: yes, **({rare: rare.options.first()} if i < 3 else {})})
    common_result, rare_result = SurveyAnalysis(survey).summary()["questions"]
    assert common_result.answered == 8
    assert rare_result.hidden


def test_too_few_answers_show_nothing():
    survey = SurveyFactory(min_group_size=5)
    q = choice_question(survey)
    for _ in range(4):
        stored_response(survey, {q: q.options.first()})
    assert SurveyAnalysis(survey).summary() == {"size": None, "questions": []}


def test_filter_and_breakdown_by_district_with_complementary_suppression():
    survey = SurveyFactory(min_group_size=5)
    q = choice_question(survey)
    yes, no = q.options.all()
    north, south, east = (DistrictFactory(name=n) for n in ("Norr", "Söder", "Öster"))
    for district, n in ((north, 12), (south, 7), (east, 2)):
        for i in range(n):
            stored_response(survey, {q: yes if i % 2 else no}, district=district)
    analysis = SurveyAnalysis(survey)
    north_only = analysis.selection(QueryDict(f"district={north.pk}"))
    assert analysis.summary(north_only)["size"] == 12
    assert analysis.summary(north_only)["questions"][0].choices[0].count == 6
    # Öster (2) is too small; Söder (7) is withheld with it, or 21 − 12 − 7 would give Öster.
    south_only = analysis.selection(QueryDict(f"district={south.pk}"))
    assert analysis.summary(south_only) == {"size": None, "questions": []}
    breakdown = analysis.breakdown(analysis.selection(QueryDict("by=district")))
    assert breakdown["groups"] == [("Norr", 12), ("Söder", None), ("Öster", None)]
    north_result, south_result, east_result = breakdown["questions"][0][1]
    assert north_result[1].answered == 12 and south_result[1].hidden and east_result[1].hidden


def test_tampered_filters_are_dropped_and_named():
    survey = SurveyFactory()
    unit = UnitFactory()
    analysis = SurveyAnalysis(survey)
    selection = analysis.selection(
        QueryDict("district=abc&unit=99999&age=200-300&channel=telepathy&by=colour")
    )
    assert selection.filter == EVERYONE and selection.by == ""
    assert len(selection.ignored) == 5
    # A breakdown by the dimension that is filtered makes no sense: dropped too.
    selection = analysis.selection(QueryDict(f"unit={unit.pk}&by=unit"))
    assert selection.filter == (ANY, unit.pk, ANY, ANY) and selection.by == ""


def test_reach_against_the_census_by_district_and_age():
    survey = SurveyFactory(min_group_size=3)
    process = survey.process
    north = DistrictFactory(name="Norr")
    area = Area.objects.create(budget_round=process, name="Norr", budget=0, district=north)
    opens = survey.window()[0].date()
    young = date(opens.year - 20, 1, 1)
    old = date(opens.year - 70, 1, 1)
    for i in range(10):
        CensusEntryFactory(
            budget_round=process,
            personnummer_hash=f"h{i}",
            area=area,
            birth_date=young if i < 6 else old,
        )
    q = choice_question(survey)
    for _ in range(4):
        stored_response(survey, {q: q.options.first()}, district=north, age_band="18-29")
    reach = SurveyAnalysis(survey).reach()
    assert reach["source"] == "röstlängden"
    assert reach["total"][0] | {} == {
        "label": "Alla",
        "audience": 10,
        "respondents": 4,
        "rate": 0.4,
        "not_reached": 6,
    }
    assert [(r["label"], r["audience"], r["respondents"]) for r in reach["ages"]] == [
        ("18–29", 6, 4),
        ("65 eller äldre", 4, None),
    ]


def test_reach_against_an_invitation_list_and_unit_members():
    survey = SurveyFactory(min_group_size=3)
    for _i in range(5):
        InvitationFactory(budget_round=survey.process, birth_date=None)
    unit = UnitFactory(name="Skolan")
    for _ in range(6):
        UserFactory().units.add(unit)
    q = choice_question(survey)
    for _ in range(3):
        stored_response(survey, {q: q.options.first()}, unit=unit)
    reach = SurveyAnalysis(survey).reach()
    assert reach["source"] == "inbjudningslistan"
    assert reach["total"][0]["audience"] == 5 and reach["ages"] == []
    assert [(r["label"], r["audience"], r["respondents"]) for r in reach["units"]] == [
        ("Skolan", 6, 3)
    ]


def test_no_audience_known_gives_no_reach():
    survey = SurveyFactory()
    assert SurveyAnalysis(survey).reach() is None


def test_the_number_of_queries_does_not_depend_on_the_answers(django_assert_max_num_queries):
    survey = SurveyFactory(min_group_size=3)
    q = choice_question(survey)
    m = matrix_question(survey, ("A", "B", "C"))
    district = DistrictFactory()
    for i in range(30):
        stored_response(
            survey,
            {q: q.options.first(), m: dict.fromkeys(m.statements.all(), i % 5 + 1)},
            district=district if i % 2 else None,
        )
    with django_assert_max_num_queries(12):
        analysis = SurveyAnalysis(survey)
        analysis.summary(analysis.selection(QueryDict("")))
        analysis.breakdown(analysis.selection(QueryDict("by=district")))


# -- the property, over the pages' own numbers ------------------------------------------------


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([0, 1, None]),  # district
            st.sampled_from([0, None]),  # unit
            st.sampled_from(["18-29", "65-", ""]),  # age band
            st.sampled_from(["online", "paper"]),
            st.booleans(),  # answered the optional question
        ),
        max_size=30,
    ),
    st.integers(min_value=3, max_value=5),
)
def test_no_page_number_reveals_a_group_under_k(rows, k):
    survey = SurveyFactory(min_group_size=k)
    q = choice_question(survey)
    optional = choice_question(survey)
    districts = [DistrictFactory(), DistrictFactory()]
    units = [UnitFactory()]
    for d, u, age, channel, answered in rows:
        answers = {q: q.options.first()}
        if answered:
            answers[optional] = optional.options.last()
        stored_response(
            survey,
            answers,
            district=None if d is None else districts[d],
            unit=None if u is None else units[u],
            age_band=age,
            channel=channel,
        )
    analysis = SurveyAnalysis(survey)
    options = [
        ["", *(str(x.pk) for x in districts)],
        ["", str(units[0].pk)],
        ["", "18-29", "65-"],
        ["", "online", "paper"],
    ]
    # Every page a person could ask for: every filter, with and without every breakdown.
    shown = []  # (filter, responses, [people who answered each question or None])
    for values in product(*options):
        params = QueryDict(mutable=True)
        for name, value in zip(PARAMS, values, strict=True):
            params[name] = value
        selection = analysis.selection(params)
        summary = analysis.summary(selection)
        if summary["size"] is not None:
            shown.append(
                (selection.filter, summary["size"], [r.answered for r in summary["questions"]])
            )
        for by in PARAMS:
            params["by"] = by
            selection = analysis.selection(params)
            breakdown = analysis.breakdown(selection)
            if breakdown is None:
                continue
            index = PARAMS.index(by)
            values_ = analysis.responses.values(index, selection.filter)
            for value, (_label, size) in zip(values_, breakdown["groups"], strict=True):
                position = values_.index(value)
                if size is not None:
                    answered = [p[position][1].answered for _q, p in breakdown["questions"]]
                    shown.append((with_value(selection.filter, index, value), size, answered))
                else:
                    for _q, p in breakdown["questions"]:
                        assert p[position][1].hidden
    groups, sizes = {}, {}
    for filter_, size, answered in shown:
        members = frozenset(
            i
            for i, row in enumerate(rows)
            if all(
                f is ANY or f == v
                for f, v in zip(filter_, _cell_of(row, districts, units), strict=True)
            )
        )
        # Every number shown is the size of its group, and at least K.
        assert size == len(members) and size >= k
        assert all(a is None or a >= k for a in answered)
        groups[members] = answered
        sizes[filter_] = size
    # In every breakdown of a shown group, the parts not shown hold none or at least K
    # responses: the group minus the parts shown reveals no small group.
    for filter_, size in sizes.items():
        if "" in filter_:
            continue  # a part "not known": pages do not break it down further
        for index, value in enumerate(filter_):
            if value is not ANY:
                continue
            parts = analysis.responses.values(index, filter_)
            hidden = size - sum(sizes.get(with_value(filter_, index, v), 0) for v in parts)
            assert hidden == 0 or hidden >= k, (filter_, index, hidden)
    # No two shown groups, one inside the other, differ by 1..K-1 responses, or by 1..K-1
    # answers to a question shown in both.
    items = list(groups.items())
    for i, (g1, n1) in enumerate(items):
        for g2, n2 in items[i + 1 :]:
            if g1 < g2 or g2 < g1:
                assert abs(len(g1) - len(g2)) >= k
                for a, b in zip(n1, n2, strict=True):
                    if a is not None and b is not None:
                        assert a == b or abs(a - b) >= k


def _cell_of(row, districts, units):
    d, u, age, channel, _answered = row
    return (
        "" if d is None else districts[d].pk,
        "" if u is None else units[u].pk,
        age,
        channel,
    )
