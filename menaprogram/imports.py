"""Importing the council's spreadsheets in the browser: read safely, preview, write all or none.

A file goes through three steps. `read_table` refuses what is not a sound CSV or XLSX of
the expected columns; `preview` runs the import as a dry run and says what would happen
to every row; `import_file` runs it for real in one transaction, which is rolled back
whole if any row fails. Between the preview and the confirmation the file waits in a
private folder (`pending_*`), never served.
"""

import csv
import datetime
import io
import json
import os
import secrets
import time
import zipfile
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl
import tablib
from django.apps import apps
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import F, Q
from django.template.defaultfilters import filesizeformat
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from activities.models import Department, Direction, Event
from activities.resources import EventResource, ParticipantResource
from budget.models import FundingSource, SpendingCategory
from budget.resources import BudgetAllocationResource, EventWidget, ExpenseResource
from menaprogram.spreadsheets import (
    DateWidget,
    csv_unescaped,
    decode_text,
    guess_delimiter,
    parse_number,
    parse_whole,
)
from partners.models import Partner
from partners.resources import PartnerResource

# An XLSX is a zip archive: these bound what unpacking it may cost, whatever it claims.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ARCHIVE_ENTRIES = 1000
MAX_ROWS = 50_000
# A title or a note above the header row is common in sheets made by hand.
HEADER_SEARCH_ROWS = 10
PENDING_LIFETIME = datetime.timedelta(days=1)

XLSX_MAGIC = b"PK\x03\x04"
# Control characters never found in a text file (tab, CR and LF are fine).
BINARY_BYTES = set(range(0, 9)) | {11, 12} | set(range(14, 32)) - {26}

OUTCOMES = ("new", "update", "unchanged", "error")


