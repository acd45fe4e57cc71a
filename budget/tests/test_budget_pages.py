"""The budget page and the allotments: who may see and change them, and the sums they show."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import BudgetAllocation, Expense, Financing, FundingSource
from menaprogram.importer import registry
from menaprogram.importer.engine import preview

pytestmark = pytest.mark.django_db

BUDGET = reverse("budget:budget")
ALLOCATIONS = reverse("budget:allocations")
EXPENSES = reverse("budget:expense-list")


@pytest.fixture
def money(program):
    """A small fixed data set: the sums below are worked out by hand from it."""
    budget = FundingSource.objects.get(code="community_budget")
    other = FundingSource.objects.get(code="other")
    category = {c.number: c for c in program.categories.all()}
    for number, source, amount in (
        (3, budget, "40000.00"),
        (4, budget, "100000.00"),
        (7, budget, "60000.00"),
        (7, other, "10000.00"),
    ):
        BudgetAllocation.objects.create(
            category=category[number], year=2023, source=source, amount=Decimal(amount)
        )
    BudgetAllocation.objects.create(category=category[3], year=2024, source=budget, amount=5)
    # Financing: quarterly transfers in 2023 (the fixture's data predates the spending limit,
    # which forms apply: category 4 is spent above both).
    for number, source, day, amount in (
        (3, budget, datetime.date(2023, 1, 20), "20000.00"),
        (3, budget, datetime.date(2023, 4, 20), "15000.00"),
        (4, budget, datetime.date(2023, 4, 20), "90000.00"),
        (7, other, datetime.date(2023, 6, 1), "3000.00"),
        (3, budget, datetime.date(2024, 1, 2), "4.00"),  # another year
    ):
        Financing.objects.create(
            category=category[number], source=source, date=day, amount=Decimal(amount)
        )
    for number, source, day, amount in (
        (3, budget, datetime.date(2023, 3, 15), "1234.56"),
        (3, budget, datetime.date(2023, 9, 1), "8765.44"),
        (4, budget, datetime.date(2023, 6, 10), "120000.00"),
        (7, other, datetime.date(2023, 6, 11), "2500.50"),
        (3, budget, datetime.date(2024, 1, 5), "999.99"),  # another year
    ):
        Expense.objects.create(
            category=category[number], source=source, date=day, amount=Decimal(amount)
        )
    return program


def _cells(page, marker):
    """The text of the cells of the table row marked `marker` (e.g. data-category="3")."""
    row = page.split(marker, 1)[1].split("</tr>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
    ]


def test_controller_sees_the_budget_without_edit_buttons(money, as_user, controller):
    page = as_user(controller).get(BUDGET, {"year": 2023}).content.decode()
    assert "Бюджет 2023" in page
    assert ALLOCATIONS not in page
    assert reverse("budget:expense-create") not in page


@pytest.mark.parametrize("role", ["controller", "editor"])
def test_only_administrators_may_change_allotments(money, as_user, request, role):
    client = as_user(request.getfixturevalue(role))
    assert client.get(ALLOCATIONS, {"year": 2023}).status_code == 403
    source = FundingSource.objects.get(code="community_budget")
    field = f"amount_{money.categories.get(number=3).pk}_{source.pk}"
    response = client.post(f"{ALLOCATIONS}?year=2023", {field: "1,00"})
    assert response.status_code == 403
    assert BudgetAllocation.objects.get(category__number=3, year=2023).amount == Decimal("40000")


def test_the_editor_sees_the_add_expense_button_but_not_allotments(money, as_user, editor):
    page = as_user(editor).get(BUDGET, {"year": 2023}).content.decode()
    assert reverse("budget:expense-create") in page
    assert ALLOCATIONS not in page


def test_figures_equal_the_sums_worked_out_by_hand(money, as_user, controller):
    response = as_user(controller).get(BUDGET, {"year": 2023})
    assert response.status_code == 200
    lines = {category.number: line for category, line in response.context["categories"]}
    assert (lines[3].allotted, lines[3].spent) == (Decimal("40000.00"), Decimal("10000.00"))
    assert (lines[7].allotted, lines[7].spent) == (Decimal("70000.00"), Decimal("2500.50"))
    assert lines[3].financed == Decimal("35000.00")
    assert lines[7].financed == Decimal("3000.00")
    total = response.context["category_total"]
    assert (total.allotted, total.spent) == (Decimal("210000.00"), Decimal("132500.50"))
    assert total.financed == Decimal("128000.00")
    sources = {line.key: line for line in response.context["sources"]}
    assert sources["community_budget"].approved == Decimal("300000.00")
    assert sources["community_budget"].allotted == Decimal("200000.00")
    assert sources["community_budget"].spent == Decimal("130000.00")
    assert (sources["other"].approved, sources["other"].spent) == (0, Decimal("2500.50"))
    assert (sources["community_budget"].financed, sources["other"].financed) == (
        Decimal("125000.00"),
        Decimal("3000.00"),
    )
    page = response.content.decode()
    # Category 3 (thousand UAH): allotted 40,00, financed 35,00, spent 10,00, deviation -30,00.
    assert _cells(page, 'data-category="3"')[3:] == [
        "40,00",
        "35,00",
        "10,00",
        "-30,00",
        "25,0\xa0%",
    ]
    # Category 4 overspent: 120 of 100 thousand.
    assert _cells(page, 'data-category="4"')[3:] == [
        "100,00",
        "90,00",
        "120,00",
        "+20,00",
        "120,0\xa0%",
    ]
    assert "300,00 тис. грн" in page  # approved by the program for 2023
    assert "210,00 тис. грн" in page  # allotted
    assert "128,00 тис. грн" in page  # financed
    assert "132,50 тис. грн" in page  # spent


def test_the_year_defaults_to_the_workspace_year_and_a_year_outside_the_term_is_404(
    money, as_user, controller
):
    client = as_user(controller)
    response = client.get(BUDGET)
    assert response.context["year"] == 2024  # the program's last year: today is past its term
    assert client.get(BUDGET, {"year": 2021}).status_code == 404
    assert client.get(BUDGET, {"year": "abc"}).status_code == 404
    assert client.get(EXPENSES, {"year": 2025}).status_code == 404


def test_each_spent_figure_links_to_the_expenses_behind_it(money, as_user, controller):
    client = as_user(controller)
    page = client.get(BUDGET, {"year": 2023}).content.decode()
    links = dict(re.findall(r'href="([^"]+)" data-testid="(spent-[^"]+)"', page))
    by_testid = {testid: href.replace("&amp;", "&") for href, testid in links.items()}
    expected = {
        "spent-3": Decimal("10000.00"),
        "spent-4": Decimal("120000.00"),
        "spent-7": Decimal("2500.50"),
        "spent-1": Decimal("0"),
        "spent-total": Decimal("132500.50"),
        "spent-community_budget": Decimal("130000.00"),
        "spent-other": Decimal("2500.50"),
    }
    for testid, amount in expected.items():
        listing = client.get(by_testid[testid])
        assert listing.status_code == 200, testid
        assert listing.context["total"] == amount, testid
    assert by_testid["spent-3"] == f"{EXPENSES}?year=2023&category=3"


def test_administrator_sets_allotments_with_a_decision(money, as_user, administrator):
    budget = FundingSource.objects.get(code="community_budget")
    other = FundingSource.objects.get(code="other")
    category = {c.number: c for c in money.categories.all()}

    def field(number, source):
        return f"amount_{category[number].pk}_{source.pk}"

    client = as_user(administrator)
    form = client.get(ALLOCATIONS, {"year": 2023})
    assert form.status_code == 200
    page = form.content.decode()
    assert 'value="40\xa0000,00"' in page or 'value="40 000,00"' in page
    data = {field(n, s): "" for n in category for s in (budget, other)}
    data.update(
        {
            field(3, budget): "40 000,00",  # unchanged
            field(4, budget): "125 000,50",  # changed
            field(7, budget): "60000",  # unchanged
            field(7, other): "",  # removed
            field(9, other): "1 500,00",  # new
        }
    )
    response = client.post(
        f"{ALLOCATIONS}?year=2023", {**data, "decision": "№ 12/34 від 15.03.2023"}
    )
    assert response.status_code == 302
    assert response.url == f"{BUDGET}?year=2023"
    rows = {
        (a.category.number, a.source.code): (a.amount, a.decision)
        for a in BudgetAllocation.objects.filter(year=2023).select_related("category", "source")
    }
    assert rows == {
        (3, "community_budget"): (Decimal("40000.00"), ""),
        (4, "community_budget"): (Decimal("125000.50"), "№ 12/34 від 15.03.2023"),
        (7, "community_budget"): (Decimal("60000.00"), ""),
        (9, "other"): (Decimal("1500.00"), "№ 12/34 від 15.03.2023"),
    }
    # Other years are untouched.
    assert BudgetAllocation.objects.filter(year=2024).count() == 1


def test_a_negative_or_malformed_allotment_is_an_error_next_to_the_cell(
    money, as_user, administrator
):
    budget = FundingSource.objects.get(code="community_budget")
    category = money.categories.get(number=3)
    name = f"amount_{category.pk}_{budget.pk}"
    response = as_user(administrator).post(f"{ALLOCATIONS}?year=2023", {name: "-5"})
    assert response.status_code == 200
    assert name in response.context["form"].errors
    assert "is-invalid" in response.content.decode()
    assert BudgetAllocation.objects.get(category=category, year=2023).amount == Decimal("40000")


def test_every_allotment_cell_is_labelled(money, as_user, administrator):
    page = as_user(administrator).get(ALLOCATIONS, {"year": 2023}).content.decode()
    ids = re.findall(r'id="(id_amount_[^"]+)"', page)
    assert len(ids) == 18
    for input_id in ids:
        assert f'for="{input_id}"' in page


@pytest.mark.parametrize("count", [1, 50])
def test_budget_page_queries_do_not_grow_with_expenses(
    program, as_user, controller, django_assert_max_num_queries, count
):
    source = FundingSource.objects.get(code="community_budget")
    categories = list(program.categories.all())
    for number in range(count):
        Expense.objects.create(
            category=categories[number % 9],
            source=source,
            date=datetime.date(2023, 1 + number % 12, 1),
            amount=Decimal("100.00"),
        )
    client = as_user(controller)
    # Five of them the money: the categories, the sources, the data version (the layers are
    # kept until the data changes), the layers in one union, and the amendments' funding
    # changes (the approved amounts as in force in the year).
    with django_assert_max_num_queries(12):
        response = client.get(BUDGET, {"year": 2023})
    assert response.context["category_total"].spent == Decimal("100.00") * count
    with django_assert_max_num_queries(10):
        exported = client.get(BUDGET, {"year": 2023, "export": "csv"})
    assert exported.status_code == 200


def test_a_truncated_allotments_post_changes_nothing(program, as_user, administrator):
    from budget.models import BudgetAllocation, FundingSource

    category = program.categories.get(number=1)
    source = FundingSource.objects.get(code="community_budget")
    BudgetAllocation.objects.create(category=category, source=source, year=2024, amount=1000)
    response = as_user(administrator).post(reverse("budget:allocations") + "?year=2024", {})
    assert response.status_code == 200
    assert "нічого не змінено" in response.content.decode()
    assert BudgetAllocation.objects.filter(year=2024).count() == 1


def _sheet(response):
    import io

    import openpyxl

    headers, *rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    return [dict(zip(headers, row, strict=True)) for row in rows]


def test_the_budget_table_exports_the_chosen_year_with_numbers_as_numbers(
    money, as_user, controller
):
    rows = _sheet(as_user(controller).get(BUDGET, {"year": 2023, "export": "xlsx"}))
    by_number = {row["№"]: row for row in rows}
    assert len(rows) == 10  # nine categories and the total
    assert by_number[3]["Призначено, грн"] == 40000
    assert by_number[3]["Профінансовано, грн"] == 35000
    assert by_number[3]["Використано, грн"] == 10000  # 1234.56 + 8765.44; 2024 left out
    assert by_number[4]["Відхилення (+/−), грн"] == 20000
    assert by_number[4]["Використано, %"] == 120
    total = rows[-1]
    assert total["№"] is None and total["Категорія видатків"] == "Разом"
    assert total["Призначено, грн"] == 210000
    assert total["Використано, грн"] == pytest.approx(132500.50)


def test_the_budget_csv_has_the_page_figures_for_another_year(money, as_user, controller):
    response = as_user(controller).get(BUDGET, {"year": 2024, "export": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="budget-')
    header, *lines = response.content.decode("utf-8-sig").splitlines()
    assert header.startswith("№;Категорія видатків;КЕКВ;Призначено, грн")
    line_3 = next(line for line in lines if line.startswith("3;"))
    # Allotted, financed, spent, deviation (spent − allotted), share used; no apostrophe
    # before a sign.
    assert line_3.endswith(";5,00;4,00;999,99;994,99;19\xa0999,8")


def test_only_administrators_may_export_the_allotments(money, as_user, editor, controller):
    for user in (editor, controller):
        response = as_user(user).get(ALLOCATIONS, {"year": 2023, "export": "csv"})
        assert response.status_code == 403


def test_the_allotments_export_holds_the_chosen_year_and_imports_back_unchanged(
    money, as_user, administrator, django_assert_max_num_queries
):
    client = as_user(administrator)
    with django_assert_max_num_queries(8):
        response = client.get(ALLOCATIONS, {"year": 2023, "export": "xlsx"})
    rows = _sheet(response)
    assert {row["Рік"] for row in rows} == {2023}
    assert sorted(row["Сума, грн"] for row in rows) == [10000, 40000, 60000, 100000]
    for fmt in ("csv", "xlsx"):
        response = client.get(ALLOCATIONS, {"year": 2023, "export": fmt})
        outcome = preview(kind=registry.get("allocations"), raw=response.content, program=money)
        assert outcome.ok, outcome.errors()
        assert [row.outcome for row in outcome.rows] == ["unchanged"] * 4


def test_the_export_links_keep_the_year_of_the_page(money, as_user, administrator):
    client = as_user(administrator)
    for url in (BUDGET, ALLOCATIONS):
        page = client.get(url, {"year": 2023}).content.decode()
        assert 'href="?year=2023&amp;export=xlsx"' in page, url
