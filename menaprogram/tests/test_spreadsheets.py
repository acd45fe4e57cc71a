"""The one writer: CSV and XLSX, with text that looks like a formula kept as text."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import tablib

from menaprogram import spreadsheets

FORMULAS = ['=HYPERLINK("http://x","y")', "+380 44 123 45 67", "-ГО «Рух»", "@SUM(A1)"]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_like_text_is_formula_like(text):
    assert spreadsheets.formula_like(text)


@pytest.mark.parametrize("value", ["-1 234,56", "ГО «Рух»", "", 5, None, Decimal("-3")])
def test_numbers_and_plain_text_are_not(value):
    assert not spreadsheets.formula_like(value)


def test_csv_for_people_escapes_formulas_and_imports_them_back_as_typed():
    data = tablib.Dataset(*[[text, -5] for text in FORMULAS], headers=["Назва", "Сума"])
    text = spreadsheets.csv_bytes(data).decode("utf-8")
    assert text.startswith("\ufeffНазва;Сума")
    cells = [line.split(";")[0] for line in text.splitlines()[1:]]
    assert all(cell.lstrip('"').startswith("'") for cell in cells)
    assert ";-5" in text  # a number keeps its minus
    unescaped = [spreadsheets.csv_unescaped(spreadsheets.csv_cell(t)) for t in FORMULAS]
    assert unescaped == FORMULAS


def test_csv_for_machines_holds_text_exactly_as_typed():
    data = tablib.Dataset(["=1+1", datetime.date(2024, 3, 15), None], headers=["a", "b", "c"])
    assert spreadsheets.csv_bytes(data, for_excel=False) == b"a,b,c\r\n=1+1,2024-03-15,\r\n"


def test_xlsx_writes_text_as_text_and_numbers_and_dates_as_such():
    data = tablib.Dataset(
        [FORMULAS[0], Decimal("1234.56"), datetime.date(2024, 3, 15)],
        headers=["Назва", "Сума", "Дата"],
        title="rows",
    )
    book = openpyxl.load_workbook(
        io.BytesIO(spreadsheets.xlsx_bytes(data, formats={"Сума": "#,##0.00"}))
    )
    sheet = book["rows"]
    name, amount, date = sheet[2]
    assert (name.data_type, name.value) == ("s", FORMULAS[0])
    assert (amount.value, amount.number_format) == (1234.56, "#,##0.00")
    assert date.value == datetime.datetime(2024, 3, 15) and date.number_format == "DD.MM.YYYY"
