"""Financing records: the database's rules, the pages, the export and the import."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from budget.models import Financing, FundingSource
from menaprogram import spreadsheets
from menaprogram.importer import engine, registry

pytestmark = pytest.mark.django_db

LIST = reverse("budget:financing-list")
CREATE = reverse("budget:financing-create")
BUDGET = "Бюджет Менської міської територіальної громади"


def _source(code="community_budget"):
    return FundingSource.objects.get(code=code)


def _financing(program, number=3, day=datetime.date(2023, 4, 10), amount="25000.00", **extra):
    return Financing.objects.create(
        category=program.categories.get(number=number),
        source=extra.pop("source", None) or _source(),
        date=day,
        amount=Decimal(amount),
        **extra,
    )


def _work_on(client, program, year):
    client.post(reverse("switch-workspace"), {"workspace": f"{program.pk}:{year}"})
    return client


# The database's rules


def test_a_negative_amount_is_refused_by_the_database_and_by_validation(program):
    record = Financing(
        category=program.categories.get(number=1),
        source=_source(),
        date=datetime.date(2023, 1, 5),
        amount=Decimal("-1.00"),
    )
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert "amount" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()


def test_a_date_outside_the_programs_term_is_refused_by_the_database_and_by_validation(program):
    record = Financing(
        category=program.categories.get(number=1),
        source=_source(),
        date=datetime.date(2025, 1, 5),
        amount=Decimal("1.00"),
    )
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert "date" in error.value.message_dict
    with pytest.raises(IntegrityError, match="outside the program term"), transaction.atomic():
        record.save()


def test_every_change_is_kept_in_the_audit_trail(program):
    record = _financing(program)
    record.amount = Decimal("30000.00")
    record.save()
    record.delete()
    events = Financing.pgh_event_model.objects.order_by("pgh_id")
    assert [(e.pgh_label, e.amount) for e in events] == [
        ("insert", Decimal("25000.00")),
        ("update", Decimal("30000.00")),
        ("delete", Decimal("30000.00")),
    ]


# The pages


def test_the_list_shows_the_years_financing_filtered_with_its_total(
    program, as_user, controller, django_assert_max_num_queries
):
    _financing(program, 3, amount="25000.00", document_number="П-1")
    _financing(program, 4, amount="1000.50")
    _financing(program, 3, day=datetime.date(2024, 1, 10), amount="7.00")  # another year
    _financing(program, 3, amount="99.00", source=_source("other"))
    client = as_user(controller)
    with django_assert_max_num_queries(14):
        response = client.get(LIST, {"year": 2023})
    assert response.status_code == 200
    assert response.context["total"] == Decimal("26099.50")
    assert len(response.context["financing"]) == 3
    page = response.content.decode()
    assert "П-1" in page
    assert "26\xa0099,50" in page
    assert CREATE not in page  # the controller only reads
    filtered = client.get(LIST, {"year": 2023, "category": 3, "source": "community_budget"})
    assert filtered.context["total"] == Decimal("25000.00")
    assert client.get(LIST, {"year": 2021}).status_code == 404


def test_the_list_runs_the_same_queries_for_many_records(program, as_user, editor):
    client = as_user(editor)
    _financing(program, 1, day=datetime.date(2023, 2, 1), amount="10.00")
    client.get(LIST, {"year": 2023})  # the session's first page, which signs in
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST, {"year": 2023}).status_code == 200
    for day in range(2, 29):
        _financing(program, day % 9 + 1, day=datetime.date(2023, 2, day), amount="10.00")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(LIST, {"year": 2023}).context["financing"]) == 25
    assert len(many) == len(few) <= 16


def test_the_list_exports_csv_and_xlsx_with_numbers_as_numbers(program, as_user, controller):
    _financing(program, 3, amount="25000.00", document_number="П-1", note="I квартал")
    client = as_user(controller)
    csv = client.get(LIST, {"year": 2023, "export": "csv"})
    assert csv["Content-Disposition"].startswith('attachment; filename="financing-')
    header, line = csv.content.decode("utf-8-sig").splitlines()
    assert header == (
        "ID;Дата;Сума, грн;Напрям використання коштів (номер);Джерело фінансування;"
        "Номер документа;Примітка"
    )
    assert ";10.04.2023;25\xa0000,00;3;" in line
    xlsx = client.get(LIST, {"year": 2023, "export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert rows[1][2] == 25000


def test_an_editor_adds_financing_typed_as_the_council_writes_it(program, as_user, editor):
    client = _work_on(as_user(editor), program, 2023)
    response = client.post(
        CREATE,
        {
            "category": program.categories.get(number=5).pk,
            "source": _source().pk,
            "date": "20.04.2023",
            "amount": "12 500,50",
            "document_number": "П-17",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert response.url == f"{LIST}?year=2023"
    record = Financing.objects.get()
    assert (record.amount, record.category.number) == (Decimal("12500.50"), 5)


def test_a_refused_form_keeps_what_was_typed(program, as_user, editor):
    response = as_user(editor).post(
        CREATE,
        {
            "category": program.categories.get(number=5).pk,
            "source": _source().pk,
            "date": "20.04.2027",
            "amount": "12 500,50",
            "document_number": "П-17",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "date" in form.errors
    assert form["amount"].value() == "12 500,50" and form["document_number"].value() == "П-17"
    assert not Financing.objects.exists()


def test_a_category_of_another_program_is_an_invalid_choice(program, as_user, editor):
    from activities.models import Program
    from budget.models import SpendingCategory

    later = Program.objects.create(
        title="Програма 2025–2027", short_title="2025–2027", start_year=2025, end_year=2027
    )
    foreign = SpendingCategory.objects.create(program=later, number=1, name="сувеніри", kekv="2210")
    response = _work_on(as_user(editor), program, 2023).post(
        CREATE,
        {"category": foreign.pk, "source": _source().pk, "date": "20.04.2023", "amount": "1"},
    )
    assert "category" in response.context["form"].errors
    assert not Financing.objects.exists()


def test_an_editor_edits_and_deletes_financing(program, as_user, editor):
    record = _financing(program)
    client = as_user(editor)
    url = reverse("budget:financing-update", args=[record.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "category": record.category_id,
        "source": record.source_id,
        "date": "10.04.2023",
        "amount": "26 000,00",
        "document_number": "П-2",
        "fingerprint": page.context["form"]["fingerprint"].value(),
    }
    assert client.post(url, data).status_code == 302
    record.refresh_from_db()
    assert (record.amount, record.document_number) == (Decimal("26000.00"), "П-2")
    delete = reverse("budget:financing-delete", args=[record.pk])
    confirm = client.get(delete)
    assert "26\xa0000,00" in confirm.content.decode()
    fingerprint = confirm.context["form"]["fingerprint"].value()
    response = client.post(delete, {"fingerprint": fingerprint})
    assert response.status_code == 302 and response.url == f"{LIST}?year=2023"
    assert not Financing.objects.exists()


def test_a_delete_of_a_record_changed_since_the_confirmation_was_opened_is_refused(
    program, as_user, editor
):
    record = _financing(program)
    client = as_user(editor)
    delete = reverse("budget:financing-delete", args=[record.pk])
    fingerprint = client.get(delete).context["form"]["fingerprint"].value()
    Financing.objects.filter(pk=record.pk).update(amount=Decimal("90000.00"))
    response = client.post(delete, {"fingerprint": fingerprint})
    assert response.status_code == 200
    assert "Хтось інший" in response.content.decode()
    assert Financing.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("role", ["controller", "outsider"])
def test_who_only_reads_cannot_add_edit_or_delete(program, as_user, request, role):
    record = _financing(program)
    client = as_user(request.getfixturevalue(role))
    for url in (
        CREATE,
        reverse("budget:financing-update", args=[record.pk]),
        reverse("budget:financing-delete", args=[record.pk]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403
    assert Financing.objects.filter(pk=record.pk).exists()


def test_the_budget_page_links_financed_figures_to_the_financing_behind_them(
    program, as_user, controller
):
    _financing(program, 3, amount="25000.00")
    page = as_user(controller).get(reverse("budget:budget"), {"year": 2023}).content.decode()
    assert f'href="{LIST}?year=2023&amp;category=3" data-testid="financed-3">25,00<' in page


# The import


def _import(raw, program):
    with translation.override("uk"):
        return engine.import_file(kind=registry.get("financing"), raw=raw, program=program)


def test_financing_imports_from_a_csv_and_its_export_imports_back_unchanged(program):
    raw = (
        "Дата;Сума, грн;Напрям використання коштів (номер);Джерело фінансування;Номер документа\n"
        f"15.01.2023;20 000,00;3;{BUDGET};П-1\n"
        f"15.04.2023;15000.50;3;{BUDGET};П-2\n"
    ).encode("cp1251")
    outcome = _import(raw, program)
    assert outcome.ok, outcome.errors()
    assert Financing.objects.count() == 2
    with translation.override("uk"):
        exported = registry.get("financing").make_resource(program).export()
    again = _import(spreadsheets.csv_bytes(exported), program)
    assert again.ok, again.errors()
    assert [row.outcome for row in again.rows] == ["unchanged", "unchanged"]
    assert Financing.objects.count() == 2


def test_an_import_row_out_of_the_term_or_negative_is_an_error_and_nothing_is_written(program):
    raw = (
        "Дата;Сума, грн;Напрям використання коштів (номер);Джерело фінансування\n"
        f"15.01.2023;100;3;{BUDGET}\n"
        f"15.01.2026;100;3;{BUDGET}\n"
        f"15.02.2023;-5;3;{BUDGET}\n"
    ).encode()
    outcome = _import(raw, program)
    assert [row.outcome for row in outcome.rows] == ["new", "error", "error"]
    assert not Financing.objects.exists()


def test_the_preview_warns_that_financing_looks_already_imported(program):
    _financing(program, 3, day=datetime.date(2023, 1, 15), amount="20000.00", document_number="П-1")
    raw = (
        "Дата;Сума, грн;Напрям використання коштів (номер);Джерело фінансування;Номер документа\n"
        f"15.01.2023;20 000,00;3;{BUDGET};П-1\n"
    ).encode()
    with translation.override("uk"):
        outcome = engine.preview(kind=registry.get("financing"), program=program, raw=raw)
    assert outcome.looks_imported == [2]


def test_the_financing_kind_has_an_empty_csv_template(as_user, editor):
    response = as_user(editor).get(reverse("imports:template", args=["financing"]))
    assert response.status_code == 200
    assert "Напрям використання коштів (номер)" in response.content.decode("utf-8-sig")
