"""An indicator's trend as a line chart, drawn as server-side SVG (templates/goals/_trend.html).

Same conventions as the survey charts (surveys.charts, whose width and colours it uses): the
chart scales with its viewBox so it fits 320 px, colours are attributes (the style policy
forbids inline styles), and every number it draws is also in the table beside it. The line
joins the baseline and the measurements in date order; the target is a dashed line, with a
ring at the target date when there is one.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

from delaktig.surveys.charts import BAR, WIDTH

HEIGHT = 320
LEFT, RIGHT, TOP, BOTTOM = 130, 44, 24, 60  # room for the value labels and the years
FONT = 28  # units of the 600-wide viewBox: about 13 px when the chart is 280 px wide
TARGET = "#5a5a5a"


def nice_step(span: float, parts: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that splits `span` in about `parts`."""
    raw = span / parts if span > 0 else 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover - 10 always answers


def _ticks(low: float, high: float) -> list[float]:
    if high == low:
        low, high = low - 1, high + 1
    step = nice_step(high - low)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    count = round((last - first) / step)
    return [first + i * step for i in range(count + 1)]


def _tick_label(value: float, step: float) -> str:
    decimals = 0
    while decimals < 4 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-9:
        decimals += 1
    text = f"{value:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    return text.replace("-", "\u2212")


def trend(indicator) -> dict:
    """The geometry of one indicator's chart: the line's points, the target line, the value
    axis's ticks and the years along the time axis. Reads `indicator.measurements.all()` (let
    the caller prefetch them)."""
    points: list[tuple[date, Decimal, str]] = [(indicator.baseline_on, indicator.baseline, "base")]
    points += [(m.measured_on, m.value, "measured") for m in indicator.measurements.all()]
    points.sort(key=lambda p: p[0])
    dates = [p[0] for p in points] + ([indicator.target_on] if indicator.target_on else [])
    start, end = min(dates), max(dates)
    if end == start:
        end = date.fromordinal(start.toordinal() + 365)
    values = [float(p[1]) for p in points] + [float(indicator.target)]
    ticks = _ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return round(LEFT + plot_w * (day - start).days / (end - start).days, 1)

    def y(value) -> float:
        return round(TOP + plot_h * (1 - (float(value) - low) / (high - low)), 1)

    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    drawn = [
        {"x": x(day), "y": y(value), "base": kind == "base", "value": value, "date": day}
        for day, value, kind in points
    ]
    years = list(range(start.year + (start.month > 1 or start.day > 1), end.year + 1))
    every = max(1, math.ceil(len(years) / 5))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "line": " ".join(f"{p['x']},{p['y']}" for p in drawn),
        "points": drawn,
        "fill": BAR,
        "target_colour": TARGET,
        "target_y": y(indicator.target),
        "target_x": x(indicator.target_on) if indicator.target_on else None,
        "plot_left": LEFT,
        "plot_right": WIDTH - RIGHT,
        "plot_top": TOP,
        "plot_bottom": TOP + plot_h,
        "ticks": [
            {"y": y(t), "text_y": round(y(t) + 10, 1), "label": _tick_label(t, step)} for t in ticks
        ],
        "years": [
            {"x": x(date(year, 1, 1)), "label": str(year)}
            for i, year in enumerate(years)
            if i % every == 0
        ],
        "label_x": LEFT - 10,
        "year_y": TOP + plot_h + 40,
        "font": FONT,
    }
