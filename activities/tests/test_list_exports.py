"""Lists export what their filters select, as CSV and XLSX that import back unchanged."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from activities.models import Event
from budget.models import Expense, FundingSource
from menaprogram.importer import registry
from menaprogram.importer.engine import preview
from partners.models import Partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(program):
    tarnow = Partner.objects.create(
        kind=Partner.Kind.COMMUNITY, name_uk="Гміна Тарнув", country="PL"
    )
    Partner.objects.create(kind=Partner.Kind.CITY, name_uk="Місто Ловеч", country="BG")
    event = Event.objects.create(
        program=program,
        title="Візит делегації",
        kind=Event.Kind.INCOMING_DELEGATION,
        start_date=datetime.date(2024, 3, 15),
        end_date=datetime.date(2024, 3, 16),
        place=Event.Place.MENA,
    )
    event.partners.add(tarnow)
    source = FundingSource.objects.get(code="community_budget")
    for number, amount in ((3, "1234.56"), (4, "99.10")):
        Expense.objects.create(
            category=program.categories.get(number=number),
            source=source,
            date=datetime.date(2024, 3, 16),
            amount=Decimal(amount),
            event=event,
        )
    return event


def test_the_partner_list_exports_only_what_the_filter_selects(rows, as_user, controller):
    response = as_user(controller).get(
        reverse("partners:partner-list"), {"country": "PL", "export": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="partners-')
    text = response.content.decode("utf-8-sig")
    assert "Гміна Тарнув" in text and "Місто Ловеч" not in text
    assert text.splitlines()[0].count(";") > 1  # semicolons, for a Ukrainian Excel


def test_an_exported_expense_file_imports_back_unchanged(rows, program, as_user, editor):
    client = as_user(editor)
    for fmt in ("csv", "xlsx"):
        response = client.get(
            reverse("budget:expense-list"), {"year": "2024", "category": "3", "export": fmt}
        )
        outcome = preview(kind=registry.get("expenses"), raw=response.content, program=program)
        assert outcome.ok, outcome.errors()
        assert [row.outcome for row in outcome.rows] == ["unchanged"]


def test_an_xlsx_export_holds_numbers_and_dates(rows, as_user, controller):
    response = as_user(controller).get(
        reverse("budget:expense-list"), {"year": "2024", "export": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers, *values = list(sheet.values)
    amounts = sorted(row[headers.index("Сума, грн")] for row in values)
    assert amounts == [99.1, 1234.56]  # numbers, not text
    assert isinstance(values[0][headers.index("Дата")], datetime.datetime | datetime.date)


def test_the_event_list_exports_its_year(rows, program, as_user, controller):
    response = as_user(controller).get(
        reverse("activities:event-list"), {"year": "2024", "export": "csv"}
    )
    assert "Візит делегації" in response.content.decode("utf-8-sig")
    outcome = preview(kind=registry.get("events"), raw=response.content, program=program)
    assert outcome.ok and [row.outcome for row in outcome.rows] == ["unchanged"]


FORMULA_LIKE = ['=HYPERLINK("http://x","y")', "+380 44 123 45 67", "-ГО «Рух»", "@SUM(A1)"]


@pytest.fixture
def formula_like(db):
    for text in FORMULA_LIKE:
        Partner.objects.create(
            kind=Partner.Kind.ASSOCIATION, name_uk=f"Партнер {text[0]}", country="PL", note=text
        )


def test_text_that_looks_like_a_formula_is_exported_as_text(formula_like, as_user, controller):
    client = as_user(controller)
    text = client.get(reverse("partners:partner-list"), {"export": "csv"}).content
    for line in text.decode("utf-8-sig").splitlines()[1:]:
        note = line.rsplit(";", 1)[1].strip('"')
        assert note.startswith("'"), line  # Excel shows it as text, runs nothing
    response = client.get(reverse("partners:partner-list"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    notes = list(next(sheet.iter_cols(min_col=9, max_col=9, min_row=2)))
    assert all(cell.data_type == "s" for cell in notes)
    assert sorted(cell.value for cell in notes) == sorted(FORMULA_LIKE)


def test_text_that_looks_like_a_formula_imports_back_as_it_was(
    formula_like, program, as_user, editor
):
    client = as_user(editor)
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("partners:partner-list"), {"export": fmt})
        outcome = preview(kind=registry.get("partners"), raw=response.content, program=program)
        assert outcome.ok, outcome.errors()
        assert [row.outcome for row in outcome.rows] == ["unchanged"] * 4, fmt
