"""Geometry of the dashboard's bar charts, drawn as inline SVG by
``compliance/reporting/includes/bar_chart.html`` (no JavaScript, nothing for the CSP to allow).

Bars are horizontal, one per row, so long unit names and many months both fit a phone's width:
the SVG scales to its container through its ``viewBox``.
"""

from dataclasses import dataclass

from django.utils.text import Truncator

#: The drawing's coordinate system (the SVG scales it to the width available).
WIDTH = 480
LABEL_WIDTH = 170
VALUE_WIDTH = 70
BAR_HEIGHT = 22
GAP = 8
FONT_SIZE = 16
#: Characters of a label that fit in ``LABEL_WIDTH``; the full label is in the data table.
LABEL_CHARACTERS = 18


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    display: str
    y: int
    length: float

    @property
    def short_label(self):
        return Truncator(self.label).chars(LABEL_CHARACTERS)

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT * 0.7

    @property
    def value_x(self):
        return LABEL_WIDTH + self.length + 6


@dataclass(frozen=True)
class BarChart:
    title: str
    label_heading: str
    value_heading: str
    bars: list
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    font_size: int = FONT_SIZE

    @property
    def height(self):
        return max(len(self.bars), 1) * (BAR_HEIGHT + GAP)


def bar_chart(title, items, *, label_heading, value_heading, maximum=None, display=str):
    """A :class:`BarChart` of ``items`` (``(label, value)`` pairs; a ``None`` value draws no bar).

    Bars are scaled to ``maximum`` (100 for percentages), or to the largest value.
    """
    values = [value for _, value in items if value is not None]
    scale = maximum or max(values, default=0) or 1
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = [
        Bar(
            label=str(label),
            value=value,
            display="—" if value is None else display(value),
            y=index * (BAR_HEIGHT + GAP),
            length=0 if value is None else round(plot * min(value, scale) / scale, 1),
        )
        for index, (label, value) in enumerate(items)
    ]
    return BarChart(title, label_heading, value_heading, bars)
