"""Importing real files through the service: formats, refusals, all or nothing, round trips.

The files under `files/` were written the way staff make them: a Windows-1251 CSV saved by
Excel, a UTF-8 CSV with a BOM and `;`, an XLSX with a title row above a styled header whose
merged cells were split; and broken variants (a truncated XLSX, a PNG renamed to .csv, an
unknown column, a repeated row). The zip bomb is made by the test itself.
"""

import datetime
import gc
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.utils import translation

from activities.models import Event, Participant, Program
from budget.imports import ExpenseResource
from budget.models import BudgetAllocation, Expense, FundingSource
from menaprogram import spreadsheets
from menaprogram.importer import engine, reading, registry
from menaprogram.importer.resources import ProgramResource, holds
from partners.imports import PartnerResource
from partners.models import Partner

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
BUDGET = "Бюджет Менської міської територіальної громади"
CATEGORY = "Напрям використання коштів (номер)"


def kind(slug):
    return registry.get(slug)


def file(name):
    return (FILES / name).read_bytes()


def preview(slug, raw, program):
    with translation.override("uk"):
        return engine.preview(kind=kind(slug), raw=raw, program=program)


def import_file(slug, raw, program):
    with translation.override("uk"):
        return engine.import_file(kind=kind(slug), raw=raw, program=program)


def refusal(slug, raw, program=None):
    with translation.override("uk"), pytest.raises(reading.ImportRefused) as caught:
        reading.read_table(raw, kind(slug))
    return caught.value.message


def expenses_csv(*lines, header=f"Дата;Сума, грн;{CATEGORY};Джерело фінансування"):
    return "\n".join([header, *lines]).encode("utf-8")


@pytest.fixture
def partners(db):
    return [
        Partner.objects.create(kind="community", name_uk="Гміна Тарнув", country="PL"),
        Partner.objects.create(kind="city", name_uk="Місто Ловеч", country="BG"),
    ]


@pytest.fixture
def event(program):
    return Event.objects.create(
        pk=12345,  # exported as `12 345`: IDs must survive the thousands separator
        program=program,
        title="Візит делегації з Тарнува",
        kind="incoming_delegation",
        start_date=datetime.date(2023, 5, 10),
        end_date=datetime.date(2023, 5, 12),
        place="mena",
    )


def test_a_windows_1251_csv_of_partners_previews_then_imports_with_ukrainian_intact(program):
    raw = file("partners-windows-1251.csv")
    outcome = preview("partners", raw, program)
    assert [(row.number, row.outcome) for row in outcome.rows] == [
        (2, "new"),
        (3, "new"),
        (4, "new"),
    ]
    assert not Partner.objects.exists()  # a preview writes nothing

    outcome = import_file("partners", raw, program)
    assert outcome.ok and outcome.counts["new"] == 3
    fund = Partner.objects.get(name_uk="Фонд «Відродження громад»")
    assert (fund.kind, fund.country.code, fund.status) == ("foundation", "DE", "prospective")
    assert fund.note == "Ґрунтовна підтримка, їжак"


def test_a_utf8_csv_with_bom_and_semicolons_imports_events_with_partners_and_directions(
    program, partners
):
    outcome = import_file("events", file("events-utf8-bom.csv"), program)
    assert outcome.ok, outcome.errors()
    visit = Event.objects.get(title="Візит делегації до Тарнува")
    assert visit.program == program
    assert visit.start_date == datetime.date(2024, 3, 15)
    assert sorted(d.number for d in visit.directions.all()) == [1, 9]
    assert list(visit.partners.all()) == [partners[0]]
    assert Event.objects.get(title="Молодіжний табір «Мена — Ловеч»").youth_count == 25


def test_a_spreadsheet_xlsx_with_a_title_row_and_split_header_cells_imports(financed, program):
    outcome = import_file("expenses", file("expenses-spreadsheet.xlsx"), program)
    assert outcome.ok, outcome.errors()
    # The title is row 1, the header row 2: rows are numbered as the sheet shows them.
    assert [row.number for row in outcome.rows] == [3, 4, 5]
    assert outcome.rows[0].values[:2] == ["11.05.2023", "15234,50"]
    amounts = sorted(Expense.objects.values_list("amount", flat=True))
    assert amounts == [Decimal("1200.00"), Decimal("15234.50"), Decimal("48999.99")]
    hotel = Expense.objects.get(counterparty="Готель «Мена»")
    assert (hotel.date, hotel.category.number) == (datetime.date(2023, 5, 11), 7)


