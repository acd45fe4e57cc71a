"""An expense may not take its category's spending in a year above what was financed or allotted.

The limit is the lower of the two, per category, year and funding source; a year with no
financing has nothing to spend. An administrator may still record an expense above it with a
stated reason. The rule holds in the workspace form, the admin and the expense import.
"""

import datetime
import threading
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from budget.models import BudgetAllocation, Expense, Financing, FundingSource
from menaprogram.importer import engine, registry
from menaprogram.roles import EDITOR

pytestmark = pytest.mark.django_db

CREATE = reverse("budget:expense-create")
BUDGET = "Бюджет Менської міської територіальної громади"
YEAR = 2023


def _source(code="community_budget"):
    return FundingSource.objects.get(code=code)


def _limit(program, *, allotted="60000.00", financed=("30000.00", "20000.00"), number=3):
    """Category `number` in 2023: `allotted`, and financed in quarterly transfers."""
    category = program.categories.get(number=number)
    BudgetAllocation.objects.create(
        category=category, year=YEAR, source=_source(), amount=Decimal(allotted)
    )
    for month, amount in zip((1, 4, 7, 10), financed, strict=False):
        Financing.objects.create(
            category=category,
            source=_source(),
            date=datetime.date(YEAR, month, 10),
            amount=Decimal(amount),
        )
    return category


def _spend(category, amount, day=datetime.date(YEAR, 5, 1), **extra):
    return Expense.objects.create(
        category=category, source=_source(), date=day, amount=Decimal(amount), **extra
    )


def _post(client, program, amount, **extra):
    return client.post(
        CREATE,
        {
            "category": program.categories.get(number=3).pk,
            "source": _source().pk,
            "date": "15.06.2023",
            "amount": amount,
            "counterparty": "ТОВ «Менатранс»",
            **extra,
        },
    )


def _amount_errors(response):
    """The refusal, shown above the form, with the amount field's pointer to it."""
    form = response.context["form"]
    return " ".join([*form.non_field_errors(), *form.errors.get("amount", [])])


def test_an_expense_above_the_remainder_is_refused_naming_category_year_and_remainder(
    program, as_user, editor
):
    category = _limit(program)  # financed 50 000, allotted 60 000: the limit is 50 000
    _spend(category, "48000.00")
    response = _post(as_user(editor), program, "5 000,00")
    assert response.status_code == 200
    message = _amount_errors(response)
    assert "Категорія 3 «транспортні витрати, необхідні для зустрічі та" in message
    assert "2023 рік" in message
    assert "профінансовано 50\xa0000,00 грн" in message
    assert "використано 48\xa0000,00 грн" in message
    assert "залишок 2\xa0000,00 грн" in message
    assert "видаток 5\xa0000,00 грн перевищує залишок" in message
    assert Expense.objects.count() == 1
    # The form keeps what was typed.
    assert response.context["form"]["amount"].value() == "5 000,00"


def test_exactly_the_remainder_passes_and_a_kopeck_more_does_not(program, as_user, editor):
    category = _limit(program)
    _spend(category, "48000.00")
    client = as_user(editor)
    assert _post(client, program, "2 000,01").status_code == 200
    assert _post(client, program, "2 000,00").status_code == 302
    assert Expense.objects.filter(category=category).count() == 2


def test_the_lower_of_financed_and_allotted_is_the_limit(program, as_user, editor):
    _limit(program, allotted="10000.00", financed=("30000.00",))
    response = _post(as_user(editor), program, "10 000,01")
    assert "залишок 10\xa0000,00 грн" in _amount_errors(response)
    assert _post(as_user(editor), program, "10 000,00").status_code == 302


def test_a_year_without_financing_has_nothing_to_spend(program, as_user, editor):
    _limit(program, financed=())
    response = _post(as_user(editor), program, "1,00")
    assert "профінансовано 0,00 грн" in _amount_errors(response)
    assert not Expense.objects.exists()


def test_the_limit_is_kept_per_source(program, as_user, editor):
    category = _limit(program)
    Financing.objects.create(
        category=category, source=_source("other"), date=datetime.date(YEAR, 2, 1), amount=999
    )
    # The other source financed, but allotted nothing: its limit is zero.
    response = _post(as_user(editor), program, "10,00", source=_source("other").pk)
    assert "«Інші джерела, не заборонені законодавством»" in _amount_errors(response)


