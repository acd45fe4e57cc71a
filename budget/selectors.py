"""Reads behind the expense and financing lists and the allotments grid (money: budget/money.py)."""

import hashlib

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from budget.models import BudgetAllocation, Expense, Financing, SpendingCategory
from menaprogram import data_version
from menaprogram.money import SQL_ZERO, ZERO


def expense_list(program, *, filters=None):
    """The program's expenses that `filters` (a bound ExpenseFilter) select, newest first."""
    # The program's categories as a list of ids, not a join: through the join PostgreSQL cannot
    # tell that a program holds most expenses, sorts the whole year for the first page, and is
    # 40 times slower at the benchmark's scale 10 (10 ms instead of 0.25 ms).
    categories = list(SpendingCategory.objects.filter(program=program).values_list("pk", flat=True))
    expenses = (
        Expense.objects.filter(category__in=categories)
        .select_related("category", "source", "event")
        .order_by("-date", "-pk")
    )
    return filters.apply(expenses) if filters is not None else expenses


def financing_list(program, *, filters=None):
    """The program's financing records that `filters` (a FinancingFilter) select, newest first."""
    financing = (
        Financing.objects.for_program(program)
        .select_related("category", "source")
        .order_by("-date", "-pk")
    )
    return filters.apply(financing) if filters is not None else financing


def count_and_total(rows):
    """How many `rows` (expenses or financing) there are and their sum, for a list's pages and
    its total: one scan instead of two, kept until the data changes.

    A year of expenses is 30,000 rows at the benchmark's scale 30: counting them for the
    paginator and summing them for the total were two thirds of the list's time.
    """
    rows = rows.order_by()
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return 0, ZERO
    digest = hashlib.md5(f"{sql}{params!r}".encode(), usedforsecurity=False).hexdigest()

    def read():
        figures = rows.aggregate(count=Count("pk"), total=Coalesce(Sum("amount"), SQL_ZERO))
        return figures["count"], figures["total"]

    return data_version.cached(f"budget:count-and-total:{digest}", read)


def allocation_grid(program, year):
    """The year's allotments as {(category id, source id): allocation} (one query)."""
    allocations = BudgetAllocation.objects.filter(category__program=program, year=year)
    return {(a.category_id, a.source_id): a for a in allocations}
