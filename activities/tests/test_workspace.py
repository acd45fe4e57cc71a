"""The program and year chosen in the header, and the home page of what needs attention."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from activities import selectors
from activities.models import Event, Program
from budget.models import Expense, FundingSource
from conftest import PASSWORD
from partners.models import Agreement, Partner

pytestmark = pytest.mark.django_db

HOME = reverse("home")
SWITCH = reverse("switch-workspace")


def test_the_workspace_defaults_to_the_last_year_of_a_finished_program(program, as_user, editor):
    response = as_user(editor).get(HOME)
    assert response.status_code == 200
    assert response.context["workspace"].program == program
    # Today is after 2024: the program's last year is the one still being reported on.
    assert response.context["workspace"].year == 2024


def test_switching_the_year_carries_to_the_next_pages(program, as_user, controller):
    client = as_user(controller)
    response = client.post(SWITCH, {"workspace": f"{program.pk}:2023", "next": "/partners/"})
    assert response.status_code == 302
    assert response.url == "/partners/"
    assert client.get("/partners/").context["workspace"].year == 2023


def test_a_year_outside_the_term_cannot_be_chosen(program, as_user, editor):
    client = as_user(editor)
    assert client.post(SWITCH, {"workspace": f"{program.pk}:2031"}).status_code == 404
    assert client.post(SWITCH, {"workspace": "nonsense"}).status_code == 404


def test_the_switch_never_redirects_to_another_site(program, as_user, editor):
    response = as_user(editor).post(
        SWITCH, {"workspace": f"{program.pk}:2022", "next": "https://evil.example/"}
    )
    assert response.url == HOME


def test_the_switch_offers_every_year_of_every_program(program, as_user, editor):
    Program.objects.create(
        title="Наступна програма", short_title="2025–2027", start_year=2025, end_year=2027
    )
    html = as_user(editor).get(HOME).content.decode()
    for year in range(2022, 2028):
        assert f">{year}<" not in html  # years are never printed with a thousands separator
        assert f"· {year}</option>" in html
        assert f':{year}"' in html  # the option's value, posted back as is


def test_anonymous_visitor_is_sent_to_login_from_home(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_outsider_has_no_workspace(as_user, outsider):
    assert as_user(outsider).get(HOME).status_code == 403


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
    # Session, user, permissions, the workspace, four lists and a count; savepoints.
    with django_assert_max_num_queries(11):
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
        data = selectors.attention(program, datetime.date(2024, 5, 15))
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
    assert response.templates[0].name == "activities/home.html"
