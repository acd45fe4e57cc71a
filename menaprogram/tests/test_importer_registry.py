"""The importer's registry: apps register their kinds; the importer finds them by slug."""

import pytest

from menaprogram.importer import registry


def test_every_app_registers_its_kinds_in_the_order_files_depend_on_each_other():
    # Events name partners; participants and expenses name events; financing comes before
    # the expenses it allows.
    slugs = [kind.slug for kind in registry.kinds()]
    assert slugs == ["partners", "events", "participants", "financing", "expenses", "allocations"]


def test_a_kind_is_found_by_its_slug_and_lists_its_columns():
    kind = registry.get("expenses")
    assert kind.permission == "budget.add_expense"
    assert kind.columns[:3] == ["ID", "Дата", "Сума, грн"]
    assert set(kind.required) <= set(kind.columns)
    with pytest.raises(KeyError):
        registry.get("spaceships")


def test_a_slug_cannot_be_taken_by_another_kind():
    kind = registry.get("partners")
    assert registry.register(kind) is kind  # registering the same kind again changes nothing
    other = registry.Kind("partners", "x", kind.resource, kind.permission, (), ())
    with pytest.raises(ValueError):
        registry.register(other)


@pytest.mark.django_db
def test_a_person_may_import_the_kinds_whose_records_they_may_add(editor, administrator):
    assert "allocations" not in {kind.slug for kind in registry.kinds_for(editor)}
    assert "expenses" in {kind.slug for kind in registry.kinds_for(editor)}
    assert len(registry.kinds_for(administrator)) == len(registry.kinds())
