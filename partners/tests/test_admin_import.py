"""Importing partners from the admin: Windows-1251 CSV with `;`, all or nothing.

The admin's Import button opens the import page with partners chosen; the file then goes
through the same checks, preview and confirmation as any other import.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import Partner

pytestmark = pytest.mark.django_db

HEADER = "Назва українською;Назва мовою оригіналу;Вид;Країна;Місто або регіон;Статус\r\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload_from_the_admin(client, content, name="partners.csv"):
    """Press the admin's Import button, then send the file from the page it opens."""
    page = client.get(reverse("admin:partners_partner_import"), follow=True)
    assert page.context["form"]["kind"].value() == "partners"
    url = page.request["PATH_INFO"] + "?" + page.request["QUERY_STRING"]
    return client.post(url, {"kind": "partners", "file": SimpleUploadedFile(name, content)})


def confirm(client, preview):
    page = client.get(preview.url).content.decode()
    submission = re.search(r'name="submission" value="([^"]+)"', page)
    data = {"submission": submission.group(1)} if submission else {}
    return client.post(preview.url + "confirm/", data)


def test_editor_imports_a_windows_1251_csv_with_semicolons(as_user, editor, program):
    client = as_user(editor)
    content = (
        HEADER
        + "Гміна Тарнув;Gmina Tarnow;громада-партнер;Польща;Тарнув;активний\r\n"
        + "Місто Ловеч;Ловеч;місто-партнер;Болгарія;Ловеч;active\r\n"
    ).encode("cp1251")
    preview = upload_from_the_admin(client, content)
    assert preview.status_code == 302
    assert Partner.objects.count() == 0  # nothing is written before confirmation
    response = confirm(client, preview)
    assert response.status_code == 302
    tarnow = Partner.objects.get(name_uk="Гміна Тарнув")
    assert (tarnow.kind, tarnow.country.code, tarnow.status) == ("community", "PL", "active")
    assert Partner.objects.get(name_uk="Місто Ловеч").country.code == "BG"


def test_one_bad_row_stops_the_whole_import_with_a_ukrainian_message(as_user, editor, program):
    client = as_user(editor)
    content = (
        HEADER
        + "Гміна Тарнув;Gmina Tarnów;громада-партнер;Польща;Тарнув;активний\r\n"
        + "Місто Ловеч;Ловеч;планета;Болгарія;Ловеч;активний\r\n"
    ).encode("utf-8-sig")
    preview = upload_from_the_admin(client, content)
    page = client.get(preview.url).content.decode()
    assert "Невідоме значення «планета»" in page
    assert 'name="submission"' not in page  # no way to confirm
    confirm(client, preview)
    assert Partner.objects.count() == 0
