"""The home page: what needs attention this month, or the dashboard for those who only read."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from activities.models import Event
from budget.models import Expense, FundingSource
from conftest import PASSWORD
from partners import thresholds
from partners.models import Agreement, Partner
from reports import selectors

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def test_home_lists_what_needs_attention(program, as_user, editor, django_assert_max_num_queries):
    today = datetime.date.today()
    partner = Partner.objects.create(kind=Partner.Kind.CITY, name_uk="Місто Ловеч", country="BG")
    Agreement.objects.create(
        partner=partner,
        title="Меморандум про співпрацю",
        signed_on=datetime.date(2022, 5, 1),
        valid_until=today + datetime.timedelta(days=30),
    )
    Agreement.objects.create(
        partner=partner,
        title="Угода, що діє довго",
        signed_on=datetime.date(2022, 5, 1),
        valid_until=today + datetime.timedelta(days=400),
    )
    category = program.categories.get(number=3)
    source = FundingSource.objects.get(code="community_budget")
    event = Event.objects.create(
        program=program,
        title="Візит делегації",
        kind=Event.Kind.INCOMING_DELEGATION,
        start_date=datetime.date(2024, 5, 2),
        end_date=datetime.date(2024, 5, 3),
        place=Event.Place.MENA,
    )
    Expense.objects.create(
        category=category, source=source, date=datetime.date(2024, 5, 3), amount=Decimal("10")
    )
    Expense.objects.create(
        category=category,
        source=source,
        date=datetime.date(2024, 5, 3),
        amount=Decimal("20"),
        event=event,
    )

    client = as_user(editor)
    # Session, user, permissions, the workspace, the thresholds, four lists and a count;
    # savepoints.
    with django_assert_max_num_queries(12):
        response = client.get(HOME)
    html = response.content.decode()
    assert "Меморандум про співпрацю" in html
    assert "Угода, що діє довго" not in html
    assert response.context["unlinked_expense_count"] == 1
    assert [e.amount for e in response.context["unlinked_expenses"]] == [Decimal("10.00")]


@pytest.mark.parametrize("count", [1, 50])
def test_attention_takes_four_queries_however_many_rows(program, django_assert_num_queries, count):
    category = program.categories.get(number=1)
    source = FundingSource.objects.get(code="community_budget")
    for n in range(count):
        Event.objects.create(
            program=program,
            title=f"Зустріч {n}",
            kind=Event.Kind.ONLINE_MEETING,
            start_date=datetime.date(2024, 5, 1 + n % 28),
            end_date=datetime.date(2024, 5, 1 + n % 28),
            place=Event.Place.ONLINE,
        )
        Expense.objects.create(
            category=category, source=source, date=datetime.date(2024, 5, 3), amount=Decimal("1")
        )
    with django_assert_num_queries(4):
        data = selectors.attention(program, datetime.date(2024, 5, 15), thresholds.DEFAULTS)
    assert len(data["events"]) == count
    assert data["unlinked_expense_count"] == count


def test_a_controller_lands_on_the_dashboard(program, client, controller):
    response = client.post(
        reverse("login"), {"username": "controller", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("reports:dashboard")
    assert response.status_code == 200


def test_an_editor_lands_on_the_workspace_home(program, client, editor):
    response = client.post(
        reverse("login"), {"username": "editor", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == HOME
    assert response.templates[0].name == "reports/home.html"
