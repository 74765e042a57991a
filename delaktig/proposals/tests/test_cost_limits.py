"""The registry through which apps above proposals state what one proposal may cost."""

from delaktig.proposals import cost_limits


def test_the_lowest_stated_limit_wins_and_an_area_wins_over_the_round(monkeypatch):
    monkeypatch.setattr(cost_limits, "_SOURCES", [])
    cost_limits.register_cost_limit(lambda r: {1: 50_000, None: 80_000})
    source = cost_limits.register_cost_limit(lambda r: {1: 30_000, 2: 0})
    cost_limits.register_cost_limit(source)  # registered once
    assert len(cost_limits._SOURCES) == 2
    limits = cost_limits.ballot_cost_limits(object())
    assert limits == {1: 30_000, None: 80_000}  # 0 states no limit
    assert cost_limits.limit_for(limits, 1) == 30_000
    assert cost_limits.limit_for(limits, 2) == 80_000  # the round's
    assert cost_limits.limit_for({}, 2) is None
