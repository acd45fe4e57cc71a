"""Forged ids of another program's objects do not cross programs inside one record.

Roles are council-wide, so a program is not a security boundary; but an expense's category
and event, an event's directions, an allotment's category and a publication's event must
belong to the record's own program, whichever form the post comes through. Each test posts
an otherwise sound form with one id from the 2025–2027 program and expects a form error
and nothing written.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from activities.models import Direction, Event, Program, Publication
from budget.models import BudgetAllocation, Expense, FundingSource, SpendingCategory
from menaprogram.tests.test_hostile_input import _valid

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(program):
    """The 2025–2027 program with a direction, a spending category and an event of its own."""
    other = Program.objects.create(
        title="Програма 2025–2027", short_title="2025–2027", start_year=2025, end_year=2027
    )
    return {
        "program": other,
        "direction": Direction.objects.create(program=other, number=1, text="Чужий напрям"),
        "category": SpendingCategory.objects.create(
            program=other, number=1, name="Чужа стаття", kekv="2240"
        ),
        "event": Event.objects.create(
            program=other,
            title="Чужий захід",
            kind=Event.Kind.INCOMING_DELEGATION,
            start_date=datetime.date(2025, 3, 1),
            end_date=datetime.date(2025, 3, 1),
            place=Event.Place.MENA,
        ),
    }


@pytest.fixture
def event(program):
    return Event.objects.create(
        program=program,
        title="Візит делегації",
        kind=Event.Kind.INCOMING_DELEGATION,
        start_date=datetime.date(2023, 3, 15),
        end_date=datetime.date(2023, 3, 16),
        place=Event.Place.MENA,
    )


@pytest.fixture
def expense(program, event):
    return Expense.objects.create(
        category=program.categories.get(number=3),
        source=FundingSource.objects.get(code="community_budget"),
        date=datetime.date(2023, 3, 16),
        amount=100,
        event=event,
    )


def _rows():
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.app_label in ("activities", "partners", "budget")
        and model._meta.model_name != "formsubmission"
    } | {"directions": list(Event.directions.through.objects.order_by("pk").values())}


def _sound(client, url):
    """What the form would save: every field with a value it accepts, as on its page."""
    form = client.get(url).context["form"]
    data = {}
    for name, field in form.fields.items():
        if name == "submission":
            continue
        initial = form[name].value()
        data[name] = initial if initial not in (None, "", []) else _valid(field)
    data["start_date"] = data["end_date"] = data["date"] = data["published_on"] = "15.03.2023"
    return data


@pytest.fixture
def client(client, editor, program):
    client.force_login(editor)
    client.post(reverse("switch-workspace"), {"workspace": f"{program.pk}:2023", "next": "/"})
    return client


@pytest.mark.parametrize(
    ("url", "field", "forged"),
    [
        (lambda ids: reverse("activities:event-create"), "directions", "direction"),
        (
            lambda ids: reverse("activities:event-update", args=[ids["event"]]),
            "directions",
            "direction",
        ),
        (lambda ids: reverse("budget:expense-create"), "category", "category"),
        (lambda ids: reverse("budget:expense-create"), "event", "event"),
        (
            lambda ids: reverse("budget:expense-update", args=[ids["expense"]]),
            "category",
            "category",
        ),
        (lambda ids: reverse("budget:expense-update", args=[ids["expense"]]), "event", "event"),
        (lambda ids: reverse("activities:publication-create"), "event", "event"),
    ],
    ids=[
        "event-create-direction",
        "event-update-direction",
        "expense-create-category",
        "expense-create-event",
        "expense-update-category",
        "expense-update-event",
        "publication-create-event",
    ],
)
def test_a_workspace_form_refuses_an_id_of_another_programs_object(
    url, field, forged, financed, client, other, event, expense
):
    address = url({"event": event.pk, "expense": expense.pk})
    data = _sound(client, address)
    forged_id = other[forged].pk
    data[field] = [forged_id] if field == "directions" else forged_id
    before = _rows()
    response = client.post(address, data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert _rows() == before


def test_the_sound_post_itself_saves(financed, client, other, event, expense):
    # The forged posts above differ from this one by the one id: it is that id they fail on.
    address = reverse("budget:expense-update", args=[expense.pk])
    data = {**_sound(client, address), "amount": "250,00"}
    assert client.post(address, data).status_code == 302
    expense.refresh_from_db()
    assert expense.amount == 250


def test_the_allotments_grid_ignores_a_cell_of_another_programs_category(
    as_user, administrator, program, other
):
    client = as_user(administrator)
    client.post(reverse("switch-workspace"), {"workspace": f"{program.pk}:2023", "next": "/"})
    url = reverse("budget:allocations")
    form = client.get(url).context["form"]
    data = {name: "" for name in form.fields if name.startswith("amount_")}
    data["submission"] = form["submission"].value()
    source = FundingSource.objects.order_by("pk").first()
    data[f"amount_{other['category'].pk}_{source.pk}"] = "5000"
    assert client.post(url, data).status_code == 302
    assert not BudgetAllocation.objects.filter(category=other["category"]).exists()


def _admin_form(model, user, instance, data):
    model_admin = admin.site._registry[model]
    request = RequestFactory().post("/")
    request.user = user
    form_class = model_admin.get_form(request, instance, change=instance is not None)
    return form_class(data=data, instance=instance)


def _admin_data(instance, **changes):
    fields = {
        f.name: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if not f.primary_key
    }
    data = {name: "" if value is None else value for name, value in fields.items()}
    for date_field in ("start_date", "end_date", "date", "published_on"):
        if date_field in data:
            data[date_field] = f"{fields[date_field]:%d.%m.%Y}"
    return {**data, **changes}


def test_the_admin_refuses_an_event_with_another_programs_direction(editor, event, other):
    before = _rows()
    sound = _admin_form(Event, editor, event, _admin_data(event))
    assert sound.is_valid(), sound.errors
    form = _admin_form(Event, editor, event, _admin_data(event, directions=[other["direction"].pk]))
    assert not form.is_valid()
    assert "directions" in form.errors
    assert _rows() == before


def test_the_admin_refuses_moving_an_event_away_from_its_directions(editor, event, program, other):
    event.directions.add(program.directions.get(number=1))
    data = _admin_data(
        event,
        program=other["program"].pk,
        start_date="01.03.2025",
        end_date="01.03.2025",
        directions=[program.directions.get(number=1).pk],
    )
    form = _admin_form(Event, editor, event, data)
    assert not form.is_valid()
    assert "directions" in form.errors


def test_the_admin_refuses_an_expense_with_another_programs_event(editor, expense, other):
    form = _admin_form(Expense, editor, expense, _admin_data(expense, event=other["event"].pk))
    assert not form.is_valid()
    assert "event" in form.errors


def test_the_admin_refuses_a_publication_with_another_programs_event(editor, event, program, other):
    publication = Publication.objects.create(
        program=program,
        event=event,
        channel=Publication.Channel.WEBSITE,
        title="Новина",
        published_on=datetime.date(2023, 3, 16),
    )
    form = _admin_form(
        Publication, editor, publication, _admin_data(publication, event=other["event"].pk)
    )
    assert not form.is_valid()
    assert "event" in form.errors


def test_the_admin_refuses_an_allotment_outside_its_categorys_program(
    administrator, program, other
):
    allocation = BudgetAllocation.objects.create(
        category=program.categories.get(number=1),
        year=2023,
        source=FundingSource.objects.order_by("pk").first(),
        amount=10,
    )
    form = _admin_form(
        BudgetAllocation,
        administrator,
        allocation,
        _admin_data(allocation, category=other["category"].pk),
    )
    assert not form.is_valid()
    assert "year" in form.errors
