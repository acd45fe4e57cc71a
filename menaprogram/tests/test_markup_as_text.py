"""Names that hold markup or look like formulas are shown as typed: in pages, exports and PDFs.

The annual report's PDF and its preview have their own tests (reports/tests); these cover
the workspace's pages, the list exports and the open data files.
"""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from activities.models import Event
from budget.imports import ExpenseResource
from budget.models import Expense, FundingSource
from partners.models import Partner

pytestmark = pytest.mark.django_db

MARKUP = '<script>alert(1)</script> "><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
FORMULA = '=HYPERLINK("http://example.org","x")'


@pytest.fixture
def records(program):
    partner = Partner.objects.create(
        kind=Partner.Kind.CITY, name_uk=MARKUP, name_original=FORMULA, country="BG"
    )
    event = Event.objects.create(
        program=program,
        title=MARKUP,
        kind=Event.Kind.INCOMING_DELEGATION,
        start_date=datetime.date(2024, 3, 15),
        end_date=datetime.date(2024, 3, 16),
        place=Event.Place.MENA,
        description=FORMULA,
    )
    event.partners.add(partner)
    Expense.objects.create(
        category=program.categories.get(number=3),
        source=FundingSource.objects.get(code="community_budget"),
        date=datetime.date(2024, 3, 16),
        amount=Decimal("10.00"),
        event=event,
        counterparty=FORMULA,
        note=MARKUP,
    )
    return partner, event


@pytest.mark.parametrize(
    "page",
    [
        lambda partner, event: reverse("partners:partner-list"),
        lambda partner, event: reverse("partners:partner-detail", args=[partner.pk]),
        lambda partner, event: reverse("activities:event-list") + "?year=2024",
        lambda partner, event: reverse("activities:event-detail", args=[event.pk]),
        lambda partner, event: reverse("budget:expense-list") + "?year=2024",
    ],
    ids=["partner-list", "partner-detail", "event-list", "event-detail", "expense-list"],
)
def test_a_name_with_markup_is_shown_as_text_on_the_page(page, records, as_user, controller):
    content = as_user(controller).get(page(*records)).content.decode()
    assert "<script>alert(1)" not in content
    assert "<img src=x" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("partners:partner-list", {}),
        ("activities:event-list", {"year": "2024"}),
        ("budget:expense-list", {"year": "2024"}),
    ],
)
def test_list_exports_keep_markup_and_formulas_as_plain_text(
    url_name, query, records, as_user, controller
):
    client = as_user(controller)
    text = client.get(reverse(url_name), {**query, "export": "csv"}).content.decode("utf-8-sig")
    assert MARKUP.replace('"', '""') in text  # CSV is data: the name exactly as typed
    assert "&lt;" not in text

    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse(url_name), {**query, "export": "xlsx"}).content)
    )
    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    values = {cell.value for cell in cells}
    # The expense file names the event as `Title (15.03.2024)`: the markup is part of a cell.
    assert any(MARKUP in str(value) for value in values)
    assert FORMULA in values


def test_open_data_xlsx_keeps_a_formula_like_title_as_text(client, program):
    program.decision_title = FORMULA
    program.save()
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("open-data-file", args=["programs", "xlsx"])).content)
    )
    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert FORMULA in {cell.value for cell in cells}


def test_the_admins_xlsx_export_keeps_a_formula_like_name_as_text(records, as_user, controller):
    fields = {f"expenseresource_{name}": "on" for name in ExpenseResource.Meta.fields}
    response = as_user(controller).post(
        reverse("admin:budget_expense_export"), {"format": "1", "resource": "0", **fields}
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert FORMULA in {cell.value for cell in cells}
    assert MARKUP in {cell.value for cell in cells}
