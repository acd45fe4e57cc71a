"""Reading and writing the council's spreadsheets: file formats and cell widgets for imports.

Staff save CSV from Excel on Windows (Windows-1251, `;`) as often as from LibreOffice
(UTF-8, `,`); dates come as `15.03.2024` and amounts as `1 234,56`. These classes
accept all of that and write numbers and dates as real numbers and dates.
"""

import csv
import datetime
import io
import re
from decimal import Decimal

import openpyxl
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.formats import base_formats
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from tablib.formats._xlsx import XLSXFormat

ENCODINGS = ("utf-8-sig", "cp1251")
# A spreadsheet program reads a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")
# A number as the export writes it (`-1 234,56`): a leading minus is no formula then.
WRITTEN_NUMBER = re.compile(r"-?[\d\s.,]+")


def decode_text(raw):
    """Decode a CSV file's bytes, trying UTF-8 (with or without BOM) and then Windows-1251."""
    if isinstance(raw, str):
        return raw
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(_("The file is neither UTF-8 nor Windows-1251 text."))


def guess_delimiter(text):
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


class CSV(base_formats.CSV):
    """CSV whose encoding and separator are detected rather than asked for."""

    def is_binary(self):
        # Take the raw bytes: the encoding is found by decode_text, not fixed in advance.
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        text = decode_text(in_stream)
        return super().create_dataset(text, delimiter=guess_delimiter(text), **kwargs)


# XLSX stays the library's own class: its export writes numbers and dates as native cells
# only for the exact built-in binary formats.
FORMATS = [CSV, base_formats.XLSX]


class TextXLSX(XLSXFormat):
    """tablib's XLSX, except that text starting with `=` stays text.

    Registered as tablib's `xlsx` (ActivitiesConfig.ready), for the exports tablib writes:
    open data and the admin. The list pages write through `xlsx_bytes`, with the same rule.
    """

    @classmethod
    def dset_sheet(cls, dataset, ws, freeze_panes=True, escape=False):
        super().dset_sheet(dataset, ws, freeze_panes=freeze_panes, escape=False)
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    # A partner called `=HYPERLINK(…)` is a name, not a formula for Excel to run;
                    # tablib's own `escape` would drop the `=` and change the name.
                    cell.data_type = "s"


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
            # The library's own message is English and does not show the value.
            raise ValueError(
                _("Write the date as 15.03.2024, not “%(value)s”.") % {"value": value}
            ) from None


class DecimalWidget(widgets.DecimalWidget):
    """Amounts such as `1 234,56`, `1234.56` or a number cell."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
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


# Numbers of directions, categories and years.
parse_number = parse_whole


def program_covering(year):
    """The program whose term includes `year`: rows are filed under it by their date."""
    from activities.models import Program

    program = Program.objects.covering_year(year).first()
    if program is None:
        raise ValueError(_("No program covers the year %(year)s.") % {"year": year})
    return program


class _ProgramItems:
    """Finds a program's numbered items (spending categories, directions) by their number.

    Numbers repeat from program to program, so the item is looked up in the program
    that covers the row's year, which `year_of(row)` tells.
    """

    def __init__(self, model, year_of):
        super().__init__(model, field="number")
        self.year_of = year_of

    def _get(self, program, number):
        try:
            return self.model.objects.get(program=program, number=number)
        except self.model.DoesNotExist:
            raise ValueError(
                _("There is no %(item)s number %(number)s in the program “%(program)s”.")
                % {"item": self.model._meta.verbose_name, "number": number, "program": program}
            ) from None


class ProgramItemWidget(_ProgramItems, widgets.ForeignKeyWidget):
    """One numbered item of the row's program, given by its number."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        return self._get(program_covering(self.year_of(row)), parse_number(value))

    def render(self, value, obj=None, **kwargs):
        return value.number if value else ""


class ProgramItemsWidget(_ProgramItems, widgets.ManyToManyWidget):
    """Several numbered items of the row's program, written `1, 9, 34`."""

    def clean(self, value, row=None, **kwargs):
        numbers = [parse_number(part) for part in str(value or "").split(",") if part.strip()]
        if not numbers:
            return self.model.objects.none()
        program = program_covering(self.year_of(row))
        return [self._get(program, number) for number in numbers]

    def render(self, value, obj=None, **kwargs):
        return ", ".join(str(item.number) for item in value.all()) if value else ""


class AllOrNothingResource(resources.ModelResource):
    """A resource whose import writes every row or none.

    django-import-export commits the valid rows of a file whose other rows fail
    validation unless told otherwise; a half-imported file is worse than none.
    """

    def import_data(self, dataset, **kwargs):
        kwargs.setdefault("rollback_on_validation_errors", True)
        kwargs.setdefault("use_transactions", True)
        return super().import_data(dataset, **kwargs)


# Writing: what the lists export. Text a person typed must not run as a formula when the
# file is opened (`=HYPERLINK(…)` as a partner's name), and must import back as typed.


def csv_safe(value):
    """A CSV cell that Excel shows as text: a formula-like text gets a leading apostrophe."""
    if value is None:
        return ""
    formula_like = isinstance(value, str) and value.startswith(FORMULA_STARTS)
    if formula_like and not WRITTEN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_unescaped(value):
    """The text `csv_safe` wrote: the apostrophe it added is not part of the data."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def csv_bytes(dataset):
    """The dataset as CSV that a Ukrainian Excel opens without asking: a BOM and `;`."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(dataset.headers)
    for row in dataset:
        writer.writerow([csv_safe(value) for value in row])
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(dataset, *, formats=None):
    """The dataset as a workbook: numbers and dates as such, text always as text.

    `formats` maps a column's header to an Excel number format (`#,##0.00`).
    """
    formats = formats or {}
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(dataset.headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(header)) for header in dataset.headers]
    for number, row in enumerate(dataset, 2):
        for column, value in enumerate(row, 1):
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, str):
                # openpyxl takes a text that starts with `=` for a formula; this one is typed text.
                cell.data_type = "s"
            elif isinstance(value, datetime.date):
                cell.number_format = "DD.MM.YYYY"
            header = dataset.headers[column - 1]
            if header in formats and not isinstance(value, str):
                cell.number_format = formats[header]
            widths[column - 1] = max(widths[column - 1], min(len(str(value or "")), 60))
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width + 2
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
