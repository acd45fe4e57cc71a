"""Money as every app counts it: the one zero (in Python and in SQL) and the share of a whole."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, Value

ZERO = Decimal("0.00")
# What a sum over no rows is worth in SQL: `Coalesce(Sum("amount"), SQL_ZERO)`. Two digits more
# than a column holds, as a sum of many rows may need them.
SQL_ZERO = Value(ZERO, output_field=DecimalField(max_digits=16, decimal_places=2))
TENTH = Decimal("0.1")


def percent(part, whole):
    """`part` as a percentage of `whole`, to a tenth; None where there is nothing to divide by.

    Rounded half up, as the money filters round what they show, so that a chart's label and a
    table's cell never differ by a tenth.
    """
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)
