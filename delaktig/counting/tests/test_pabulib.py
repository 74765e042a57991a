"""Reading and writing Pabulib files: parsing, errors with line numbers, round trips."""

from __future__ import annotations

import io
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delaktig.counting import count, pabulib
from delaktig.counting.model import Ballot, Instance, Profile, Project
from delaktig.counting.pabulib import PabulibError

from .conftest import DATA, data_files, load, needs_data, size_marks
from .samples import CUMULATIVE, GOOD


def test_parse_a_small_file():
    inst, prof = pabulib.loads(GOOD)
    assert inst.budget == 100
    assert inst.project_ids == ("1", "2", "10")
    assert [p.cost for p in inst.projects] == [50, 60, 40]
    assert isinstance(inst.projects[1].cost, int)  # "60.0" is a whole number
    assert inst.projects[0].name == "Park; with a bench"
    assert inst.projects[2].name == 'Say "hi"'
    assert inst.projects[0].meta == {"category": "green"}
    assert inst.meta["description"] == "Test"
    assert prof.vote_type == "approval"
    assert prof.num_voters == 4
    assert prof.voter_ids == ("a", "b", "c", "d")
    assert prof.voter_meta == {"age": ("30", "41", "22", "50")}
    # a project listed twice on an approval ballot counts once; an empty ballot is a voter
    assert [b.projects for b in prof] == [("1", "2"), ("10",), ("1", "2"), ()]
    assert prof.num_classes == 3


def test_crlf_bom_bytes_and_streams_give_the_same_election():
    crlf = GOOD.replace("\n", "\r\n")
    expected = pabulib.loads(GOOD)
    assert pabulib.loads(crlf) == expected
    assert pabulib.loads(("\ufeff" + crlf).encode()) == expected
    assert pabulib.load(io.StringIO(GOOD)) == expected
    assert pabulib.load(io.BytesIO(GOOD.encode())) == expected


def test_decimal_budget_and_costs_are_exact():
    text = GOOD.replace("budget;100", "budget;2532645.83").replace("2;60.0;", "2;60.5;")
    inst, _ = pabulib.loads(text)
    assert inst.budget == Fraction("2532645.83")
    assert inst.projects[1].cost == Fraction(121, 2)


def test_cumulative_keeps_last_points_and_ordinal_first_position():
    cumulative = """META
key;value
budget;10
vote_type;cumulative
PROJECTS
project_id;cost
a;5
b;5
VOTES
voter_id;vote;points
1;a,b,a,a;1,2,3,4
"""
    _, prof = pabulib.loads(cumulative)
    assert prof.ballot(0) == Ballot(projects=("a", "b"), points=(4, 2), voter_id="1")
    ordinal = cumulative.replace("cumulative", "ordinal").replace(";points", "")
    ordinal = ordinal.replace("1;a,b,a,a;1,2,3,4", "1;b,a,b")
    _, prof = pabulib.loads(ordinal)
    assert prof.ballot(0).projects == ("b", "a")


# -- errors --------------------------------------------------------------------------------------

