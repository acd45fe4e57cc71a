"""Constraints reported on a field compare equal only to the same constraint on the same field."""

from django.db.models import CheckConstraint, Q, UniqueConstraint

from menaprogram.constraints import FieldCheckConstraint, FieldUniqueConstraint


def _check(field="number", **extra):
    return FieldCheckConstraint(condition=Q(number__gte=1), name="n", field=field, **extra)


def _unique(field="number"):
    return FieldUniqueConstraint(fields=["program", "number"], name="n", field=field)


def test_a_check_and_a_unique_constraint_on_one_field_differ():
    assert _check() != _unique()
    assert _unique() != _check()
    assert _check() not in [_unique()]


def test_the_same_constraint_on_the_same_field_is_equal():
    assert _check() == _check()
    assert _unique() == _unique()


def test_the_field_or_the_rule_makes_a_difference():
    assert _check() != _check(field="program")
    assert _check() != FieldCheckConstraint(condition=Q(number__gte=2), name="n", field="number")
    assert _unique() != _unique(field="program")


def test_a_plain_django_constraint_is_not_the_field_one():
    plain_check = CheckConstraint(condition=Q(number__gte=1), name="n")
    plain_unique = UniqueConstraint(fields=["program", "number"], name="n")
    assert _check() != plain_check and plain_check != _check()
    assert _unique() != plain_unique and plain_unique != _unique()
