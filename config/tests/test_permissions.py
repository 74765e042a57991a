"""The platform's permission table (issue 10): every permission production asks for is
declared once with its reasons (core.permissions), and for every role in every phase
`has_perm` and `why_not` give the same answer. Here, not in core, because it needs every app."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from delaktig.accounts.tests.factories import UserFactory
from delaktig.core import permissions
from delaktig.core.permissions import why_not
from delaktig.eligibility.tests.factories import InvitationFactory
from delaktig.forums.tests.factories import ForumFactory, PostFactory, ThreadFactory
from delaktig.meetings.tests.factories import MeetingFactory
from delaktig.processes.tests.factories import budget_phases
from delaktig.proposals.tests.factories import ProposalFactory
from delaktig.surveys.tests.factories import SurveyFactory, stored_response
from delaktig.voting.tests.factories import BallotBoxFactory

ROOT = Path(__file__).resolve().parents[2]
PERMISSION_CALL = re.compile(
    r"""(?:has_perm|require|why_not|get_round_for|load)\(\s*(?:[\w.]+,\s*)?"""
    r"""(?:[\w.]+,\s*)?["']([a-z_]+\.[a-z_]+)["']"""
)


def asked_in_production() -> set[str]:
    """The permission names production code and templates ask for."""
    names = set()
    for path in [*ROOT.glob("delaktig/**/*.py"), *ROOT.glob("**/templates/**/*.html")]:
        if "/tests/" in str(path) or "/.venv/" in str(path) or "/migrations/" in str(path):
            continue
        text = path.read_text(encoding="utf-8")
        names.update(PERMISSION_CALL.findall(text))
        names.update(re.findall(r"""has_perm\s+["']([a-z_]+\.[a-z_]+)["']""", text))
        names.update(re.findall(r"""PERM\w*\s*=\s*["']([a-z_]+\.[a-z_]+)["']""", text))
        names.update(re.findall(r"""permission=["']([a-z_]+\.[a-z_]+)["']""", text))
    apps = {path.parent.name for path in ROOT.glob("delaktig/*/apps.py")}
    return {name for name in names if name.split(".")[0] in apps}


def test_every_permission_production_asks_for_is_declared_once_with_reasons():
    declared = permissions.declared()
    asked = asked_in_production()
    assert asked, "the scan found no permission checks: the pattern is broken"
    assert sorted(asked - set(declared)) == []


def test_every_declared_permission_is_asked_by_production():
    """No permission exists only for tests (issue 10: production never checked
    voting.cast_ballot)."""
    assert sorted(set(permissions.declared()) - asked_in_production()) == []


# -- the matrix: every permission, every role, every phase -------------------------------------

ROLES = [
    "anonymous",
    "resident",
    "code_voter",
    "official",
    "other_official",
    "moderator",
    "elected_member",
    "admin",
]
PHASES = [None, *budget_phases()]


@pytest.fixture
def users(resident, official, moderator, admin_user):
    return {
        "anonymous": AnonymousUser(),
        "resident": resident,
        "official": official,
        "other_official": UserFactory(is_official=True, full_name="Olle Annan"),
        "moderator": moderator,
        "elected_member": UserFactory(is_elected_member=True, full_name="Eva Förtroendevald"),
        "admin": admin_user,
    }


# What each permission is asked about in production (and for object-free ones, nothing).
ASKED_ABOUT = {
    "processes.add_budgetround": ["none"],
    "processes.enter_manage": ["none"],
    "council.view_start": ["none"],
    "results.manage": ["none", "round"],
    "voting.cast_ballot": ["box"],
    "voting.manage_ballotbox": ["round", "box"],
    "voting.enter_paper_ballot": ["box"],
    "voting.view_vote_counts": ["box"],
    "proposals.change_proposal": ["proposal"],
    "proposals.delete_proposal": ["proposal"],
    "proposals.comment_proposal": ["proposal"],
    "proposals.support_proposal": ["proposal"],
    "proposals.report_proposal": ["proposal"],
    "proposals.merge_proposal": ["proposal"],
    "assessments.assess_proposal": ["round", "proposal"],
    "surveys.change_questions": ["survey", "answered_survey"],
    "surveys.unpublish_survey": ["survey", "answered_survey"],
    "surveys.answer_survey": ["survey"],
    "surveys.enter_paper_answers": ["survey"],
    "surveys.preview_survey": ["survey"],
    # surveys: free text, quotes and exports are asked about the survey's process
    "surveys.read_free_text": ["round"],
    "surveys.export_answers": ["round"],
    # surveys (issue 12): the results of a survey, public ones and not
    "surveys.view_survey_results": ["survey", "public_survey"],
    # forums (issue 14): writing, answering and closing are asked about the thread
    "forums.post_in_thread": ["thread"],
    "forums.answer_thread": ["thread"],
    "forums.close_thread": ["thread"],
    "forums.report_post": ["post"],
    # meetings (issue 14): a meeting of the round; creating one asks about nothing
    "meetings.add_meeting": ["none"],
    "meetings.manage_meeting": ["meeting"],
    "meetings.view_meeting": ["meeting"],
}


def objects_for(budget_round):
    box = BallotBoxFactory(budget_round=budget_round)
    proposal = ProposalFactory(budget_round=budget_round)
    survey = SurveyFactory(process=budget_round)
    answered = SurveyFactory(process=budget_round)
    stored_response(answered, {})
    public_survey = SurveyFactory(process=budget_round, results_public=True)
    thread = ThreadFactory(forum=ForumFactory(process=budget_round))
    meeting = MeetingFactory(process=budget_round)
    return {
        "thread": thread,
        "post": PostFactory(thread=thread),
        "round": budget_round,
        "box": box,
        "proposal": proposal,
        "survey": survey,
        "answered_survey": answered,
        "public_survey": public_survey,
        "meeting": meeting,
        "none": None,
    }


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_has_perm_and_why_not_agree_for_every_declared_permission(
    users, make_round, official, role, phase
):
    budget_round = make_round(phase)
    budget_round.officials.add(official)
    if role == "code_voter":
        voter = UserFactory(email="elev-1@inbjudan.invalid")
        InvitationFactory(budget_round=budget_round, voter=voter)
        users = {**users, "code_voter": voter}
    user = users[role]
    objects = objects_for(budget_round)
    for name in sorted(permissions.declared()):
        if name.startswith("test."):
            continue
        for label in ASKED_ABOUT.get(name, ["round"]):
            obj = objects[label]
            sentence = why_not(name, user, obj)
            allowed = user.has_perm(name, obj)
            assert allowed is (sentence is None), (name, role, phase, label, sentence)
            if sentence is not None:
                assert isinstance(sentence, str) and sentence.strip(), (name, role, label)
