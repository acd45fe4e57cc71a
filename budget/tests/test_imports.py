"""Importing allocations and expenses: numbers within the program, round trips."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from activities.models import Event
from budget.models import BudgetAllocation, Expense, FundingSource
from menaprogram import spreadsheets
from menaprogram.importer import engine, registry

pytestmark = pytest.mark.django_db
BUDGET = "Бюджет Менської міської територіальної громади"


def import_file(slug, raw, program):
    with translation.override("uk"):
        return engine.import_file(kind=registry.get(slug), raw=raw, program=program)


def test_allocations_import_from_a_windows_1251_csv_and_update_on_reimport(program):
    raw = (
        "Рік;Напрям використання коштів (номер);Джерело фінансування;Сума, грн\r\n"
        f"2023;3;{BUDGET};1 234,56\r\n"
        f"2023;4;{BUDGET};50000\r\n"
    ).encode("cp1251")
    assert import_file("allocations", raw, program).ok
    assert BudgetAllocation.objects.get(category__number=3).amount == Decimal("1234.56")

    again = (
        "Рік;Напрям використання коштів (номер);Джерело фінансування;Сума, грн\n"
        f"2023;3;{BUDGET};2000,00\n"
    )
    outcome = import_file("allocations", again.encode(), program)
    assert [row.outcome for row in outcome.rows] == ["update"]
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
        exported = registry.get("expenses").make_resource(program).export()
    outcome = import_file("expenses", spreadsheets.csv_bytes(exported), program)
    assert outcome.ok, outcome.errors()
    assert [row.outcome for row in outcome.rows] == ["unchanged"]
    expense = Expense.objects.get()
    assert (expense.amount, expense.event) == (Decimal("15234.50"), event)


def test_an_expense_in_a_category_the_program_lacks_changes_nothing(financed, program):
    raw = (
        "Дата;Сума, грн;Напрям використання коштів (номер);Джерело фінансування\n"
        f"10.05.2023;100,00;3;{BUDGET}\n"
        f"11.05.2023;200,00;12;{BUDGET}\n"
    ).encode()
    outcome = import_file("expenses", raw, program)
    assert [row.outcome for row in outcome.rows] == ["new", "error"]
    assert not Expense.objects.exists()


def test_a_preview_takes_no_spending_limit_lock_and_the_import_does(financed, program):
    # A preview of a large file runs for a minute: with the limit's locks, every expense
    # saved meanwhile in the file's categories would wait for it.
    raw = (
        "Дата;Сума, грн;Напрям використання коштів (номер);Джерело фінансування\n"
        f"10.05.2023;100,00;3;{BUDGET}\n"
    ).encode()
    with CaptureQueriesContext(connection) as previewed, translation.override("uk"):
        outcome = engine.preview(kind=registry.get("expenses"), raw=raw, program=program)
    assert [row.outcome for row in outcome.rows] == ["new"]
    assert not any("pg_advisory_xact_lock" in q["sql"] for q in previewed)
    with CaptureQueriesContext(connection) as imported:
        import_file("expenses", raw, program)
    assert any("pg_advisory_xact_lock" in q["sql"] for q in imported)
