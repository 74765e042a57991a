"""Every PabulibError carries a documented code and the values of its message.

Applications word the codes in other languages (the web app in Swedish), so each raise site must
pass a code from ``ERROR_CODES``, and ``ERROR_CODES[code].format(**params)`` must give the
English message. ``samples.CASES`` breaks a small file once for every code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from delaktig.counting import pabulib
from delaktig.counting.pabulib import ERROR_CODES
from delaktig.counting.pabulib.reader import _NUMBER_CODES

from .samples import CASES, case_id, raise_case


@pytest.mark.parametrize(("code", "source", "line", "params"), CASES, ids=map(case_id, CASES))
def test_each_error_has_its_code_and_params(code, source, line, params):
    error = raise_case(source)
    assert error.code == code, str(error)
    assert error.line == line, str(error)
    assert params.items() <= error.params.items()
    assert error.params.get("line") == line
    # the documented English message, filled with the params, is the error's own message
    assert ERROR_CODES[code].format(**error.params) == error.reason
    assert str(error) == (f"line {line}: {error.reason}" if line is not None else error.reason)
    assert all(isinstance(v, str | int) for v in error.params.values())


def test_every_documented_code_has_a_case():
    assert {case[0] for case in CASES} == set(ERROR_CODES)


def test_every_raise_site_passes_a_documented_code():
    tree = ast.Module(
        body=[
            node
            for module in Path(pabulib.__file__).parent.glob("*.py")
            for node in ast.parse(module.read_text(encoding="utf-8")).body
        ],
        type_ignores=[],
    )
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("PabulibError", "_BallotError")
    ]
    assert len(calls) >= 40
    for call in calls:
        code = next((kw.value for kw in call.keywords if kw.arg == "code"), None)
        assert code is not None, f"line {call.lineno}: {ast.unparse(call)} has no code="
        if isinstance(code, ast.Constant):
            assert code.value in ERROR_CODES, f"line {call.lineno}: {code.value!r} undocumented"
    assert {c for pair in _NUMBER_CODES.values() for c in pair} <= set(ERROR_CODES)


def test_codes_are_short_snake_case():
    for code in ERROR_CODES:
        assert code.replace("_", "").isalnum() and code.islower() and len(code) <= 30, code
