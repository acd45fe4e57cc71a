"""Reading a file into a table: encodings, separators, header search, refusals before import."""

import io
import zipfile
from types import SimpleNamespace

import openpyxl
import pytest
from django.utils import translation

from menaprogram.importer import reading

KIND = SimpleNamespace(columns=["Назва", "Сума, грн", "Примітка"], required=["Назва"])
ROWS = [["Гміна Тарнув", "1 234,56"], ["Місто Ловеч, Болгарія", "7"]]


def read(raw):
    with translation.override("uk"):
        return reading.read_table(raw, KIND)


def refusal(raw):
    with translation.override("uk"), pytest.raises(reading.ImportRefused) as caught:
        reading.read_table(raw, KIND)
    return caught.value.message


@pytest.mark.parametrize(
    ("encoding", "separator"),
    [("cp1251", ";"), ("utf-8-sig", ";"), ("utf-8", ","), ("cp1251", ",")],
)
def test_a_csv_is_read_whatever_its_encoding_and_separator(encoding, separator):
    lines = [separator.join(f'"{cell}"' for cell in row) for row in [KIND.columns, *ROWS]]
    table = read("\r\n".join(lines).encode(encoding))
    assert table.headers == KIND.columns
    assert table.rows == [[*row, ""] for row in ROWS]
    assert table.numbers == [2, 3]


def test_headers_are_found_below_a_title_whatever_their_case_and_spaces():
    raw = "Витрати за травень;\n;\n  назва ;СУМА,  ГРН\nГміна Тарнув;5\n"
    table = read(raw.encode())
    assert table.headers == ["Назва", "Сума, грн"]
    assert (table.rows, table.numbers) == ([["Гміна Тарнув", "5"]], [4])


def test_text_in_neither_utf8_nor_windows_1251_is_refused():
    assert "UTF-8 чи Windows-1251" in refusal("Назва\n".encode() + b"\x98\xff")


def test_a_binary_file_is_refused_whatever_its_name():
    assert "не файл CSV і не XLSX" in refusal(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_a_zip_that_is_no_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "Назва")
    assert "не файл CSV і не XLSX" in refusal(buffer.getvalue())


def test_a_zip_bomb_is_refused_before_it_is_unpacked(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 2 * 1024 * 1024)
    opened = []
    monkeypatch.setattr(reading.openpyxl, "load_workbook", lambda *a, **k: opened.append(a))
    assert "розпаковується" in refusal(buffer.getvalue())
    assert opened == []


def test_an_xlsx_is_read_with_its_numbers_as_numbers():
    book = openpyxl.Workbook()
    book.active.append(["Назва", "Сума, грн"])
    book.active.append(["Гміна Тарнув", 1234.56])
    out = io.BytesIO()
    book.save(out)
    assert read(out.getvalue()).rows == [["Гміна Тарнув", 1234.56]]


def test_a_missing_required_or_an_unknown_column_refuses_the_file():
    assert "«Назва»" in refusal("Сума, грн;Примітка\n5;x\n".encode())
    assert "«Колір»" in refusal("Назва;Колір\nx;y\n".encode())


def test_the_apostrophe_the_export_puts_before_a_formula_is_not_data():
    table = read("Назва;Примітка\n'=HYPERLINK(1);'-5\n".encode())
    assert table.rows == [["=HYPERLINK(1)", "'-5"]]


def _workbook(*sheets, active):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, state, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    book.active = active
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()


def test_a_hidden_first_sheet_is_not_what_is_read():
    hidden = [KIND.columns, ["Прихований рядок", "1", ""]]
    raw = _workbook(
        ("Довідник", "hidden", hidden), ("Партнери", "visible", [KIND.columns, ROWS[0]]), active=1
    )
    assert read(raw).rows == [[*ROWS[0], ""]]


def test_the_active_sheet_is_read_when_several_are_visible():
    raw = _workbook(
        ("Старий", "visible", [KIND.columns, ROWS[1]]),
        ("Новий", "visible", [KIND.columns, ROWS[0]]),
        active=1,
    )
    assert read(raw).rows == [[*ROWS[0], ""]]


def test_a_workbook_whose_sheets_are_all_hidden_is_refused():
    raw = _workbook(("Аркуш", "visible", [KIND.columns, ROWS[0]]), active=0)
    # openpyxl will not save such a file; a hand-edited one says so in its workbook.xml.
    hidden = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(hidden, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b'state="visible"', b'state="hidden"')
            target.writestr(item, data)
    assert (
        refusal(hidden.getvalue())
        == "Усі аркуші файлу XLSX приховано; покажіть той, що імпортуєте."
    )