def test_financing_of_another_year_does_not_count(program, as_user, editor):
    category = _limit(program)
    Financing.objects.create(
        category=category, source=_source(), date=datetime.date(2024, 1, 10), amount=90000
    )
    _spend(category, "50000.00")
    assert _post(as_user(editor), program, "1,00").status_code == 200


def test_an_edit_that_does_not_raise_spending_passes_even_above_the_limit(program, as_user, editor):
    category = _limit(program)
    expense = _spend(category, "60000.00", over_limit_reason="Рішення виконкому № 5")
    url = reverse("budget:expense-update", args=[expense.pk])
    client = as_user(editor)
    data = {
        "category": category.pk,
        "source": _source().pk,
        "date": "01.05.2023",
        "amount": "60 000,00",
        "counterparty": "ТОВ «Нова назва»",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "amount": "59 000,00"}).status_code == 302
    # Raising it again is above the limit: the administrator's reason does not cover it.
    response = client.post(url, {**data, "amount": "59 500,00"})
    assert response.status_code == 200
    assert "перевищує залишок" in _amount_errors(response)
    expense.refresh_from_db()
    assert expense.amount == Decimal("59000.00")
    assert expense.over_limit_reason == "Рішення виконкому № 5"  # kept, not shown to editors


def test_editors_do_not_see_the_reason_administrators_do(program, as_user, editor, administrator):
    assert "over_limit_reason" not in as_user(editor).get(CREATE).context["form"].fields
    assert "over_limit_reason" in as_user(administrator).get(CREATE).context["form"].fields


def test_an_editor_cannot_slip_a_reason_in(program, as_user, editor):
    _limit(program)
    response = _post(as_user(editor), program, "60 000,00", over_limit_reason="Бо треба")
    assert response.status_code == 200
    assert not Expense.objects.exists()


def test_an_administrator_records_an_expense_above_the_limit_with_a_reason_kept_in_the_audit(
    program, as_user, administrator
):
    category = _limit(program)
    client = as_user(administrator)
    refused = _post(client, program, "55 000,00")
    assert refused.status_code == 200
    assert "Адміністратор може все ж записати його" in _amount_errors(refused)
    saved = _post(
        client, program, "55 000,00", over_limit_reason="Рішення сесії № 12/3 від 01.06.2023"
    )
    assert saved.status_code == 302
    expense = Expense.objects.get(category=category)
    assert expense.over_limit_reason == "Рішення сесії № 12/3 від 01.06.2023"
    events = Expense.pgh_event_model.objects.filter(pgh_obj=expense)
    assert [e.over_limit_reason for e in events] == ["Рішення сесії № 12/3 від 01.06.2023"]


def _admin_form(user, instance, data):
    model_admin = admin.site._registry[Expense]
    request = RequestFactory().post("/")
    request.user = user
    form_class = model_admin.get_form(request, instance, change=instance is not None)
    return form_class(data, instance=instance)


def _admin_data(category, amount, **extra):
    return {
        "category": category.pk,
        "source": _source().pk,
        "date": "15.06.2023",
        "amount": amount,
        **extra,
    }


def test_the_admin_refuses_an_expense_above_the_limit(program, editor, administrator):
    category = _limit(program)
    form = _admin_form(editor, None, _admin_data(category, "50 000,01"))
    assert not form.is_valid()
    assert "перевищує залишок" in " ".join(form.errors["amount"])
    assert "over_limit_reason" not in form.fields
    assert _admin_form(editor, None, _admin_data(category, "50 000,00")).is_valid()


def test_the_admin_lets_an_administrator_exceed_with_a_reason(program, administrator):
    category = _limit(program)
    assert not _admin_form(administrator, None, _admin_data(category, "70 000,00")).is_valid()
    form = _admin_form(
        administrator, None, _admin_data(category, "70 000,00", over_limit_reason="Аварія")
    )
    assert form.is_valid(), form.errors


def _import(raw, program, *, dry_run=False):
    kind = registry.get("expenses")
    with translation.override("uk"):
        if dry_run:
            return engine.preview(kind=kind, program=program, raw=raw)
        return engine.import_file(kind=kind, raw=raw, program=program)


