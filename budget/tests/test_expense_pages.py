"""The expense pages: roles, Ukrainian numbers and dates, one save per submit, filters."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from activities.models import Event, Program
from budget.models import Expense, FundingSource, SpendingCategory

pytestmark = pytest.mark.django_db

LIST = reverse("budget:expense-list")
CREATE = reverse("budget:expense-create")


def _event(program, title="Візит делегації з Тарнува", day=datetime.date(2023, 5, 10)):
    return Event.objects.create(
        program=program,
        title=title,
        kind=Event.Kind.INCOMING_DELEGATION,
        status=Event.Status.HELD,
        start_date=day,
        end_date=day,
        place=Event.Place.MENA,
    )


def _source(code="community_budget"):
    return FundingSource.objects.get(code=code)


def _expense(program, number=3, day=datetime.date(2023, 3, 15), amount="100.00", **extra):
    return Expense.objects.create(
        category=program.categories.get(number=number),
        source=extra.pop("source", None) or _source(),
        date=day,
        amount=Decimal(amount),
        **extra,
    )


def _form_data(program, **extra):
    return {
        "category": program.categories.get(number=3).pk,
        "source": _source().pk,
        "date": "15.03.2024",
        "amount": "1 234,56",
        "event": "",
        "counterparty": "ТОВ «Менатранс»",
        "document_number": "77/3",
        "note": "",
        **extra,
    }


@pytest.fixture
def other_program(db):
    """A later program with its own category and event: never to be mixed with ours."""
    later = Program.objects.create(
        title="Програма 2025–2027", short_title="2025–2027", start_year=2025, end_year=2027
    )
    category = SpendingCategory.objects.create(
        program=later, number=1, name="сувеніри", kekv="2210"
    )
    event = _event(later, "Форум 2025", datetime.date(2025, 6, 1))
    return later, category, event


def _work_on(client, program, year):
    """Choose the workspace program and year as the header's switch does."""
    response = client.post(reverse("switch-workspace"), {"workspace": f"{program.pk}:{year}"})
    assert response.status_code == 302
    return client


def test_controller_sees_expenses_without_add_or_edit_links(program, as_user, controller):
    expense = _expense(program, counterparty="ТОВ «Менатранс»")
    page = as_user(controller).get(LIST, {"year": 2023}).content.decode()
    assert "ТОВ «Менатранс»" in page
    assert CREATE not in page
    assert reverse("budget:expense-update", args=[expense.pk]) not in page


def test_controller_cannot_add_or_edit_an_expense(program, as_user, controller):
    expense = _expense(program)
    client = as_user(controller)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _form_data(program)).status_code == 403
    update = reverse("budget:expense-update", args=[expense.pk])
    assert client.get(update).status_code == 403
    assert client.post(update, _form_data(program, amount="1,00")).status_code == 403
    assert Expense.objects.get().amount == Decimal("100.00")


def test_editor_adds_an_expense_typed_as_the_council_writes_it(financed, program, as_user, editor):
    event = _event(program, day=datetime.date(2024, 3, 14))
    response = as_user(editor).post(CREATE, _form_data(program, event=event.pk), follow=True)
    expense = Expense.objects.get()
    assert expense.amount == Decimal("1234.56")
    assert expense.date == datetime.date(2024, 3, 15)
    assert expense.event == event
    # Saved for an event: it opens among the event's expenses.
    event_page = reverse("activities:event-detail", args=[event.pk])
    assert response.redirect_chain == [(f"{event_page}#expenses", 302)]
    page = response.content.decode()
    assert "Видаток 1\xa0234,56 грн від 15.03.2024 додано." in page
    assert "1\xa0234,56 грн" in page


def test_an_expense_without_an_event_opens_in_the_list_narrowed_to_it(financed, as_user, editor):
    program = financed
    client = as_user(editor)
    # Thirty other expenses of the year that would fill the list's first page.
    for day in range(1, 31):
        _expense(program, day=datetime.date(2024, 1, day), counterparty="Інший")
    response = client.post(CREATE, _form_data(program), follow=True)
    saved = Expense.objects.get(counterparty="ТОВ «Менатранс»")
    assert response.redirect_chain[0][0].startswith(f"{LIST}?year=2024&month=3&category=3")
    assert [expense.pk for expense in response.context["expenses"]] == [saved.pk]


