"""Money as the council writes it: `200,00 тис. грн`, `1 234,56 грн`, `45,6 %`."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()

CENTS = Decimal("0.01")
EMPTY = "—"


def _grouped(value, places):
    # Round half up, as accountants do; number_format alone would cut the extra digits off.
    value = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(value, places, force_grouping=True)


@register.filter
def thousands(value):
    """Hryvnias as thousands with two decimals, no unit: `200,00` (for table cells)."""
    if value is None or value == "":
        return EMPTY
    return _grouped(Decimal(value) / 1000, 2)


@register.filter
def signed_thousands(value):
    """A deviation in thousands with its sign, as the statutory forms print it: `+14,84`,
    `-25,44`, `0,00` (the sign of what is printed, so a few hryvnias show no sign)."""
    if value is None or value == "":
        return EMPTY
    text = thousands(value)
    if text.lstrip("-").replace("0", "").strip(",. \xa0") == "":
        return text.lstrip("-")
    return text if text.startswith("-") else f"+{text}"


@register.filter
def thousands_uah(value):
    """Hryvnias as thousands with the unit: `200,00 тис. грн`."""
    if value is None or value == "":
        return EMPTY
    return _("%(amount)s thousand UAH") % {"amount": thousands(value)}


@register.filter
def hryvnias(value):
    """Hryvnias with kopiykas, no unit: `1 234,56` (for cells under a «грн» header)."""
    if value is None or value == "":
        return EMPTY
    return _grouped(value, 2)


@register.filter
def uah(value):
    """Hryvnias with kopiykas: `1 234,56 грн`."""
    if value is None or value == "":
        return EMPTY
    return _("%(amount)s UAH") % {"amount": _grouped(value, 2)}


@register.filter
def percent(value):
    """A share with one decimal: `45,6 %`; a dash where there is nothing to divide by."""
    if value is None or value == "":
        return EMPTY
    return f"{_grouped(value, 1)}\N{NO-BREAK SPACE}%"
