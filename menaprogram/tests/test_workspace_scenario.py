"""A week's work in a real browser: an editor records a delegation from start to finish,
then the secretary's controller sees all of it and can change none of it."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from activities.models import Event
from budget.models import Expense
from menaprogram.tests.browser import serious_axe_violations, sign_in
from partners.models import Agreement, Partner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _saved(page, live_server, pattern):
    page.wait_for_url(re.compile(re.escape(live_server.url) + pattern))
    assert serious_axe_violations(page) == []


def test_an_editor_records_a_delegation_and_the_controller_reads_it(
    live_server, browser, editor, controller, financed
):
    program = financed
    page = browser.new_page()
    sign_in(page, live_server, "editor", "/")
    assert page.get_by_role("heading", name="Що потребує уваги").is_visible()

    # A partner with a Cyrillic name.
    page.get_by_role("link", name="Партнери", exact=True).click()
    page.get_by_role("link", name="Додати партнера").click()
    page.get_by_label("Вид").select_option("community")
    page.get_by_label("назва українською").fill("Гміна Тарнув")
    page.get_by_label("Країна").select_option("PL")
    page.get_by_role("button", name="Зберегти").click()
    _saved(page, live_server, r"/partners/\d+/$")
    partner = Partner.objects.get(name_uk="Гміна Тарнув")

    # Its agreement, from the partner's page.
    page.get_by_role("link", name="Додати договір").click()
    page.get_by_label("Назва").fill("Угода про партнерство та співробітництво")
    page.get_by_label("Номер").fill("17/2024")
    page.get_by_label("Дата підписання").fill("15.01.2024")
    page.get_by_label("Діє до").fill("31.12.2026")
    page.get_by_role("button", name="Зберегти").click()
    _saved(page, live_server, rf"/partners/{partner.pk}/#agreements$")
    assert Agreement.objects.get(partner=partner).number == "17/2024"

    # An incoming delegation with two participants, serving directions 1 and 9.
    page.get_by_role("link", name="Заходи", exact=True).click()
    page.get_by_role("link", name="Додати захід").click()
    page.locator("#id_title").fill("Візит делегації гміни Тарнув")
    page.locator("#id_kind").select_option("incoming_delegation")
    page.get_by_label("Дата початку").fill("15.03.2024")
    page.get_by_label("Дата завершення").fill("17.03.2024")
    page.get_by_label("Місце проведення").select_option("mena")
    # Partners and directions are found by typing (Tom Select).
    for field, typed, option in (
        ("partners", "тарн", "Гміна Тарнув"),
        ("directions", "офіційними", "1. обмін офіційними делегаціями"),
        ("directions", "9.", "9. обмін учнівськими та молодіжними делегаціями"),
    ):
        page.locator(f"#id_{field}-ts-control").fill(typed)
        page.locator(f"#id_{field}-ts-dropdown").get_by_role("option", name=option).click()
        page.locator(f"#id_{field}-ts-control").press("Escape")
        # The choice is in the form once Tom Select has selected it in the hidden select
        # (under load the click can land while a search is still being answered).
        expect(page.locator(f"#id_{field} option:checked", has_text=option)).to_have_count(1)
    page.get_by_label("Ім’я та прізвище, рядок 1").fill("Олена Шевченко")
    page.get_by_role("button", name="Додати учасника").click()
    page.get_by_label("Ім’я та прізвище, рядок 2").fill("Анджей Ковальський")
    page.get_by_label("Сторона, рядок 2").select_option("partner")
    page.get_by_role("button", name="Зберегти").click()
    _saved(page, live_server, r"/events/\d+/$")
    event = Event.objects.get(title="Візит делегації гміни Тарнув")
    assert sorted(event.directions.values_list("number", flat=True)) == [1, 9]
    assert event.participants.count() == 2
    assert list(event.partners.all()) == [partner]

    # An expense of 1 234,56 under category 3, from the event's page.
    page.get_by_role("link", name="Додати видаток").click()
    category = program.categories.get(number=3)
    page.get_by_label("Напрям використання коштів").select_option(str(category.pk))
    page.get_by_label("Дата").fill("16.03.2024")
    page.get_by_label("Сума, грн").fill("1 234,56")
    page.get_by_label("Номер документа").fill("ПД-45")
    page.get_by_role("button", name="Зберегти").click()
    page.get_by_role("alert").wait_for()
    expense = Expense.objects.get(document_number="ПД-45")
    assert (expense.event, expense.category, str(expense.amount)) == (event, category, "1234.56")

    # The budget page for 2024 shows the new figures.
    page.goto(f"{live_server.url}{reverse('budget:budget')}?year=2024")
    assert page.get_by_test_id("spent-3").inner_text() == "1,23"
    assert page.get_by_test_id("spent").inner_text() == "1,23 тис. грн"
    page.close()

    # The controller sees all of it, read-only.
    page = browser.new_page()
    sign_in(page, live_server, "controller", reverse("partners:partner-list"))
    page.get_by_role("link", name="Гміна Тарнув").click()
    assert page.get_by_text("Угода про партнерство та співробітництво").is_visible()
    page.get_by_role("link", name="Візит делегації гміни Тарнув").click()
    assert page.get_by_role("cell", name="Анджей Ковальський").is_visible()
    # The directions' list (the history below names the direction too: "Додано напрям: …").
    assert page.get_by_text("обмін учнівськими та молодіжними делегаціями").first.is_visible()
    assert page.get_by_role("cell", name="ПД-45").is_visible()
    page.goto(f"{live_server.url}{reverse('budget:budget')}?year=2024")
    assert page.get_by_test_id("spent-3").inner_text() == "1,23"
    for path in (
        reverse("partners:partner-detail", args=[partner.pk]),
        reverse("activities:event-detail", args=[event.pk]),
        reverse("budget:budget") + "?year=2024",
    ):
        page.goto(live_server.url + path)
        edit_controls = page.locator(
            "main a:has-text('Додати'), main a:has-text('Редагувати'), main form[method=post]"
        )
        assert edit_controls.count() == 0, path
    # A post made by hand, with a valid CSRF token, is refused for the role.
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        live_server.url + reverse("activities:event-held", args=[event.pk]),
        form={"outcome": "Спроба"},
        headers={"X-CSRFToken": csrf, "Referer": live_server.url + "/"},
    )
    assert response.status == 403
    assert "Доступ заборонено" in response.text()
    event.refresh_from_db()
    assert event.status == Event.Status.PLANNED
    page.close()
