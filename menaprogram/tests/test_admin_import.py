"""The admin's import and `/imports/` are one path: same checks, same program, same rows."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budget.models import Expense
from menaprogram.importer import reading
from partners.models import Partner

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
START = reverse("imports:start")
BUDGET = "Бюджет Менської міської територіальної громади"
EXPENSES = (
    "Дата;Сума, грн;Напрям використання коштів (номер);Джерело фінансування;Контрагент\n"
    f"10.05.2023;1 234,56;3;{BUDGET};ТОВ «Перевізник»\n"
    f"11.05.2023;99,00;7;{BUDGET};Готель «Мена»\n"
).encode("cp1251")
# Where each model's Import button leads.
ADMINS = {
    "admin:partners_partner_import": "partners",
    "admin:activities_event_import": "events",
    "admin:budget_expense_import": "expenses",
    "admin:budget_budgetallocation_import": "allocations",
}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def form_url(client, start):
    """The page a person sends the file from, starting at the admin's button or the page."""
    response = client.get(start)
    return response.url if response.status_code == 302 else start


def import_through(client, start, kind, raw):
    response = client.post(
        form_url(client, start), {"kind": kind, "file": SimpleUploadedFile("file.csv", raw)}
    )
    if response.status_code != 302:
        return response
    page = client.get(response.url).content.decode()
    submission = re.search(r'name="submission" value="([^"]+)"', page).group(1)
    return client.post(response.url + "confirm/", {"submission": submission})


def _zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for _ in range(8):
                sheet.write(b"\0" * 1024 * 1024)
    return buffer.getvalue()


@pytest.mark.parametrize(("url_name", "kind"), ADMINS.items())
def test_the_admins_import_button_opens_the_import_page_with_its_kind(
    url_name, kind, as_user, administrator, program
):
    client = as_user(administrator)
    changelist = client.get(reverse(url_name.replace("_import", "_changelist")))
    assert reverse(url_name) in changelist.content.decode()
    response = client.get(reverse(url_name))
    assert response.url == f"{START}?kind={kind}"
    assert client.get(response.url).context["form"]["kind"].value() == kind


def test_the_import_button_needs_the_right_to_add(as_user, controller, program):
    client = as_user(controller)
    changelist = client.get(reverse("admin:budget_expense_changelist")).content.decode()
    assert reverse("admin:budget_expense_import") not in changelist
    assert client.get(reverse("admin:budget_expense_import")).status_code == 403


def test_a_file_lands_the_same_way_through_the_admin_and_the_import_page(
    financed, as_user, editor, program
):
    client = as_user(editor)
    landed = []
    for start in (reverse("admin:budget_expense_import"), START):
        response = import_through(client, start, "expenses", EXPENSES)
        assert response.status_code == 302 and response.url == START
        landed.append(
            list(
                Expense.objects.order_by("date").values_list(
                    "date", "amount", "category__program", "category__number", "counterparty"
                )
            )
        )
        Expense.objects.all().delete()
    assert landed[0] == landed[1]
    assert {row[2] for row in landed[0]} == {program.pk}  # the program chosen in the header


def test_the_old_admin_upload_imports_nothing(as_user, editor, program):
    raw = (FILES / "partners-windows-1251.csv").read_bytes()
    client = as_user(editor)
    client.post(
        reverse("admin:partners_partner_import"),
        {"format": "0", "import_file": SimpleUploadedFile("partners.csv", raw)},
    )
    assert not Partner.objects.exists()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param(lambda: (FILES / "photo-renamed.csv").read_bytes(), "не файл CSV", id="png"),
        pytest.param(_zip_bomb, "розпаковується", id="zip-bomb"),
    ],
)
def test_the_admin_path_refuses_a_binary_file_or_a_zip_bomb_like_the_page(
    raw, message, as_user, editor, program, monkeypatch
):
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 5 * 1024 * 1024)  # a smaller bomb
    client = as_user(editor)
    raw = raw()
    for start in (reverse("admin:partners_partner_import"), START):
        response = import_through(client, start, "partners", raw)
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors["file"])
    assert not Partner.objects.exists()
