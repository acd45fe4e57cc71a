"""Exporting expenses from the admin: XLSX holds real numbers and dates."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from budget.imports import ExpenseResource
from budget.models import Expense, FundingSource

pytestmark = pytest.mark.django_db


def test_expenses_export_to_xlsx_with_numbers_and_dates(as_user, controller, program):
    Expense.objects.create(
        category=program.categories.get(number=3),
        source=FundingSource.objects.get(code="community_budget"),
        date=datetime.date(2024, 3, 15),
        amount=Decimal("1234.56"),
        counterparty="ТОВ «Перевізник»",
    )
    response = as_user(controller).post(
        reverse("admin:budget_expense_export"), {"format": "1", "resource": "0", **_all_fields()}
    )
    assert response.status_code == 200, response.content[:500]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, row = [cell.value for cell in sheet[1]], [cell.value for cell in sheet[2]]
    record = dict(zip(header, row, strict=True))
    assert record["Сума, грн"] == 1234.56  # a number cell, not the text "1 234,56"
    assert record["Дата"] == datetime.datetime(2024, 3, 15)  # a date cell
    assert record["Напрям використання коштів (номер)"] == 3
    assert record["Контрагент"] == "ТОВ «Перевізник»"


def _all_fields():
    return {f"expenseresource_{name}": "on" for name in ExpenseResource.Meta.fields}
