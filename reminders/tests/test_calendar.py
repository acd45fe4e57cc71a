"""Calendar feeds: parsed back with icalendar, the secret address revoked, an event's .ics."""

import datetime

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activities.models import Event
from partners.models import Agreement, Partner
from reminders import calendar
from reminders.models import Preferences

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(program):
    today = timezone.localdate()
    partner = Partner.objects.create(kind=Partner.Kind.CITY, name_uk="Місто Табор", country="CZ")
    agreement = Agreement.objects.create(
        partner=partner,
        title="Договір про партнерство",
        signed_on=datetime.date(2020, 1, 1),
        valid_until=today + datetime.timedelta(days=100),
    )
    day = datetime.date(2024, 9, 10)
    visit = Event.objects.create(
        program=program,
        title="Візит делегації до Табора",
        kind=Event.Kind.OUTGOING_DELEGATION,
        start_date=day,
        end_date=day + datetime.timedelta(days=2),
        place=Event.Place.ABROAD,
        country="CZ",
        city="Табор",
    )
    return {"agreement": agreement, "visit": visit, "today": today}


def _feed_url(client):
    client.post(reverse("reminders:calendar-token"), {"action": "new"})
    return client.get(reverse("reminders:settings")).context["feed_url"]


def test_the_feed_is_valid_icalendar_with_events_and_agreement_ends(data, as_user, editor):
    url = _feed_url(as_user(editor))
    response = Client().get(url)  # a calendar program: not signed in
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    parsed = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in parsed.walk("VEVENT")}
    visit = events["Візит делегації до Табора"]
    assert visit.decoded("dtstart") == datetime.date(2024, 9, 10)
    # All-day events end on the day after their last (RFC 5545).
    assert visit.decoded("dtend") == datetime.date(2024, 9, 13)
    assert "Табор" in str(visit["location"])
    ends = events["Закінчується угода з Місто Табор"]
    assert ends.decoded("dtstart") == data["agreement"].valid_until
    assert str(visit["uid"]) != str(ends["uid"])


def test_a_new_address_stops_the_old_one_and_a_revoked_one_works_no_more(data, as_user, editor):
    client = as_user(editor)
    old = _feed_url(client)
    new = _feed_url(client)
    assert old != new
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    client.post(reverse("reminders:calendar-token"), {"action": "revoke"})
    assert Client().get(new).status_code == 404
    assert Preferences.objects.get(user=editor).calendar_token is None


def test_the_feed_of_a_person_who_lost_their_role_or_account_is_gone(data, as_user, editor):
    url = _feed_url(as_user(editor))
    editor.groups.clear()
    assert Client().get(url).status_code == 404
    editor.is_active = False
    editor.save()
    assert Client().get(url).status_code == 404


def test_delegations_abroad_are_only_in_feeds_of_roles_that_see_them(data, editor, monkeypatch):
    def summaries():
        parsed = icalendar.Calendar.from_ical(calendar.feed(editor, data["today"]))
        return {str(e["summary"]) for e in parsed.walk("VEVENT")}

    assert "Візит делегації до Табора" in summaries()
    monkeypatch.setattr(calendar, "may_see_abroad", lambda user: False)
    assert "Візит делегації до Табора" not in summaries()


def test_an_events_page_offers_its_ics(data, as_user, controller):
    client = as_user(controller)
    visit = data["visit"]
    page = client.get(reverse("activities:event-detail", args=[visit.pk])).content.decode()
    url = reverse("reminders:event-ics", args=[visit.pk])
    assert url in page
    response = client.get(url)
    assert response["Content-Disposition"].startswith("attachment; filename=")
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "Візит делегації до Табора"


def test_the_feed_reads_in_a_fixed_number_of_queries(
    data, program, editor, django_assert_max_num_queries
):
    for n in range(30):
        day = datetime.date(2024, 10, 1 + n)
        Event.objects.create(
            program=program,
            title=f"Онлайн-зустріч {n}",
            kind=Event.Kind.ONLINE_MEETING,
            start_date=day,
            end_date=day,
            place=Event.Place.ONLINE,
        )
    # The permissions (two), the events, the agreements.
    with django_assert_max_num_queries(4):
        calendar.feed(editor, data["today"])
