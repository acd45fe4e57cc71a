"""A partner's contacts on the partner's page: added, edited and removed without the admin."""

import datetime

import pytest
from django.urls import reverse

from menaprogram.tests.html_forms import form_data
from partners.models import Contact, Partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    return Partner.objects.create(kind=Partner.Kind.COMMUNITY, name_uk="Гміна Тарнув", country="PL")


def _detail(partner):
    return reverse("partners:partner-detail", args=[partner.pk])


def test_editor_adds_a_contact_and_is_back_on_the_partners_contacts(as_user, editor, partner):
    client = as_user(editor)
    create = reverse("partners:contact-create", args=[partner.pk])
    page = client.get(create)
    assert page.status_code == 200
    assert "Нова контактна особа" in page.content.decode()
    data = form_data(page, create, full_name="Ян Ковальський", last_contacted_on="15.03.2024")
    response = client.post(create, data)
    assert response.status_code == 302
    assert response["Location"] == _detail(partner) + "#contacts"
    contact = Contact.objects.get()
    assert (contact.partner, contact.full_name) == (partner, "Ян Ковальський")
    assert contact.last_contacted_on == datetime.date(2024, 3, 15)
    shown = client.get(response["Location"]).content.decode()
    assert "Контактну особу «Ян Ковальський» додано." in shown


def test_a_contact_without_a_name_comes_back_with_the_input_kept(as_user, editor, partner):
    client = as_user(editor)
    create = reverse("partners:contact-create", args=[partner.pk])
    data = form_data(client.get(create), create, full_name="", phone="+48 14 688 27 00")
    response = client.post(create, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Обов’язкове поле" in body or "обов" in body.lower()
    assert "+48 14 688 27 00" in body
    assert not Contact.objects.exists()


def test_editor_edits_a_contact_on_the_partners_page(as_user, editor, partner):
    contact = partner.contacts.create(full_name="Ян Ковальський")
    client = as_user(editor)
    update = reverse("partners:contact-update", args=[contact.pk])
    page = client.get(update)
    assert "Гміна Тарнув" in page.content.decode()  # the partner's page, form open
    response = client.post(update, form_data(page, update, position="секретар гміни"))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.position == "секретар гміни"


def test_editor_removes_a_contact_after_confirming(as_user, editor, partner):
    contact = partner.contacts.create(full_name="Ян Ковальський")
    client = as_user(editor)
    delete = reverse("partners:contact-delete", args=[contact.pk])
    confirm = client.get(delete)
    assert confirm.status_code == 200
    assert "Видалити контактну особу «Ян Ковальський»" in confirm.content.decode()
    assert Contact.objects.exists()
    response = client.post(delete)
    assert response["Location"] == _detail(partner) + "#contacts"
    assert not Contact.objects.exists()


def test_controller_reads_contacts_but_cannot_change_them(as_user, controller, partner):
    contact = partner.contacts.create(full_name="Ян Ковальський")
    client = as_user(controller)
    page = client.get(_detail(partner)).content.decode()
    assert "Ян Ковальський" in page
    assert reverse("partners:contact-update", args=[contact.pk]) not in page
    assert reverse("partners:contact-create", args=[partner.pk]) not in page
    assert client.post(reverse("partners:contact-delete", args=[contact.pk])).status_code == 403
    update = reverse("partners:contact-update", args=[contact.pk])
    assert client.post(update, {"full_name": "Інше ім’я"}).status_code == 403
    assert Contact.objects.get().full_name == "Ян Ковальський"


def test_the_partners_page_with_contacts_keeps_its_query_count(
    as_user, editor, partner, django_assert_max_num_queries
):
    for number in range(10):
        partner.contacts.create(full_name=f"Особа {number}")
    client = as_user(editor)
    contact = partner.contacts.first()
    with django_assert_max_num_queries(20):
        assert client.get(reverse("partners:contact-update", args=[contact.pk])).status_code == 200


# The event form's "add a partner" (partners:partner-quick-create).

QUICK = reverse("partners:partner-quick-create")


def test_a_partner_is_added_from_the_event_form_by_name_kind_and_country(as_user, editor):
    data = {
        "new_partner-name_uk": "Місто  Габрово",
        "new_partner-kind": "city",
        "new_partner-country": "BG",
    }
    response = as_user(editor).post(QUICK, data)
    assert response.status_code == 201
    partner = Partner.objects.get()
    assert response.json()["id"] == partner.pk
    assert (partner.kind, partner.country.code) == ("city", "BG")
    assert "Партнера «" in response.json()["message"]


def test_a_partner_added_twice_from_the_event_form_is_refused_in_ukrainian(
    as_user, editor, partner
):
    data = {
        "new_partner-name_uk": "гміна тарнув",
        "new_partner-kind": "community",
        "new_partner-country": "PL",
    }
    response = as_user(editor).post(QUICK, data)
    assert response.status_code == 400
    assert "Партнер з такою назвою вже існує" in " ".join(response.json()["errors"])
    assert Partner.objects.count() == 1


def test_a_controller_cannot_add_a_partner_from_the_event_form(as_user, controller):
    data = {"new_partner-name_uk": "Х", "new_partner-kind": "city", "new_partner-country": "BG"}
    assert as_user(controller).post(QUICK, data).status_code == 403
    assert not Partner.objects.exists()


def test_get_on_the_quick_add_address_opens_the_partner_form(as_user, editor):
    assert as_user(editor).get(QUICK)["Location"] == reverse("partners:partner-create")
