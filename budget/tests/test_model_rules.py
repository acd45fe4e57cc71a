"""Money rules hold in the database: amounts, years in the term, unique allocations."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from budget.models import BudgetAllocation, Expense, FundingSource, SpendingCategory

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget_source(program):
    return FundingSource.objects.get(code="community_budget")


def refused_by_database(instance, match):
    with pytest.raises(IntegrityError, match=match), transaction.atomic():
        instance.save()


def field_errors(instance):
    with translation.override("uk"), pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_an_expense_must_be_greater_than_zero(program, budget_source):
    expense = Expense(
        category=program.categories.get(number=3),
        source=budget_source,
        date=datetime.date(2023, 3, 15),
        amount=Decimal("-1.00"),
    )
    assert field_errors(expense) == {"amount": ["Сума має бути більшою за нуль."]}
    refused_by_database(expense, "budget_expense_amount_positive")


def test_an_expense_outside_the_program_term_is_refused(program, budget_source):
    expense = Expense(
        category=program.categories.get(number=3),
        source=budget_source,
        date=datetime.date(2021, 12, 31),
        amount=Decimal("10.00"),
    )
    assert list(field_errors(expense)) == ["date"]
    refused_by_database(expense, "outside the program term")


def test_an_allocation_cannot_be_negative_or_outside_the_term(program, budget_source):
    category = program.categories.get(number=1)
    negative = BudgetAllocation(category=category, year=2023, source=budget_source, amount=-5)
    assert list(field_errors(negative)) == ["amount"]
    refused_by_database(negative, "budget_budgetallocation_amount_non_negative")
    late = BudgetAllocation(category=category, year=2025, source=budget_source, amount=5)
    assert list(field_errors(late)) == ["year"]
    refused_by_database(late, "outside the program term")


def test_one_allocation_per_category_year_and_source(program, budget_source):
    category = program.categories.get(number=1)
    BudgetAllocation.objects.create(category=category, year=2023, source=budget_source, amount=10)
    again = BudgetAllocation(category=category, year=2023, source=budget_source, amount=20)
    assert list(field_errors(again)) == ["year"]
    refused_by_database(again, "budget_budgetallocation_year_source_unique")


def test_a_kekv_code_is_four_digits(program):
    category = SpendingCategory(program=program, number=10, name="Інше", kekv="22X0")
    assert list(field_errors(category)) == ["kekv"]
    refused_by_database(category, "budget_spendingcategory_kekv_four_digits")


def test_amounts_beyond_the_column_size_are_a_form_error_not_a_crash(program, budget_source):
    expense = Expense(
        category=program.categories.get(number=3),
        source=budget_source,
        date=datetime.date(2023, 3, 15),
        amount=Decimal("1234567890123.45"),
    )
    assert list(field_errors(expense)) == ["amount"]
