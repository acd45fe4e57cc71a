"""The partnership health page: partners ranked by how alive each partnership is."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from activities.models import Event
from budget.models import Expense, FundingSource
from partners.models import Agreement, Contact, Partner
from reports import charts, selectors

pytestmark = pytest.mark.django_db

URL = reverse("reports:partnership-health")
TODAY = datetime.date(2024, 6, 1)


def _held(program, partner, day):
    event = Event.objects.create(
        program=program,
        title=f"Зустріч {day}",
        kind=Event.Kind.ONLINE_MEETING,
        status=Event.Status.HELD,
        start_date=day,
        end_date=day,
        place=Event.Place.ONLINE,
    )
    event.partners.add(partner)
    return event


@pytest.fixture
def partners(program):
    lively = Partner.objects.create(kind=Partner.Kind.CITY, name_uk="Місто Ловеч", country="BG")
    Agreement.objects.create(partner=lively, title="Договір", signed_on=datetime.date(2022, 1, 1))
    for day in (datetime.date(2022, 5, 1), datetime.date(2023, 5, 1), datetime.date(2024, 5, 1)):
        event = _held(program, lively, day)
    Expense.objects.create(
        category=program.categories.get(number=1),
        source=FundingSource.objects.get(code="community_budget"),
        date=datetime.date(2024, 5, 1),
        amount=Decimal("1500.50"),
        event=event,
    )
    no_agreement = Partner.objects.create(
        kind=Partner.Kind.CITY, name_uk="Місто Табор", country="CZ"
    )
    _held(program, no_agreement, datetime.date(2024, 3, 1))
    quiet = Partner.objects.create(kind=Partner.Kind.CITY, name_uk="Гміна Тарнув", country="PL")
    Contact.objects.create(
        partner=quiet, full_name="Ян Ковальський", last_contacted_on=datetime.date(2023, 1, 1)
    )
    return lively, no_agreement, quiet


def test_partners_are_ranked_and_classed(program, partners):
    lively, no_agreement, quiet = partners
    data = selectors.partnership_health(program, TODAY)
    assert [(line.partner, line.state) for line in data["lines"]] == [
        (lively, selectors.Health.ACTIVE),
        (no_agreement, selectors.Health.ATTENTION),
        (quiet, selectors.Health.DORMANT),
    ]
    first = data["lines"][0]
    assert first.events_by_year == [(2022, 1), (2023, 1), (2024, 1)]
    assert first.spent == Decimal("1500.50")
    assert first.valid_agreement and first.agreements == 1
    assert data["lines"][2].last_activity_on == datetime.date(2023, 1, 1)


@pytest.mark.parametrize(
    ("state", "names"),
    [("attention", ["Місто Табор"]), ("active", ["Місто Ловеч"]), ("dormant", ["Гміна Тарнув"])],
)
def test_the_page_filters_by_state(
    program, partners, as_user, controller, state, names, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    response = as_user(controller).get(URL, {"state": state})
    assert [line.partner.name_uk for line, _svg in response.context["rows"]] == names


def test_the_page_reads_in_a_fixed_number_of_queries(
    program, partners, as_user, controller, django_assert_max_num_queries
):
    client = as_user(controller)
    client.get(URL)
    for n in range(20):
        extra = Partner.objects.create(kind=Partner.Kind.CITY, name_uk=f"Місто {n}", country="PL")
        _held(program, extra, datetime.date(2023, 2, 1 + n))
    # Session, user, permissions, the workspace, the thresholds, the partners.
    with django_assert_max_num_queries(9):
        response = client.get(URL)
    html = response.content.decode()
    assert "<svg" in html and "<polyline" in html


def test_the_sparkline_writes_coordinates_with_a_dot():
    svg = charts.sparkline([0, 3, 1], title="Заходи")
    assert 'points="3.0,25.0 60.0,3.0 117.0,17.7"' in svg
    assert "<desc>0, 3, 1</desc>" in svg
