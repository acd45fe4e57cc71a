"""The DOCX documents: real Word tables and styles, the PDF's content, open in LibreOffice."""

import datetime
import shutil
import subprocess
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from reports.tests.documents_data import held_events, money_for_2023

pytestmark = pytest.mark.django_db


def _docx(client, name, *args):
    response = client.get(reverse(f"reports:{name}-docx", args=args))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    return response, Document(BytesIO(response.content))


def _adopt(program):
    program.decision_number = "12/345"
    program.decision_date = datetime.date(2021, 12, 23)
    program.decision_session = "дванадцятої"
    program.decision_convocation = "восьмого"
    program.save()


def test_passport_docx_holds_the_form_in_a_word_table(as_user, controller, program):
    _adopt(program)
    response, document = _docx(as_user(controller), "passport")
    assert "passport-2022-2024.docx" in response["Content-Disposition"]
    [table] = document.tables
    rows = {row.cells[0].text: row.cells[2].text for row in table.rows}
    assert rows["9."].startswith("800,00")
    assert "2023 р. – 300,00" in rows["9.1."]
    assert rows["9.2."] == "—"
    assert rows["7."] == "2022–2024 роки"
    styles = {paragraph.style.name: paragraph.text for paragraph in document.paragraphs}
    assert styles["Annex"] == "від 23.12.2021 № 12/345"
    assert "Програми розвитку" in styles["Document Title"]
    assert document.sections[0].header.paragraphs[0].text == ""


def test_a_draft_says_so_in_the_header_of_every_page(as_user, controller, program):
    _response, document = _docx(as_user(controller), "passport")
    assert all(section.header.paragraphs[0].text == "ПРОЄКТ" for section in document.sections)


def test_annual_report_docx_turns_the_wide_table_landscape(as_user, controller, program):
    money_for_2023(program)
    held_events(program, 2)
    _response, document = _docx(as_user(controller), "annual-report", 2023)
    first = document.sections[0]
    assert first.page_width > first.page_height
    text = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "13,35" in text
    # The list of the events held: a paragraph each, as in the PDF (their directions are in
    # the table of directions, not repeated under each event).
    assert any(
        "Візит делегації 0" in paragraph.text and "Партнери:" in paragraph.text
        for paragraph in document.paragraphs
    )


@pytest.mark.office
@pytest.mark.parametrize(
    "name,args", [("passport", ()), ("annual-report", (2023,)), ("final-report", ())]
)
def test_libreoffice_opens_each_document_without_complaint(
    as_user, controller, program, tmp_path, name, args
):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    money_for_2023(program)
    response, _document = _docx(as_user(controller), name, *args)
    source = tmp_path / "document.docx"
    source.write_bytes(response.content)
    converted = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    assert "Error" not in converted.stderr + converted.stdout
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "document.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Менської міської територіальної громади" in text


def _number(text):
    text = text.replace("\xa0", "").replace(" ", "").replace(",", ".")
    return Decimal(text) if text and text not in ("х", "—") else None


def _foots(table, first_amount, last_amount):
    """Every total of the table is the sum of its lines (the rows under the header that are
    not totals), column by column."""
    rows = [[cell.text for cell in row.cells] for row in table.rows][1:]
    lines = [row for row in rows if not any(cell.startswith("Усього") for cell in row[:2])]
    [total] = [row for row in rows if "Усього за програмою" in row[:2]]
    assert lines
    for column in range(first_amount, last_amount + 1):
        values = [_number(row[column]) for row in lines]
        if all(value is None for value in values):
            continue
        assert sum(value or 0 for value in values) == _number(total[column]), column


def test_every_total_of_the_docx_money_tables_is_the_sum_of_its_rows(as_user, controller, program):
    money_for_2023(program)
    client = as_user(controller)
    _response, annual = _docx(client, "annual-report", 2023)

    # Columns 8–11: allotted, financed, used, deviation; 7 (the program's amount) is «х» on
    # the lines and is checked in the final report.
    _foots(annual.tables[0], 7, 10)
    _response, final = _docx(client, "final-report")
    money = next(
        table
        for table in final.tables
        if "Затверджено програмою" in " ".join(cell.text for cell in table.rows[0].cells)
    )
    _foots(money, 2, 6)
