"""One rule for how many people came: the event list and the dashboard count alike."""

import datetime

import pytest
from django.urls import reverse

from activities.models import Event
from reports import selectors

pytestmark = pytest.mark.django_db

DAY = datetime.date(2023, 5, 10)


def _held(program, title, count=None, youth=None, listed=(), young=()):
    event = Event.objects.create(
        program=program,
        title=title,
        kind=Event.Kind.CONFERENCE,
        status=Event.Status.HELD,
        start_date=DAY,
        end_date=DAY,
        place=Event.Place.MENA,
        participant_count=count,
        youth_count=youth,
    )
    for name in listed:
        event.participants.create(full_name=name, is_youth=name in young)
    return event


@pytest.fixture
def events(program):
    _held(program, "Лише число", count=40, youth=10)
    _held(program, "Лише список", listed=["Олена", "Іван", "Ян"], young=["Ян"])
    _held(program, "Число більше за список", count=25, listed=["Олена"])
    _held(
        program, "Список більший за число", count=1, youth=0, listed=["Олена", "Ян"], young=["Ян"]
    )
    return program


def test_the_rule_takes_the_larger_of_the_count_and_the_list(events):
    people = dict(Event.objects.with_people().values_list("title", "people"))
    young = dict(Event.objects.with_people().values_list("title", "young_people"))
    assert people == {
        "Лише число": 40,
        "Лише список": 3,
        "Число більше за список": 25,
        "Список більший за число": 2,
    }
    assert young == {
        "Лише число": 10,
        "Лише список": 1,
        "Число більше за список": 0,
        "Список більший за число": 1,
    }


def test_the_event_list_and_the_dashboard_give_the_same_totals(events, as_user, controller):
    client = as_user(controller)
    client.post(reverse("switch-workspace"), {"workspace": f"{events.pk}:2023"})
    listed = client.get(reverse("activities:event-list"), {"year": 2023}).context["events"]
    dashboard = selectors.events(events, [2023], today=DAY)
    assert sum(event.people for event in listed) == dashboard["events_total"].participants == 70
    assert dashboard["events_total"].youth == 12


def test_the_form_says_which_number_counts(events, as_user, editor):
    page = as_user(editor).get(reverse("activities:event-create")).content.decode()
    assert "більше з цього числа та кількості рядків" in page


def test_the_events_page_shows_the_same_number(events, as_user, controller):
    event = Event.objects.get(title="Список більший за число")
    page = as_user(controller).get(reverse("activities:event-detail", args=[event.pk]))
    assert 'data-testid="people">2 (з них молоді: 1)' in page.content.decode()
