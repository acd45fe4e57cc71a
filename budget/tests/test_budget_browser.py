"""The budget and agreement pages in a real browser: accessibility, and an expense end to end."""

import datetime
import json
from decimal import Decimal

import pytest

from budget.models import BudgetAllocation, Expense, Financing, FundingSource
from menaprogram.tests.browser import serious_axe_violations, sign_in
from partners.models import Agreement, Partner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(program):
    partner = Partner.objects.create(
        kind=Partner.Kind.COMMUNITY, name_uk="Гміна Тарнув", country="PL"
    )
    Agreement.objects.create(
        partner=partner,
        title="Договір про партнерство",
        number="1/МС",
        signed_on=datetime.date(2022, 1, 1),
        valid_until=datetime.date(2030, 1, 1),
        scan="agreements/2022/dogovir.pdf",
    )
    Agreement.objects.create(
        partner=partner, title="Меморандум", status=Agreement.Status.DRAFT, signed_on=None
    )
    source = FundingSource.objects.get(code="community_budget")
    category = program.categories.get(number=3)
    BudgetAllocation.objects.create(category=category, year=2024, source=source, amount=40000)
    Financing.objects.create(
        category=category, source=source, date=datetime.date(2024, 1, 20), amount=30000
    )
    Expense.objects.create(
        category=category,
        source=source,
        date=datetime.date(2024, 2, 1),
        amount=Decimal("500.00"),
        counterparty="ТОВ «Менатранс»",
    )
    return program


def _assert_accessible(page):
    violations = serious_axe_violations(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False)


@pytest.mark.parametrize(
    "path,heading",
    [
        ("/partners/agreements/", "Договори"),
        ("/partners/agreements/new/", "Новий договір"),
        ("/budget/?year=2024", "Бюджет 2024: план і факт"),
        ("/budget/expenses/?year=2024", "Видатки"),
        ("/budget/expenses/new/", "Новий видаток"),
        ("/budget/financing/?year=2024", "Фінансування"),
        ("/budget/financing/new/", "Нове фінансування"),
    ],
)
def test_the_pages_have_no_serious_accessibility_violations(
    live_server, page, data, editor, path, heading
):
    sign_in(page, live_server, "editor", path)
    assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    _assert_accessible(page)


def test_the_allotments_page_has_no_serious_accessibility_violations(
    live_server, page, data, administrator
):
    sign_in(page, live_server, "administrator", "/budget/allocations/?year=2024")
    assert page.get_by_role("heading", name="Призначення на 2024 рік").is_visible()
    _assert_accessible(page)


def test_an_expense_typed_in_the_browser_shows_on_the_budget_page(live_server, page, data, editor):
    sign_in(page, live_server, "editor", "/budget/expenses/new/")
    category = data.categories.get(number=3)
    page.get_by_label("Напрям використання коштів").select_option(str(category.pk))
    page.get_by_label("Дата").fill("15.03.2024")
    page.get_by_label("Сума, грн").fill("1 234,56")
    page.get_by_label("Контрагент").fill("ФОП Гнатюк О. П.")
    page.get_by_role("button", name="Зберегти").click()
    # The list narrowed to the expense just saved: its month, category and source.
    page.wait_for_url(f"{live_server.url}/budget/expenses/?year=2024&month=3&category=3&*")
    assert (
        page.get_by_role("alert").inner_text() == "Видаток 1\xa0234,56 грн від 15.03.2024 додано."
    )
    assert Expense.objects.get(counterparty="ФОП Гнатюк О. П.").amount == Decimal("1234.56")

    page.goto(f"{live_server.url}/budget/")
    # 500,00 + 1 234,56 = 1 734,56 грн: 1,73 thousand in category 3, of 40,00 allotted.
    assert page.get_by_test_id("spent-3").inner_text() == "1,73"
    page.get_by_test_id("spent-3").click()
    page.wait_for_url(f"{live_server.url}/budget/expenses/?year=2024&category=3")
    assert "1\xa0734,56 грн" in page.get_by_test_id("total").inner_text()
    assert page.get_by_text("ФОП Гнатюк О. П.").is_visible()
