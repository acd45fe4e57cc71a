"""Reading an uploaded CSV or XLSX safely into a table of a kind's columns, or refusing it.

Staff save CSV from Excel on Windows (Windows-1251, `;`) as often as from LibreOffice
(UTF-8, `,`), and put titles above the header. What is not a sound file of the expected
columns is refused with a message that says why, before anything is imported.
"""

import csv
import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field

import openpyxl
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from menaprogram.spreadsheets import csv_unescaped

ENCODINGS = ("utf-8-sig", "cp1251")
# An XLSX is a zip archive: these bound what unpacking it may cost, whatever it claims.
# 50,000 rows of 17 columns take about 40 MB of sheet and shared strings; at 200 MB, a
# 580 KB file took minutes of CPU to read before anything could be refused.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_ARCHIVE_ENTRIES = 1000
MAX_ROWS = 50_000
# What reading a sheet costs grows with its rows and cells, empty formatted ones included
# (a sheet of a million styled blank rows is a small file that takes minutes to read). A
# sheet of records needs MAX_ROWS rows of the widest kind's 17 columns, with room for
# blank rows and split header cells: more is refused as it is met.
MAX_SHEET_LINES = 2 * MAX_ROWS
MAX_SHEET_CELLS = 20 * MAX_ROWS
# A title or a note above the header row is common in sheets made by hand.
HEADER_SEARCH_ROWS = 10

XLSX_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"
# The compound file of Office 97–2003 (.xls, .doc).
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
DELIMITERS = (";", ",", "\t")
# A formula cell whose result was never stored (the file was written by a program that
# does not calculate): openpyxl reads it as empty, which the person would not understand.
FORMULA_WITHOUT_VALUE = re.compile(
    rb'<c\b[^>]*?\br="([A-Z]+[0-9]+)"[^>]*>\s*<f\b[^>]*(?:/>|>[^<]*</f>)'
    rb"\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>"
)
# Control characters never found in a text file (tab, CR and LF are fine).
BINARY_BYTES = set(range(0, 9)) | {11, 12} | set(range(14, 32)) - {26}


class ImportRefused(Exception):
    """The file cannot be imported at all: the message says why, in the person's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """The file's rows under the resource's own column names, with their line numbers."""

    headers: list
    rows: list  # lists of cell values, in the order of `headers`
    numbers: list  # the row's line in the file (the header is line 1 of a plain CSV)
    sheets: list = field(default_factory=list)  # a workbook's visible sheets, by name
    sheet: str = ""  # the one read


def read_upload(upload):
    """The uploaded file's bytes, if it is within the size limit."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ImportRefused(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
            }
        )
    upload.seek(0)
    return upload.read()


def unpacked_size(raw):
    """What reading the file has to go through: a workbook's archive unpacked, else its bytes."""
    if not raw.startswith(XLSX_MAGIC):
        return len(raw)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        return len(raw)  # refused at once when read


def sniff(raw):
    """`xlsx` or `csv`, judged by the content: a file's name proves nothing."""
    if raw.startswith(XLSX_MAGIC):
        return "xlsx"
    if raw.startswith(PDF_MAGIC):
        raise ImportRefused(
            _(
                "This is a PDF document, not a table. Open the table itself in Excel or "
                "LibreOffice and save it as CSV or XLSX."
            )
        )
    if raw.startswith(OLE_MAGIC):
        raise ImportRefused(
            _(
                "This is a file of an old Excel (XLS). Open it in Excel or LibreOffice and "
                "save it as an XLSX workbook."
            )
        )
    if raw.startswith(UTF16_BOMS):
        return "csv"
    if raw and not BINARY_BYTES.intersection(raw[:65536]):
        return "csv"
    if _looks_utf16(raw[:65536]):
        raise ImportRefused(_utf16_without_mark())
    raise ImportRefused(_("This is neither a CSV nor an XLSX file, whatever its name says."))


