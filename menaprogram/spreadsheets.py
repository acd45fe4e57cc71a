"""Writing CSV and XLSX files, where text that looks like a formula stays text.

Every file the project writes goes through here: the list exports, the admin's exports,
open data and the annual report's workbook. A name typed as `=HYPERLINK(…)` must not run
as a formula when the file is opened, and must import back as typed.
"""

import csv
import datetime
import io
import re

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# A spreadsheet program reads a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")
# A number as the export writes it (`-1 234,56`): a leading minus is no formula then.
WRITTEN_NUMBER = re.compile(r"-?[\d\s.,]+")


def formula_like(value):
    """Whether a spreadsheet program would take this text for a formula."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not WRITTEN_NUMBER.fullmatch(value)
    )


def csv_cell(value):
    """A CSV cell that Excel shows as text: a formula-like text gets a leading apostrophe."""
    if value is None:
        return ""
    return "'" + value if formula_like(value) else value


def csv_unescaped(value):
    """The text `csv_cell` wrote: the apostrophe it added is not part of the data."""
    if isinstance(value, str) and value.startswith("'") and formula_like(value[1:]):
        return value[1:]
    return value


def put(sheet, row, column, value):
    """Write one XLSX cell; a text is always a text cell, never a formula."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        # openpyxl takes a text that starts with `=` for a formula; this one is typed text.
        cell.data_type = "s"
    return cell


def csv_bytes(dataset, *, for_excel=True):
    """The dataset as CSV.

    For people (`for_excel`): a BOM and `;`, so that a Ukrainian Excel opens it without
    asking, and formula-like text escaped. For machines (open data): UTF-8 and `,`, every
    text exactly as typed.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if for_excel else ",")
    writer.writerow(dataset.headers)
    for row in dataset:
        writer.writerow([csv_cell(value) for value in row] if for_excel else row)
    return out.getvalue().encode("utf-8-sig" if for_excel else "utf-8")


def xlsx_bytes(dataset, *, formats=None, date_format="DD.MM.YYYY"):
    """The dataset as a workbook: numbers and dates as such, text always as text.

    `formats` maps a column's header to an Excel number format (`#,##0.00`).
    """
    formats = formats or {}
    book = openpyxl.Workbook()
    sheet = book.active
    if dataset.title:
        sheet.title = dataset.title
    for column, header in enumerate(dataset.headers, 1):
        put(sheet, 1, column, header).font = Font(bold=True)
    widths = [len(str(header)) for header in dataset.headers]
    for number, row in enumerate(dataset, 2):
        for column, value in enumerate(row, 1):
            cell = put(sheet, number, column, value)
            if isinstance(value, datetime.date):
                cell.number_format = date_format
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
