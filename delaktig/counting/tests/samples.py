"""Small Pabulib files for the tests, and the same files broken once for every error code.

Plain data and helpers (no test functions, no markers), so other apps' tests can import them:
the results app checks that it words every error in ``CASES`` in Swedish.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from delaktig.counting import pabulib
from delaktig.counting.pabulib import PabulibError

GOOD = '''META
key;value
description;Test
num_projects;3
num_votes;4
budget;100
vote_type;approval
max_length;2
PROJECTS
project_id;cost;name;category
1;50;"Park; with a bench";green
2;60.0;Lights;None
10;40;"Say ""hi""";
VOTES
voter_id;vote;age
a;1,2;30
b;10;41
c;2,1,2;22
d;;50
'''

CUMULATIVE = """META
key;value
budget;10
vote_type;cumulative
max_sum_points;10
max_points;6
PROJECTS
project_id;cost
a;5
b;5
VOTES
voter_id;vote;points
1;a,b;4,6
2;a;3
"""


def good(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new)


def cumulative(old: str, new: str) -> str:
    assert old in CUMULATIVE, old
    return CUMULATIVE.replace(old, new)


MISSING = Path(__file__).resolve().parent / "no-such-file.pb"

# (code, file contents or a path to load, the line of the error, some of the params)
CASES = [
    ("cannot_read", MISSING, None, {"path": str(MISSING)}),
    ("not_utf8", GOOD.encode().replace(b"Lights", b"Lights\xff"), 12, {}),
    ("section_missing", GOOD.split("VOTES")[0], None, {"section": "VOTES"}),
    ("section_repeated", GOOD + "VOTES\n", 20, {"section": "VOTES"}),
    (
        "section_order",
        GOOD.replace("PROJECTS", "XX").replace("VOTES", "PROJECTS", 1).replace("XX", "VOTES"),
        9,
        {"section": "VOTES"},
    ),
    ("text_before_meta", "hello\n" + GOOD, 1, {}),
    ("meta_line_incomplete", good("description;Test", "description"), 3, {}),
    ("meta_key_repeated", good("description;Test", "budget;5"), 6, {"key": "budget"}),
    (
        "meta_not_a_number",
        good("num_projects;3", "num_projects;three"),
        4,
        {"key": "num_projects", "value": "three"},
    ),
    ("meta_too_large", good("max_length;2", "max_length;" + "9" * 20), 8, {"key": "max_length"}),
    ("vote_type_missing", good("vote_type;approval\n", ""), 1, {}),
    (
        "vote_type_unsupported",
        good("vote_type;approval", "vote_type;scoring"),
        7,
        {"value": "scoring", "expected": "approval, choose-1, cumulative, ordinal"},
    ),
    ("budget_missing", good("budget;100\n", ""), 1, {}),
    ("budget_not_a_number", good("budget;100", "budget;lots"), 6, {"value": "lots"}),
    ("budget_too_large", good("budget;100", "budget;" + "9" * 20), 6, {"value": "9" * 20}),
    ("budget_negative", good("budget;100", "budget;-100"), 6, {"value": "-100"}),
    (
        "num_projects_mismatch",
        good("num_projects;3", "num_projects;4"),
        4,
        {"key": "num_projects", "stated": "4", "actual": 3},
    ),
    (
        "num_votes_mismatch",
        good("num_votes;4", "num_votes;5"),
        5,
        {"key": "num_votes", "stated": "5", "actual": 4},
    ),
    ("header_missing", GOOD.split("VOTES")[0] + "VOTES\n", 15, {"section": "VOTES"}),
    (
        "header_column_missing",
        good("voter_id;vote;age", "id;vote;age"),
        15,
        {"section": "VOTES", "column": "voter_id"},
    ),
    (
        "header_column_repeated",
        good("project_id;cost;name;category", "project_id;cost;name;name"),
        10,
        {"section": "PROJECTS"},
    ),
    ("points_column_missing", cumulative("voter_id;vote;points", "voter_id;vote;pts"), 12, {}),
    ("project_fields", good("1;50;", "1;50;extra;"), 11, {"fields": 5, "columns": 4}),
    ("project_id_empty", good("2;60.0;", ";60.0;"), 12, {}),
    ("project_id_comma", good("10;40;", "1,0;40;"), 13, {"project": "1,0"}),
    ("project_repeated", good("10;40;", "1;40;"), 13, {"project": "1", "first_line": 11}),
    ("cost_not_a_number", good("1;50;", "1;fifty;"), 11, {"project": "1", "value": "fifty"}),
    ("cost_too_large", good("1;50;", "1;" + "9" * 20 + ";"), 11, {"project": "1"}),
    ("cost_negative", good("1;50;", "1;-5;"), 11, {"project": "1", "value": "-5"}),
    (
        "amount_too_precise",
        good("2;60.0;", "2;60.99999999999999999999999990;"),
        12,
        {"value": "60.99999999999999999999999990"},
    ),
    ("vote_fields", good("b;10;41", "b;10;41;x"), 17, {"fields": 4, "columns": 3}),
    ("vote_fields", good("b;10;41", 'b;"10";41;x'), 17, {"fields": 4, "columns": 3}),
    ("voter_repeated", good("c;2,1,2;22", "a;2,1,2;22"), 18, {"voter": "a", "first_line": 16}),
    ("voter_id_empty", good("b;10;41", ";10;41"), 17, {}),
    ("vote_unknown_project", good("b;10;41", "b;10,7;41"), 17, {"project": "7"}),
    ("vote_empty_project", good("b;10;41", "b;10,,1;41"), 17, {}),
    ("points_count", cumulative("2;a;3", "2;a,b;3"), 14, {"projects": 2, "points": 1}),
    ("points_not_whole", cumulative("2;a;3", "2;a;1.5"), 14, {"value": "1.5"}),
    ("points_too_large", cumulative("2;a;3", "2;a;" + "9" * 12), 14, {"value": "9" * 12}),
    ("points_negative", cumulative("2;a;3", "2;a;-1"), 14, {"value": "-1"}),
    ("choose1_too_many", good("vote_type;approval", "vote_type;choose-1"), 16, {"projects": 2}),
    ("over_max_length", good("b;10;41", "b;10,1,2;41"), 17, {"projects": 3, "limit": 2}),
    ("over_max_sum_points", cumulative("2;a;3", "2;a,b;6,5"), 14, {"points": 11, "limit": 10}),
    ("over_max_points", cumulative("2;a;3", "2;a;7"), 14, {"points": 7, "limit": 6}),
    (
        "over_max_sum_cost",
        good("max_length;2", "max_sum_cost;100"),
        16,
        {"cost": 110, "limit": 100},
    ),
]


def raise_case(source) -> PabulibError:
    """The error that reading ``source`` (contents, or a path) raises."""
    with pytest.raises(PabulibError) as info:
        if isinstance(source, Path):
            pabulib.load(source)
        else:
            pabulib.loads(source)
    return info.value


def case_id(case) -> str:
    return (
        case[0] if [c[0] for c in CASES].count(case[0]) == 1 else f"{case[0]}-{CASES.index(case)}"
    )