class ImportRefused(Exception):
    """The file cannot be imported at all: the message says why, in the person's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# Widgets that look everything up once per import instead of once per row, and only
# within the workspace program: a 10,000-row file would otherwise make tens of
# thousands of queries, and a number or a title could land in another program.


class ProgramNumberWidget(widgets.ForeignKeyWidget):
    """A numbered item (spending category) of the workspace program, given by its number."""

    def __init__(self, model, program):
        super().__init__(model, field="number")
        self.program = program

    @cached_property
    def items(self):
        found = {}
        for item in self.model.objects.filter(program=self.program):
            item.program = self.program  # the model's clean() reads it: no query per row
            found[item.number] = item
        return found

    def find(self, value):
        number = parse_number(value)
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

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        return self.find(value)

    def render(self, value, obj=None, **kwargs):
        return value.number if value else ""


class ProgramNumbersWidget(widgets.ManyToManyWidget):
    """Several numbered items (directions) of the workspace program, written `1, 9, 34`."""

    def __init__(self, model, program):
        super().__init__(model, field="number")
        self.one = ProgramNumberWidget(model, program)

    def clean(self, value, row=None, **kwargs):
        return [self.one.find(part.strip()) for part in str(value or "").split(",") if part.strip()]

    def render(self, value, obj=None, **kwargs):
        return ", ".join(str(item.number) for item in value.all()) if value else ""


class NameWidget(widgets.ForeignKeyWidget):
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


class PartnerNamesWidget(widgets.ManyToManyWidget):
    """Partners by their Ukrainian names separated by `;`, as the events export writes them."""

    def __init__(self):
        super().__init__(Partner, separator=";", field="name_uk")

    @cached_property
    def items(self):
        return {partner.name_uk.casefold(): partner for partner in Partner.objects.all()}

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in str(value or "").split(";") if name.strip()]
        missing = [name for name in names if name.casefold() not in self.items]
        if missing:
            raise ValueError(_("Unknown partners: %(names)s.") % {"names": "; ".join(missing)})
        return [self.items[name.casefold()] for name in names]

    def render(self, value, obj=None, **kwargs):
        return "; ".join(partner.name_uk for partner in value.all()) if value else ""


class ProgramEventWidget(EventWidget):
    """An event of the workspace program written `Title (15.03.2024)`."""

    def __init__(self, program):
        super().__init__()
        self.program = program

    @cached_property
    def items(self):
        found = defaultdict(list)
        for event in Event.objects.filter(program=self.program):
            found[(event.title, event.start_date)].append(event)
        return found

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        match = self.LABEL.match(text)
        if not match:
            raise ValueError(
                _("Write the event as “Title (15.03.2024)”, not “%(value)s”.") % {"value": text}
            )
        events = self.items.get((match["title"], DateWidget().clean(match["date"])), [])
        if len(events) != 1:
            raise ValueError(
                _("No single event “%(value)s” was found.") % {"value": text}
                if not events
                else _("Several events are called “%(value)s”.") % {"value": text}
            )
        return events[0]


class InProgram:
    """Files rows under the workspace program and refuses rows that belong to another.

    Mixed into the app's resources, which the admin uses unscoped: here every lookup
    is confined to one program and cached for the whole file.
    """

    def __init__(self, *, program, **kwargs):
        super().__init__(**kwargs)
        self.program = program

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            # A key cell that cannot be read (an unknown event): import_instance reports
            # it again under its column, which a loader error would not name.
            return None

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            # The plain field-by-field import: EventResource's own version would file the
            # event under whichever program covers its year, not the workspace's.
            resources.ModelResource.import_instance(self, instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            self.check_scope(instance, row)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own validation, minus the queries that would run for every row.

        Related records found by the cached widgets exist, so their foreign keys are not
        looked up again; check constraints are evaluated in Python (`_holds`), which
        gives the same answer as the database without a query per row.
        """
        errors = dict(import_validation_errors or {})
        trusted = {
            field.attribute
            for field in self.fields.values()
            if isinstance(field.widget, CACHED_WIDGETS)
            and getattr(instance, f"{field.attribute}_id", None) is not None
        }
        try:
            instance.full_clean(
                exclude=set(errors) | trusted,
                validate_unique=validate_unique,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for model, constraints in instance.get_constraints():
            for constraint in constraints:
                if getattr(constraint, "field", None) in errors:
                    continue
                try:
                    if isinstance(constraint, models.CheckConstraint):
                        if _holds(constraint.condition, instance) is False:
                            constraint.validate(model, instance)  # raises, with its message
                    else:
                        constraint.validate(model, instance, exclude=set(errors))
                except ValidationError as error:
                    errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def check_scope(self, instance, row):
        if "id" in self.fields and instance._state.adding and instance.pk is not None:
            # The ID names no record of this program: inserting it would clash or move data.
            raise ValidationError(
                {
                    "id": _(
                        "There is no record with ID %(id)s in this program; "
                        "leave the ID empty to add a new one."
                    )
                    % {"id": instance.pk}
                }
            )


CACHED_WIDGETS = (ProgramNumberWidget, NameWidget, ProgramEventWidget)

COMPARISONS = {
    "exact": lambda a, b: a == b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
}


def _holds(condition, instance):
    """A check constraint's condition on one instance: True, False, or None (SQL's unknown).

    Like the database, a comparison with NULL is unknown and an unknown condition passes.
    A lookup this does not know is left to the database (None here).
    """
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(_holds(child, instance))
            continue
        lookup, expected = child
        name, _sep, operator = lookup.partition("__")
        actual = _value(instance, name)
        if operator == "isnull":
            results.append((actual is None) == bool(expected))
            continue
        if isinstance(expected, F):
            expected = _value(instance, expected.name)
        compare = COMPARISONS.get(operator or "exact")
        if compare is None or actual is None or expected is None:
            results.append(None)
        else:
            results.append(compare(actual, expected))
    if condition.connector == Q.AND:
        result = False if False in results else (None if None in results else True)
    else:
        result = True if True in results else (None if None in results else False)
    if condition.negated and result is not None:
        result = not result
    return result


def _value(instance, name):
    return getattr(instance, instance._meta.get_field(name).attname)


class ProgramPartnerResource(InProgram, PartnerResource):
    class Meta:
        skip_html_diff = True


class ProgramEventResource(InProgram, EventResource):
    class Meta:
        skip_html_diff = True
        instance_loader_class = CachedInstanceLoader

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["directions"].widget = ProgramNumbersWidget(Direction, self.program)
        self.fields["partners"].widget = PartnerNamesWidget()
        self.fields["department"].widget = NameWidget(
            Department, _("Unknown department “%(value)s”.")
        )

    def check_scope(self, instance, row):
        instance.program = self.program  # Event.clean() then checks the year is in its term
        super().check_scope(instance, row)

    def get_queryset(self):
        return super().get_queryset().filter(program=self.program)


class ProgramParticipantResource(InProgram, ParticipantResource):
    class Meta:
        skip_html_diff = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["event"].widget = ProgramEventWidget(self.program)

    def get_queryset(self):
        return super().get_queryset().filter(event__program=self.program)


class ProgramExpenseResource(InProgram, ExpenseResource):
    class Meta:
        skip_html_diff = True
        instance_loader_class = CachedInstanceLoader
        # Expense files run to thousands of rows: rows are inserted a thousand at a
        # time, with no savepoint per row. Everything a row can get wrong is found by
        # validate_instance first, so the database has nothing left to refuse per row.
        use_bulk = True
        batch_size = 1000

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["category"].widget = ProgramNumberWidget(SpendingCategory, self.program)
        self.fields["source"].widget = NameWidget(
            FundingSource, _("Unknown funding source “%(value)s”.")
        )
        self.fields["event"].widget = ProgramEventWidget(self.program)

    def get_queryset(self):
        return super().get_queryset().filter(category__program=self.program)


class ProgramAllocationResource(InProgram, BudgetAllocationResource):
    class Meta:
        skip_html_diff = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["category"].widget = ProgramNumberWidget(SpendingCategory, self.program)
        self.fields["source"].widget = NameWidget(
            FundingSource, _("Unknown funding source “%(value)s”.")
        )

    def check_scope(self, instance, row):
        # An allocation has no program of its own; its year must lie in the workspace's.
        self.program.check_year(instance.year, "year")

    def get_queryset(self):
        return super().get_queryset().filter(category__program=self.program)


@dataclass(frozen=True)
class Kind:
    """One kind of record that can be imported, and how its file is checked."""

    slug: str
    label: str
    resource: type
    permission: str
    required: tuple  # columns a file must have
    key: tuple  # columns that name one record: two rows with the same key clash

    @property
    def columns(self):
        # In the order of the export (Meta.fields), not of the model.
        return [self.resource.fields[name].column_name for name in self.resource._meta.fields]

    def make_resource(self, program):
        return self.resource(program=program)


KINDS = {
    kind.slug: kind
    for kind in (
        Kind(
            "partners",
            gettext_lazy("Partners"),
            ProgramPartnerResource,
            "partners.add_partner",
            ("Назва українською", "Вид", "Країна"),
            ("Назва українською",),
        ),
        Kind(
            "events",
            gettext_lazy("Events"),
            ProgramEventResource,
            "activities.add_event",
            ("Назва", "Вид", "Дата початку", "Дата завершення", "Місце"),
            ("ID",),
        ),
        Kind(
            "participants",
            gettext_lazy("Participants"),
            ProgramParticipantResource,
            "activities.add_participant",
            ("Захід", "ПІБ"),
            ("Захід", "ПІБ"),
        ),
        Kind(
            "expenses",
            gettext_lazy("Expenses"),
            ProgramExpenseResource,
            "budget.add_expense",
            ("Дата", "Сума, грн", "Напрям використання коштів (номер)", "Джерело фінансування"),
            ("ID",),
        ),
        Kind(
            "allocations",
            gettext_lazy("Budget allocations"),
            ProgramAllocationResource,
            "budget.add_budgetallocation",
            ("Рік", "Напрям використання коштів (номер)", "Джерело фінансування", "Сума, грн"),
            ("Рік", "Напрям використання коштів (номер)", "Джерело фінансування"),
        ),
    )
}


def kinds_for(user):
    """The kinds this person may import: those whose records they may add."""
    return [kind for kind in KINDS.values() if user.has_perm(kind.permission)]


# Reading the file


@dataclass
class Table:
    """The file's rows under the resource's own column names, with their line numbers."""

    headers: list
    rows: list  # lists of cell values, in the order of `headers`
    numbers: list  # the row's line in the file (the header is line 1 of a plain CSV)


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


def sniff(raw):
    """`xlsx` or `csv`, judged by the content: a file's name proves nothing."""
    if raw.startswith(XLSX_MAGIC):
        return "xlsx"
    if raw and not BINARY_BYTES.intersection(raw[:65536]):
        return "csv"
    raise ImportRefused(_("This is neither a CSV nor an XLSX file, whatever its name says."))


def read_table(raw, kind):
    """The file as a table of `kind`'s columns, or ImportRefused saying what is wrong."""
    lines = _xlsx_lines(raw) if sniff(raw) == "xlsx" else _csv_lines(raw)
    return _table(lines, kind)


def _csv_lines(raw):
    try:
        text = decode_text(raw)
    except ValueError:
        raise ImportRefused(_("The file is neither UTF-8 nor Windows-1251 text.")) from None
    if "\x00" in text:
        raise ImportRefused(_("This is neither a CSV nor an XLSX file, whatever its name says."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=guess_delimiter(text))
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


def _xlsx_lines(raw):
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise ImportRefused(_("The XLSX file is damaged or incomplete.")) from None
    # Checked before openpyxl unpacks anything: a few kilobytes can unpack to gigabytes.
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
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        raise ImportRefused(_("This is neither a CSV nor an XLSX file, whatever its name says."))
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a damaged file
        raise ImportRefused(_("The XLSX file is damaged or incomplete.")) from None
    try:
        sheet = book.worksheets[0]
        # A sheet may claim a million columns in its dimensions; read only the real cells.
        sheet.reset_dimensions()
        for number, cells in enumerate(sheet.iter_rows(values_only=True), 1):
            yield number, list(cells)
    except ImportRefused:
        raise
    except Exception:
        raise ImportRefused(_("The XLSX file is damaged or incomplete.")) from None
    finally:
        book.close()


def _clean_cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return value


def _blank(cells):
    return all(cell == "" for cell in cells)


def _normal(header):
    return " ".join(str(header).split()).casefold()


def _table(lines, kind):
    known = {_normal(column): column for column in kind.columns}
    lines = iter(lines)
    header = None
    for number, cells in lines:
        cells = [_clean_cell(cell) for cell in cells]
        if any(_normal(cell) in known for cell in cells if cell != ""):
            header = cells
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if header is None:
        raise ImportRefused(
            _("No header row was found. The columns of this kind of file are: %(columns)s.")
            % {"columns": _quoted(kind.columns)}
        )

    # Columns: each known once; a column without a header must be empty (merged header
    # cells that were split leave such columns behind).
    columns, unknown, headers = [], [], []
    for position, cell in enumerate(header):
        if cell == "":
            columns.append(None)
            continue
        name = known.get(_normal(cell))
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
            % {"unknown": _quoted(unknown), "columns": _quoted(kind.columns)}
        )
    missing = [column for column in kind.required if column not in headers]
    if missing:
        raise ImportRefused(
            _("Required columns are missing: %(columns)s.") % {"columns": _quoted(missing)}
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
                % {"number": number, "column": _column_letter(stray[0])}
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


def _quoted(names):
    return ", ".join(f"«{name}»" for name in names)


def _column_letter(position):
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# Previewing and importing


@dataclass
class Row:
    number: int
    outcome: str
    values: list
    errors: list = field(default_factory=list)  # [column or "", message]


@dataclass
class Outcome:
    """What an import did or would do, row by row."""

    kind: str
    headers: list
    rows: list
    general_errors: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def counts(self):
        counts = dict.fromkeys(OUTCOMES, 0)
        for row in self.rows:
            counts[row.outcome] += 1
        return counts

    @property
    def ok(self):
        return not self.general_errors and not any(row.outcome == "error" for row in self.rows)

    @property
    def changes(self):
        counts = self.counts
        return counts["new"] + counts["update"]

    def errors(self):
        return [
            (row.number, column, message) for row in self.rows for column, message in row.errors
        ]

    def to_json(self):
        return json.dumps(
            {
                "kind": self.kind,
                "headers": self.headers,
                "rows": [asdict(r) for r in self.rows],
                "general_errors": self.general_errors,
                "seconds": self.seconds,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text):
        data = json.loads(text)
        data["rows"] = [Row(**row) for row in data["rows"]]
        return cls(**data)


def preview(*, kind, raw=None, program, table=None):
    """What importing the file would do, row by row; nothing is written."""
    return _run(kind, table or read_table(raw, kind), program, dry_run=True)


@transaction.atomic
def import_file(*, kind, raw, program):
    """Import the file for real: every row or, if any row fails, none."""
    outcome = _run(kind, read_table(raw, kind), program, dry_run=False)
    if not outcome.ok:
        transaction.set_rollback(True)
    return outcome


def _run(kind, table, program, *, dry_run):
    started = time.monotonic()
    resource = kind.make_resource(program)
    column_of = {f.attribute: f.column_name for f in resource.fields.values() if f.attribute}
    duplicates = _duplicates(kind, table)
    dataset = tablib.Dataset(*_with_sound_ids(table, duplicates), headers=table.headers)
    general = []
    try:
        result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True)
    except DatabaseError as error:
        result = None
        general.append(_("The database refused the file: %(error)s") % {"error": _first(error)})
    rows = []
    row_results = result.rows if result else []
    for index, values in enumerate(table.rows):
        row = Row(number=table.numbers[index], outcome="error", values=_shown(values))
        if index < len(row_results):
            row.outcome, row.errors = _described(row_results[index], column_of)
        if index in duplicates:
            row.outcome = "error"
            row.errors.append(duplicates[index])
        rows.append(row)
    if result:
        general += [
            _("The database refused the file: %(error)s") % {"error": _first(error.error)}
            if isinstance(error.error, DatabaseError)
            else _first(error.error)
            for error in result.base_errors
        ]
    return Outcome(
        kind=kind.slug,
        headers=table.headers,
        rows=rows,
        general_errors=general,
        seconds=round(time.monotonic() - started, 2),
    )


def _described(row_result, column_of):
    if row_result.import_type == "new":
        return "new", []
    if row_result.import_type == "update":
        return "update", []
    if row_result.import_type == "skip":
        return "unchanged", []
    errors = []
    if row_result.validation_error is not None:
        for name, messages in _message_dict(row_result.validation_error).items():
            column = "" if name == NON_FIELD_ERRORS else column_of.get(name, "")
            errors += [[column, message] for message in messages]
    for error in row_result.errors:
        if isinstance(error.error, DatabaseError):
            message = _constraint_message(error.error) or _(
                "The database refused this row: %(error)s"
            ) % {"error": _first(error.error)}
        else:
            message = _first(error.error)
        errors.append(["", message])
    return "error", errors


def _message_dict(error):
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


def _constraint_message(error):
    """The model's own Ukrainian message for a database rule the row broke, if it names one.

    A rule is normally checked before the row is written; this is the case of another
    import or person writing the same record in between.
    """
    diag = getattr(getattr(error, "__cause__", None), "diag", None)
    name = getattr(diag, "constraint_name", None)
    if not name:
        return None
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if constraint.name == name:
                return str(constraint.get_violation_error_message())
    return None


def _first(error):
    return str(error).strip().splitlines()[0] if str(error).strip() else repr(error)


def _shown(values):
    shown = []
    for value in values:
        if isinstance(value, datetime.datetime) and not value.time():
            value = value.date()
        if isinstance(value, datetime.date):
            value = f"{value:%d.%m.%Y}"
        elif isinstance(value, float | Decimal):
            value = f"{value:.2f}".replace(".", ",") if value % 1 else f"{value:.0f}"
        shown.append(str(value))
    return shown


def _with_sound_ids(table, problems):
    """The rows with IDs that are not whole numbers blanked out, and those rows flagged.

    The instance loader reads every ID before the first row is imported; one bad ID
    would stop the preview instead of being reported on its row.
    """
    if "ID" not in table.headers:
        return table.rows
    position = table.headers.index("ID")
    rows = []
    for index, values in enumerate(table.rows):
        try:
            if values[position] != "":
                parse_whole(values[position])
        except ValueError:
            problems.setdefault(
                index, ["ID", _("“%(value)s” is not a number.") % {"value": values[position]}]
            )
            values = [*values[:position], "", *values[position + 1 :]]
        rows.append(values)
    return rows


def _duplicates(kind, table):
    """Rows that repeat an earlier row, or name the same record: {index: [column, message]}."""
    found = {}
    seen_rows, seen_keys = {}, {}
    key_positions = [table.headers.index(c) for c in kind.key if c in table.headers]
    for index, values in enumerate(table.rows):
        whole = tuple(_normal(value) for value in values)
        if whole in seen_rows:
            found[index] = [
                "",
                _("This row repeats row %(number)s.") % {"number": table.numbers[seen_rows[whole]]},
            ]
            continue
        seen_rows[whole] = index
        key = tuple(_normal(values[position]) for position in key_positions)
        if key_positions and all(key):
            if key in seen_keys:
                found[index] = [
                    kind.key[0],
                    _("Row %(number)s already has the same %(columns)s.")
                    % {"number": table.numbers[seen_keys[key]], "columns": _quoted(kind.key)},
                ]
            else:
                seen_keys[key] = index
    return found


# Where a file waits between its preview and the confirmation: a private folder that
# no URL serves (uploads are served only from the folders `serve_upload` knows).


def _pending_dir():
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _pending_path(token, suffix):
    if not token or not all(c.isalnum() or c in "-_" for c in token):
        raise FileNotFoundError(token)
    return _pending_dir() / f"{token}.{suffix}"


def store_pending(raw, outcome):
    """Keep the file and its preview; return the token that finds them again."""
    _remove_stale()
    token = secrets.token_urlsafe(24)
    _pending_path(token, "upload").write_bytes(raw)
    _pending_path(token, "json").write_text(outcome.to_json(), encoding="utf-8")
    return token


def load_pending(token):
    """The waiting file's bytes and its preview; FileNotFoundError if it is gone."""
    raw = _pending_path(token, "upload").read_bytes()
    outcome = Outcome.from_json(_pending_path(token, "json").read_text(encoding="utf-8"))
    return raw, outcome


def claim_pending(token):
    """Take the waiting file for importing; a second claim (a double click) finds it gone."""
    claimed = _pending_path(token, "running")
    os.rename(_pending_path(token, "upload"), claimed)  # atomic: only one request wins
    return claimed.read_bytes()


def release_pending(token, outcome=None):
    """Put a claimed file back after a failed import, with the new findings."""
    os.rename(_pending_path(token, "running"), _pending_path(token, "upload"))
    if outcome is not None:
        _pending_path(token, "json").write_text(outcome.to_json(), encoding="utf-8")


def discard_pending(token):
    for suffix in ("upload", "running", "json"):
        _pending_path(token, suffix).unlink(missing_ok=True)


def _remove_stale():
    limit = time.time() - PENDING_LIFETIME.total_seconds()
    for path in _pending_dir().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            pass  # another request removed it first
