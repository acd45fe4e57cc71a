"""The agreement pages: who may see and edit them, validity, order, filters and scans."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from partners.models import Agreement, Partner

pytestmark = pytest.mark.django_db

LIST = reverse("partners:agreement-list")
CREATE = reverse("partners:agreement-create")

# The smallest PDF that readers open: one empty page.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _today():
    return timezone.localdate()


def _days(n):
    return _today() + datetime.timedelta(days=n)


def _partner(name="Гміна Тарнув", country="PL"):
    return Partner.objects.create(kind=Partner.Kind.COMMUNITY, name_uk=name, country=country)


def _agreement(partner, title, **extra):
    extra.setdefault("signed_on", _days(-400))
    return Agreement.objects.create(partner=partner, title=title, **extra)


def _form_data(partner, **extra):
    return {
        "partner": partner.pk,
        "kind": Agreement.Kind.PARTNERSHIP,
        "number": "12/МС",
        "title": "Договір про партнерство",
        "status": Agreement.Status.SIGNED,
        "signed_on": "15.03.2024",
        "valid_until": "14.03.2029",
        "signatories": "Г. Примаков",
        "note": "",
        **extra,
    }


def _titles(response):
    return [agreement.title for agreement in response.context["agreements"]]


def test_controller_sees_the_list_without_add_or_edit_links(as_user, controller):
    agreement = _agreement(_partner(), "Угода з Тарнувом")
    page = as_user(controller).get(LIST).content.decode()
    assert "Угода з Тарнувом" in page
    assert CREATE not in page
    assert reverse("partners:agreement-update", args=[agreement.pk]) not in page


def test_controller_cannot_add_or_edit_an_agreement(as_user, controller):
    partner = _partner()
    agreement = _agreement(partner, "Угода з Тарнувом")
    client = as_user(controller)
    assert client.post(CREATE, _form_data(partner)).status_code == 403
    update = reverse("partners:agreement-update", args=[agreement.pk])
    assert client.get(update).status_code == 403
    assert client.post(update, _form_data(partner, title="Інша")).status_code == 403
    assert list(Agreement.objects.values_list("title", flat=True)) == ["Угода з Тарнувом"]


def test_editor_adds_an_agreement_with_ukrainian_dates_and_a_pdf_scan(as_user, editor):
    partner = _partner()
    scan = SimpleUploadedFile("dogovir.pdf", PDF, content_type="application/pdf")
    client = as_user(editor)
    response = client.post(CREATE, {**_form_data(partner), "scan": scan}, follow=True)
    detail = reverse("partners:partner-detail", args=[partner.pk])
    assert response.redirect_chain == [(f"{detail}#agreements", 302)]
    assert "Договір «Договір про партнерство» додано." in response.content.decode()
    agreement = Agreement.objects.get()
    assert agreement.signed_on == datetime.date(2024, 3, 15)
    assert agreement.valid_until == datetime.date(2029, 3, 14)
    assert agreement.scan.name.startswith("agreements/")
    listing = client.get(LIST).content.decode()
    assert f'href="/files/{agreement.scan.name}"' in listing
    # The scan is served through the checked upload view.
    assert client.get(f"/files/{agreement.scan.name}").status_code == 200


def test_a_file_that_only_pretends_to_be_a_pdf_is_refused_next_to_the_field(as_user, editor):
    partner = _partner()
    fake = SimpleUploadedFile("dogovir.pdf", b"MZ\x90 not a pdf", content_type="application/pdf")
    response = as_user(editor).post(CREATE, {**_form_data(partner, number="77/МС"), "scan": fake})
    assert response.status_code == 200
    assert "scan" in response.context["form"].errors
    page = response.content.decode()
    assert "Приймаються лише файли" in page
    assert 'value="77/МС"' in page
    assert 'value="15.03.2024"' in page
    assert not Agreement.objects.exists()


def test_an_expiry_before_signing_is_a_ukrainian_error_on_the_field(as_user, editor):
    partner = _partner()
    response = as_user(editor).post(CREATE, _form_data(partner, valid_until="01.01.2024"))
    assert response.status_code == 200
    assert "valid_until" in response.context["form"].errors
    assert "не може закінчитися раніше дати його підписання" in response.content.decode()


def test_editor_edits_an_agreement(as_user, editor):
    partner = _partner()
    agreement = _agreement(partner, "Угода з Тарнувом")
    update = reverse("partners:agreement-update", args=[agreement.pk])
    client = as_user(editor)
    assert 'enctype="multipart/form-data"' in client.get(update).content.decode()
    response = client.post(update, _form_data(partner, title="Угода з Тарнувом (нова редакція)"))
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Угода з Тарнувом (нова редакція)"


def test_the_partner_in_the_link_is_preselected(as_user, editor):
    partner = _partner()
    form = as_user(editor).get(CREATE, {"partner": partner.pk}).context["form"]
    assert form.initial["partner"] == partner.pk


def test_agreements_expiring_soonest_come_first_with_their_validity(as_user, controller):
    partner = _partner()
    _agreement(partner, "Відкрита", valid_until=None)
    _agreement(partner, "Скоро спливає", valid_until=_days(30))
    _agreement(partner, "Діє довго", valid_until=_days(900))
    _agreement(partner, "Спливла", valid_until=_days(-10))
    _agreement(partner, "Проєкт", status=Agreement.Status.DRAFT, signed_on=None)
    _agreement(partner, "Спливає за 90 днів", valid_until=_days(90))
    response = as_user(controller).get(LIST)
    titles = _titles(response)
    assert titles[:4] == ["Скоро спливає", "Спливає за 90 днів", "Діє довго", "Відкрита"]
    assert set(titles[4:]) == {"Спливла", "Проєкт"}
    validity = {a.title: a.validity for a in response.context["agreements"]}
    assert validity == {
        "Скоро спливає": "expiring",
        "Спливає за 90 днів": "expiring",
        "Діє довго": "valid",
        "Відкрита": "valid",
        "Спливла": "expired",
        "Проєкт": "not_signed",
    }
    page = response.content.decode()
    assert "спливає протягом 90 днів" in page
    assert "термін дії минув" in page
    assert "не підписано" in page


def test_filters_by_expiry_partner_status_kind_and_search(as_user, controller):
    tarnow = _partner()
    lovech = _partner("Місто Ловеч", "BG")
    _agreement(tarnow, "Скоро спливає", valid_until=_days(30), number="1")
    _agreement(tarnow, "Діє довго", valid_until=_days(900), number="2")
    _agreement(lovech, "Меморандум з Ловечем", kind=Agreement.Kind.MEMORANDUM, number="3/Л")
    _agreement(lovech, "Проєкт", status=Agreement.Status.DRAFT, signed_on=None)
    client = as_user(controller)
    assert _titles(client.get(LIST, {"expiring": "90"})) == ["Скоро спливає"]
    assert set(_titles(client.get(LIST, {"partner": tarnow.pk}))) == {"Скоро спливає", "Діє довго"}
    assert _titles(client.get(LIST, {"status": "draft"})) == ["Проєкт"]
    assert _titles(client.get(LIST, {"kind": "memorandum"})) == ["Меморандум з Ловечем"]
    assert _titles(client.get(LIST, {"q": "ловеч"})) == ["Меморандум з Ловечем", "Проєкт"]
    assert _titles(client.get(LIST, {"q": "3/л"})) == ["Меморандум з Ловечем"]


@pytest.mark.parametrize("count", [1, 50])
def test_list_queries_do_not_grow_with_agreements(
    as_user, controller, django_assert_max_num_queries, count
):
    for number in range(count):
        partner = _partner(f"Партнер {number:03}")
        _agreement(partner, f"Угода {number}", valid_until=_days(number), scan="agreements/x.pdf")
    client = as_user(controller)
    # One of them reads the administrators' thresholds (the «expiring» label).
    with django_assert_max_num_queries(11):
        response = client.get(LIST, {"q": "Угода"})
    assert response.status_code == 200
    assert len(response.context["agreements"]) == min(count, 25)


def test_every_filter_and_form_input_is_labelled(as_user, editor):
    client = as_user(editor)
    listing = client.get(LIST).content.decode()
    for name in ("q", "partner", "kind", "status", "expiring"):
        assert f'for="id_{name}"' in listing
    form = client.get(CREATE).content.decode()
    for name in ("partner", "kind", "number", "title", "status", "signed_on", "valid_until"):
        assert f'for="id_{name}"' in form
    assert 'for="id_scan"' in form


def _sheet(response):
    import io

    import openpyxl

    headers, *rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    return [dict(zip(headers, row, strict=True)) for row in rows]


def test_the_agreement_list_exports_only_what_the_filter_selects(as_user, controller):
    tarnow = _partner()
    lovech = _partner("Місто Ловеч", "BG")
    _agreement(tarnow, "Договір з Тарнувом", number="1/Т", valid_until=_days(30))
    _agreement(lovech, "Меморандум з Ловечем", kind=Agreement.Kind.MEMORANDUM)
    response = as_user(controller).get(LIST, {"partner": tarnow.pk, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="agreements-')
    assert response.content.startswith("\ufeff".encode())
    header, *lines = response.content.decode("utf-8-sig").splitlines()
    assert header.split(";")[:4] == ["ID", "Партнер", "Назва", "Вид"]
    assert len(lines) == 1
    assert "Договір з Тарнувом" in lines[0] and "Ловеч" not in lines[0]
    assert "спливає протягом 90 днів" in lines[0]  # the validity, as the list shows it


def test_an_agreement_xlsx_holds_dates_as_dates_and_ids_as_numbers(as_user, controller):
    agreement = _agreement(_partner(), "Договір з Тарнувом", valid_until=None)
    (row,) = _sheet(as_user(controller).get(LIST, {"export": "xlsx"}))
    assert row["ID"] == agreement.pk
    assert isinstance(row["Дата підписання"], datetime.datetime)
    assert row["Дата підписання"].date() == agreement.signed_on
    assert row["Діє до"] is None  # open-ended: an empty cell, not a text
    assert row["Статус"] == "підписано"


def test_the_agreement_export_queries_do_not_grow_with_agreements(
    as_user, controller, django_assert_max_num_queries
):
    for number in range(30):
        _agreement(_partner(f"Партнер {number:03}"), f"Угода {number}")
    client = as_user(controller)
    with django_assert_max_num_queries(8):
        response = client.get(LIST, {"export": "xlsx"})
    assert len(_sheet(response)) == 30


def test_the_export_links_carry_the_filters(as_user, controller):
    page = as_user(controller).get(LIST, {"status": "draft", "page": "1"}).content.decode()
    assert 'href="?status=draft&amp;export=csv"' in page
