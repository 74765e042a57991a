"""A malformed Pabulib file is explained in Swedish, with its line, and no English left in."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from delaktig.counting.pabulib import ERROR_CODES, PabulibError
from delaktig.counting.tests.samples import CASES, case_id, raise_case
from delaktig.results.file_errors import MESSAGES, UNKNOWN, file_error_message
from delaktig.results.tests.factories import BROKEN_PABULIB, SMALL_PABULIB

# Words of the file format itself (sections, keys, columns, vote types), the same in any language,
# and English words that are Swedish too
SAME_IN_SWEDISH = {
    "meta",
    "projects",
    "votes",
    "budget",
    "vote_type",
    "num_projects",
    "num_votes",
    "max_length",
    "max_sum_points",
    "max_points",
    "max_sum_cost",
    "project_id",
    "voter_id",
    "vote",
    "points",
    "approval",
    "choose",
    "cumulative",
    "ordinal",
    "utf",
    "id",
    "text",
}
# English that must never show in a Swedish message
ENGLISH = {"line", "the", "is", "not", "of", "has", "file", "number", "cannot", "and", "project"}


def english_left_in(message: str, error: PabulibError) -> set[str]:
    """Words of the library's English message (or common English words) found in ``message``,
    leaving out the file's own values and the words of the format."""
    values = " ".join(str(v) for v in error.params.values()).lower()
    english = set(re.findall(r"[a-z_]+", error.reason.lower())) | ENGLISH
    english -= SAME_IN_SWEDISH | set(re.findall(r"[a-z_]+", values))
    words = set(re.findall(r"[a-zåäöé_]+", message.lower()))
    return english & words


def upload(text: str, name: str = "val.pb"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


def test_every_documented_code_has_a_message():
    assert set(MESSAGES) == set(ERROR_CODES)


@pytest.mark.parametrize("code", sorted(ERROR_CODES))
def test_every_message_is_translated_to_swedish(code):
    with translation.override("en"):
        english = str(MESSAGES[code])
    with translation.override("sv"):
        swedish = str(MESSAGES[code])
    assert swedish != english
    # the Swedish sentence uses the same values as the English one
    assert set(re.findall(r"%\((\w+)\)s", swedish)) == set(re.findall(r"%\((\w+)\)s", english))


@pytest.mark.parametrize(("code", "source", "line", "params"), CASES, ids=map(case_id, CASES))
def test_each_error_reads_in_swedish_with_its_line(code, source, line, params):
    error = raise_case(source)
    with translation.override("sv"):
        message = file_error_message(error)
        unknown = str(UNKNOWN)
    assert message != unknown and unknown not in message  # the code's own message, not the fallback
    if line is None:
        assert not message.startswith("Rad ")
    else:
        assert message.startswith(f"Rad {line}: ")
    assert error.reason not in message
    assert not english_left_in(message, error), message


def test_unknown_code_or_params_fall_back_to_a_general_sentence():
    with translation.override("sv"):
        newer = PabulibError("something new", 7, code="from_a_newer_library")
        assert file_error_message(newer) == (
            "Rad 7: Filen följer inte Pabulib-formatet. Jämför den med beskrivningen av formatet "
            "på pabulib.org."
        )
        odd = PabulibError("cost of project 1 is negative", 3, code="cost_negative")  # no params
        assert file_error_message(odd).startswith("Rad 3: Filen följer inte Pabulib-formatet.")
        no_line = PabulibError("something new", code="from_a_newer_library")
        assert file_error_message(no_line).startswith("Filen följer inte")


def test_long_values_from_the_file_are_cut():
    error = PabulibError("budget … is not a number", 6, code="budget_not_a_number")
    error.params["value"] = "x" * 5000
    with translation.override("sv"):
        message = file_error_message(error)
    assert len(message) < 200 and "…" in message


UPLOADS = [
    # (how to break the shared test election, the message the official sees)
    (
        lambda t: BROKEN_PABULIB,
        "Filen går inte att läsa. Rad 13: Kostnaden för projekt 3, ”tjugo”, är inte ett tal. "
        "Skriv den med siffror, till exempel 25000.",
    ),
    (
        lambda t: t.replace("budget;50000", "budget;-50000"),
        "Filen går inte att läsa. Rad 6: Budgeten ”-50000” är negativ. Den måste vara 0 eller mer.",
    ),
    (
        lambda t: t.replace("4;2,3", "4;2,9"),
        "Filen går inte att läsa. Rad 19: Rösten gäller projekt ”9”, som inte finns i PROJECTS.",
    ),
    (
        lambda t: t.replace("num_votes;4", "num_votes;5"),
        "Filen går inte att läsa. Rad 5: Enligt num_votes finns det 5 röster, men filen har 4. "
        "Rätta antalet eller rösterna.",
    ),
    (
        lambda t: t.split("VOTES")[0],
        "Filen går inte att läsa. Filen saknar avsnittet VOTES. En Pabulib-fil har avsnitten "
        "META, PROJECTS och VOTES, i den ordningen.",
    ),
]


@pytest.mark.parametrize(("breaker", "expected"), UPLOADS)
def test_malformed_upload_is_explained_in_swedish(client, official, breaker, expected):
    client.force_login(official)
    response = client.post(
        reverse("count_file"),
        {"file": upload(breaker(SMALL_PABULIB)), "rule": "greedy", "completion": "none"},
    )
    assert response.status_code == 200
    assert response.context["service_error"] == expected
    body = response.content.decode()
    assert "data-error-summary" in body
    assert expected in body
    assert not re.search(r"\bline \d", body)
