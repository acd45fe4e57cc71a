"""Cell widgets for the council's spreadsheets: dates, amounts, choices and numbered items.

Dates come as `15.03.2024` and amounts as `1 234,56`; XLSX number and date cells pass
through. Widgets that find records look them up once per file, and only within the
program the file is imported into: a 10,000-row file would otherwise make tens of
thousands of queries, and a number could land in another program.
"""

import datetime
import re
from decimal import Decimal

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from import_export import widgets

from menaprogram.forms import FOREIGN_DIGITS
from menaprogram.text import has_foreign_digits


def parse_whole(value):
    """A whole number as staff write it (`12`, `12.`, `1 810`, an XLSX cell `12.0`), or ValueError.

    A fraction is refused rather than cut (`1,5` is not direction 1), and so are NaN,
    infinities and numbers too long for any column, whatever Decimal makes of them.
    """
    text = str(value).strip().replace("\xa0", "").replace(" ", "").replace(",", ".").rstrip(".")
    try:
        number = Decimal(text)
    except ArithmeticError:
        number = None
    if (
        number is None
        or not number.is_finite()
        or number.adjusted() > 18
        or number != number.to_integral_value()
    ):
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
    return int(number)


ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class DateWidget(widgets.DateWidget):
    """Dates as the council writes them; XLSX cells that are real dates pass through."""

    def __init__(self):
        super().__init__(format="%d.%m.%Y")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except (ValueError, TypeError, OverflowError):
            pass
        # 2024-03-15, as other programs export dates and as the forms accept them.
        if isinstance(value, str) and ISO_DATE.fullmatch(value):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        # The library's own message is English and does not show the value.
        raise ValueError(_("Write the date as 15.03.2024, not “%(value)s”.") % {"value": value})


class DecimalWidget(widgets.DecimalWidget):
    """Amounts such as `1 234,56`, `1234.56` or a number cell."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        if has_foreign_digits(value):
            raise ValueError(str(FOREIGN_DIGITS))
        text = str(value).replace("\xa0", "").replace(" ", "").replace(",", ".")
        try:
            number = Decimal(text)
        except ArithmeticError:
            number = None
        # NaN and infinities are numbers to Decimal, not amounts of money.
        if number is None or not number.is_finite():
            raise ValueError(
                _("“%(value)s” is not an amount; write it as 1234,56.") % {"value": value}
            )
        return number


class IntegerWidget(widgets.IntegerWidget):
    """Whole numbers (counts, years, IDs) such as `12`, `1 810` or a number cell `12.0`."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        return parse_whole(value)


class ChoicesWidget(widgets.Widget):
    """A choice written as its label (`вхідна делегація`); the stored code is accepted too."""

    def __init__(self, choices):
        super().__init__()
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        for code, label in self.choices.choices:
            if text.casefold() in (str(code).casefold(), str(label).casefold()):
                return code
        raise ValueError(
            _("Unknown value “%(value)s”; expected one of: %(choices)s.")
            % {"value": text, "choices": ", ".join(str(label) for label in self.choices.labels)}
        )

    def render(self, value, obj=None, **kwargs):
        if value in (None, ""):
            return ""
        return str(self.choices(value).label)


class CachedLookup:
    """A widget that reads its records once per file (`items`), within the file's program.

    The resource sets `program` when it is made for a file. The records it finds exist,
    so the resource does not look their foreign keys up again row by row.
    """

    program = None


class _ByNumber(CachedLookup):
    """Numbered items of the program (directions, spending categories), found by number."""

    def __init__(self, model, **kwargs):
        super().__init__(model, field="number", **kwargs)

    @cached_property
    def items(self):
        found = {}
        for item in self.model.objects.filter(program=self.program):
            item.program = self.program  # the model's clean() reads it: no query per row
            found[item.number] = item
        return found

    def find(self, value):
        number = parse_whole(value)
        if number not in self.items:
            raise ValueError(
                _("There is no %(item)s number %(number)s in the program “%(program)s”.")
                % {
                    "item": self.model._meta.verbose_name,
                    "number": number,
                    "program": self.program,
                }
            )
        return self.items[number]


class ProgramNumberWidget(_ByNumber, widgets.ForeignKeyWidget):
    """One numbered item of the program, given by its number."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        return self.find(value)

    def render(self, value, obj=None, **kwargs):
        return value.number if value else ""


class ProgramNumbersWidget(_ByNumber, widgets.ManyToManyWidget):
    """Several numbered items of the program, written `1, 9, 34`."""

    def clean(self, value, row=None, **kwargs):
        return [self.find(part.strip()) for part in str(value or "").split(",") if part.strip()]

    def render(self, value, obj=None, **kwargs):
        return ", ".join(str(item.number) for item in value.all()) if value else ""


class NameWidget(CachedLookup, widgets.ForeignKeyWidget):
    """A row of a short list (funding source, department) by its name, case aside."""

    def __init__(self, model, message):
        super().__init__(model, field="name")
        self.message = message

    @cached_property
    def items(self):
        return {item.name.casefold(): item for item in self.model.objects.all()}

    def clean(self, value, row=None, **kwargs):
        text = " ".join(str(value or "").split())
        if not text:
            return None
        if text.casefold() not in self.items:
            raise ValueError(self.message % {"value": text})
        return self.items[text.casefold()]
