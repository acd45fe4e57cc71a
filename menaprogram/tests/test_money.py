"""The one zero and the one percent rule that every app counts money with."""

from decimal import Decimal

from menaprogram.money import ZERO, percent


def test_a_share_is_rounded_to_a_tenth_half_up():
    assert percent(Decimal("25"), Decimal("100")) == Decimal("25.0")
    assert percent(Decimal("1"), Decimal("3")) == Decimal("33.3")
    # 1.25 %, exactly half a tenth: up, as the money filters round what they show.
    assert percent(Decimal("1.25"), Decimal("100")) == Decimal("1.3")


def test_overspending_shows_above_a_hundred():
    assert percent(Decimal("120000.00"), Decimal("100000.00")) == Decimal("120.0")


def test_there_is_no_share_of_nothing():
    assert percent(Decimal("5"), ZERO) is None
    assert percent(Decimal("5"), None) is None
    assert percent(ZERO, Decimal("5")) == Decimal("0.0")
