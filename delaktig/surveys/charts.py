"""Geometry of the results charts, drawn as server-side SVG (templates/surveys/analysis/).

The charts scale with their viewBox (600 units wide), so they fit any width down to 320 px;
the numbers they draw are always in a table beside them too. Colours are attributes (the
style policy forbids inline styles), light and dark enough for black text on the lightest.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import QuestionKind

WIDTH = 600
LABEL_CHARS = 38  # what fits on one line of 600 units at the chart's font size (26)
NEGATIVE = ("#fbd5c0", "#b2182b")  # lightest (near the middle) → darkest (the far end)
POSITIVE = ("#c9e1f0", "#1f5f9e")
NEUTRAL = "#d9d9d9"
BAR = "#1f5f9e"


def short(text: str, chars: int = LABEL_CHARS) -> str:
    text = str(text)
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def _mix(light: str, dark: str, t: float) -> str:
    a = [int(light[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(dark[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b, strict=True))


def step_colours(steps) -> list[str]:
    """A colour per scale step: negative steps shade to red away from the middle, positive to
    blue, the middle grey."""
    negative = [s for s in steps if s.side == "negative"]
    positive = [s for s in steps if s.side == "positive"]
    colours = []
    for step in steps:
        if step.side == "negative":
            far = negative.index(step)  # 0 = the lowest value
            t = 1 - far / max(len(negative) - 1, 1) if len(negative) > 1 else 1
            colours.append(_mix(*NEGATIVE, t))
        elif step.side == "positive":
            near = positive.index(step)
            t = near / max(len(positive) - 1, 1) if len(positive) > 1 else 1
            colours.append(_mix(*POSITIVE, t))
        else:
            colours.append(NEUTRAL)
    return colours


@dataclass
class Rect:
    x: float
    width: float
    fill: str


def bars(rows) -> dict:
    """Horizontal bars: rows of (label, count, share) → label line, bar and value per row."""
    row_height, bar_height, value_room = 72, 24, 140
    span = WIDTH - value_room
    drawn = []
    for i, (label, count, part) in enumerate(rows):
        top = i * row_height
        drawn.append(
            {
                "label": short(label),
                "label_y": top + 28,
                "bar_y": top + 38,
                "width": round(span * part, 1),
                "value": f"{count} ({round(part * 100)} %)",
                "value_x": round(span * part, 1) + 8,
                "value_y": top + 38 + bar_height - 3,
            }
        )
    return {
        "rows": drawn,
        "height": max(len(rows) * row_height, row_height),
        "bar_height": bar_height,
        "fill": BAR,
        "width": WIDTH,
    }


def diverging(distributions) -> dict:
    """A diverging stacked bar per statement: steps below the scale's middle to the left of the
    centre line, steps above it to the right, the middle step centred on the line. Widths are
    shares of the statement's answers with a value ("don't know" is in the table)."""
    row_height, bar_height, half = 80, 28, WIDTH / 2 - 6
    centre = WIDTH / 2
    rows = []
    legend = []
    for i, dist in enumerate(distributions):
        colours = step_colours(dist.steps)
        if not legend:
            legend = [(s.label, c) for s, c in zip(dist.steps, colours, strict=True)]
        neutral = sum(s.share for s in dist.steps if s.side == "neutral")
        rects = []
        # The neutral step straddles the centre line.
        if neutral:
            rects.append(Rect(centre - half * neutral / 2, half * neutral, NEUTRAL))
        left = centre - half * neutral / 2
        for step, colour in reversed(
            [(s, c) for s, c in zip(dist.steps, colours, strict=True) if s.side == "negative"]
        ):
            width = half * step.share
            left -= width
            rects.append(Rect(left, width, colour))
        right = centre + half * neutral / 2
        for step, colour in [
            (s, c) for s, c in zip(dist.steps, colours, strict=True) if s.side == "positive"
        ]:
            width = half * step.share
            rects.append(Rect(right, width, colour))
            right += width
        top = i * row_height
        rows.append(
            {
                "label": short(dist.label),
                "label_y": top + 28,
                "bar_y": top + 38,
                "rects": [Rect(round(r.x, 1), round(r.width, 1), r.fill) for r in rects if r.width],
            }
        )
    height = max(len(rows), 1) * row_height
    return {
        "rows": rows,
        "legend": legend,
        "height": height,
        "bar_height": bar_height,
        "centre": centre,
        "width": WIDTH,
    }


def chart_for(result):
    """The chart of a question's result (QuestionResult), or None: bars for choices and scales,
    diverging bars for a matrix. Used by the results pages and the dialogue report."""
    if result.hidden:
        return None
    kind = result.question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return bars([(c.label, c.count, c.share) for c in result.choices])
    if kind == QuestionKind.SCALE and result.scale.answered:
        return bars([(s.label, s.count, s.share) for s in result.scale.steps])
    if kind == QuestionKind.MATRIX and any(d.answered for d in result.statements):
        return diverging(result.statements)
    return None