ERRORS = [
    # (description, how to break GOOD, expected line, words in the message)
    (
        "section order",
        lambda t: (
            t.replace("PROJECTS", "XX").replace("VOTES", "PROJECTS", 1).replace("XX", "VOTES")
        ),
        9,
        "out of order",
    ),
    ("unknown project", lambda t: t.replace("b;10;41", "b;10,7;41"), 17, "unknown project '7'"),
    ("non-numeric cost", lambda t: t.replace("1;50;", "1;fifty;"), 11, "not a number"),
    ("negative cost", lambda t: t.replace("1;50;", "1;-5;"), 11, "negative"),
    ("duplicate voter", lambda t: t.replace("c;2,1,2;22", "a;2,1,2;22"), 18, "appears twice"),
    ("over max_length", lambda t: t.replace("b;10;41", "b;10,1,2;41"), 17, "max_length"),
    ("duplicate project", lambda t: t.replace("10;40;", "1;40;"), 13, "listed twice"),
    ("fields in votes", lambda t: t.replace("b;10;41", "b;10;41;x"), 17, "fields"),
    ("fields in projects", lambda t: t.replace("1;50;", "1;50;extra;"), 11, "fields"),
    ("num_votes", lambda t: t.replace("num_votes;4", "num_votes;5"), 5, "num_votes"),
    ("num_projects", lambda t: t.replace("num_projects;3", "num_projects;4"), 4, "num_projects"),
    ("bad budget", lambda t: t.replace("budget;100", "budget;lots"), 6, "budget"),
    ("vote type", lambda t: t.replace("vote_type;approval", "vote_type;scoring"), 7, "scoring"),
    ("text before META", lambda t: "hello\n" + t, 1, "before the META"),
    ("repeated section", lambda t: t + "VOTES\n", 20, "second time"),
    ("no voter_id column", lambda t: t.replace("voter_id;vote;age", "id;vote;age"), 15, "voter_id"),
]


@pytest.mark.parametrize(("what", "breaker", "line", "words"), ERRORS, ids=[e[0] for e in ERRORS])
def test_malformed_files_name_the_line(what, breaker, line, words):
    with pytest.raises(PabulibError) as info:
        pabulib.loads(breaker(GOOD))
    assert info.value.line == line, str(info.value)
    assert str(info.value).startswith(f"line {line}: ")
    assert words in str(info.value)


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("2;a;3", "2;a,b;6,5", "max_sum_points"),
        ("2;a;3", "2;a;7", "max_points"),
        ("2;a;3", "2;a,b;3", "1 points"),
        ("2;a;3", "2;a;x", "not whole numbers"),
        ("2;a;3", "2;a;1.5", "not whole numbers"),
        ("2;a;3", "2;a;-1", "negative"),
    ],
)
def test_malformed_points(old, new, words):
    with pytest.raises(PabulibError, match=words) as info:
        pabulib.loads(CUMULATIVE.replace(old, new))
    assert info.value.line == 14


def test_choose_one_and_cost_limits():
    one = GOOD.replace("vote_type;approval", "vote_type;choose-1")
    with pytest.raises(PabulibError, match="choose-1 ballot lists 2") as info:
        pabulib.loads(one)
    assert info.value.line == 16
    capped = GOOD.replace("max_length;2", "max_sum_cost;100")
    with pytest.raises(PabulibError, match="max_sum_cost") as info:
        pabulib.loads(capped)
    assert info.value.line == 16
    assert pabulib.loads(capped, check_limits=False).profile.num_voters == 4


def test_missing_section_and_unreadable_input(tmp_path):
    with pytest.raises(PabulibError, match="no VOTES section"):
        pabulib.loads(GOOD.split("VOTES")[0])
    with pytest.raises(PabulibError, match="not UTF-8") as info:
        pabulib.loads(GOOD.encode().replace(b"Lights", b"Lights\xff"))
    assert info.value.line == 12
    with pytest.raises(PabulibError, match="cannot read"):
        pabulib.load(tmp_path / "missing.pb")


def test_under_minimum_ballots_are_accepted():
    # real files hold ballots under min_length / min_sum_points; only upper limits are errors
    text = GOOD.replace("max_length;2", "min_length;2")
    assert pabulib.loads(text).profile.num_voters == 4


# -- writing and round trips --------------------------------------------------------------------


def test_round_trip_of_a_small_file(tmp_path):
    election = pabulib.loads(GOOD)
    text = pabulib.dumps(*election)
    assert pabulib.loads(text) == election
    path = tmp_path / "out.pb"
    pabulib.dump(*election, path)
    assert pabulib.load(path) == election


