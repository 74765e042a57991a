"""Permissions with reasons (core.permissions): one declaration answers both "may they?" and
"why not?"; `load` gives one answer for 403 and 404. The table of every permission for every
role in every phase is in config/tests/test_permissions.py (it needs every app)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from delaktig.core import permissions
from delaktig.core.errors import NotAllowed
from delaktig.core.permissions import any_of, declare, load, need, reason, require, why_not

# -- the mechanism ---------------------------------------------------------------------------


@pytest.fixture
def toy(db):
    calls = []

    def counted(name, result):
        def predicate(user, obj):
            calls.append(name)
            return result

        return predicate

    declare(
        "test.toy",
        need(lambda user: user.is_authenticated, "Sign in."),
        need(counted("first", False), "First fails."),
        need(counted("second", False), "Second fails."),
    )
    yield calls
    permissions._DECLARED.pop("test.toy")


def test_why_not_is_the_first_failing_check_and_stops_there(toy, resident):
    assert why_not("test.toy", AnonymousUser()) == "Sign in."
    assert why_not("test.toy", resident, object()) == "First fails."
    assert toy == ["first"]
    assert resident.has_perm("test.toy", object()) is False


def test_any_of_holds_when_one_holds(db, resident):
    declare(
        "test.either",
        any_of(need(lambda u, o: False, "a"), need(lambda u, o: True, "b"), message="neither"),
    )
    declare("test.neither", any_of(need(lambda u, o: False, "a"), message="neither"))
    try:
        assert why_not("test.either", resident, 1) is None
        assert resident.has_perm("test.either", 1) is True
        assert why_not("test.neither", resident, 1) == "neither"
    finally:
        permissions._DECLARED.pop("test.either")
        permissions._DECLARED.pop("test.neither")


def test_a_reason_function_gives_its_own_sentence(db, resident):
    declare("test.reason", reason(lambda user, obj: f"Not {obj}." if obj != "ok" else None))
    try:
        assert why_not("test.reason", resident, "x") == "Not x."
        assert why_not("test.reason", resident, "ok") is None
    finally:
        permissions._DECLARED.pop("test.reason")


def test_a_closed_account_is_refused_everything(make_round, resident):
    budget_round = make_round("propose")
    resident.is_active = False
    assert why_not("proposals.add_proposal", resident, budget_round) == "Kontot är avslutat."
    assert resident.has_perm("proposals.add_proposal", budget_round) is False


def test_require_raises_the_sentence(make_round, resident):
    with pytest.raises(NotAllowed, match="tar inte emot förslag"):
        require("proposals.add_proposal", resident, make_round("vote"))


def test_an_unknown_permission_is_a_programming_error(resident):
    with pytest.raises(LookupError):
        why_not("nobody.declared_this", resident)


class TestLoad:
    """One answer for 403 and 404: the role before the lookup, drafts stay unknown."""

    def test_a_refused_role_learns_nothing_of_the_object(self, make_round, resident):
        rounds = type(make_round("propose")).objects.all()
        with pytest.raises(NotAllowed, match="handläggare"):
            load(
                resident,
                rounds,
                permission="processes.change_budgetround",
                slug="finns-inte",
            )

    def test_missing_and_invisible_are_the_same_404(self, make_round, resident):
        draft = make_round(None)
        draft.status = "draft"
        draft.save()
        for slug in (draft.slug, "finns-inte"):
            with pytest.raises(Http404):
                load(
                    resident,
                    type(draft).objects.all(),
                    visible_if="processes.view_budgetround",
                    slug=slug,
                )

    def test_the_object_checks_come_last(self, make_round, official, admin_user):
        budget_round = make_round("propose")
        budget_round.officials.add(admin_user)  # assigned to someone else
        with pytest.raises(NotAllowed, match="inte handläggare för den här"):
            load(
                official,
                type(budget_round).objects.all(),
                permission="processes.change_budgetround",
                slug=budget_round.slug,
            )
