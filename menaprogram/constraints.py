"""Database constraints whose form error appears next to the field it concerns.

Django reports a violated CheckConstraint or multi-field UniqueConstraint above the
form; staff look for the message beside the input they have to correct.
"""

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models


class _OnField:
    def __init__(self, *args, field, **kwargs):
        super().__init__(*args, **kwargs)
        self.field = field

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            raise ValidationError({self.field: error.error_list}) from None

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs["field"] = self.field
        return path, args, kwargs

    def __eq__(self, other):
        equal = super().__eq__(other)
        # Django answers NotImplemented for a constraint of another kind, and NotImplemented
        # is truthy: a check and a unique constraint on one field compared equal, so
        # makemigrations could miss one replaced by the other.
        if equal is NotImplemented:
            return NotImplemented
        return equal and self.field == getattr(other, "field", None)

    __hash__ = None


class FieldCheckConstraint(_OnField, models.CheckConstraint):
    """A CheckConstraint reported on `field`."""


class FieldUniqueConstraint(_OnField, models.UniqueConstraint):
    """A UniqueConstraint reported on `field` with its own message."""


# Names sort in Ukrainian alphabetical order (Є after Е, І and Ї after И, Ґ after Г); the
# database's default C.UTF-8 collation would sort them by code point.
UKRAINIAN = "uk-x-icu"
