"""Importing partners in the admin: Windows-1251 CSV with `;`, all or nothing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import Partner

pytestmark = pytest.mark.django_db

HEADER = "Назва українською;Назва мовою оригіналу;Вид;Країна;Місто або регіон;Статус\r\n"
FORMAT_CSV = "0"


def upload(client, content, name="partners.csv"):
    return client.post(
        reverse("admin:partners_partner_import"),
        {"format": FORMAT_CSV, "import_file": SimpleUploadedFile(name, content)},
    )


def confirm(client, preview):
    page = preview.content.decode()
    fields = dict(
        re.findall(
            r'name="(import_file_name|original_file_name|format|resource)"[^>]*value="([^"]*)"',
            page,
        )
    )
    return client.post(reverse("admin:partners_partner_process_import"), fields)


def test_editor_imports_a_windows_1251_csv_with_semicolons(as_user, editor):
    client = as_user(editor)
    content = (
        HEADER
        + "Гміна Тарнув;Gmina Tarnow;громада-партнер;Польща;Тарнув;активний\r\n"
        + "Місто Ловеч;Ловеч;місто-партнер;Болгарія;Ловеч;active\r\n"
    ).encode("cp1251")
    preview = upload(client, content)
    assert preview.status_code == 200
    assert Partner.objects.count() == 0  # nothing is written before confirmation
    response = confirm(client, preview)
    assert response.status_code == 302
    tarnow = Partner.objects.get(name_uk="Гміна Тарнув")
    assert (tarnow.kind, tarnow.country.code, tarnow.status) == ("community", "PL", "active")
    assert Partner.objects.get(name_uk="Місто Ловеч").country.code == "BG"


def test_one_bad_row_stops_the_whole_import_with_a_ukrainian_message(as_user, editor):
    client = as_user(editor)
    content = (
        HEADER
        + "Гміна Тарнув;Gmina Tarnów;громада-партнер;Польща;Тарнув;активний\r\n"
        + "Місто Ловеч;Ловеч;планета;Болгарія;Ловеч;активний\r\n"
    ).encode("utf-8-sig")
    preview = upload(client, content)
    page = preview.content.decode()
    assert "Невідоме значення «планета»" in page
    assert 'name="import_file_name"' not in page  # no way to confirm
    assert Partner.objects.count() == 0
