"""The year's sums behind the budget page and the expense list are read once until the data
changes (menaprogram.data_version), and a new expense shows at once.

These tests commit their data (`transactional_db`): a test's own open transaction has written,
and the cache rightly stays out of the way of uncommitted writes.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import Expense, FundingSource, SpendingCategory

pytestmark = pytest.mark.django_db(transaction=True)

BUDGET = reverse("budget:budget")
EXPENSES = reverse("budget:expense-list")


@pytest.fixture
def page(as_user, controller):
    client = as_user(controller)

    def get(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"year": "2023"})
        assert response.status_code == 200
        sums = [
            q["sql"] for q in queries if 'FROM "budget_expense"' in q["sql"] and "SUM(" in q["sql"]
        ]
        return response, sums

    return get


def _expense(program, amount):
    return Expense.objects.create(
        category=SpendingCategory.objects.get(program=program, number=3),
        source=FundingSource.objects.order_by("pk").first(),
        date=datetime.date(2023, 4, 12),
        amount=Decimal(amount),
    )


def test_the_budget_page_sums_the_year_once(page, program):
    _expense(program, "100")
    first, first_sums = page(BUDGET)
    second, second_sums = page(BUDGET)
    assert first_sums and not second_sums
    assert second.context["category_total"].spent == Decimal("100.00")


def test_the_expense_list_counts_and_sums_in_one_query_once(page, program):
    _expense(program, "100")
    first, first_sums = page(EXPENSES)
    second, second_sums = page(EXPENSES)
    assert len(first_sums) == 1 and not second_sums
    assert second.context["total"] == Decimal("100.00")
    assert second.context["paginator"].count == 1


def test_a_new_expense_shows_at_once_on_both(page, program):
    _expense(program, "100")
    page(BUDGET)
    page(EXPENSES)
    _expense(program, "23.45")
    budget, _ = page(BUDGET)
    expenses, _ = page(EXPENSES)
    assert budget.context["category_total"].spent == Decimal("123.45")
    assert expenses.context["total"] == Decimal("123.45")
    assert expenses.context["paginator"].count == 2
