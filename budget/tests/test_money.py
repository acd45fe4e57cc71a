"""Plan against fact, checked against sums computed by hand on a small fixed data set."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from budget.models import BudgetAllocation, Expense, Financing, FundingSource
from budget.money import (
    Execution,
    MoneyLayers,
    by_category,
    by_month,
    by_source,
    by_year,
    statutory_by_category,
    statutory_by_year,
    total,
    totals_by_source,
)

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
    other = FundingSource.objects.get(code="other")
    for number, funder, day, amount in (
        (3, source, datetime.date(2023, 1, 20), "20000.00"),
        (3, source, datetime.date(2023, 4, 20), "15000.00"),
        (4, source, datetime.date(2023, 4, 20), "90000.00"),
        (7, other, datetime.date(2023, 4, 25), "700.00"),
        (3, source, datetime.date(2024, 1, 2), "4.00"),  # another year
    ):
        Financing.objects.create(
            category=category[number], source=funder, date=day, amount=Decimal(amount)
        )
    return program


def test_each_category_shows_its_allotment_spending_and_share_used(
    money, django_assert_num_queries
):
    # The categories, and the four layers in one.
    with django_assert_num_queries(2):
        lines = [line for _category, line in by_category(MoneyLayers(money, [2023]))]
    by_number = {line.key: line for line in lines}
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
    years = {line.label: line for line in by_year(MoneyLayers(money))}
    assert years["2022"].approved == Decimal("200000.00")
    assert (years["2022"].allotted, years["2022"].spent) == (0, 0)
    assert years["2023"].approved == Decimal("300000.00")
    assert years["2023"].allotted == Decimal("200000.00")
    assert years["2023"].spent == Decimal("130000.00")
    assert years["2024"].spent == Decimal("999.99")
    assert total(list(years.values()), "Усього").approved == Decimal("800000.00")


def test_a_line_tells_whether_it_is_overspent_and_what_the_statutory_note_says():
    with translation.override("en"):
        assert Execution("a", allotted=Decimal("10"), spent=Decimal("12")).note == "over the plan"
        assert Execution("b", allotted=Decimal("0"), spent=Decimal("0")).note == "no spending"
        assert Execution("c", allotted=Decimal("10"), spent=Decimal("10")).note == ""
    assert Execution("a", allotted=Decimal("10"), spent=Decimal("12")).overspent
    assert not Execution("c", allotted=Decimal("10"), spent=Decimal("10")).overspent


def test_the_statutory_tables_show_every_category_and_each_source_with_money(money):
    lines = statutory_by_category(MoneyLayers(money, [2023]))
    # One source used in 2023, but category 7 was also financed from the other one.
    assert [line.number for line in lines] == [1, 2, 3, 4, 5, 6, 7, 7, 8, 9]
    assert {line.source for line in lines if line.number != 7} == {
        "Бюджет Менської міської територіальної громади"
    }
    assert all(line.approved is None for line in lines)
    years = statutory_by_year(MoneyLayers(money))
    # 2023 has a line for the other source too: it financed category 7.
    assert [(line.number, line.spent) for line in years][:4] == [
        (2022, Decimal("0.00")),
        (2023, Decimal("130000.00")),
        (2023, Decimal("0.00")),
        (2024, Decimal("999.99")),
    ]


def test_financed_is_carried_by_every_cut(money, django_assert_num_queries):
    layers = MoneyLayers(money)
    with django_assert_num_queries(1):  # the four layers, one query
        assert layers.financed
    categories = {category.number: line for category, line in by_category(layers, [2023])}
    assert categories[3].financed == Decimal("35000.00")
    assert categories[4].financed == Decimal("90000.00")
    assert categories[3].percent_financed == Decimal("87.5")
    assert categories[3].unfinanced == Decimal("5000.00")
    assert categories[3].financed_unspent == Decimal("25000.00")
    assert categories[4].limit == Decimal("90000.00")  # the lower of financed and allotted
    sources = {source.code: line for source, line in by_source(layers, [2023])}
    assert sources["community_budget"].financed == Decimal("125000.00")
    assert sources["other"].financed == Decimal("700.00")
    years = {line.key: line for line in by_year(layers)}
    assert [years[y].financed for y in (2022, 2023, 2024)] == [0, Decimal("125700.00"), 4]
    months = {month.day: month for month in by_month(layers, [2023])}
    assert months[datetime.date(2023, 4, 1)].financed == Decimal("105700.00")
    assert months[datetime.date(2023, 1, 1)].financed == Decimal("20000.00")
    day, spent = months[datetime.date(2023, 3, 1)]  # still unpacks as (month, spent)
    assert spent == Decimal("1234.56")
    statutory = statutory_by_category(MoneyLayers(money, [2023]))
    # Category 7 has financing from the other source only: a line of its own.
    seven = [line for line in statutory if line.number == 7]
    assert [(line.source, line.financed) for line in seven] == [
        ("Бюджет Менської міської територіальної громади", 0),
        ("Інші джерела, не заборонені законодавством", Decimal("700.00")),
    ]
    per_source = {line.source: line.financed for line in totals_by_source(statutory)}
    assert sum(per_source.values()) == Decimal("125700.00")
    per_year = {(line.number, line.source): line.financed for line in statutory_by_year(layers)}
    assert per_year[2023, "Бюджет Менської міської територіальної громади"] == Decimal("125000.00")
    assert total(list(years.values()), "Усього").financed == Decimal("125704.00")


def test_a_line_made_without_financing_has_none():
    line = Execution("a", allotted=Decimal("10"), spent=Decimal("4"))
    assert line.financed == 0 and line.percent_financed == Decimal("0.0")