def test_amounts_are_read_with_spaces_and_commas_or_with_a_point(financed, program):
    raw = expenses_csv(
        f"15.03.2024;1 234,56;3;{BUDGET}",
        f"16.03.2024;1234.57;3;{BUDGET}",
        f"17.03.2024;1\xa0000,00;3;{BUDGET}",
    )
    assert import_file("expenses", raw, program).ok
    assert sorted(Expense.objects.values_list("amount", flat=True)) == [
        Decimal("1000.00"),
        Decimal("1234.56"),
        Decimal("1234.57"),
    ]


def test_a_comma_separated_windows_1251_csv_is_detected_too(program):
    raw = (
        f'Рік,{CATEGORY},Джерело фінансування,"Сума, грн"\r\n2023,3,{BUDGET},"1 234,56"\r\n'
    ).encode("cp1251")
    assert import_file("allocations", raw, program).ok
    assert BudgetAllocation.objects.get().amount == Decimal("1234.56")


def test_a_truncated_xlsx_is_refused_as_damaged(program):
    assert "пошкоджений" in refusal("expenses", file("expenses-truncated.xlsx"))


def test_a_png_renamed_to_csv_is_refused_whatever_its_name(program):
    assert "не файл CSV і не XLSX" in refusal("partners", file("photo-renamed.csv"))


def test_an_xlsx_that_unpacks_to_too_much_is_refused_before_it_is_opened(program, monkeypatch):
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 5 * 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for _ in range(8):
                sheet.write(b"\0" * 1024 * 1024)
    raw = buffer.getvalue()
    assert len(raw) < 100 * 1024  # a small file…
    opened = []
    monkeypatch.setattr(reading.openpyxl, "load_workbook", lambda *a, **k: opened.append(a))
    assert "розпаковується" in refusal("expenses", raw)  # …refused for what it unpacks to
    assert opened == []


def test_an_xlsx_with_thousands_of_entries_is_refused(program):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for number in range(reading.MAX_ARCHIVE_ENTRIES):
            archive.writestr(f"xl/media/{number}.bin", b"")
    assert "1002 частин" in refusal("expenses", buffer.getvalue())


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    upload = SimpleUploadedFile("partners.csv", b"x" * 2048)
    with translation.override("uk"), pytest.raises(reading.ImportRefused) as caught:
        reading.read_upload(upload)
    assert "2,0\xa0Кб" in caught.value.message


def test_an_unknown_column_is_refused_and_named(program):
    message = refusal("partners", file("partners-unknown-column.csv"))
    assert "«Телефон»" in message
    assert "«Назва українською»" in message  # it says which columns are expected


def test_missing_required_columns_are_refused_and_named(program):
    message = refusal("expenses", expenses_csv("15.03.2024;100", header="Дата;Сума, грн"))
    assert f"«{CATEGORY}»" in message and "«Джерело фінансування»" in message


def test_a_file_without_a_header_row_is_refused(program):
    assert "заголовк" in refusal("partners", "просто текст\nі ще рядок\n".encode())


def test_a_repeated_row_makes_the_whole_file_fail(program):
    raw = file("partners-duplicate-row.csv")
    outcome = preview("partners", raw, program)
    assert not outcome.ok
    assert outcome.errors() == [(4, "", "Цей рядок повторює рядок 2.")]
    assert not import_file("partners", raw, program).ok
    assert not Partner.objects.exists()


def test_two_rows_for_the_same_record_are_a_duplicate_too(program):
    raw = (
        "Назва українською;Вид;Країна\n"
        "Гміна Тарнув;громада-партнер;Польща\n"
        "гміна тарнув;місто-партнер;Польща\n"
    )
    outcome = preview("partners", raw.encode(), program)
    assert outcome.errors()[0][:2] == (3, "Назва українською")


def test_one_bad_row_leaves_the_database_as_it_was_and_says_where(financed, program):
    raw = expenses_csv(
        f"10.05.2023;100,00;3;{BUDGET}",
        f"11.05.2023;200,00;12;{BUDGET}",
        f"12.05.2023;-5;3;{BUDGET}",
        f"32.05.2023;5;3;{BUDGET}",
    )
    outcome = import_file("expenses", raw, program)
    assert not outcome.ok
    assert not Expense.objects.exists()
    errors = {(number, column): message for number, column, message in outcome.errors()}
    assert "немає позиції «напрям використання коштів» з номером 12" in errors[(3, CATEGORY)]
    assert errors[(4, "Сума, грн")] == "Сума має бути більшою за нуль."
    assert (5, "Дата") in errors
    assert outcome.rows[0].outcome == "new"


