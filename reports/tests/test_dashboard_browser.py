"""The dashboard in a real browser: a controller reaches it, changes the period, and axe-core
finds no serious accessibility violation."""

import datetime
import json
from decimal import Decimal

import pytest

from activities.models import Event
from budget.models import BudgetAllocation, Expense, FundingSource
from menaprogram.tests.browser import serious_axe_violations, sign_in
from partners.models import Partner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def some_data(program):
    source = FundingSource.objects.get(code="community_budget")
    category = program.categories.get(number=3)
    BudgetAllocation.objects.create(
        category=category, year=2024, source=source, amount=Decimal("50000")
    )
    partner = Partner.objects.create(kind="community", name_uk="Гміна Тарнув", country="PL")
    event = Event.objects.create(
        program=program,
        title="Візит делегації з Тарнува",
        kind=Event.Kind.INCOMING_DELEGATION,
        status=Event.Status.HELD,
        start_date=datetime.date(2024, 5, 10),
        end_date=datetime.date(2024, 5, 11),
        place=Event.Place.MENA,
    )
    event.partners.add(partner)
    event.directions.add(program.directions.get(number=1))
    Expense.objects.create(
        category=category, source=source, date=event.start_date, amount=Decimal("12345.67")
    )
    return program


def test_the_dashboard_has_no_serious_accessibility_violations(
    live_server, page, controller, some_data
):
    sign_in(page, live_server, "controller", "/reports/dashboard/")
    assert page.get_by_role("heading", name="Панель виконання програми у 2024 році").is_visible()
    assert page.get_by_role("img", name="Видатки за місяцями, 2024").is_visible()
    violations = serious_axe_violations(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False)


def test_the_period_is_chosen_with_the_keyboard(live_server, page, controller, some_data):
    sign_in(page, live_server, "controller", "/reports/dashboard/")
    page.get_by_label("Період").select_option("all")
    page.get_by_label("Період").press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/reports/dashboard/?year=all")
    heading = "Панель виконання програми за весь строк 2022–2024"
    assert page.get_by_role("heading", name=heading).is_visible()
    violations = serious_axe_violations(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False)


def test_the_first_screen_shows_what_needs_a_decision_and_leads_to_its_detail(
    live_server, page, controller, some_data
):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server, "controller", "/reports/dashboard/?year=2024")
    decisions = page.locator("ul.decisions > li")
    assert decisions.count() == 6
    for index in range(6):
        box = decisions.nth(index).bounding_box()
        assert box["y"] + box["height"] <= 768, "a decision item is below the fold"
    # Category 3 spent 12 345,67 of 50 000,00 by the end of 2024: far under its allotment.
    under = page.get_by_role("link", name="1 категорія значно відстає від призначеного")
    assert under.is_visible()
    # 33 of the 34 directions had nothing held; the link leads to their list.
    page.get_by_role("link", name="33 напрями без проведених заходів").click()
    assert page.url.endswith("#idle-directions")
    assert page.locator("#idle-directions").is_visible()
