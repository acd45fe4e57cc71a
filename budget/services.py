"""Writes of the budget app that have rules: the year's allotments saved as one decision."""

from django.db import transaction

from activities.models import Program
from budget.models import BudgetAllocation, SpendingCategory


def lock_allocations(*, program, year):
    """Lock the year's allotments of the program: {(category id, source id): allocation}.

    The program's row is locked too (without blocking new rows that refer to it), so that
    two saves of a year that has no allotment yet wait for each other instead of both
    inserting. Call it inside the transaction that saves.
    """
    Program.objects.select_for_update(no_key=True).filter(pk=program.pk).get()
    allocations = BudgetAllocation.objects.select_for_update().filter(
        category__program=program, year=year
    )
    return {(a.category_id, a.source_id): a for a in allocations}


@transaction.atomic
def save_allocations(*, program, year, amounts, decision=""):
    """Set the year's allotments from `amounts`: {(category, source): Decimal or None}.

    An empty amount removes the allotment. Only changed amounts take the `decision`,
    so each allotment keeps the decision that last set it. Returns how many changed.
    """
    program.check_year(year, "year")
    current = lock_allocations(program=program, year=year)
    changed = 0
    for (category, source), amount in amounts.items():
        if category.program_id != program.pk:
            raise ValueError(f"Category {category.pk} belongs to another program.")
        allocation = current.get((category.pk, source.pk))
        if amount is None:
            if allocation is not None:
                allocation.delete()
                changed += 1
            continue
        if allocation is not None and allocation.amount == amount:
            continue
        if allocation is None:
            allocation = BudgetAllocation(category=category, source=source, year=year)
        allocation.amount = amount
        allocation.decision = decision
        allocation.full_clean()
        allocation.save()
        changed += 1
    return changed


def carry_over_categories(source, target):
    """The next program's spending categories: the same numbers, names and KEKV codes."""
    rows = [
        SpendingCategory(program=target, number=c.number, name=c.name, kekv=c.kekv)
        for c in SpendingCategory.objects.filter(program=source)
    ]
    SpendingCategory.objects.bulk_create(rows)
    return len(rows)