def test_a_database_error_on_one_row_leaves_the_database_as_it_was(program, monkeypatch):
    calls = []
    original = PartnerResource.do_instance_save

    def fail_second(self, instance, is_create):
        calls.append(instance)
        if len(calls) == 2:
            raise IntegrityError("connection reset by peer")
        return original(self, instance, is_create)

    monkeypatch.setattr(PartnerResource, "do_instance_save", fail_second)
    outcome = import_file("partners", file("partners-windows-1251.csv"), program)
    assert not outcome.ok
    assert outcome.errors() == [(3, "", "База даних відхилила цей рядок: connection reset by peer")]
    assert not Partner.objects.exists()


def test_a_database_error_while_inserting_expenses_in_bulk_writes_none(
    financed, program, monkeypatch
):
    def refuse(*args, **kwargs):
        raise IntegrityError("disk full")

    monkeypatch.setattr(Expense.objects, "bulk_create", refuse)
    raw = expenses_csv(*(f"1{day}.05.2023;100,00;3;{BUDGET}" for day in range(3)))
    outcome = import_file("expenses", raw, program)
    assert not outcome.ok
    assert outcome.errors() == [(2, "", "База даних відхилила цей рядок: disk full")]
    assert not Expense.objects.exists()


def test_a_row_the_database_refuses_in_a_bulk_insert_is_named(financed, program, monkeypatch):
    insert = Expense.objects.bulk_create

    def refuse_300(instances, *args, **kwargs):
        if any(instance.amount == 300 for instance in instances):
            raise IntegrityError("value too long for type character varying(200)")
        return insert(instances, *args, **kwargs)

    monkeypatch.setattr(Expense.objects, "bulk_create", refuse_300)
    raw = expenses_csv(*(f"1{day}.05.2023;{day}00,00;3;{BUDGET}" for day in range(1, 5)))
    outcome = import_file("expenses", raw, program)
    assert outcome.errors() == [
        (4, "", "База даних відхилила цей рядок: value too long for type character varying(200)")
    ]
    assert outcome.general_errors == []
    assert not Expense.objects.exists()


def test_an_interrupted_import_writes_nothing(program, monkeypatch):
    def interrupted(*args, **kwargs):
        raise ConnectionResetError("the request was cut off")

    monkeypatch.setattr(engine, "_described", interrupted)
    raw = expenses_csv(f"10.05.2023;100,00;3;{BUDGET}")
    with pytest.raises(ConnectionResetError):
        import_file("expenses", raw, program)
    assert not Expense.objects.exists()


def test_rows_outside_the_workspace_program_are_refused(program, event):
    other = Program.objects.create(
        title="Програма 2025–2027", short_title="2025", start_year=2025, end_year=2027
    )
    raw = expenses_csv(f"10.05.2026;100,00;3;{BUDGET}")
    errors = preview("expenses", raw, program).errors()
    assert errors[0][:2] == (2, "Дата") and "2026" in errors[0][2]

    foreign = Event.objects.create(
        program=other,
        title="Форум",
        kind="conference",
        start_date=datetime.date(2025, 4, 1),
        end_date=datetime.date(2025, 4, 1),
        place="mena",
    )
    raw = (
        "ID;Назва;Вид;Дата початку;Дата завершення;Місце\n"
        f"{foreign.pk};Форум;конференція, семінар, виставка;01.04.2023;01.04.2023;у місті Мена\n"
    ).encode()
    errors = preview("events", raw, program).errors()
    assert errors[0][1] == "ID" and str(foreign.pk) in errors[0][2]


def test_a_changed_amount_is_an_update_and_a_bad_id_an_error(financed, program):
    expense = Expense.objects.create(
        category=program.categories.get(number=3),
        source=FundingSource.objects.get(name=BUDGET),
        date=datetime.date(2023, 5, 10),
        amount=Decimal("100.00"),
    )
    header = f"ID;Дата;Сума, грн;{CATEGORY};Джерело фінансування"
    raw = expenses_csv(
        f"{expense.pk};10.05.2023;150,00;3;{BUDGET}", f"abc;11.05.2023;1;3;{BUDGET}", header=header
    )
    outcome = preview("expenses", raw, program)
    assert [row.outcome for row in outcome.rows] == ["update", "error"]
    assert outcome.rows[1].errors == [["ID", "«abc» не є числом."]]


