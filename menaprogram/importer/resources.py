"""The base of every importable resource: rows filed under one program, written all or none."""

import pghistory
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connections, models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _
from import_export import resources
from import_export.results import RowResult

from menaprogram.importer.widgets import CachedLookup
from menaprogram.yielding import give_way


class _NoDiff:
    """The library's diff of each row, which only its HTML preview shows (we have our own).

    Made for every row, it exports every field of the row twice: a fifth of a large file's
    time. `original`, which our preview needs, is kept by the library without it.
    """

    def __init__(self, resource, instance, new):
        pass

    def compare_with(self, resource, instance):
        pass

    def as_html(self):
        return []


class _RowResult(RowResult):
    """The library's result of a row, without the record's text for the admin's log.

    The project keeps its own history and shows its own preview; the text, made for every
    row, was 400 bytes a row kept to the file's end: 19 MB of a 50,000-row file.
    """

    def add_instance_info(self, instance):
        if instance is not None:
            self.object_id = instance.pk


class ProgramResource(resources.ModelResource):
    """Files rows under the program the file is imported into, and writes every row or none.

    Made for one file with the program (`program=`; none for an export, which only renders
    rows): its lookups are confined to that program and cached for the whole file.
    django-import-export commits the valid rows of a file whose other rows fail validation
    unless told otherwise; a half-imported file is worse than none.
    """

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        skip_html_diff = True

    def __init__(self, *, program=None, **kwargs):
        super().__init__(**kwargs)
        self.program = program
        self.bulk_rows = []  # the row number of each instance waiting in create_instances
        # Fields (attnames) whose values each new row's instance leaves in same_as_keys, by
        # row number: set by the engine to find rows that look already imported.
        self.same_as = ()
        self.same_as_keys = {}
        for field in self.fields.values():
            if isinstance(field.widget, CachedLookup):
                field.widget.program = program

    def import_data(self, dataset, **kwargs):
        kwargs.setdefault("rollback_on_validation_errors", True)
        kwargs.setdefault("use_transactions", True)
        # The audit trail says the rows came from an import; and its settings are set
        # (see before_import), which a request's middleware does too, but not a command.
        with pghistory.context(imported=self._meta.model._meta.label):
            return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        """Set pgtrigger's setting for the import's transaction (to ignore no trigger).

        The audit and rule triggers read their settings in a BEGIN…EXCEPTION block: unset,
        each read raises and rolls back a subtransaction, and PostgreSQL then walks every
        deferred foreign-key check queued in the transaction so far. Three such per row
        made a file's insert time grow with the square of its rows (10,000 rows 3.7 s,
        50,000 rows 31 s).
        """
        super().before_import(dataset, **kwargs)
        with connections[self.get_db_connection_name()].cursor() as cursor:
            cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        # A refusal's tracebacks hold the frames that raised it, and with them the row's
        # instance and values until the file's end: 4 KB a refused row, 200 MB of a
        # 50,000-row file whose rows are all refused. Only the messages are shown.
        for error in _raised(row_result):
            error.__traceback__ = None
        return row_result

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        # A file checked by the job worker rests between rows while the pages are busy.
        give_way()

    def get_diff_class(self):
        return _NoDiff

    def get_row_result_class(self):
        return _RowResult

    def save_instance(self, instance, is_create, row, **kwargs):
        super().save_instance(instance, is_create, row, **kwargs)
        if self._meta.use_bulk and is_create:
            self.bulk_rows.append(kwargs.get("row_number"))
        if self.same_as and is_create:
            values = tuple(getattr(instance, name) for name in self.same_as)
            self.same_as_keys[kwargs.get("row_number")] = values

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Insert the waiting rows; if the database refuses them, say which row it refused.

        The library reports a refused batch with no row. The batch is then inserted again
        one row at a time, each in a savepoint, until the row the database refuses is
        found; the import is rolled back whole either way.
        """
        instances, numbers = list(self.create_instances), list(self.bulk_rows)
        self.create_instances.clear()
        self.bulk_rows.clear()
        if not instances or not (using_transactions or not dry_run):
            return
        manager = self._meta.model.objects
        try:
            with transaction.atomic():
                manager.bulk_create(instances, batch_size=batch_size)
        except DatabaseError as error:
            if raise_errors:
                raise
            refusal, number = _refused_row(manager, instances, numbers, error)
            result.append_base_error(self.get_error_result_class()(refusal, number=number))

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
            super().import_instance(instance, row, **kwargs)
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
        looked up again; check constraints are evaluated in Python (`holds`), which
        gives the same answer as the database without a query per row.
        """
        errors = dict(import_validation_errors or {})
        trusted = {
            field.attribute
            for field in self.fields.values()
            if isinstance(field.widget, CachedLookup)
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
                        if holds(constraint.condition, instance) is False:
                            constraint.validate(model, instance)  # raises, with its message
                    else:
                        constraint.validate(model, instance, exclude=set(errors))
                except ValidationError as error:
                    errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def check_scope(self, instance, row):
        """Refuse a row that would reach outside the program; kinds add their own rules."""
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


def _raised(row_result):
    """The exceptions a row's result keeps: its validation error and each one within it."""
    error = row_result.validation_error
    if error is not None:
        yield error
        lists = error.error_dict.values() if hasattr(error, "error_dict") else [error.error_list]
        for inner in lists:
            yield from inner
    for refusal in row_result.errors:
        yield refusal.error


def _refused_row(manager, instances, numbers, error):
    """The first instance the database refuses on its own, with its row number.

    Each is inserted in a savepoint of the transaction the import rolls back. If none is
    refused alone (the disk filled up), the batch's own error is returned, with no row.
    """
    for instance, number in zip(instances, numbers, strict=False):
        try:
            with transaction.atomic():
                manager.bulk_create([instance])
        except DatabaseError as refusal:
            return refusal, number
    return error, None


COMPARISONS = {
    "exact": lambda a, b: a == b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
}


def holds(condition, instance):
    """A check constraint's condition on one instance: True, False, or None (SQL's unknown).

    Like the database, a comparison with NULL is unknown and an unknown condition passes.
    A lookup this does not know is left to the database (None here).
    """
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(holds(child, instance))
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
