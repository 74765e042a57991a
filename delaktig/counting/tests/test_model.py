"""The immutable input model."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
import pytest

from delaktig.counting.model import Ballot, Instance, Profile, Project, as_money, format_money


def test_money_is_exact():
    assert as_money("12320.0") == 12320
    assert isinstance(as_money("12320.0"), int)
    assert as_money("2532645.83") == Fraction(253264583, 100)
    with pytest.raises(TypeError):
        as_money(1.5)
    assert format_money(Fraction(253264583, 100)) == "2532645.83"
    assert format_money(Fraction(5, 2)) == "2.5"
    assert format_money(7) == "7"
    with pytest.raises(ValueError, match="decimal"):
        format_money(Fraction(1, 3))


def test_projects_and_instances_are_frozen_and_validated():
    p = Project("a", "10.0", name="Park")
    assert p.cost == 10
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.cost = 5  # type: ignore[misc]
    with pytest.raises(ValueError, match="negative"):
        Project("a", -1)
    with pytest.raises(ValueError, match="twice"):
        Instance(10, (Project("a", 1), Project("a", 2)))
    inst = Instance(10, [Project("a", 1), Project("b", 2)])
    assert inst.project_ids == ("a", "b")
    assert inst.project("b").cost == 2
    assert inst.cost_of(["a", "b"]) == 3
    assert hash(inst) == hash(Instance(10, [Project("a", 1), Project("b", 2)]))


def test_profile_groups_identical_ballots_and_applies_duplicate_rules():
    inst = Instance(10, (Project("a", 1), Project("b", 2), Project("c", 3)))
    prof = Profile.from_ballots(
        inst, "approval", [Ballot(("b", "a")), Ballot(("a", "b", "a")), Ballot(("c",))]
    )
    assert prof.num_voters == 3
    assert prof.num_classes == 2
    assert prof.class_weights.tolist() == [2, 1]
    assert prof.ballot(1).projects == ("a", "b")
    cumulative = Profile.from_ballots(inst, "cumulative", [Ballot(("a", "b", "a"), (1, 2, 3))])
    assert cumulative.ballot(0).points == (3, 2)
    ordinal = Profile.from_ballots(inst, "ordinal", [Ballot(("c", "a", "c", "b"))])
    assert ordinal.ballot(0).projects == ("c", "a", "b")


def test_profile_validation():
    inst = Instance(10, (Project("a", 1),))
    with pytest.raises(ValueError, match="unknown project"):
        Profile.from_ballots(inst, "approval", [Ballot(("z",))])
    with pytest.raises(ValueError, match="points"):
        Profile.from_ballots(inst, "cumulative", [Ballot(("a",))])
    with pytest.raises(ValueError, match="vote type"):
        Profile.from_ballots(inst, "scoring", [])
    with pytest.raises(ValueError, match="duplicate voter"):
        Profile.from_ballots(inst, "approval", [Ballot(("a",), voter_id="1")] * 2)
    with pytest.raises(ValueError, match="one points value"):
        Ballot(("a",), (1, 2))


def test_profile_equality_ignores_storage_and_arrays_are_read_only():
    inst = Instance(10, (Project("a", 1), Project("b", 1)))
    one = Profile.from_ballots(inst, "approval", [Ballot(("a",)), Ballot(("b",))])
    other = Profile.from_ballots(inst, "approval", [Ballot(("a",)), Ballot(("b",))])
    assert one == other
    assert one.reordered([1, 0]) != one
    assert one.reordered([1, 0]).reordered([1, 0]) == one
    with pytest.raises(ValueError):
        one.voter_class[0] = 1
    assert isinstance(one.voter_class, np.ndarray)
    assert "voters=2" in repr(one)
    assert [b.projects for b in one] == [("a",), ("b",)]


def test_plain_sequences_are_ballots_too():
    inst = Instance(10, (Project("a", 1), Project("b", 1)))
    plain = Profile.from_ballots(inst, "approval", [("a", "b"), ["b"], ("b", "a")])
    assert plain.voter_ids is None
    assert plain.num_classes == 2
    assert plain == Profile.from_ballots(
        inst, "approval", [Ballot(("a", "b")), Ballot(("b",)), Ballot(("a", "b"))]
    )