# Export, then import the same file: nothing changes.


def _records(model):
    return list(model.objects.order_by("pk").values())


def _round_trip(model, slug, program, file_format="csv"):
    """The file the list pages export, written by the one writer, imported back."""
    before = _records(model)
    with translation.override("uk"):
        dataset = kind(slug).make_resource(program).export(force_native_type=file_format == "xlsx")
    if file_format == "xlsx":
        raw = spreadsheets.xlsx_bytes(dataset)
    else:
        raw = spreadsheets.csv_bytes(dataset)
    outcome = preview(slug, raw, program)
    assert outcome.ok, outcome.errors()
    assert {row.outcome for row in outcome.rows} == {"unchanged"}
    assert len(outcome.rows) == len(before)
    outcome = import_file(slug, raw, program)
    assert outcome.ok and outcome.changes == 0
    assert _records(model) == before


@pytest.fixture
def records(program, partners, event):
    event.partners.set(partners)
    event.directions.set(program.directions.filter(number__in=[1, 34]))
    Participant.objects.create(
        event=event, full_name="Олена Ґудзь", role="секретар", is_youth=True, side="partner"
    )
    Participant.objects.create(event=event, full_name="Іван Їжак", organisation="Менська рада")
    budget = FundingSource.objects.get(name=BUDGET)
    Expense.objects.create(
        category=program.categories.get(number=7),
        source=budget,
        date=datetime.date(2023, 5, 11),
        amount=Decimal("15234.50"),
        event=event,
        counterparty="Готель «Мена»; номери",
        document_number="17/05",
    )
    Expense.objects.create(
        category=program.categories.get(number=1),
        source=budget,
        date=datetime.date(2024, 1, 9),
        amount=Decimal("0.01"),
        note="рядок 1\nрядок 2",
    )
    BudgetAllocation.objects.create(
        category=program.categories.get(number=3),
        year=2023,
        source=budget,
        amount=Decimal("50000.00"),
        decision="Рішення № 12",
    )
    return program


def test_partners_export_and_import_back_unchanged(records):
    _round_trip(Partner, "partners", records)


def test_events_export_and_import_back_unchanged(records):
    _round_trip(Event, "events", records)
    _round_trip(Event, "events", records, "xlsx")


def test_participants_export_and_import_back_unchanged(records):
    _round_trip(Participant, "participants", records)


def test_expenses_export_and_import_back_unchanged(records):
    _round_trip(Expense, "expenses", records)
    _round_trip(Expense, "expenses", records, "xlsx")


def test_allocations_export_and_import_back_unchanged(records):
    _round_trip(BudgetAllocation, "allocations", records)


def test_participants_import_by_event_title_and_date(program, event):
    raw = (
        "Захід;ПІБ;Сторона;Роль або посада;Молодь\n"
        "Візит делегації з Тарнува (10.05.2023);Анна Ковальська;партнер;мерка;ні\n"
        "Візит делегації з Тарнува (10.05.2023);Марко Їжак;Менська громада;;так\n"
        "Візит делегації з Тарнува (11.05.2023);Хтось;Менська громада;;\n"
    ).encode()
    outcome = import_file("participants", raw, program)
    assert not outcome.ok
    assert outcome.errors()[0][:2] == (4, "Захід")
    assert not Participant.objects.exists()
    outcome = import_file("participants", raw.rsplit(b"\n", 2)[0] + b"\n", program)
    assert outcome.ok
    assert Participant.objects.get(full_name="Марко Їжак").is_youth


def test_check_constraints_are_judged_in_python_as_the_database_would(program):
    event = Event(program=program, place="abroad", country="", participant_count=None)
    event.youth_count = 5
    conditions = {c.name: c.condition for c in Event._meta.constraints if hasattr(c, "condition")}
    assert holds(conditions["activities_event_abroad_has_country"], event) is False
    # A comparison with an empty count is unknown, and an unknown condition passes.
    assert holds(conditions["activities_event_youth_within_participants"], event)
    event.participant_count = 3
    assert not holds(conditions["activities_event_youth_within_participants"], event)


