"""Amounts of the council's tables rounded once, per row, so that every total foots.

The documents print thousands of hryvnias with two decimals (`200,00`), i.e. to ten
hryvnias. Rounding each printed cell on its own would let a total differ from the sum of
the rows above it by a few hundredths; so each row's amounts are rounded to ten hryvnias
once, here, half up, and every total is added up from the rounded rows. The note under
each table says so.
"""

import dataclasses
from decimal import ROUND_HALF_UP, Decimal

TEN = Decimal(10)


def to_tens(amount):
    """`amount` in hryvnias, rounded half up to whole tens (0,01 thousand)."""
    if amount is None:
        return None
    return (Decimal(amount) / TEN).quantize(Decimal(1), rounding=ROUND_HALF_UP) * TEN


def rounded(line):
    """A copy of a money line (a dataclass) with each of its amounts rounded to tens."""
    return dataclasses.replace(
        line,
        **{
            field.name: to_tens(getattr(line, field.name))
            for field in dataclasses.fields(line)
            if isinstance(getattr(line, field.name), Decimal)
        },
    )