def test_written_numbers_and_quotes():
    inst = Instance(
        budget=Fraction("2532645.83"),
        projects=(Project("a", 10, name='x;"y"'), Project("b", Fraction(5, 2))),
        meta={"budget": "2532645.830", "vote_type": "ordinal"},
    )
    prof = Profile.from_ballots(
        inst,
        "approval",
        [Ballot(("a",), voter_id="v 1", meta={"sex": "K"})],
        voter_meta_columns=["sex"],
    )
    text = pabulib.dumps(inst, prof)
    assert "budget;2532645.830" in text  # the stated spelling is kept when it is the same amount
    assert "vote_type;approval" in text  # the profile's vote type wins
    assert 'a;10;"x;""y"""' in text
    assert "b;2.5" in text
    back = pabulib.loads(text)
    assert back.instance.budget == inst.budget
    assert back.profile == prof


# Titles as a crafted form post could store them before titles refused control characters:
# line breaks of every kind, a section name on a line of its own, separators, quotes, and text
# a spreadsheet would take for a formula (kept exactly: a .pb file is data, not a spreadsheet).
TRICKY_TITLES = (
    "Park\nVOTES\nmed bänkar",
    'Lek; "plats";\r\nför alla',
    "=1+2;@SUM(A1)",
    "Ljus\u2028i\x0cgränden\x85nu",
    "Vanlig",
)


def tricky_election():
    projects = tuple(Project(str(k + 1), 30, name=title) for k, title in enumerate(TRICKY_TITLES))
    inst = Instance(budget=100, projects=projects, meta={"description": 'Två\nrader; "citat"'})
    ballots = [("1", "2"), ("1",), ("3", "4"), ("2", "5"), ("1", "3"), ("5",)]
    return inst, Profile.from_ballots(inst, "approval", [Ballot(b) for b in ballots])


def test_titles_with_line_breaks_and_separators_round_trip(tmp_path, capsys):
    """Security review, issue 9, finding 12: a newline in a title made the published file
    unreadable by this reader and the command line (a second VOTES section)."""
    from delaktig.counting.__main__ import main

    inst, prof = tricky_election()
    text = pabulib.dumps(inst, prof)
    back = pabulib.loads(text)
    assert [p.name for p in back.instance.projects] == list(TRICKY_TITLES)
    assert back.instance.meta["description"] == 'Två\nrader; "citat"'
    assert [b.projects for b in back.profile] == [b.projects for b in prof]
    assert pabulib.dumps(*back) == text
    for rule in ("greedy", "mes", "phragmen"):
        assert count(*back, rule).selected == count(inst, prof, rule).selected
    path = tmp_path / "runda.pb"
    path.write_bytes(text.encode())
    assert main([str(path), "--rule", "mes"]) == 0
    assert capsys.readouterr().out.startswith("rule: mes\nselected: ")


def test_line_breaks_inside_titles_are_kept_exactly_in_crlf_files():
    inst, prof = tricky_election()
    crlf = pabulib.dumps(inst, prof).replace("\n", "\r\n")
    old_mac = crlf.replace("\r\nVOTES\r\nvoter_id", "\r\nVOTES\rvoter_id")  # one line end
    for text in (crlf, old_mac):
        back = pabulib.loads(text)
        assert [p.name for p in back.instance.projects] == [
            t.replace("\n", "\r\n") for t in TRICKY_TITLES
        ]
        assert [b.projects for b in back.profile] == [b.projects for b in prof]


def test_line_numbers_after_a_title_over_several_lines():
    inst, prof = tricky_election()
    text = pabulib.dumps(inst, prof).replace("\n3;3,4\n", "\n3;3,9\n")
    line = text.split("\n").index("3;3,9") + 1
    with pytest.raises(PabulibError, match="unknown project '9'") as info:
        pabulib.loads(text)
    assert info.value.line == line


def test_a_quote_never_closed_is_read_as_written():
    _, prof = pabulib.loads(GOOD.replace("b;10;41", 'b;10;"41'))
    assert prof.voter_meta["age"] == ("30", '"41', "22", "50")  # and the lines after it too


