"""The K rule on groups of responses (surveys.disclosure): size, no small difference,
complementary suppression; and a property test that no choice of filters reveals a group
under K, by itself or by subtracting outputs."""

from itertools import combinations, product

from hypothesis import given, settings
from hypothesis import strategies as st

from ..disclosure import ANY, EVERYONE, Disclosure

A, B, C = 1, 2, 3  # districts
U, V = 10, 20  # units


def cells(**by_district):
    """{district letter: n} → cells with no unit, age or channel."""
    ids = {"A": A, "B": B, "C": C}
    return {(ids[d], "", "", "online"): n for d, n in by_district.items()}


def test_a_group_under_k_is_withheld_and_one_at_k_is_shown():
    d = Disclosure(cells(A=5, B=10, C=12), 5)
    assert d.size((A, ANY, ANY, ANY)) == 5
    assert d.size(EVERYONE) == 27
    d = Disclosure(cells(A=4, B=10, C=12), 5)
    assert d.size((A, ANY, ANY, ANY)) is None


def test_too_few_answers_in_all_shows_nothing():
    d = Disclosure(cells(A=2, B=2), 5)
    assert d.size(EVERYONE) is None
    assert d.size((A, ANY, ANY, ANY)) is None


def test_one_withheld_part_takes_the_next_smallest_with_it():
    """A=2 is withheld; were B and C shown, 2 = total − B − C. So the smallest of B and C is
    withheld too, and the two together (2 + 7 ≥ 5) reveal nothing."""
    d = Disclosure(cells(A=2, B=7, C=20), 5)
    assert d.size(EVERYONE) == 29
    assert d.size((A, ANY, ANY, ANY)) is None
    assert d.size((B, ANY, ANY, ANY)) is None
    assert d.size((C, ANY, ANY, ANY)) == 20


def test_two_small_parts_together_at_k_need_nothing_more():
    d = Disclosure(cells(A=2, B=3, C=20), 5)
    assert d.size((A, ANY, ANY, ANY)) is None
    assert d.size((B, ANY, ANY, ANY)) is None
    assert d.size((C, ANY, ANY, ANY)) == 20


def test_a_filter_that_leaves_out_fewer_than_k_is_withheld():
    """Everyone (23) minus district C (20) would be the 3 others' answers."""
    d = Disclosure(cells(A=3, C=20), 5)
    assert d.size(EVERYONE) == 23
    assert d.size((C, ANY, ANY, ANY)) is None


def test_a_filter_that_leaves_out_nobody_is_shown():
    d = Disclosure(cells(A=20), 5)
    assert d.size((A, ANY, ANY, ANY)) == 20 == d.size(EVERYONE)


def test_two_filters_on_nearly_the_same_people_cannot_be_subtracted():
    """District A (8) and unit U (6, all in district A) differ by 2 people."""
    data = {(A, U, "", "online"): 6, (A, "", "", "online"): 2, (B, V, "", "online"): 30}
    d = Disclosure(data, 5)
    a, u = d.size((A, ANY, ANY, ANY)), d.size((ANY, U, ANY, ANY))
    assert a is None or u is None


def test_withheld_for_a_neighbour_is_not_rebuilt_from_its_parts():
    """B is withheld to protect A; B's parts by unit must not add up to it."""
    data = {
        (A, "", "", "online"): 2,
        (B, U, "", "online"): 6,
        (B, V, "", "online"): 6,
        (C, U, "", "online"): 30,
        (C, V, "", "online"): 30,
    }
    d = Disclosure(data, 5)
    assert d.size((B, ANY, ANY, ANY)) is None
    shown = [d.size((B, unit, ANY, ANY)) for unit in (U, V)]
    assert None in shown


# -- the property: whatever the answers and the filters --------------------------------------

DISTRICTS, UNITS, AGES, CHANNELS = [1, 2, ""], [10, 20, ""], ["18-29", ""], ["online", "paper"]


def all_filters():
    return list(product([ANY, *DISTRICTS], [ANY, *UNITS], [ANY, *AGES], [ANY, *CHANNELS]))


def members(cells_, filter_):
    return frozenset(
        c for c in cells_ if all(f is ANY or f == v for f, v in zip(filter_, c, strict=True))
    )


cell_counts = st.dictionaries(
    st.tuples(
        st.sampled_from(DISTRICTS),
        st.sampled_from(UNITS),
        st.sampled_from(AGES),
        st.sampled_from(CHANNELS),
    ),
    st.integers(min_value=1, max_value=12),
    max_size=14,
)


@settings(max_examples=150, deadline=None)
@given(cell_counts, st.integers(min_value=3, max_value=6))
def test_no_output_reveals_a_group_under_k(data, k):
    d = Disclosure(data, k)
    shown = {}
    for f in all_filters():
        n = d.size(f)
        group = members(data, f)
        if n is None:
            continue
        # 1. every number shown is the size of its group, which is at least K
        assert n == sum(data[c] for c in group) and n >= k, (f, n)
        shown[group] = n
    # 2. no two outputs, one inside the other, differ by 1..K-1 answers
    for (g1, n1), (g2, n2) in combinations(shown.items(), 2):
        if g1 < g2 or g2 < g1:
            assert abs(n1 - n2) >= k, (sorted(g1), sorted(g2), n1, n2)
    # 3. in every breakdown of a shown group, the parts not shown hold 0 or at least K
    #    answers; of a withheld group, the parts shown never leave fewer than K unaccounted
    for f in all_filters():
        whole = members(data, f)
        if not whole:
            continue
        for i, value in enumerate(f):
            if value is not ANY:
                continue
            parts = {members(data, (*f[:i], v, *f[i + 1 :])) for v in {c[i] for c in whole}}
            hidden = sum(data[c] for p in parts if p not in shown for c in p)
            if whole in shown:
                assert hidden == 0 or hidden >= k, (f, i, hidden)
            else:
                total = sum(data[c] for c in whole)
                assert hidden == total or hidden >= k, (f, i, hidden)