def test_an_invalid_expense_keeps_what_was_typed_and_explains_in_ukrainian(
    program, as_user, editor
):
    response = as_user(editor).post(CREATE, _form_data(program, amount="", date="31.02.2024"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"amount", "date"}
    page = response.content.decode()
    assert "Це поле обов" in page
    assert "Введіть коректну дату" in page
    assert 'value="ТОВ «Менатранс»"' in page or 'value="ТОВ &laquo;Менатранс&raquo;"' in page
    assert 'value="77/3"' in page
    assert 'value="31.02.2024"' in page
    assert not Expense.objects.exists()


def test_a_zero_amount_is_refused_next_to_the_field(program, as_user, editor):
    response = as_user(editor).post(CREATE, _form_data(program, amount="0,00"))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["amount"]
    assert "Сума має бути більшою за нуль." in response.content.decode()


def test_the_same_form_posted_twice_saves_one_expense(financed, program, as_user, editor):
    client = as_user(editor)
    data = _form_data(program, submission=str(uuid.uuid4()))
    first = client.post(CREATE, data)
    second = client.post(CREATE, data)
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert Expense.objects.count() == 1


def test_a_date_outside_the_programs_term_is_a_field_error(program, as_user, editor):
    response = as_user(editor).post(CREATE, _form_data(program, date="15.03.2025"))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["date"]
    assert "Рік 2025 не входить до строку виконання програми 2022–2024." in (
        response.content.decode()
    )
    assert not Expense.objects.exists()


def test_another_programs_category_or_event_is_a_form_error(
    program, other_program, as_user, editor
):
    _later, category, event = other_program
    # Today may fall in the later program's term: work on ours explicitly.
    client = _work_on(as_user(editor), program, 2024)
    response = client.post(CREATE, _form_data(program, category=category.pk))
    assert response.status_code == 200
    assert "category" in response.context["form"].errors
    response = client.post(CREATE, _form_data(program, event=event.pk))
    assert response.status_code == 200
    assert "event" in response.context["form"].errors
    assert "Зробить коректний вибір" in response.content.decode()
    assert not Expense.objects.exists()


def test_the_event_in_the_link_is_preselected_with_its_date(program, as_user, editor):
    event = _event(program)
    form = as_user(editor).get(CREATE, {"event": event.pk}).context["form"]
    assert form.initial["event"] == event
    assert form.initial["date"] == datetime.date(2023, 5, 10)
    page = as_user(editor).get(CREATE, {"event": event.pk}).content.decode()
    assert "10.05.2023 — Візит делегації з Тарнува" in page


def test_editor_edits_an_expense(financed, program, as_user, editor):
    expense = _expense(program)
    update = reverse("budget:expense-update", args=[expense.pk])
    client = as_user(editor)
    form_page = client.get(update).content.decode()
    assert 'value="15.03.2023"' in form_page
    assert 'value="100,00"' in form_page
    response = client.post(update, _form_data(program, date="16.03.2023", amount="2 000,10"))
    assert response.status_code == 302
    expense.refresh_from_db()
    assert (expense.date, expense.amount) == (datetime.date(2023, 3, 16), Decimal("2000.10"))


def _totals(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return response.context["total"], len(response.context["expenses"])


def test_filters_narrow_the_list_and_its_total(program, other_program, as_user, controller):
    event = _event(program)
    other = _source("other")
    _expense(program, 3, datetime.date(2023, 3, 15), "1234.56", counterparty="ТОВ «Менатранс»")
    _expense(program, 3, datetime.date(2023, 5, 10), "500.00", event=event, document_number="А-17")
    _expense(program, 7, datetime.date(2023, 5, 11), "250.00", source=other, event=event)
    _expense(program, 4, datetime.date(2024, 1, 5), "999.99", note="відрядження до Тарнува")
    later, category, _later_event = other_program
    Expense.objects.create(
        category=category, source=_source(), date=datetime.date(2025, 1, 1), amount=7
    )
    client = _work_on(as_user(controller), program, 2024)
    assert _totals(client, year=2023) == (Decimal("1984.56"), 3)
    assert _totals(client, year=2023, month=5) == (Decimal("750.00"), 2)
    assert _totals(client, year=2023, category=3) == (Decimal("1734.56"), 2)
    assert _totals(client, year=2023, source="other") == (Decimal("250.00"), 1)
    assert _totals(client, year=2023, event=event.pk) == (Decimal("750.00"), 2)
    assert _totals(client, year=2023, event="none") == (Decimal("1234.56"), 1)
    assert _totals(client, year=2023, q="менатранс") == (Decimal("1234.56"), 1)
    assert _totals(client, year=2023, q="а-17") == (Decimal("500.00"), 1)
    assert _totals(client, year=2024, q="тарнува") == (Decimal("999.99"), 1)
    # Without a year the list shows the workspace year: 2024, the program's last.
    assert _totals(client) == (Decimal("999.99"), 1)
    page = client.get(LIST, {"year": 2023, "event": event.pk}).content.decode()
    assert "10.05.2023 — Візит делегації з Тарнува" in page  # the filter names the event
    assert "1\xa0984,56" not in page and "750,00 грн" in page


def test_a_filter_that_does_not_validate_is_shown_and_left_out(program, as_user, controller):
    _expense(program, 3)
    response = as_user(controller).get(LIST, {"year": 2023, "category": 42})
    assert "category" in response.context["filter_form"].errors
    assert response.context["total"] == Decimal("100.00")


def test_event_links_appear_only_where_the_event_page_exists(program, as_user, controller):
    event = _event(program)
    _expense(program, day=datetime.date(2023, 5, 10), event=event)
    page = as_user(controller).get(LIST, {"year": 2023}).content.decode()
    assert "Візит делегації з Тарнува" in page


@pytest.mark.parametrize("count", [1, 50])
def test_list_queries_do_not_grow_with_expenses(
    program, as_user, editor, django_assert_max_num_queries, count
):
    event = _event(program)
    for number in range(count):
        _expense(
            program,
            1 + number % 9,
            datetime.date(2023, 1 + number % 12, 1),
            event=event if number % 2 else None,
            counterparty=f"Контрагент {number}",
        )
    client = as_user(editor)
    with django_assert_max_num_queries(14):
        response = client.get(LIST, {"year": 2023, "event": "none"})
    assert response.status_code == 200
    assert len(response.context["expenses"]) == min((count + 1) // 2, 25)
    with django_assert_max_num_queries(14):
        response = client.get(LIST, {"year": 2023, "event": event.pk})
    assert len(response.context["expenses"]) == min(count // 2, 25)


def test_every_filter_and_form_input_is_labelled(program, as_user, editor):
    client = as_user(editor)
    listing = client.get(LIST).content.decode()
    for name in ("year", "month", "category", "source", "event", "q"):
        assert f'for="id_{name}"' in listing
    form = client.get(CREATE).content.decode()
    for name in ("category", "source", "date", "amount", "event", "counterparty", "note"):
        assert f'for="id_{name}"' in form