def _looks_utf16(head):
    """Whether these bytes read as text, without control characters, in UTF-16."""
    head = head[: len(head) // 2 * 2]
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text and not BINARY_BYTES.intersection(map(ord, text)):
            return True
    return False


def _utf16_without_mark():
    return _(
        "This text file is in UTF-16 without the mark that says so. Save it again as "
        "“CSV UTF-8” (Excel) or as CSV with the UTF-8 character set (LibreOffice)."
    )


def read_table(raw, kind, sheet=""):
    """The file as a table of `kind`'s columns, or ImportRefused saying what is wrong.

    Of a workbook, `sheet` is read (a visible sheet's name), else the active sheet.
    """
    if sniff(raw) != "xlsx":
        return _table(_csv_lines(raw, kind.columns), kind.columns, kind.required)
    sheets = []  # filled in by _xlsx_lines: the visible sheets, then the one read
    table = _table(_xlsx_lines(raw, sheet, sheets), kind.columns, kind.required)
    table.sheets, table.sheet = sheets[:-1], sheets[-1]
    return table


def decode_text(raw):
    """A CSV file's text: UTF-16 with its mark, UTF-8 (with or without BOM), Windows-1251."""
    if raw.startswith(UTF16_BOMS):
        # Excel's "Unicode text": UTF-16, columns separated by tabs.
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportRefused(_utf16_without_mark()) from None
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRefused(_("The file is neither UTF-8 nor Windows-1251 text."))


def guess_delimiter(text, columns=()):
    """The separator under which the most of `columns` are found in a row near the top.

    A title above the header may have no separator at all, or other ones (`Витрати,
    травень`), so the first line alone cannot tell; nor can the header when one of its
    names holds a comma (`Сума, грн`). Without a clear winner, the first line decides.
    """
    known = {normal(column) for column in columns}
    top = list(itertools.islice(io.StringIO(text, newline=""), HEADER_SEARCH_ROWS))
    found = {delimiter: _known_cells(top, delimiter, known) for delimiter in DELIMITERS}
    most = max(found.values())
    best = [delimiter for delimiter in DELIMITERS if found[delimiter] == most]
    if most and len(best) == 1:
        return best[0]
    header = text.split("\n", 1)[0]
    if header.count("\t") > max(header.count(";"), header.count(",")):
        return "\t"
    return ";" if header.count(";") > header.count(",") else ","


def _known_cells(lines, delimiter, known):
    try:
        return max(
            (
                sum(normal(cell) in known for cell in cells)
                for cells in csv.reader(lines, delimiter=delimiter)
            ),
            default=0,
        )
    except csv.Error:
        return 0  # a cell over the reader's limit: reading the file says so


def _csv_lines(raw, columns=()):
    text = decode_text(raw)
    if "\x00" in text:
        raise ImportRefused(_("This is neither a CSV nor an XLSX file, whatever its name says."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=guess_delimiter(text, columns))
    start = 1
    try:
        for cells in reader:
            # The apostrophe the export puts before a formula-like text is not data.
            yield start, [csv_unescaped(cell) for cell in cells]
            start = reader.line_num + 1
    except csv.Error as error:
        if "field limit" in str(error):
            # The reader's own words are English; this is the one error it can still raise.
            raise ImportRefused(
                _("Line %(number)s of the CSV file has a cell longer than %(limit)s characters.")
                % {"number": start, "limit": csv.field_size_limit()}
            ) from None
        raise ImportRefused(
            _("Line %(number)s of the CSV file cannot be read: %(error)s")
            % {"number": start, "error": error}
        ) from None


def check_at_once(raw):
    """Refuse what needs no reading of rows: a PDF or an old XLS, a workbook's archive that
    is damaged or unpacks beyond the limits. A large file's rows are read by a job later."""
    if sniff(raw) == "xlsx":
        _archive_names(raw)


def _archive_names(raw):
    """The names of a workbook's parts, or ImportRefused when its archive is damaged or too big.

    Read from the archive's directory, before anything is unpacked: a few kilobytes can
    unpack to gigabytes.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise ImportRefused(_("The XLSX file is damaged or incomplete.")) from None
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        raise ImportRefused(
            _("The XLSX file holds %(count)s parts; a sheet of records has far fewer.")
            % {"count": len(entries)}
        )
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise ImportRefused(
            _("The XLSX file unpacks to more than %(limit)s; it cannot be a sheet of records.")
            % {"limit": filesizeformat(MAX_UNPACKED_BYTES)}
        )
    return {entry.filename for entry in entries}


def _xlsx_lines(raw, name="", sheets=None):
    names = _archive_names(raw)
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        raise ImportRefused(_("This is neither a CSV nor an XLSX file, whatever its name says."))
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a damaged file
        raise ImportRefused(_("The XLSX file is damaged or incomplete.")) from None
    try:
        visible = [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"]
        sheet = _sheet_to_read(book, visible, name)
        if sheets is not None:
            sheets += [*(each.title for each in visible), sheet.title]
        _refuse_formulas_without_values(raw, sheet)
        # A sheet may claim a million columns in its dimensions; read only the real cells.
        sheet.reset_dimensions()
        read = 0
        for number, cells in enumerate(sheet.iter_rows(values_only=True), 1):
            read += len(cells)
            if number > MAX_SHEET_LINES or read > MAX_SHEET_CELLS:
                raise ImportRefused(
                    _(
                        "The sheet is larger than a sheet of records can be: over %(rows)s "
                        "rows or %(cells)s cells, counting empty but formatted ones. Copy the "
                        "records onto a new sheet and upload that."
                    )
                    % {"rows": MAX_SHEET_LINES, "cells": MAX_SHEET_CELLS}
                )
            yield number, list(cells)
    except ImportRefused:
        raise
    except Exception:
        raise ImportRefused(_("The XLSX file is damaged or incomplete.")) from None
    finally:
        book.close()


def _sheet_to_read(book, visible, name=""):
    """The visible sheet called `name`, else the one the person sees on opening the file.

    That is the active one, if it is not hidden: a hidden first sheet (a lookup list, an
    old version) is never what they meant to import.
    """
    if not visible:
        raise ImportRefused(_("Every sheet of the XLSX file is hidden; show the one to import."))
    if name:
        for sheet in visible:
            if sheet.title == name:
                return sheet
        raise ImportRefused(_("The workbook has no visible sheet “%(name)s”.") % {"name": name})
    return book.active if book.active in visible else visible[0]


def _refuse_formulas_without_values(raw, sheet):
    """ImportRefused naming the first formula cell whose result the file does not hold."""
    tail = b""
    # openpyxl does not say where a read-only sheet lives in the archive but by this name.
    with zipfile.ZipFile(io.BytesIO(raw)) as archive, archive.open(sheet._worksheet_path) as xml:
        while chunk := xml.read(4 * 1024 * 1024):
            data = tail + chunk
            found = FORMULA_WITHOUT_VALUE.search(data)
            if found:
                raise ImportRefused(
                    _(
                        "Cell %(cell)s holds a formula whose result is not saved in the file "
                        "(the program that wrote it does not calculate). Open the file in "
                        "Excel or LibreOffice, save it there and upload it again."
                    )
                    % {"cell": found[1].decode()}
                )
            tail = data[-4096:]


def _clean_cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return value


def _blank(cells):
    return all(cell == "" for cell in cells)


def normal(header):
    """A header or a cell as compared: spaces collapsed, case aside."""
    return " ".join(str(header).split()).casefold()


def _table(lines, expected, required):
    known = {normal(column): column for column in expected}
    lines = iter(lines)
    header = None
    for number, cells in lines:
        cells = [_clean_cell(cell) for cell in cells]
        if any(normal(cell) in known for cell in cells if cell != ""):
            header = cells
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if header is None:
        raise ImportRefused(
            _("No header row was found. The columns of this kind of file are: %(columns)s.")
            % {"columns": quoted(expected)}
        )

    # Columns: each known once; a column without a header must be empty (merged header
    # cells that were split leave such columns behind).
    columns, unknown, headers = [], [], []
    for position, cell in enumerate(header):
        if cell == "":
            columns.append(None)
            continue
        name = known.get(normal(cell))
        if name is None:
            unknown.append(str(cell))
        elif name in headers:
            raise ImportRefused(_("The column “%(column)s” appears twice.") % {"column": name})
        else:
            headers.append(name)
        columns.append(position if name else None)
    if unknown:
        raise ImportRefused(
            _("Unknown columns: %(unknown)s. The columns of this kind of file are: %(columns)s.")
            % {"unknown": quoted(unknown), "columns": quoted(expected)}
        )
    missing = [column for column in required if column not in headers]
    if missing:
        raise ImportRefused(
            _("Required columns are missing: %(columns)s.") % {"columns": quoted(missing)}
        )

    positions = [position for position in columns if position is not None]
    rows, numbers = [], []
    for number, cells in lines:
        cells = [_clean_cell(cell) for cell in cells]
        if _blank(cells):
            continue
        stray = [
            position
            for position, cell in enumerate(cells)
            if cell != "" and (position >= len(columns) or columns[position] is None)
        ]
        if stray:
            raise ImportRefused(
                _("Row %(number)s has data in column %(column)s, which has no header.")
                % {"number": number, "column": get_column_letter(stray[0] + 1)}
            )
        rows.append([cells[position] if position < len(cells) else "" for position in positions])
        numbers.append(number)
        if len(rows) > MAX_ROWS:
            raise ImportRefused(
                _("The file has more than %(limit)s rows; split it into smaller files.")
                % {"limit": MAX_ROWS}
            )
    if not rows:
        raise ImportRefused(_("The file has a header but no rows."))
    return Table(headers=headers, rows=rows, numbers=numbers)


def quoted(names):
    return ", ".join(f"«{name}»" for name in names)
