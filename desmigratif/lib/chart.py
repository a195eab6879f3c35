"""Geometry of a small bar chart drawn as inline SVG by a template: no JavaScript, no library.

The chart's box is ``WIDTH`` × ``HEIGHT`` user units and scales to its container (360 px phones
included); a few bars fit side by side, and labels are thinned out when there are many.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

WIDTH = 300
HEIGHT = 180
LEFT = 8  # room left of the first bar
RIGHT = 14  # room for half of the last label
TOP = 16  # room for the maximum's label
BOTTOM = 22  # room for the period labels
MAX_LABELS = 5
MAX_SLOT = Decimal(48)  # a few bars stay bar-shaped instead of filling the width


@dataclass(frozen=True)
class Bar:
    x: Decimal
    y: Decimal
    width: Decimal
    height: Decimal
    label: str
    show_label: bool
    value: Decimal

    @property
    def center(self) -> Decimal:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    maximum: Decimal
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = HEIGHT - BOTTOM
    top: int = TOP


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest 1, 2 or 5 × 10ⁿ at or above ``value`` (the top of the scale)."""
    if value <= 0:
        return Decimal(1)
    exponent = value.adjusted()
    for step in (1, 2, 5, 10):
        top = Decimal(step).scaleb(exponent)
        if top >= value:
            return top
    return Decimal(10).scaleb(exponent)  # pragma: no cover - the loop always returns


def bar_chart(points: list[tuple[str, Decimal]]) -> Chart:
    """Bars for (label, value ≥ 0) points, left to right, scaled to the rounded-up maximum."""
    if not points:
        return Chart(bars=[], maximum=Decimal(0))
    maximum = nice_ceiling(max(value for _label, value in points))
    plot_height = Decimal(HEIGHT - TOP - BOTTOM)
    slot = min((Decimal(WIDTH - LEFT - RIGHT) / len(points)).quantize(Decimal("0.01")), MAX_SLOT)
    gap = min(slot / 4, Decimal(6))
    every = -(-len(points) // MAX_LABELS)  # ceil: show one label in ``every``
    bars = []
    for i, (label, value) in enumerate(points):
        height = (plot_height * max(value, Decimal(0)) / maximum).quantize(Decimal("0.01"), ROUND_CEILING)
        bars.append(
            Bar(
                x=LEFT + slot * i + gap / 2,
                y=Decimal(HEIGHT - BOTTOM) - height,
                width=slot - gap,
                height=height,
                label=label,
                show_label=(len(points) - 1 - i) % every == 0,
                value=value,
            )
        )
    return Chart(bars=bars, maximum=maximum)
