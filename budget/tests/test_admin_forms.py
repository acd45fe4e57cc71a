"""Entering money in the admin: Ukrainian number formats, errors next to the field."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import BudgetAllocation, Expense, FundingSource

pytestmark = pytest.mark.django_db


def test_editor_enters_an_expense_written_the_ukrainian_way(financed, as_user, editor, program):
    client = as_user(editor)
    response = client.post(
        reverse("admin:budget_expense_add"),
        {
            "category": program.categories.get(number=3).pk,
            "source": FundingSource.objects.get(code="community_budget").pk,
            "date": "15.03.2024",
            "amount": "1 234,56",
            "document_number": "№ 17",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Expense.objects.get().amount == Decimal("1234.56")


def add_allocation(client, program, year, amount):
    return client.post(
        reverse("admin:budget_budgetallocation_add"),
        {
            "category": program.categories.get(number=1).pk,
            "source": FundingSource.objects.get(code="community_budget").pk,
            "year": year,
            "amount": amount,
        },
    )


def test_a_negative_allocation_is_refused_next_to_the_amount_and_nothing_is_saved(
    as_user, administrator, program
):
    response = add_allocation(as_user(administrator), program, "2023", "-100,00")
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {"amount": ["Сума не може бути від’ємною."]}
    assert 'value="-100,00"' in response.content.decode()  # what was typed is kept
    assert not BudgetAllocation.objects.exists()


def test_an_allocation_for_a_year_outside_the_term_is_refused_next_to_the_year(
    as_user, administrator, program
):
    response = add_allocation(as_user(administrator), program, "2025", "100")
    assert list(response.context["adminform"].form.errors) == ["year"]
    assert "2025" in str(response.context["adminform"].form.errors["year"])
    assert not BudgetAllocation.objects.exists()
