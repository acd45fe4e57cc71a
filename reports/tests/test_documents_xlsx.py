"""The annual report's workbook: figures read back with openpyxl are the database's numbers."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.footing import to_tens
from reports.tests.documents_data import held_events, money_for_2023

pytestmark = pytest.mark.django_db


def _workbook(client, year=2023):
    response = client.get(reverse("reports:annual-report-xlsx", args=[year]))
    assert response.status_code == 200
    assert f"annual-report-{year}.xlsx" in response["Content-Disposition"]
    return load_workbook(BytesIO(response.content))


def _rows(sheet):
    return [row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]


def _close(value, expected):
    """`value` (thousands) is `expected` (hryvnias) as the documents print it: each row rounded
    to tens of hryvnias once, so that totals foot (reports/footing.py)."""
    assert isinstance(value, float | int), value
    assert abs(Decimal(str(value)) - to_tens(expected) / 1000) < Decimal("0.000001")


def test_statutory_table_holds_numbers_in_thousands(as_user, controller, program):
    sums = money_for_2023(program)
    sheet = _workbook(as_user(controller))["Виконання"]
    rows = _rows(sheet)
    header = next(row for row in rows if row[0] == "№ з/п")
    assert header[6:12] == (
        "Обсяг, передбачений програмою на рік",
        "Призначено в бюджеті на рік",
        "Профінансовано",
        "Використано (касові видатки)",
        "Відхилення (+/−)",
        "Стан виконання, %",
    )
    by_key = {(row[0], row[5]): row for row in rows if isinstance(row[0], int)}
    budget = "Бюджет Менської міської територіальної громади"
    other = "Інші джерела, не заборонені законодавством"
    for key, (allotted, spent) in [
        ((1, budget), sums["first_budget"]),
        ((1, other), sums["first_other"]),
        ((7, budget), sums["seventh"]),
    ]:
        row = by_key[key]
        assert row[6] == "х"
        _close(row[7], allotted)
        _close(row[9], spent)
        _close(row[10], to_tens(spent) - to_tens(allotted))
    _close(by_key[(1, budget)][8], Decimal("20004.99"))  # financed: 12 000,00 + 8 004,99
    assert len({number for number, _source in by_key}) == 9
    total = next(row for row in rows if row[1] == "Усього за програмою")
    _close(total[6], Decimal("300000"))  # the program's amount for 2023
    _close(total[7], sums["total"][0])
    _close(total[9], Decimal("88350"))  # 13 350 + 10 000 + 65 000: the rows as printed
    # Percentages are percentages: 0.803 shown as 80,3 %.
    assert abs(total[11] - 0.803) < 0.0005
    lines = [row for row in rows if isinstance(row[0], int)]
    for column in (7, 8, 9, 10):
        assert abs(sum(row[column] for row in lines) - total[column]) < 1e-9
    money_cell = next(
        cell for cell in sheet["H"] if isinstance(cell.value, float | int) and cell.row > 5
    )
    assert money_cell.number_format == "#,##0.00"


def test_events_sheet_has_real_dates(as_user, controller, program):
    held_events(program, 2)
    rows = _rows(_workbook(as_user(controller))["Заходи"])
    event_rows = [row for row in rows if row[3] and str(row[3]).startswith("Візит делегації")]
    assert event_rows
    assert event_rows[0][1].strftime("%d.%m.%Y") == "10.05.2023"


def test_text_that_looks_like_a_formula_stays_text(as_user, editor, program):
    held_events(program, 1, title='=HYPERLINK("http://example.com","x")')
    rows = _rows(_workbook(as_user(editor))["Заходи"])
    cell = next(row[3] for row in rows if row[3] and "HYPERLINK" in str(row[3]))
    assert cell == '=HYPERLINK("http://example.com","x")'
    workbook = _workbook(as_user(editor))
    formula_cells = [c for row in workbook["Заходи"].iter_rows() for c in row if c.data_type == "f"]
    assert formula_cells == []


def test_final_report_workbook_foots_and_shows_the_years_against_the_program(
    as_user, controller, program
):
    money_for_2023(program)
    response = as_user(controller).get(reverse("reports:final-report-xlsx"))
    assert "final-report-2022-2024.xlsx" in response["Content-Disposition"]
    rows = _rows(load_workbook(BytesIO(response.content))["Фінансування"])
    years = [row for row in rows if isinstance(row[0], int)]
    assert [row[0] for row in years] == [2022, 2023, 2023, 2024]
    total = next(row for row in rows if row[1] == "Усього за програмою")
    for column in (2, 3, 4, 5, 6):
        assert abs(sum(row[column] for row in years) - total[column]) < 1e-9
    assert total[2] == 800
    assert years[0][6] == -200 + 0.78  # 2022: 777,00 used (0,78) of the 200,00 approved
