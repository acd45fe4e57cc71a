"""Importing allocations and expenses: numbers within the year's program, round trips."""

import datetime
from decimal import Decimal

import pytest
import tablib
from django.utils import translation

from activities.models import Event
from budget.models import BudgetAllocation, Expense, FundingSource
from budget.resources import BudgetAllocationResource, ExpenseResource
from menaprogram.spreadsheets import CSV

pytestmark = pytest.mark.django_db
BUDGET = "Бюджет Менської міської територіальної громади"


def run_import(resource, dataset):
    with translation.override("uk"):
        return resource.import_data(dataset, dry_run=False, use_transactions=True)


def test_allocations_import_from_a_windows_1251_csv_and_update_on_reimport(program):
    raw = (
        "Рік;Напрям використання коштів (номер);Джерело фінансування;Сума, грн\r\n"
        f"2023;3;{BUDGET};1 234,56\r\n"
        f"2023;4;{BUDGET};50000\r\n"
    ).encode("cp1251")
    result = run_import(BudgetAllocationResource(), CSV().create_dataset(raw))
    assert not result.has_errors() and not result.has_validation_errors()
    assert BudgetAllocation.objects.get(category__number=3).amount == Decimal("1234.56")

    again = (
        "Рік;Напрям використання коштів (номер);Джерело фінансування;Сума, грн\n"
        f"2023;3;{BUDGET};2000,00\n"
    )
    run_import(BudgetAllocationResource(), CSV().create_dataset(again.encode()))
    assert BudgetAllocation.objects.count() == 2
    assert BudgetAllocation.objects.get(category__number=3).amount == Decimal("2000.00")


def test_exported_expenses_import_back_unchanged(program):
    event = Event.objects.create(
        program=program,
        title="Візит делегації з Тарнува",
        kind="incoming_delegation",
        start_date=datetime.date(2023, 5, 10),
        end_date=datetime.date(2023, 5, 12),
        place="mena",
    )
    Expense.objects.create(
        category=program.categories.get(number=7),
        source=FundingSource.objects.get(code="community_budget"),
        date=datetime.date(2023, 5, 11),
        amount=Decimal("15234.50"),
        event=event,
        counterparty="Готель «Мена»",
        document_number="17/05",
    )
    with translation.override("uk"):
        exported = ExpenseResource().export().export("csv")
    result = run_import(ExpenseResource(), CSV().create_dataset(exported.encode("utf-8-sig")))
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["skip"]
    expense = Expense.objects.get()
    assert (expense.amount, expense.event) == (Decimal("15234.50"), event)


def test_an_expense_in_a_category_the_program_lacks_changes_nothing(program):
    dataset = tablib.Dataset(
        ["10.05.2023", "100,00", "3", BUDGET],
        ["11.05.2023", "200,00", "12", BUDGET],
        headers=["Дата", "Сума, грн", "Напрям використання коштів (номер)", "Джерело фінансування"],
    )
    result = run_import(ExpenseResource(), dataset)
    assert result.has_errors() or result.has_validation_errors()
    assert not Expense.objects.exists()
