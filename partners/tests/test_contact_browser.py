"""Contacts on the partner's page in a real browser: htmx keeps the person on the page."""

import json

import pytest
from django.urls import reverse

from menaprogram.tests.browser import serious_axe_violations, sign_in
from partners.models import Contact, Partner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_adds_edits_and_removes_a_contact_without_leaving_the_partner(
    live_server, page, editor
):
    partner = Partner.objects.create(
        kind=Partner.Kind.COMMUNITY, name_uk="Гміна Тарнув", country="PL"
    )
    detail = reverse("partners:partner-detail", args=[partner.pk])
    # htmx scrolls the swapped section into view and may bring a button under the pointer:
    # without Bootstrap's colour transitions, axe never measures a colour half-way.
    page.emulate_media(reduced_motion="reduce")
    sign_in(page, live_server, "editor", detail)

    page.get_by_role("link", name="Додати контактну особу").click()
    page.get_by_label("Ім’я та прізвище").fill("Ян Ковальський")
    page.get_by_label("Телефон").fill("+48 14 688 27 00")
    assert serious_axe_violations(page) == []
    page.get_by_role("button", name="Зберегти").click()
    row = page.get_by_test_id("contact").filter(has_text="Ян Ковальський")
    row.wait_for()
    assert "Контактну особу «Ян Ковальський» додано." in page.locator("#messages").inner_text()
    # htmx swapped the section: the address is still the partner's page.
    assert page.url == f"{live_server.url}{detail}"
    assert Contact.objects.get().phone == "+48 14 688 27 00"

    row.get_by_role("link", name="Редагувати").click()
    page.get_by_label("Посада").fill("секретар гміни")
    page.get_by_role("button", name="Зберегти").click()
    page.get_by_test_id("contact").filter(has_text="секретар гміни").wait_for()
    assert page.url == f"{live_server.url}{detail}"

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Видалити: Ян Ковальський").click()
    page.get_by_text("Контактних осіб ще немає.").wait_for()
    assert not Contact.objects.exists()
    assert page.url == f"{live_server.url}{detail}"
    page.mouse.move(0, 0)
    violations = serious_axe_violations(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False)
