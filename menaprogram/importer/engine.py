"""Running an import: a preview of what every row would do, then the real run, all or none.

`preview` runs the import as a dry run and says what would happen to every row;
`import_file` runs it for real in one transaction, which is rolled back whole if any row
fails. Every message is in the person's language, with the row and the column.
"""

import datetime
import json
import time
from dataclasses import asdict, dataclass, field
from decimal import Decimal

import tablib
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from menaprogram.concurrency import record_digest
from menaprogram.importer.reading import normal, quoted, read_table
from menaprogram.importer.widgets import parse_whole

OUTCOMES = ("new", "update", "unchanged", "error")


@dataclass
class Row:
    number: int
    outcome: str
    values: list
    errors: list = field(default_factory=list)  # [column or "", message]
    # The existing record the row matched, as it was read: [pk, digest] (concurrency's).
    record: list | None = None


@dataclass
class Outcome:
    """What an import did or would do, row by row."""

    kind: str
    headers: list
    rows: list
    general_errors: list = field(default_factory=list)
    seconds: float = 0.0
    # Numbers of the new rows that look like records already in the database.
    looks_imported: list = field(default_factory=list)
    # A workbook's visible sheets and the one read (which the import reads again).
    sheets: list = field(default_factory=list)
    sheet: str = ""

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
                "looks_imported": self.looks_imported,
                "sheets": self.sheets,
                "sheet": self.sheet,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text):
        data = json.loads(text)
        data["rows"] = [Row(**row) for row in data["rows"]]
        return cls(**data)


def preview(*, kind, program, raw=None, table=None, sheet=""):
    """What importing the file (its `sheet`, of a workbook) would do; nothing is written."""
    return _run(kind, table or read_table(raw, kind, sheet), program, dry_run=True)


@transaction.atomic
def import_file(*, kind, raw, program, previewed=None):
    """Import the file for real: every row or, if any row fails, none.

    With the `previewed` outcome, a record that someone changed after the preview showed it
    is not overwritten: the import is refused naming the rows, and a new preview of the file
    shows those records as they are now.
    """
    shown = {row.number: row.record for row in previewed.rows if row.record} if previewed else {}
    if shown:
        # Read and written under lock: nobody changes them between this check and the write.
        model = kind.make_resource(program)._meta.model
        pks = {pk for pk, _digest in shown.values()}
        list(model._default_manager.select_for_update().filter(pk__in=pks).values_list("pk"))
    sheet = previewed.sheet if previewed else ""
    outcome = _run(kind, read_table(raw, kind, sheet), program, dry_run=False)
    changed = [
        row.number
        for row in outcome.rows
        if row.record and row.number in shown and shown[row.number] != row.record
    ]
    if changed:
        outcome.general_errors.append(
            _(
                "Someone changed the records of rows %(rows)s after the preview, so nothing "
                "was imported. Upload the file again to see those records as they are now."
            )
            % {"rows": ", ".join(str(number) for number in changed)}
        )
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
        if dry_run:
            model = resource._meta.model
            resource.same_as = [model._meta.get_field(name).attname for name in kind.same_as]
        result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True)
    except DatabaseError as error:
        result = None
        general.append(_("The database refused the file: %(error)s") % {"error": _first(error)})
    rows = []
    row_results = result.rows if result else []
    # A row that updates a record an earlier row of the file adds names no record shown
    # before: each run adds it afresh, under another id.
    added = {r.object_id for r in row_results if r.import_type == "new" and r.object_id}
    for index, values in enumerate(table.rows):
        row = Row(number=table.numbers[index], outcome="error", values=_shown(values))
        if index < len(row_results):
            row.outcome, row.errors = _described(row_results[index], column_of)
            original = row_results[index].original
            if original is not None and original.pk is not None and original.pk not in added:
                row.record = [original.pk, record_digest(original)]
        if index in duplicates:
            row.outcome = "error"
            row.errors.append(duplicates[index])
        rows.append(row)
    for error in result.base_errors if result else []:
        # A refused bulk insert names the row the database refused (ProgramResource).
        if error.number is not None and 0 < error.number <= len(rows):
            row = rows[error.number - 1]
            row.outcome = "error"
            row.errors.append(["", _row_refusal(error.error)])
        elif isinstance(error.error, DatabaseError):
            general.append(
                _("The database refused the file: %(error)s") % {"error": _first(error.error)}
            )
        else:
            general.append(_first(error.error))
    return Outcome(
        kind=kind.slug,
        headers=table.headers,
        rows=rows,
        general_errors=general,
        seconds=round(time.monotonic() - started, 2),
        looks_imported=_looks_imported(kind, resource, rows) if dry_run else [],
        sheets=table.sheets,
        sheet=table.sheet,
    )


def _looks_imported(kind, resource, rows):
    """The numbers of the new rows whose `kind.same_as` fields match a record's."""
    if not kind.same_as:
        return []
    new = {
        row.number: _same_as_values(resource.same_as_keys[index + 1])
        for index, row in enumerate(rows)
        if row.outcome == "new" and index + 1 in resource.same_as_keys
    }
    if not new:
        return []
    records = resource.get_queryset().prefetch_related(None)
    first = {key[0] for key in new.values()}
    if not any(isinstance(value, str) for value in first):
        # Narrowed by the first field (an expense's date): not every record of the program.
        # Texts are compared case aside, which `__in` cannot do.
        records = records.filter(**{f"{resource.same_as[0]}__in": first})
    existing = {_same_as_values(values) for values in records.values_list(*resource.same_as)}
    return [number for number, key in new.items() if key in existing]


def _same_as_values(values):
    # Texts as people retype them: spaces and case aside. Decimals compare by value.
    return tuple(normal(value) if isinstance(value, str) else value for value in values)


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
        errors.append(["", _row_refusal(error.error)])
    return "error", errors


def _row_refusal(error):
    if isinstance(error, DatabaseError):
        return constraint_message(error) or _("The database refused this row: %(error)s") % {
            "error": _first(error)
        }
    return _first(error)


def _message_dict(error):
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


def constraint_message(error):
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
        whole = tuple(normal(value) for value in values)
        if whole in seen_rows:
            found[index] = [
                "",
                _("This row repeats row %(number)s.") % {"number": table.numbers[seen_rows[whole]]},
            ]
            continue
        seen_rows[whole] = index
        key = tuple(normal(values[position]) for position in key_positions)
        if key_positions and all(key):
            if key in seen_keys:
                found[index] = [
                    kind.key[0],
                    _("Row %(number)s already has the same %(columns)s.")
                    % {"number": table.numbers[seen_keys[key]], "columns": quoted(kind.key)},
                ]
            else:
                seen_keys[key] = index
    return found
