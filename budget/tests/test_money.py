"""Plan against fact, checked against sums computed by hand on a small fixed data set."""

import datetime
from decimal import Decimal

import pytest

from budget.models import BudgetAllocation, Expense, FundingSource
from budget.selectors import execution_by_category, execution_by_year, total

pytestmark = pytest.mark.django_db


@pytest.fixture
def money(program):
    source = FundingSource.objects.get(code="community_budget")
    category = {c.number: c for c in program.categories.all()}
    for number, amount in ((3, "40000.00"), (4, "100000.00"), (7, "60000.00")):
        BudgetAllocation.objects.create(
            category=category[number], year=2023, source=source, amount=Decimal(amount)
        )
    BudgetAllocation.objects.create(category=category[3], year=2024, source=source, amount=5)
    for number, day, amount in (
        (3, datetime.date(2023, 3, 15), "1234.56"),
        (3, datetime.date(2023, 9, 1), "8765.44"),
        (4, datetime.date(2023, 6, 10), "120000.00"),
        (3, datetime.date(2024, 1, 5), "999.99"),  # another year
    ):
        Expense.objects.create(
            category=category[number], source=source, date=day, amount=Decimal(amount)
        )
    return program


def test_each_category_shows_its_allotment_spending_and_share_used(
    money, django_assert_num_queries
):
    with django_assert_num_queries(1):
        lines = execution_by_category(money, 2023)
    by_number = {int(line.label.split(".")[0]): line for line in lines}
    assert len(lines) == 9
    assert (by_number[3].allotted, by_number[3].spent) == (Decimal("40000.00"), Decimal("10000.00"))
    assert by_number[3].percent_used == Decimal("25.0")
    assert by_number[3].difference == Decimal("-30000.00")
    assert by_number[4].percent_used == Decimal("120.0")  # overspent, shown as such
    assert (by_number[7].spent, by_number[7].remainder) == (Decimal("0.00"), Decimal("60000.00"))
    assert by_number[1].percent_used is None  # nothing allotted: no share to show
    overall = total(lines, "Усього")
    assert (overall.allotted, overall.spent) == (Decimal("200000.00"), Decimal("130000.00"))


def test_each_year_shows_approved_allotted_and_spent(money):
    years = {line.label: line for line in execution_by_year(money)}
    assert years["2022"].approved == Decimal("200000.00")
    assert (years["2022"].allotted, years["2022"].spent) == (0, 0)
    assert years["2023"].approved == Decimal("300000.00")
    assert years["2023"].allotted == Decimal("200000.00")
    assert years["2023"].spent == Decimal("130000.00")
    assert years["2024"].spent == Decimal("999.99")
    assert total(list(years.values()), "Усього").approved == Decimal("800000.00")
