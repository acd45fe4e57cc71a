"""The event pages in a real browser: accessibility, the form with participants, htmx."""

import datetime
import json

import pytest
from django.urls import reverse

from activities.models import Event, Program, Publication
from menaprogram.tests.browser import serious_axe_violations, sign_in
from partners.models import Partner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def visit(program):
    event = Event.objects.create(
        program=program,
        title="Візит делегації з Тарнува",
        kind=Event.Kind.INCOMING_DELEGATION,
        start_date=datetime.date(2024, 3, 15),
        end_date=datetime.date(2024, 3, 17),
        place=Event.Place.MENA,
    )
    event.directions.add(*program.directions.filter(number__in=[1, 8]))
    event.participants.create(full_name="Олена Шевченко", role="секретар ради")
    Publication.objects.create(
        program=program,
        event=event,
        channel=Publication.Channel.WEBSITE,
        title="Новина про візит",
        published_on=datetime.date(2024, 3, 18),
    )
    return event


def _no_serious_violations(page):
    violations = serious_axe_violations(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False)


@pytest.mark.parametrize(
    "path",
    [
        "activities:event-list",
        "activities:event-detail",
        "activities:event-create",
        "activities:event-update",
        "activities:publication-list",
        "activities:publication-create",
    ],
)
def test_event_and_publication_pages_have_no_serious_accessibility_violations(
    live_server, page, editor, visit, path
):
    args = [visit.pk] if path in ("activities:event-detail", "activities:event-update") else []
    sign_in(page, live_server, "editor", reverse(path, args=args))
    _no_serious_violations(page)


def _choose(page, field, typed, option):
    """Type into a searchable list (Tom Select) and pick the option offered."""
    search = page.locator(f"#id_{field}-ts-control")
    # Focus first (as a person clicks into it): Tom Select opens its list on focus, and typing
    # into a control that has not taken the focus yet left the list closed once under load.
    search.click()
    search.fill(typed)
    page.locator(f"#id_{field}-ts-dropdown").get_by_role("option", name=option).click()
    search.press("Escape")


def test_an_editor_fills_the_event_form_with_two_participants(live_server, page, editor, program):
    Partner.objects.create(kind=Partner.Kind.CITY, name_uk="Місто Ловеч", country="BG")
    Partner.objects.create(kind=Partner.Kind.COMMUNITY, name_uk="Гміна Тарнув", country="PL")
    sign_in(page, live_server, "editor", reverse("activities:event-create"))
    page.get_by_label("Назва", exact=False).first.fill("Візит делегації з Ловеча")
    page.get_by_role("combobox", name="Вид").first.select_option("incoming_delegation")
    page.get_by_label("Дата початку").fill("15.03.2024")
    page.get_by_label("Дата завершення").fill("17.03.2024")
    page.get_by_label("Місце проведення").select_option("mena")
    # Partners and directions are found by typing a part of the name.
    _choose(page, "partners", "ловеч", "Місто Ловеч")
    _choose(page, "directions", "делегаціями", "1. обмін офіційними делегаціями")
    # Rows are added without saving first; one added by mistake is removed again.
    page.get_by_label("Ім’я та прізвище, рядок 1").fill("Олена Шевченко")
    page.get_by_role("button", name="Додати учасника").click()
    page.get_by_label("Ім’я та прізвище, рядок 2").fill("Іван Петров")
    page.get_by_label("Сторона, рядок 2").select_option("partner")
    page.get_by_label("Молода особа, рядок 2").check()
    page.get_by_role("button", name="Додати учасника").click()
    page.get_by_label("Ім’я та прізвище, рядок 3").fill("Помилковий рядок")
    page.get_by_role("button", name="Видалити (рядок 3)").click()
    assert not page.get_by_label("Ім’я та прізвище, рядок 3").is_visible()
    page.get_by_role("button", name="Додати учасника").click()
    page.get_by_label("Ім’я та прізвище, рядок 4").fill("Ян Ковальський")
    _no_serious_violations(page)
    page.get_by_role("button", name="Зберегти").click()
    page.wait_for_url(f"{live_server.url}/events/*/")
    assert page.get_by_role("heading", name="Візит делегації з Ловеча").is_visible()
    event = Event.objects.get()
    assert sorted(event.participants.values_list("full_name", flat=True)) == [
        "Іван Петров",
        "Олена Шевченко",
        "Ян Ковальський",
    ]
    assert event.participants.get(full_name="Іван Петров").is_youth
    assert list(event.directions.values_list("number", flat=True)) == [1]
    assert list(event.partners.values_list("name_uk", flat=True)) == ["Місто Ловеч"]
    _no_serious_violations(page)


def test_a_partner_not_in_the_list_is_added_from_the_event_form(live_server, page, editor, visit):
    update = reverse("activities:event-update", args=[visit.pk])
    sign_in(page, live_server, "editor", update)
    page.get_by_text("Партнера немає у списку? Додайте нового").click()
    page.get_by_label("Назва нового партнера українською").fill("Місто Габрово")
    page.get_by_label("Вид нового партнера").select_option("city")
    page.get_by_label("Країна нового партнера").select_option("BG")
    page.get_by_role("button", name="Додати партнера й вибрати його").click()
    page.get_by_text("Партнера «Місто Габрово» додано й вибрано.").wait_for()
    # Chosen in the list as a chip, without leaving the form or losing what was typed.
    assert page.locator(".ts-control .item", has_text="Місто Габрово").is_visible()
    assert page.url == f"{live_server.url}{update}"
    page.get_by_role("button", name="Зберегти").click()
    page.wait_for_url(f"{live_server.url}/events/*/")
    assert list(visit.partners.values_list("name_uk", flat=True)) == ["Місто Габрово"]


def test_marking_an_event_held_swaps_the_status_in_place(live_server, page, editor, visit):
    detail = reverse("activities:event-detail", args=[visit.pk])
    sign_in(page, live_server, "editor", detail)
    page.get_by_role("textbox", name="Результат").fill("Підписано меморандум про співпрацю")
    page.get_by_role("button", name="Позначити проведеним").click()
    status = page.locator("#event-status")
    status.get_by_text("Захід позначено проведеним.").wait_for()
    assert page.url == f"{live_server.url}{detail}"
    assert status.get_by_text("Підписано меморандум про співпрацю").is_visible()
    visit.refresh_from_db()
    assert visit.status == Event.Status.HELD
    assert Program.objects.count() == 1
