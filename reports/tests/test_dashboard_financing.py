"""The dashboard's fourth money layer: what was financed, beside allotted and spent."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import BudgetAllocation, Expense, Financing, FundingSource

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reports:dashboard")


@pytest.fixture
def money(program):
    source = FundingSource.objects.get(code="community_budget")
    category = program.categories.get(number=3)
    BudgetAllocation.objects.create(category=category, year=2023, source=source, amount=40000)
    for month, amount in ((1, "20000.00"), (4, "15000.00")):
        Financing.objects.create(
            category=category,
            source=source,
            date=datetime.date(2023, month, 20),
            amount=Decimal(amount),
        )
    Expense.objects.create(
        category=category, source=source, date=datetime.date(2023, 5, 1), amount=Decimal("9000")
    )
    return program


def test_the_dashboard_shows_financed_by_year_category_source_and_month(
    money, as_user, controller, django_assert_max_num_queries
):
    client = as_user(controller)
    client.get(DASHBOARD, {"year": 2023})  # the session's first page
    with django_assert_max_num_queries(30):
        response = client.get(DASHBOARD, {"year": 2023})
    context = response.context
    assert context["money"].financed == Decimal("35000.00")
    assert [line.financed for line in context["money_by_year"]] == [0, Decimal("35000.00"), 0]
    categories = {category.number: line for category, line in context["by_category"]}
    assert categories[3].financed == Decimal("35000.00")
    [(_source, line)] = context["by_source"]
    assert line.financed == Decimal("35000.00")
    months = {month.day.month: month.financed for month in context["by_month"]}
    assert (months[1], months[4], months[5]) == (Decimal("20000.00"), Decimal("15000.00"), 0)
    page = response.content.decode()
    assert "Профінансовано" in page
    assert "35,00 тис. грн" in page
    assert "профінансовано: 35,00" in page  # the category chart's financed bar
    assert f"{reverse('budget:financing-list')}?year=2023" in page


def test_the_whole_term_shows_financed_too(money, as_user, controller):
    response = as_user(controller).get(DASHBOARD, {"year": "all"})
    assert response.context["money_total"].financed == Decimal("35000.00")
