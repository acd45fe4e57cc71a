"""Names that differ only by invisible marks or odd spaces are one partner, wherever typed."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from partners.models import Contact, Partner

pytestmark = pytest.mark.django_db

TAKEN = "Партнер з такою назвою вже існує."
# What a web page or a letter pastes: a zero-width space, a right-to-left mark, a BOM.
LOOK_ALIKES = ["Гміна\u200b Тарнув", "Гмі\u200fна Тарнув", "\ufeffГміна\u00a0Тарнув"]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def tarnow(db):
    return Partner.objects.create(kind=Partner.Kind.COMMUNITY, name_uk="Гміна Тарнув", country="PL")


def _partner_data(name, **extra):
    return {
        "kind": Partner.Kind.COMMUNITY,
        "name_uk": name,
        "name_original": "Gmina\u200b Tarnów",
        "country": "PL",
        "status": Partner.Status.ACTIVE,
        **extra,
    }


@pytest.mark.parametrize("name", LOOK_ALIKES)
def test_the_workspace_form_refuses_a_look_alike_of_a_partner(as_user, editor, tarnow, name):
    response = as_user(editor).post(reverse("partners:partner-create"), _partner_data(name))
    assert response.status_code == 200
    assert response.context["form"].errors["name_uk"] == [TAKEN]
    assert Partner.objects.count() == 1


def test_the_workspace_form_saves_a_name_without_its_invisible_marks(as_user, editor):
    as_user(editor).post(reverse("partners:partner-create"), _partner_data("Гміна\u200b Тарнув"))
    partner = Partner.objects.get()
    assert (partner.name_uk, partner.name_original) == ("Гміна Тарнув", "Gmina Tarnów")


def test_a_name_of_invisible_marks_only_is_an_empty_name(as_user, editor):
    response = as_user(editor).post(
        reverse("partners:partner-create"), _partner_data("\u200b\u200e")
    )
    assert response.status_code == 200
    assert "name_uk" in response.context["form"].errors
    assert not Partner.objects.exists()


def _admin_data(name):
    management = {}
    for prefix in ("contacts", "agreements"):
        management |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return {**_partner_data(name), **management}


def test_the_admin_refuses_a_look_alike_of_a_partner(as_user, administrator, tarnow):
    response = as_user(administrator).post(
        reverse("admin:partners_partner_add"), _admin_data("Гміна\u200b Тарнув")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name_uk"] == [TAKEN]
    assert Partner.objects.count() == 1


def test_the_admin_saves_a_contact_without_invisible_marks(as_user, administrator, tarnow):
    response = as_user(administrator).post(
        reverse("admin:partners_contact_add"),
        {"partner": tarnow.pk, "full_name": "Анна\u200b\u00a0Коваль\u200e"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Contact.objects.get().full_name == "Анна Коваль"


def _import(client, content):
    start = reverse("imports:start")
    upload = SimpleUploadedFile("partners.csv", content.encode("utf-8"))
    preview = client.post(start, {"kind": "partners", "file": upload})
    assert preview.status_code == 302
    page = client.get(preview.url).content.decode()
    submission = re.search(r'name="submission" value="([^"]+)"', page)
    data = {"submission": submission.group(1)} if submission else {}
    client.post(preview.url + "confirm/", data)
    return page


HEADER = "Назва українською;Вид;Країна\n"


def test_an_import_updates_the_partner_a_look_alike_names(as_user, editor, tarnow):
    page = _import(as_user(editor), HEADER + "Гміна\u200b Тарнув;місто-партнер;Польща\n")
    assert "оновлення: 1" in page
    assert list(Partner.objects.values_list("name_uk", "kind")) == [("Гміна Тарнув", "city")]


def test_an_import_adds_no_two_look_alikes_from_one_file(as_user, editor):
    rows = "Гміна Тарнув;громада-партнер;Польща\nГмі\u200fна Тарнув;громада-партнер;Польща\n"
    page = _import(as_user(editor), HEADER + rows)
    assert "новий: 1" in page and "оновлення: 1" in page
    assert list(Partner.objects.values_list("name_uk", flat=True)) == ["Гміна Тарнув"]


def test_a_look_alike_saved_in_code_breaks_the_unique_rule_too(tarnow):
    with pytest.raises(IntegrityError), transaction.atomic():
        Partner.objects.create(kind="city", name_uk="Гміна\u200b Тарнув", country="PL")
