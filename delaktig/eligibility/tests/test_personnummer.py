"""Personnummer and samordningsnummer: formats, century, dates, check digit, keyed hash."""

from datetime import date

import pytest
from django.test import override_settings
from django.utils import translation

from delaktig.core.personnummer import (
    PersonnummerError,
    birth_date,
    keyed_hash,
    luhn_ok,
    normalise,
    parse,
)

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


@pytest.mark.parametrize(
    ("given", "digits"),
    [
        ("19121212-1212", "191212121212"),  # Skatteverket's test number
        ("191212121212", "191212121212"),
        ("121212+1212", "191212121212"),  # + : 100 years or older
        ("811228-9874", "198112289874"),
        ("8112289874", "198112289874"),
        ("19811228-9874", "198112289874"),
        (" 811228 - 9874 ", "198112289874"),
        ("701063-2391", "197010632391"),  # samordningsnummer: day 3 + 60
        ("121212-1212", "201212121212"),  # - : the latest century not in the future
    ],
)
def test_valid_numbers_normalise_to_twelve_digits(given, digits):
    assert normalise(given, today=TODAY) == digits


def test_birth_dates():
    assert birth_date("19121212-1212") == date(1912, 12, 12)
    assert birth_date("811228-9874") == date(1981, 12, 28)
    assert birth_date("701063-2391") == date(1970, 10, 3)
    assert parse("701063-2391").is_coordination_number
    assert not parse("811228-9874").is_coordination_number
    assert str(parse("8112289874")) == "19811228-9874"


def test_century_depends_on_the_reference_date():
    # Born 1 July: on 1 June 2026 a 10-digit "260701" cannot be 2026 (not born yet).
    from delaktig.core.personnummer import _infer_century

    assert _infer_century("260701", "-", TODAY) == 1926
    assert _infer_century("260501", "-", TODAY) == 2026
    assert _infer_century("260501", "+", TODAY) == 1926


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("", "Personnumret saknas."),
        (
            "81122A-9874",
            "Ett personnummer får bara innehålla siffror och ett bindestreck eller plustecken.",
        ),
        ("811228-987", "Ett personnummer har 10 eller 12 siffror."),
        ("8112289-874", "Ett personnummer har 10 eller 12 siffror."),
        ("1981122898741", "Ett personnummer har 10 eller 12 siffror."),
        ("811228-9875", "Kontrollsiffran stämmer inte."),
        ("19121212-1213", "Kontrollsiffran stämmer inte."),
        ("810230-1234", "Datumet i personnumret finns inte."),
        ("811328-1234", "Datumet i personnumret finns inte."),
        ("701093-2391", "Datumet i personnumret finns inte."),  # day 93 - 60 = 33
        ("20990101-1234", "Datumet i personnumret har inte kommit än."),
    ],
)
def test_invalid_numbers_say_why_in_swedish(given, message):
    with pytest.raises(PersonnummerError) as error:
        parse(given, today=TODAY)
    assert str(error.value) == message


def test_luhn():
    assert luhn_ok("8112289874")
    assert not luhn_ok("8112289875")


def test_keyed_hash_is_hmac_of_the_normalised_number():
    assert keyed_hash("811228-9874") == keyed_hash("198112289874")
    assert len(keyed_hash("811228-9874")) == 64
    assert "8112289874" not in keyed_hash("811228-9874")
    with override_settings(PERSONNUMMER_HASH_KEY="another key"):
        other = keyed_hash("811228-9874")
    assert other != keyed_hash("811228-9874")


def test_keyed_hash_refuses_invalid_numbers():
    with pytest.raises(PersonnummerError):
        keyed_hash("811228-9875")
