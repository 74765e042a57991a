"""Codes that people type: voting codes and receipt codes are read the same way."""

import pytest

from delaktig.core.codes import ALPHABET, RECEIPT_CODE, VOTING_CODE


def variants(code: str) -> list[str]:
    """How people type or paste a code shown as ABCD-EFGH-JK23."""
    return [
        code,
        code.lower(),
        code.replace("-", ""),
        code.replace("-", " "),
        f"  {code}\n",
        code.replace("-", "\u2013"),  # en dash (word processors, e-mail clients)
        code.replace("-", "\u2014"),  # em dash
        code.replace("-", "\u2212"),  # minus sign
        code.replace("-", "\u2011"),  # non-breaking hyphen
        code.replace("-", "\u00a0"),  # non-breaking space
        code.replace("-", "."),
        code.replace("-", " - "),
        code.replace("-", "\u00ad"),  # soft hyphen, invisible, from a PDF
        "\u200b" + code,  # zero-width space
        code.translate({ord(c): ord(c) + 0xFEE0 for c in ALPHABET + "-"}),  # full-width
    ]


@pytest.mark.parametrize("kind", [VOTING_CODE, RECEIPT_CODE], ids=["voting", "receipt"])
def test_both_kinds_accept_the_same_ways_of_typing(kind, settings):
    settings.VOTING_CODE_KEY = settings.RECEIPT_KEY = "a key for this test"
    code = kind.generate()
    assert kind.normalise(code) == code.replace("-", "")
    for typed in variants(code):
        assert kind.normalise(typed) == code.replace("-", ""), repr(typed)
        assert kind.keyed_hash(typed) == kind.keyed_hash(code), repr(typed)


@pytest.mark.parametrize("kind", [VOTING_CODE, RECEIPT_CODE], ids=["voting", "receipt"])
def test_both_kinds_refuse_what_cannot_be_a_code(kind):
    code = kind.generate().replace("-", "")
    for typed in ("", None, code[:-1], code + "A", "A" * (kind.length - 1) + "_"):
        assert kind.normalise(typed) is None and kind.keyed_hash(typed) is None, repr(typed)
    # The alphabet has no 0/O or 1/I, so a typed one is never part of a code, nor guessed at.
    for look_alike in "0O1I":
        assert kind.normalise(look_alike + code[1:]) is None


def test_codes_are_in_groups_of_four_from_the_alphabet():
    assert not set(ALPHABET) & set("01IO") and len(ALPHABET) == 32
    assert len(VOTING_CODE.generate()) == 14 and len(RECEIPT_CODE.generate()) == 19
    assert set(RECEIPT_CODE.generate().replace("-", "")) <= set(ALPHABET)


def test_each_kind_hashes_under_its_own_key(settings):
    settings.VOTING_CODE_KEY, settings.RECEIPT_KEY = "voting key", "receipt key"
    same = "ABCD-EFGH-JKLM-NPQR"
    assert VOTING_CODE.keyed_hash(same[:14]) != RECEIPT_CODE.keyed_hash(same)
    before = RECEIPT_CODE.keyed_hash(same)
    settings.RECEIPT_KEY = "another key"
    assert RECEIPT_CODE.keyed_hash(same) != before
