"""The bell, the list of reminders, snoozing, and the digest and calendar settings."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Department, Event
from partners.models import Agreement, Partner
from reminders.models import Preferences, Snooze
from reminders.rules import ADMINISTRATORS

pytestmark = pytest.mark.django_db

LIST = reverse("reminders:list")
BELL = reverse("reminders:bell")


def _expiring_agreement(days=20):
    partner = Partner.objects.create(kind=Partner.Kind.CITY, name_uk="Місто Ловеч", country="BG")
    return Agreement.objects.create(
        partner=partner,
        title="Меморандум про співпрацю",
        signed_on=datetime.date(2022, 5, 1),
        valid_until=timezone.localdate() + datetime.timedelta(days=days),
    )


def _late_event(program, department=None, title="Візит делегації з Ловеча"):
    day = datetime.date(2024, 5, 2)
    return Event.objects.create(
        program=program,
        title=title,
        kind=Event.Kind.INCOMING_DELEGATION,
        status=Event.Status.HELD,
        start_date=day,
        end_date=day,
        place=Event.Place.MENA,
        department=department,
    )


def test_the_list_links_each_item_to_what_fixes_it(program, as_user, editor):
    agreement = _expiring_agreement()
    response = as_user(editor).get(LIST)
    html = response.content.decode()
    assert "Угода з Місто Ловеч закінчується" in html
    assert reverse("partners:agreement-update", args=[agreement.pk]) in html


def test_an_item_is_gone_once_the_data_is_fixed(program, as_user, editor):
    agreement = _expiring_agreement()
    client = as_user(editor)
    key = next(item.key for item in client.get(LIST).context["items"])
    agreement.valid_until = timezone.localdate() + datetime.timedelta(days=800)
    agreement.save()
    assert key not in [item.key for item in client.get(LIST).context["items"]]


@pytest.mark.parametrize("count", [1, 30])
def test_the_bell_counts_the_open_items_in_a_fixed_number_of_queries(
    program, as_user, editor, django_assert_max_num_queries, count
):
    for n in range(count):
        _late_event(program, title=f"Захід {n}")
    client = as_user(editor)
    # Session, user, permissions, preferences, snoozes, thresholds, data version; the rules
    # (20 queries, one for public's registered rule; read from the cache once the data is
    # settled: never inside a test).
    with django_assert_max_num_queries(30):
        response = client.get(BELL)
    assert response.context["count"] == len(client.get(LIST).context["items"]) >= count


def test_every_page_carries_the_bell_without_running_the_rules(program, as_user, editor):
    html = as_user(editor).get(reverse("activities:event-list")).content.decode()
    assert f'data-hx-get="{BELL}"' in html
    assert 'id="reminder-bell"' in html


def test_a_snoozed_item_leaves_the_list_until_its_day(program, as_user, editor):
    _expiring_agreement()
    client = as_user(editor)
    key = client.get(LIST).context["items"][0].key
    until = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        reverse("reminders:snooze"),
        {"item": key, "until": until.isoformat(), "reason": "Чекаємо на відповідь партнера"},
    )
    assert response.status_code == 302
    page = client.get(LIST)
    assert key not in [item.key for item in page.context["items"]]
    assert [(item.key, s.reason) for item, s in page.context["snoozed"]] == [
        (key, "Чекаємо на відповідь партнера")
    ]
    # On its day it is back.
    Snooze.objects.filter(item_key=key).update(until=timezone.localdate())
    assert key in [item.key for item in client.get(LIST).context["items"]]


def test_a_snooze_needs_a_reason_and_a_day_ahead_and_keeps_what_was_typed(program, as_user, editor):
    _expiring_agreement()
    client = as_user(editor)
    key = client.get(LIST).context["items"][0].key
    response = client.post(
        reverse("reminders:snooze"),
        {"item": key, "until": timezone.localdate().isoformat(), "reason": "Відпустка"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Оберіть день після сьогоднішнього." in html
    assert 'value="Відпустка"' in html
    assert not Snooze.objects.exists()


def test_a_snooze_is_the_persons_own(program, as_user, editor, controller, client):
    _expiring_agreement()
    key = as_user(editor).get(LIST).context["items"][0].key
    until = timezone.localdate() + datetime.timedelta(days=10)
    client.post(reverse("reminders:snooze"), {"item": key, "until": until, "reason": "Ні"})
    client.force_login(controller)
    assert key in [item.key for item in client.get(LIST).context["items"]]


def test_an_editor_gets_the_items_of_their_department(program, as_user, editor):
    ours = Department.objects.create(name="Відділ міжнародної співпраці")
    theirs = Department.objects.create(name="Відділ культури")
    _late_event(program, ours, "Наш захід")
    _late_event(program, theirs, "Чужий захід")
    _late_event(program, None, "Спільний захід")
    Preferences.objects.create(user=editor, department=ours)
    titles = " ".join(item.title for item in as_user(editor).get(LIST).context["items"])
    assert "Наш захід" in titles
    assert "Спільний захід" in titles
    assert "Чужий захід" not in titles


def test_the_secretary_and_administrators_get_the_whole_picture(
    program, client, controller, administrator
):
    theirs = Department.objects.create(name="Відділ культури")
    _late_event(program, theirs, "Чужий захід")
    for user in (controller, administrator):
        client.force_login(user)
        assert any("Чужий захід" in item.title for item in client.get(LIST).context["items"])


def test_administrators_items_are_not_shown_to_editors(program, client, editor, administrator):
    # No allotment is entered for any year of the program: the administrators' to fix.
    client.force_login(administrator)
    audiences = {item.audience for item in client.get(LIST).context["items"]}
    assert ADMINISTRATORS in audiences
    client.force_login(editor)
    assert all(item.audience != ADMINISTRATORS for item in client.get(LIST).context["items"])


def test_the_digest_can_be_turned_off_and_on(program, as_user, editor):
    client = as_user(editor)
    client.post(reverse("reminders:digest-switch"), {"weekly_digest": "off"})
    assert Preferences.objects.get(user=editor).weekly_digest is False
    assert "Вимкнено" in client.get(reverse("reminders:settings")).content.decode()
    client.post(reverse("reminders:digest-switch"), {"weekly_digest": "on"})
    assert Preferences.objects.get(user=editor).weekly_digest is True


def test_a_person_without_a_role_has_no_reminders(program, as_user, outsider):
    client = as_user(outsider)
    assert client.get(LIST).status_code == 403
    assert client.get(BELL).status_code == 403


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_and_the_settings_read_in_a_fixed_number_of_queries(
    program, as_user, editor, django_assert_max_num_queries, count
):
    for n in range(count):
        _late_event(program, title=f"Захід {n}")
    client = as_user(editor)
    client.post(reverse("reminders:calendar-token"), {"action": "new"})
    # As the bell, and the workspace's programs for the header.
    with django_assert_max_num_queries(31):
        response = client.get(LIST)
    assert len(response.context["items"]) >= count
    with django_assert_max_num_queries(8):
        response = client.get(reverse("reminders:settings"))
    assert response.context["feed_url"].startswith("http://testserver/reminders/calendar/")
