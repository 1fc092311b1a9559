"""The bar geometry of the dashboard's charts and the months of its timeline."""

from datetime import date

from compliance.reporting.charts import BAR_HEIGHT, GAP, LABEL_WIDTH, VALUE_WIDTH, WIDTH, bar_chart
from compliance.reporting.timeline import month_starts

PLOT = WIDTH - LABEL_WIDTH - VALUE_WIDTH


def chart(items, **kwargs):
    return bar_chart("Title", items, label_heading="Unit", value_heading="Rate", **kwargs)


def test_bars_scale_to_the_maximum_and_stack_downwards():
    bars = chart([("A", 100), ("B", 25), ("C", None)], maximum=100).bars
    assert [bar.length for bar in bars] == [PLOT, PLOT / 4, 0]
    assert [bar.y for bar in bars] == [0, BAR_HEIGHT + GAP, 2 * (BAR_HEIGHT + GAP)]
    assert [bar.display for bar in bars] == ["100", "25", "—"]


def test_without_a_maximum_the_largest_value_fills_the_plot():
    bars = chart([("Jan", 0), ("Feb", 4), ("Mar", 2)]).bars
    assert [bar.length for bar in bars] == [0, PLOT, PLOT / 2]


def test_a_chart_of_zeros_or_of_nothing_draws_no_bar():
    assert [bar.length for bar in chart([("A", 0)]).bars] == [0]
    empty = chart([])
    assert empty.bars == [] and empty.height == BAR_HEIGHT + GAP


def test_long_labels_are_shortened_in_the_drawing_only():
    bar = chart([("A very long name of a police station far away", 1)]).bars[0]
    assert bar.label == "A very long name of a police station far away"
    assert len(bar.short_label) <= 18


def test_the_timeline_covers_twelve_months_across_a_new_year():
    starts = month_starts(date(2030, 3, 15))
    assert len(starts) == 12
    assert starts[0] == date(2029, 4, 1) and starts[-1] == date(2030, 3, 1)