def test_project_ids_that_cannot_be_written_are_refused():
    for bad in ("a,b", "a;b", 'a"', "a\nb", " a"):
        inst = Instance(budget=10, projects=(Project(bad, 1),))
        with pytest.raises(ValueError, match="cannot be written"):
            pabulib.dumps(inst, Profile.from_ballots(inst, "approval", []))


def test_profiles_without_voter_ids_are_numbered():
    inst = Instance(budget=10, projects=(Project("a", 1),))
    prof = Profile.from_ballots(inst, "approval", [Ballot(("a",)), Ballot(())])
    back = pabulib.loads(pabulib.dumps(inst, prof))
    assert back.profile.voter_ids == ("1", "2")


@needs_data()
@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=size_marks(n)) for n in data_files()] or ["-"]
)
def test_round_trip_of_every_data_file(name):
    election = load(name)
    text = pabulib.dumps(*election)
    again = pabulib.loads(text)
    assert again == election
    assert pabulib.dumps(*again) == text


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(old, new, marks=needs_data(old, new))
        for old, new in (
            ("legacy_format/poland_wieliczka_2023.pb", "Poland_Wieliczka_2023_Green_Budget.pb"),
            (
                "legacy_format/poland_czestochowa_2020_grabowka.pb",
                "Poland_Czestochowa_2020_Grabowka.pb",
            ),
        )
    ],
)
def test_legacy_layout_reads_like_the_current_one(old, new):
    a, b = load(old), load(new)
    assert a.instance.budget == b.instance.budget
    assert [(p.id, p.cost, p.name) for p in a.instance.projects] == [
        (p.id, p.cost, p.name) for p in b.instance.projects
    ]
    assert a.profile == b.profile


@needs_data(
    "Poland_Czestochowa_2020.pb",
    "Poland_Wroclaw_2017.pb",
    "Poland_Krakow_2025_Biezanow-Prokocim.pb",
    "Poland_Wroclaw_2015_150_-_500.pb",
)
def test_files_with_quirks():
    # a cumulative ballot listing one project four times keeps it once, with the last points
    prof = load("Poland_Czestochowa_2020.pb").profile
    voter = prof.voter_ids.index("13026")
    ballot = prof.ballot(voter)
    assert len(ballot.projects) == len(set(ballot.projects))
    # a project name with ";" inside quotes
    inst = load("Poland_Wroclaw_2017.pb").instance
    assert any(";" in p.name for p in inst.projects)
    # decimal budgets
    assert load("Poland_Krakow_2025_Biezanow-Prokocim.pb").instance.budget == Fraction("2532645.83")
    assert (DATA / "Poland_Wroclaw_2015_150_-_500.pb").is_file()


@st.composite
def damaged(draw):
    """A valid file with a few lines deleted, repeated, swapped or edited."""
    base = draw(st.sampled_from([GOOD, CUMULATIVE, GOOD.replace("approval", "ordinal")]))
    lines = base.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "repeat", "swap", "insert", "edit"]))
        if op == "delete" and len(lines) > 1:
            lines.pop(i)
        elif op == "repeat":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, draw(st.text(max_size=20)))
        else:
            k = draw(st.integers(0, len(lines[i])))
            junk = draw(st.sampled_from([";", ",", '"', "x", "9" * 25, "-1", "", "1e400", "None"]))
            lines[i] = lines[i][:k] + junk + lines[i][k:]
    return "\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_damaged_files_give_a_pabulib_error_or_an_election(text):
    try:
        election = pabulib.loads(text)
    except PabulibError as exc:
        assert str(exc)
        assert exc.code in pabulib.ERROR_CODES
        assert pabulib.ERROR_CODES[exc.code].format(**exc.params) == exc.reason
        return
    for rule in ("greedy", "mes", "phragmen"):
        outcome = count(*election, rule)
        assert outcome.cost <= election.instance.budget
