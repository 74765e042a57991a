"""The geometry of the results charts (surveys.charts)."""

import pytest

from ..analysis import Distribution, Step
from ..charts import NEUTRAL, WIDTH, bars, diverging, short


def distribution(shares):
    """A 1–5 scale with the given shares of answers per value."""
    sides = ["negative", "negative", "neutral", "positive", "positive"]
    steps = [
        Step(v, str(v), round(share * 100), share, side)
        for v, share, side in zip(range(1, 6), shares, sides, strict=True)
    ]
    return Distribution("Jag trivs", steps, 0, 100, None, None)


def test_diverging_bars_put_low_values_left_high_right_and_the_middle_on_the_centre():
    chart = diverging([distribution([0.1, 0.2, 0.2, 0.3, 0.2])])
    rects = chart["rows"][0]["rects"]
    centre, half = WIDTH / 2, WIDTH / 2 - 6
    neutral, two, one, four, five = rects
    assert neutral.fill == NEUTRAL
    assert neutral.x == pytest.approx(centre - half * 0.1, abs=0.1)
    assert neutral.width == pytest.approx(half * 0.2, abs=0.1)
    # 2 just left of the neutral block, 1 left of that: the far end is the lowest value.
    assert two.x + two.width == pytest.approx(neutral.x, abs=0.2)
    assert one.x + one.width == pytest.approx(two.x, abs=0.2)
    assert four.x == pytest.approx(neutral.x + neutral.width, abs=0.2)
    assert five.x == pytest.approx(four.x + four.width, abs=0.2)
    # Negative shades are red, positive blue, darker towards the ends.
    assert one.fill != two.fill and four.fill != five.fill
    assert chart["legend"][0][0] == "1"


def test_no_answers_draw_no_segments():
    chart = diverging([distribution([0, 0, 0, 0, 0])])
    assert chart["rows"][0]["rects"] == []


def test_bars_scale_to_the_share_and_long_labels_are_shortened():
    chart = bars([("Ja " * 40, 30, 0.75), ("Nej", 10, 0.25)])
    first, second = chart["rows"]
    assert first["width"] == pytest.approx(3 * second["width"])
    assert first["label"].endswith("…") and len(first["label"]) <= 38
    assert first["value"] == "30 (75 %)"
    assert short("Kort") == "Kort"