def test_expenses_imported_again_are_new_rows_that_the_preview_counts_as_looking_imported(
    financed,
    program,
):
    first = expenses_csv(
        f"10.05.2023;100,00;3;{BUDGET};ТОВ «Перевізник»;12/23",
        f"11.05.2023;200,00;3;{BUDGET};;",
        header=f"Дата;Сума, грн;{CATEGORY};Джерело фінансування;Контрагент;Номер документа",
    )
    assert import_file("expenses", first, program).ok
    again = expenses_csv(
        f"10.05.2023;100;3;{BUDGET};тов  «перевізник»;12/23",  # retyped: same record
        f"11.05.2023;200,00;3;{BUDGET};;13/23",  # another document: another payment
        f"11.05.2023;200,00;3;{BUDGET};;",
        header=f"Дата;Сума, грн;{CATEGORY};Джерело фінансування;Контрагент;Номер документа",
    )
    outcome = preview("expenses", again, program)
    assert outcome.ok and outcome.counts["new"] == 3
    assert outcome.looks_imported == [2, 4]


def test_events_without_ids_imported_again_look_imported(program):
    raw = (
        "Назва;Вид;Дата початку;Дата завершення;Місце\n"
        "Форум;conference;01.04.2023;01.04.2023;mena\n"
    ).encode()
    assert import_file("events", raw, program).ok
    assert preview("events", raw, program).looks_imported == [2]


def test_partners_imported_again_are_unchanged_and_need_no_warning(program):
    raw = file("partners-windows-1251.csv")
    assert import_file("partners", raw, program).ok
    outcome = preview("partners", raw, program)
    assert outcome.counts["unchanged"] == 3 and outcome.looks_imported == []


def test_an_import_runs_with_the_trigger_settings_set_so_its_time_stays_linear(
    financed, program, monkeypatch
):
    # Unset, each row's triggers roll back subtransactions that make PostgreSQL walk every
    # deferred check queued so far: 50,000 rows took five times as long per row as 10,000.
    seen = []

    def after_import(self, dataset, result, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('pgtrigger.ignore', true), "
                "current_setting('pghistory.context_metadata', true)"
            )
            seen.append(cursor.fetchone())

    monkeypatch.setattr(ExpenseResource, "after_import", after_import)
    assert import_file("expenses", expenses_csv(f"10.05.2023;100,00;3;{BUDGET}"), program).ok
    assert seen[0][0] == "{}"
    assert '"imported": "budget.Expense"' in seen[0][1]


def test_a_file_previewed_in_a_request_leaves_the_cycle_collector_on(program, monkeypatch):
    # It is the process's: the other threads' requests would go without it.
    seen = []
    monkeypatch.setattr(
        ProgramResource,
        "before_import_row",
        lambda self, row, **kwargs: seen.append(gc.isenabled()),
    )
    raw = "Назва українською;Вид;Країна\nГміна Тарнув;громада-партнер;Польща\n"
    preview("partners", raw.encode(), program)
    assert seen == [True]


def test_a_refused_row_keeps_its_messages_and_not_the_frames_that_refused_it(program):
    # A traceback holds the row's instance and values until the file ends: 200 MB of a
    # 50,000-row file whose rows are all refused. An unknown category is refused by its
    # column's reading, a website by the model's field, each raised where it was found.
    headers = ["Назва українською", "Вид", "Країна", "Вебсайт"]
    dataset = tablib.Dataset(
        ["Гміна Тарнув", "громада-партнер", "Польща", "не адреса"], headers=headers
    )
    result = PartnerResource(program=program).import_data(dataset, dry_run=True)
    error = result.rows[0].validation_error
    assert "website" in error.message_dict
    inner = [each for errors in error.error_dict.values() for each in errors]
    assert [each.__traceback__ for each in [error, *inner]] == [None] * (1 + len(inner))

    headers = ["Дата", "Сума, грн", CATEGORY, "Джерело фінансування"]
    dataset = tablib.Dataset(["10.05.2023", "100,00", "99", BUDGET], headers=headers)
    result = ExpenseResource(program=program).import_data(dataset, dry_run=True)
    error = result.rows[0].validation_error
    assert error.message_dict
    assert error.__traceback__ is None


def test_a_row_keeps_its_record_id_and_not_its_text(program):
    # The text is the library's for the admin's log, which the project does not use: 19 MB
    # of a 50,000-row file kept to its end.
    headers = ["Назва українською", "Вид", "Країна"]
    dataset = tablib.Dataset(["Гміна Тарнув", "громада-партнер", "Польща"], headers=headers)
    result = PartnerResource(program=program).import_data(dataset, dry_run=False)
    [row] = result.rows
    assert row.object_id == Partner.objects.get().pk
    assert row.object_repr is None
