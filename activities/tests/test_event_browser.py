"""The event pages in a real browser: accessibility, the form with participants, htmx."""

import datetime
import json

import pytest
from django.urls import reverse

from activities.models import Event, Program, Publication
from menaprogram.tests.browser import serious_axe_violations, sign_in

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


def test_an_editor_fills_the_event_form_with_two_participants(live_server, page, editor, program):
    sign_in(page, live_server, "editor", reverse("activities:event-create"))
    page.get_by_label("Назва").fill("Візит делегації з Ловеча")
    page.get_by_role("combobox", name="Вид").select_option("incoming_delegation")
    page.get_by_label("Дата початку").fill("15.03.2024")
    page.get_by_label("Дата завершення").fill("17.03.2024")
    page.get_by_label("Місце проведення").select_option("mena")
    page.get_by_label("1. обмін офіційними делегаціями").check()
    page.get_by_label("Ім’я та прізвище, рядок 1").fill("Олена Шевченко")
    page.get_by_label("Ім’я та прізвище, рядок 2").fill("Іван Петров")
    page.get_by_label("Сторона, рядок 2").select_option("partner")
    page.get_by_label("Молода особа, рядок 2").check()
    page.get_by_role("button", name="Зберегти").click()
    page.wait_for_url(f"{live_server.url}/events/*/")
    assert page.get_by_role("heading", name="Візит делегації з Ловеча").is_visible()
    event = Event.objects.get()
    assert sorted(event.participants.values_list("full_name", flat=True)) == [
        "Іван Петров",
        "Олена Шевченко",
    ]
    assert list(event.directions.values_list("number", flat=True)) == [1]
    _no_serious_violations(page)


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
