import pytest

from delaktig.accounts.tests.factories import UserFactory

from ..personal_data_check import (
    EMAIL,
    NAME,
    PERSONNUMMER,
    PHONE,
    find_personal_data,
    highlighted,
    names_to_check,
)


def kinds(text, names=()):
    return [(f.kind, f.text) for f in find_personal_data(text, names)]


@pytest.mark.parametrize(
    "number",
    ["811218-9876", "8112189876", "19811218-9876", "198112189876", "811218+9876", "811218 - 9876"],
)
def test_a_personnummer_in_every_form_is_found(number):
    assert kinds(f"Mitt nummer är {number}, ring inte.") == [(PERSONNUMMER, number)]


def test_a_number_with_a_wrong_check_digit_or_date_is_not_a_personnummer():
    assert kinds("Ärende 811218-9875 och 811318-9876") == []


@pytest.mark.parametrize(
    "text",
    [
        "Budget 2026 och 2027",
        "Det kostar 85 000 kronor, eller 1 250 000 kr.",
        "Adressen är Storgatan 1, 532 30 Skara.",
        "Postnummer 53230 och 792 31 Mora",
        "Mötet 2026-05-12 kl. 18-20",
        "Vi var 12 345 personer",
    ],
)
def test_years_costs_postcodes_and_dates_are_not_flagged(text):
    assert kinds(text) == []


@pytest.mark.parametrize(
    "phone",
    [
        "070-123 45 67",
        "0701234567",
        "073 123 45 67",
        "+46 70 123 45 67",
        "+46(0)70-1234567",
        "0046 511 123 45",
        "0511-123 45",
        "08-123 456 78",
        "031/12 34 56",
    ],
)
def test_swedish_phone_numbers_are_found(phone):
    assert kinds(f"Ring mig på {phone} i kväll") == [(PHONE, phone)]


def test_email_addresses_are_found():
    assert kinds("Skriv till anna.svensson+dialog@skara.se.") == [
        (EMAIL, "anna.svensson+dialog@skara.se")
    ]


def test_full_names_are_found_as_whole_words_in_any_case():
    names = ["Karin Ek", "Per-Olof Lind", "Madonna"]
    assert kinds("Chefen KARIN EK lyssnar aldrig, inte heller per-olof lind.", names) == [
        (NAME, "KARIN EK"),
        (NAME, "per-olof lind"),
    ]
    # a part of a word, or a single-word name, is not a full name
    assert kinds("Karin Ekholm och Madonna", names) == []


def test_overlapping_findings_keep_the_stricter():
    found = find_personal_data("8112189876")
    assert [f.kind for f in found] == [PERSONNUMMER]


def test_highlighted_marks_findings_and_escapes_the_rest():
    text = "<b>Ring</b> 070-123 45 67"
    html = highlighted(text, find_personal_data(text))
    assert "&lt;b&gt;Ring&lt;/b&gt;" in html
    assert '<mark class="finding">070-123 45 67' in html


def test_names_to_check_are_staff_and_the_process_people(db):
    from ..models import Respondent
    from .factories import SurveyFactory

    survey = SurveyFactory()
    UserFactory(full_name="Olle Officer", is_official=True)
    taker = UserFactory(full_name="Rut Respondent")
    Respondent.objects.create(survey=survey, person=taker, answered_on="2026-01-01")
    UserFactory(full_name="Okänd Invånare")
    names = names_to_check(survey.process)
    assert ("olle", "officer") in names
    assert ("rut", "respondent") in names
    assert ("okänd", "invånare") not in names


@pytest.mark.parametrize(
    "text",
    [
        "811218–9876",  # an en dash, as Word and phones write it
        "pnr-811218-9876",
        "811218/9876",
        "811218.9876",
        "81 12 18-9876",
        "19811218\u20119876",  # a non-breaking hyphen
    ],
)
def test_a_personnummer_is_found_however_it_is_written(text):
    """Issue 12 review: these were not flagged, so a quote holding one could be published."""
    from ..personal_data_check import PERSONNUMMER, find_personal_data

    assert [f.kind for f in find_personal_data(text)] == [PERSONNUMMER]
