"""The program's structure template: export, preview, all-or-nothing import, round trip."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Indicator, IndicatorValue, Program
from budget import structure
from budget.models import FundingSource, ProgramFunding
from menaprogram import spreadsheets

pytestmark = pytest.mark.django_db


def _snapshot(program):
    return {
        "passport": [
            structure._passport_value(program, name) for _, name in structure.PASSPORT_FIELDS
        ],
        "sections": list(program.sections.values_list("number", "title", "text")),
        "directions": list(program.directions.values_list("number", "text", "editorial_note")),
        "results": list(program.expected_results.values_list("number", "text")),
        "categories": list(program.categories.values_list("number", "name", "kekv")),
        "indicators": list(
            program.indicators.values_list(
                "name", "kind", "unit", "expected_result__number", "direction__number"
            )
        ),
        "targets": list(
            IndicatorValue.objects.filter(indicator__program=program)
            .order_by("indicator__name", "year")
            .values_list("indicator__name", "year", "target", "actual")
        ),
        "funding": list(program.funding.values_list("year", "source__code", "amount")),
    }


@pytest.fixture
def full(program):
    indicator = Indicator.objects.create(
        program=program,
        kind=Indicator.Kind.OUTPUT,
        name="Кількість делегацій",
        unit="од.",
        expected_result=program.expected_results.get(number=2),
        direction=program.directions.get(number=5),
    )
    indicator.values.create(year=2022, target=4, actual=3)
    indicator.values.create(year=2023, target=6)
    program.decision_number = "12/345"
    program.decision_date = datetime.date(2021, 12, 24)
    program.save()
    return program


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_exported_program_imports_back_unchanged(full, fmt):
    dataset = structure.export_dataset(full)
    raw = spreadsheets.xlsx_bytes(dataset) if fmt == "xlsx" else spreadsheets.csv_bytes(dataset)
    before = _snapshot(full)
    result = structure.load(raw)
    assert result.ok, result.errors
    assert not result.new_program and result.title == full.title
    for part, counts in result.rows:
        assert counts["new"] == counts["update"] == 0, (part, counts)
    assert result.counts[structure.DIRECTIONS]["unchanged"] == 34
    assert result.counts[structure.CATEGORY]["unchanged"] == 9
    full.refresh_from_db()
    assert _snapshot(full) == before


def test_another_title_and_term_make_a_new_program_with_the_same_structure(full):
    dataset = structure.export_dataset(full)
    rows = [list(row) for row in dataset]
    for row in rows:
        if row[0] == structure.PASSPORT:
            row[3] = {
                "Назва програми": "Програма на 2025-2027 роки",
                "Перший рік": 2025,
                "Останній рік": 2027,
            }.get(row[2], row[3])
        if row[0] in (structure.FUNDING, structure.TARGET):
            row[10] += 3
    dataset = structure.export_dataset(full).__class__(*rows, headers=structure.COLUMNS)
    preview = structure.preview(spreadsheets.xlsx_bytes(dataset))
    assert preview.ok and preview.new_program
    assert not Program.objects.filter(title="Програма на 2025-2027 роки").exists()

    result = structure.load(spreadsheets.xlsx_bytes(dataset))
    assert result.ok, result.errors
    new = Program.objects.get(title="Програма на 2025-2027 роки")
    assert new.status == Program.Status.DRAFT and (new.start_year, new.end_year) == (2025, 2027)
    old, made = _snapshot(full), _snapshot(new)
    for part in ("sections", "directions", "results", "categories", "indicators"):
        assert made[part] == old[part], part
    # The targets move with the term; no actual comes with them.
    assert made["targets"] == [
        ("Кількість делегацій", 2025, Decimal("4.00"), None),
        ("Кількість делегацій", 2026, Decimal("6.00"), None),
    ]
    assert [year for year, _code, _amount in made["funding"]] == [2025, 2026, 2027]


def test_a_file_with_one_bad_row_writes_nothing_and_names_the_row(full):
    dataset = structure.export_dataset(full)
    rows = [list(row) for row in dataset]
    for row in rows:
        if row[0] == structure.PASSPORT and row[2] == "Назва програми":
            row[3] = "Зовсім нова програма"
        if row[0] == structure.PASSPORT and row[2] in ("Перший рік", "Останній рік"):
            row[3] = 2031
        if row[0] == structure.FUNDING:
            row[10] = 2031
    rows.append([structure.CATEGORY, "10", "Нова категорія", "", "", "22X0", *[""] * 8])
    dataset = dataset.__class__(*rows, headers=structure.COLUMNS)
    result = structure.load(spreadsheets.csv_bytes(dataset))
    assert not result.ok
    number, column, message = result.errors[0]
    # The row's line in the CSV (texts of several lines take several), the file's column.
    assert number > len(rows) and column == "КЕКВ"
    assert "чотирьох цифр" in message
    assert not Program.objects.filter(title="Зовсім нова програма").exists()


def test_an_unknown_part_and_a_term_overlapping_another_are_refused(full):
    table = "Частина;Номер;Назва;Текст\nПаспорт;;Назва програми;Нова\nПаспорт;;Перший рік;2023\n"
    table += "Паспорт;;Останній рік;2025\nПаспорт;;Коротка назва;Нова\n"
    result = structure.preview(table.encode())
    assert not result.ok and "перетинаються" in result.errors[0][2]
    result = structure.preview("Частина;Номер\nЩось інше;1\n".encode())
    assert result.errors[0][:2] == (2, "Частина")


def test_funding_amounts_are_read_as_the_council_writes_them(full):
    source = FundingSource.objects.get(code="community_budget")
    table = (
        "Частина;Назва;Текст;Рік;Джерело фінансування;Сума, грн\n"
        f"Паспорт;Назва програми;{full.title};;;\n"
        f"Фінансування;;;2022;{source.name};200 000,50\n"
    )
    result = structure.load(table.encode())
    assert result.ok, result.errors
    assert ProgramFunding.objects.get(program=full, year=2022).amount == Decimal("200000.50")


def test_the_administrator_exports_previews_and_confirms(full, as_user, administrator):
    client = as_user(administrator)
    response = client.get(reverse("budget:structure-export", args=[full.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="structure-2022-2024.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in book.active[1]] == structure.COLUMNS

    book.active["D2"] = "Програма 2025-2027"  # the passport's first row: the title
    for row in book.active.iter_rows(min_row=2):
        if row[2].value == "Перший рік":
            row[3].value = 2025
        if row[2].value == "Останній рік":
            row[3].value = 2027
        if row[0].value in (structure.FUNDING, structure.TARGET):
            row[10].value += 3
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("structure.xlsx", out.getvalue())
    page = client.post(reverse("budget:structure-import"), {"file": upload})
    html = page.content.decode()
    assert page.status_code == 200 and "Буде створено нову програму" in html
    assert not Program.objects.filter(title="Програма 2025-2027").exists()

    response = client.post(reverse("budget:structure-confirm"))
    new = Program.objects.get(title="Програма 2025-2027")
    assert response.url == reverse("activities:program-update", args=[new.pk])
    assert new.directions.count() == 34
    # Confirmed once: the file is gone from the session.
    assert client.post(reverse("budget:structure-confirm")).url == reverse(
        "budget:structure-import"
    )


def test_editor_can_neither_export_nor_load_a_structure(full, as_user, editor):
    client = as_user(editor)
    assert client.get(reverse("budget:structure-export", args=[full.pk])).status_code == 403
    assert client.get(reverse("budget:structure-import")).status_code == 403


def test_a_program_changed_after_the_preview_refuses_the_confirmation(full, as_user, administrator):
    client = as_user(administrator)
    raw = spreadsheets.csv_bytes(structure.export_dataset(full))
    upload = SimpleUploadedFile("structure.csv", raw)
    assert client.post(reverse("budget:structure-import"), {"file": upload}).status_code == 200
    full.directions.filter(number=1).update(text="Змінено після перегляду")

    page = client.post(reverse("budget:structure-confirm"))
    assert page.status_code == 200
    assert "Хтось інший змінив програму" in page.content.decode()
    assert full.directions.get(number=1).text == "Змінено після перегляду"
    # Confirmed again against the new preview: the file's text is back.
    assert client.post(reverse("budget:structure-confirm")).status_code == 302
    assert full.directions.get(number=1).text != "Змінено після перегляду"


def test_indicator_targets_are_loaded_by_name_and_year_and_keep_the_actuals(full):
    rows = [
        "Частина;Назва;Текст;Рік;Цільове значення",
        f"Паспорт;Назва програми;{full.title};;",
        "Ціль показника;Кількість делегацій;;2022;5",
        "Ціль показника;Кількість делегацій;;2024;7",
    ]
    result = structure.load("\n".join(rows).encode())
    assert result.ok, result.errors
    assert result.counts[structure.TARGET] == {"new": 1, "update": 1, "unchanged": 0}
    values = {v.year: (v.target, v.actual) for v in IndicatorValue.objects.all()}
    assert values[2022] == (Decimal("5.00"), Decimal("3.00"))
    assert values[2024] == (Decimal("7.00"), None)


def test_a_target_of_an_unknown_indicator_or_outside_the_term_writes_nothing(full):
    rows = [
        "Частина;Назва;Текст;Рік;Цільове значення",
        f"Паспорт;Назва програми;{full.title};;",
        "Ціль показника;Кількість делегацій;;2022;9",
        "Ціль показника;Кількість візитів;;2022;1",
        "Ціль показника;Кількість делегацій;;2030;1",
        "Ціль показника;Кількість делегацій;;2023;2,5",
    ]
    result = structure.load("\n".join(rows).encode())
    assert [(number, column) for number, column, _message in result.errors] == [
        (4, "Назва"),
        (5, "Рік"),
        (6, "Цільове значення"),
    ]
    assert IndicatorValue.objects.get(year=2022).target == Decimal("4.00")
