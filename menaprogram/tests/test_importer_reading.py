"""Reading a file into a table: encodings, separators, header search, refusals before import."""

import io
import re
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


@pytest.mark.parametrize("title", ["Витрати за травень 2023", "Витрати, травень 2023"])
def test_a_title_row_without_the_files_separator_does_not_hide_the_header(title):
    table = read(f"{title}\nНазва;Сума, грн\nГміна Тарнув;5\n".encode())
    assert table.headers == ["Назва", "Сума, грн"]
    assert (table.rows, table.numbers) == ([["Гміна Тарнув", "5"]], [3])


def test_excels_unicode_text_is_read_utf16_with_tabs():
    raw = "Назва\tСума, грн\r\nГміна Тарнув\t1 234,56\r\n".encode("utf-16")
    assert read(raw).rows == [["Гміна Тарнув", "1 234,56"]]


def test_utf16_without_its_mark_is_refused_saying_how_to_save_it():
    message = refusal("Назва;Сума, грн\r\nГміна Тарнув;5\r\n".encode("utf-16-le"))
    assert "UTF-16" in message and "«CSV UTF-8»" in message


def test_a_pdf_renamed_to_csv_is_refused_saying_what_to_upload_instead():
    raw = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    assert refusal(raw).startswith("Це документ PDF, а не таблиця.")


def test_an_old_xls_is_refused_saying_to_save_it_as_xlsx():
    raw = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    assert "XLSX" in refusal(raw) and "XLS)" in refusal(raw)


def _with_formula(stored):
    book = openpyxl.Workbook()
    book.active.append(["Назва", "Сума, грн"])
    book.active.append(["Гміна Тарнув", "=1+2"])
    out = io.BytesIO()
    book.save(out)
    if not stored:
        return out.getvalue()
    # As Excel saves it: the formula and its last result.
    patched = io.BytesIO()
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                # openpyxl writes the empty result as <v /> or, with lxml installed, <v></v>.
                data = re.sub(rb"<v\s*/>|<v></v>", b"<v>3</v>", data)
            target.writestr(item, data)
    return patched.getvalue()


def test_a_formula_cell_without_its_result_is_refused_naming_the_cell():
    message = refusal(_with_formula(stored=False))
    assert message.startswith("У клітинці B2 формула") and "LibreOffice" in message


def test_a_formula_cell_with_its_result_is_read_as_the_result():
    assert read(_with_formula(stored=True)).rows == [["Гміна Тарнув", 3]]


def _with_formatted_blank_rows(count, columns=1):
    book = openpyxl.Workbook()
    book.active.append(KIND.columns)
    book.active.append(ROWS[0])
    for row in range(3, 3 + count):
        for column in range(1, columns + 1):
            book.active.cell(row=row, column=column).font = openpyxl.styles.Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_sheet_of_more_rows_than_records_need_is_refused_as_it_is_read(monkeypatch):
    monkeypatch.setattr(reading, "MAX_SHEET_LINES", 100)
    assert read(_with_formatted_blank_rows(90)).rows == [[*ROWS[0], ""]]
    assert "понад 100 рядків" in refusal(_with_formatted_blank_rows(120))


def test_a_sheet_of_more_cells_than_records_need_is_refused_as_it_is_read(monkeypatch):
    monkeypatch.setattr(reading, "MAX_SHEET_CELLS", 500)
    assert "500 клітинок" in refusal(_with_formatted_blank_rows(30, columns=20))


def test_another_visible_sheet_is_read_when_chosen_and_a_hidden_one_never():
    raw = _workbook(
        ("Старий", "visible", [KIND.columns, ROWS[1]]),
        ("Новий", "visible", [KIND.columns, ROWS[0]]),
        ("Довідник", "hidden", [KIND.columns, ["Прихований рядок", "1", ""]]),
        active=1,
    )
    table = read(raw)
    assert (table.sheets, table.sheet) == (["Старий", "Новий"], "Новий")
    with translation.override("uk"):
        chosen = reading.read_table(raw, KIND, sheet="Старий")
        assert (chosen.rows, chosen.sheet) == ([[*ROWS[1], ""]], "Старий")
        with pytest.raises(reading.ImportRefused) as caught:
            reading.read_table(raw, KIND, sheet="Довідник")
    assert caught.value.message == "У книзі немає видимого аркуша «Довідник»."
