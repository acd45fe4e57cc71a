from dataclasses import dataclass
from decimal import Decimal

from reports.footing import rounded, to_tens


def test_amounts_are_rounded_half_up_to_tens_of_hryvnias():
    assert to_tens(Decimal("14.99")) == Decimal("10")
    assert to_tens(Decimal("15.00")) == Decimal("20")
    assert to_tens(Decimal("200000")) == Decimal("200000")
    assert to_tens(None) is None


def test_the_sum_of_rounded_rows_is_what_the_rows_print():
    rows = [Decimal("1004.99"), Decimal("1004.99"), Decimal("1004.99")]
    # Unrounded the total is 3014,97 → 3,01 thousand, while the rows print 1,00 each.
    assert sum(to_tens(row) for row in rows) == Decimal("3000")


def test_every_decimal_field_of_a_line_is_rounded_and_the_rest_kept():
    @dataclass(frozen=True)
    class Line:
        label: str
        spent: Decimal
        approved: object = None

    line = rounded(Line("Категорія", Decimal("1235.55")))
    assert line == Line("Категорія", Decimal("1240"), None)
