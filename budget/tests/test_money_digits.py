"""Every place an amount is typed refuses digits other than 0–9, in Ukrainian."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from budget.models import BudgetAllocation, Expense, FundingSource
from menaprogram.importer import engine, registry

pytestmark = pytest.mark.django_db

MESSAGE = "Суму пишуть цифрами 0–9, як-от 1 234,56."
ARABIC = "١ ٢٣٤,٥٦"  # Decimal reads it as 1234.56
BUDGET = "Бюджет Менської міської територіальної громади"


def _budget():
    return FundingSource.objects.get(code="community_budget")


def test_the_expense_form_refuses_arabic_indic_digits(program, as_user, editor):
    response = as_user(editor).post(
        reverse("budget:expense-create"),
        {
            "category": program.categories.get(number=3).pk,
            "source": _budget().pk,
            "date": "15.03.2024",
            "amount": ARABIC,
            "counterparty": "ТОВ «Менатранс»",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == [MESSAGE]
    assert not Expense.objects.exists()


def test_the_allotments_grid_refuses_arabic_indic_digits(program, as_user, administrator):
    category = program.categories.get(number=3)
    cells = {
        f"amount_{c.pk}_{s.pk}": ""
        for c in program.categories.all()
        for s in FundingSource.objects.all()
    }
    name = f"amount_{category.pk}_{_budget().pk}"
    response = as_user(administrator).post(
        reverse("budget:allocations") + "?year=2023", {**cells, name: ARABIC}
    )
    assert response.status_code == 200
    assert response.context["form"].errors[name] == [MESSAGE]
    assert not BudgetAllocation.objects.exists()


def test_the_admin_refuses_arabic_indic_digits(program, as_user, editor):
    response = as_user(editor).post(
        reverse("admin:budget_expense_add"),
        {
            "category": program.categories.get(number=3).pk,
            "source": _budget().pk,
            "date": "15.03.2024",
            "amount": ARABIC,
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["amount"] == [MESSAGE]
    assert not Expense.objects.exists()


def test_an_import_refuses_arabic_indic_digits_and_names_the_row(financed, program):
    raw = (
        "Дата;Сума, грн;Напрям використання коштів (номер);Джерело фінансування\n"
        f"10.05.2023;100,00;3;{BUDGET}\n"
        f"11.05.2023;{ARABIC};3;{BUDGET}\n"
    ).encode()
    with translation.override("uk"):
        outcome = engine.import_file(kind=registry.get("expenses"), raw=raw, program=program)
    assert [row.outcome for row in outcome.rows] == ["new", "error"]
    assert outcome.errors() == [(3, "Сума, грн", MESSAGE)]
    assert not Expense.objects.exists()


def test_ascii_amounts_still_save(financed, program, as_user, editor):
    response = as_user(editor).post(
        reverse("admin:budget_expense_add"),
        {
            "category": program.categories.get(number=3).pk,
            "source": _budget().pk,
            "date": "15.03.2024",
            "amount": "1 234,56",
        },
    )
    assert response.status_code == 302
    assert Expense.objects.get().amount == Decimal("1234.56")