HEADER = "Дата;Сума, грн;Напрям використання коштів (номер);Джерело фінансування\n"


def test_an_import_row_above_the_limit_is_an_error_naming_the_row(program):
    _limit(program)
    raw = (HEADER + f"10.05.2023;30 000,00;3;{BUDGET}\n11.05.2023;20 000,01;3;{BUDGET}\n").encode()
    preview = _import(raw, program, dry_run=True)
    assert [row.outcome for row in preview.rows] == ["new", "error"]
    outcome = _import(raw, program)
    assert not outcome.ok
    [(number, column, message), (_number, _column, hint)] = outcome.errors()
    assert (number, column) == (3, "Сума, грн")  # the file's row, its header being row 1
    assert "залишок 20\xa0000,00 грн" in message  # the first row counted against the second
    assert "Файлом не можна записати видаток понад ліміт" in hint
    assert not Expense.objects.exists()


def test_an_import_that_fits_exactly_is_imported(program):
    category = _limit(program)
    _spend(category, "10000.00")
    raw = (HEADER + f"10.05.2023;30 000,00;3;{BUDGET}\n11.05.2023;10 000,00;3;{BUDGET}\n").encode()
    assert _import(raw, program).ok
    assert Expense.objects.filter(category=category).count() == 3


def test_an_import_moving_an_expense_frees_its_old_category(program):
    three = _limit(program)
    four = _limit(program, number=4)
    moved = _spend(four, "50000.00")
    header = "ID;" + HEADER
    raw = (
        header
        + f"{moved.pk};01.05.2023;50 000,00;3;{BUDGET}\n"
        + f";02.05.2023;50 000,00;4;{BUDGET}\n"
    ).encode()
    outcome = _import(raw, program)
    assert outcome.ok, outcome.errors()
    assert Expense.objects.get(pk=moved.pk).category == three
    assert Expense.objects.filter(category=four).count() == 1


@pytest.fixture
def second_editor(django_user_model):
    user = django_user_model.objects.create_user("editor2", password="x" * 16, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


@pytest.mark.django_db(transaction=True)
def test_two_expenses_racing_for_one_remainder_do_not_both_pass(program, editor, second_editor):
    category = _limit(program)
    _spend(category, "40000.00")  # 10 000 left
    clients = []
    for user in (editor, second_editor):
        client = Client()
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(2)
    codes = [None, None]

    def run(index):
        try:
            barrier.wait()
            codes[index] = _post(clients[index], program, "6 000,00").status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(codes) == [200, 302]
    assert Expense.objects.filter(category=category).count() == 2


def test_an_events_expense_rows_in_the_admin_count_against_each_other(program, editor):
    from activities.models import Event
    from budget.admin import ExpenseInline

    category = _limit(program)
    _spend(category, "40000.00")  # 10 000 left
    event = Event.objects.create(
        program=program,
        title="Візит делегації з Тарнува",
        kind=Event.Kind.INCOMING_DELEGATION,
        start_date=datetime.date(YEAR, 6, 1),
        end_date=datetime.date(YEAR, 6, 2),
        place=Event.Place.MENA,
    )
    request = RequestFactory().post("/")
    request.user = editor
    inline = ExpenseInline(Event, admin.site)
    formset_class = inline.get_formset(request, event)
    prefix = formset_class.get_default_prefix()

    def rows(*amounts):
        data = {
            f"{prefix}-TOTAL_FORMS": str(len(amounts)),
            f"{prefix}-INITIAL_FORMS": "0",
        }
        for index, amount in enumerate(amounts):
            data.update(
                {
                    f"{prefix}-{index}-date": "01.06.2023",
                    f"{prefix}-{index}-amount": amount,
                    f"{prefix}-{index}-category": str(category.pk),
                    f"{prefix}-{index}-source": str(_source().pk),
                }
            )
        return formset_class(data, instance=event, prefix=prefix)

    assert rows("6 000,00", "4 000,00").is_valid()
    refused = rows("6 000,00", "4 000,01")
    assert not refused.is_valid()
    assert not refused.forms[0].errors
    assert "перевищує залишок" in " ".join(refused.forms[1].errors["amount"])
