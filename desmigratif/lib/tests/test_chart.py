from decimal import Decimal

from desmigratif.lib.chart import HEIGHT, bar_chart, nice_ceiling


def test_the_scale_tops_out_at_a_round_number():
    assert nice_ceiling(Decimal("1234567")) == Decimal("2000000")
    assert nice_ceiling(Decimal("5000000")) == Decimal("5000000")
    assert nice_ceiling(Decimal("0")) == Decimal(1)
    assert nice_ceiling(Decimal("7.5")) == Decimal("10")


def test_bars_are_proportional_and_inside_the_box():
    chart = bar_chart([("01/2026", Decimal("1000000")), ("02/2026", Decimal("500000")), ("03/2026", Decimal(0))])
    first, second, third = chart.bars
    assert chart.maximum == Decimal("1000000")
    assert first.height == 2 * second.height and third.height == 0
    assert first.y + first.height == HEIGHT - 22
    assert all(b.x >= 0 and b.x + b.width <= chart.width for b in chart.bars)
    assert all(isinstance(b.height, Decimal) for b in chart.bars)


def test_labels_thin_out_but_the_latest_is_always_shown():
    chart = bar_chart([(f"{m:02}/2026", Decimal(m)) for m in range(1, 13)])
    shown = [b.label for b in chart.bars if b.show_label]
    assert len(shown) <= 5 and shown[-1] == "12/2026"


def test_no_points_no_bars():
    assert bar_chart([]).bars == []
