"""The audit trail: every write to business data leaves an event, whoever and whatever made it."""

import datetime
import json
import re
from decimal import Decimal
from pathlib import Path

import pghistory
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from activities.models import Event
from activities.selectors import EVENT_LINKS
from activities.tests.pages import event_page_data
from budget.models import Expense, FundingSource
from menaprogram.history import LATEST, record_history
from menaprogram.tests.browser import serious_axe_violations, sign_in
from partners.models import Contact, Partner

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parents[2] / "menaprogram" / "tests" / "files"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _partner(name="Гміна Тарнув", **extra):
    return Partner.objects.create(
        kind=Partner.Kind.COMMUNITY, name_uk=name, country=extra.pop("country", "PL"), **extra
    )


def _event(program, title="Візит делегації з Тарнува"):
    day = datetime.date(2023, 5, 10)
    return Event.objects.create(
        program=program,
        title=title,
        kind=Event.Kind.INCOMING_DELEGATION,
        status=Event.Status.PLANNED,
        start_date=day,
        end_date=day,
        place=Event.Place.MENA,
    )


def _partner_form(**extra):
    return {
        "kind": Partner.Kind.CITY,
        "name_uk": "Місто Ловеч",
        "name_original": "Град Ловеч",
        "country": "BG",
        "region": "",
        "status": Partner.Status.ACTIVE,
        "website": "",
        "email": "",
        "note": "",
        **extra,
    }


def _labels(record):
    return list(record.history.order_by("pgh_id").values_list("pgh_label", flat=True))


def _user_of(event):
    return event.pgh_context.metadata.get("user") if event.pgh_context else None


def test_creating_changing_and_deleting_a_record_each_leave_an_event():
    partner = _partner()
    partner.region = "Малопольське воєводство"
    partner.save()
    pk = partner.pk
    partner.delete()
    events = Partner.history.field.model.objects.filter(pgh_obj_id=pk).order_by("pgh_id")
    assert [e.pgh_label for e in events] == ["insert", "update", "delete"]
    # The delete keeps the last state: what was removed can still be read.
    assert events.last().region == "Малопольське воєводство"


def test_saving_without_a_change_records_nothing():
    partner = _partner()
    partner.save()
    Partner.objects.filter(pk=partner.pk).update(name_uk="Гміна Тарнув")
    assert _labels(partner) == ["insert"]


def test_an_edit_in_the_browser_records_the_editor_and_the_url(as_user, editor):
    partner = _partner()
    update = reverse("partners:partner-update", args=[partner.pk])
    assert as_user(editor).post(update, _partner_form(name_uk="Гміна Тарнув-2")).status_code == 302
    event = partner.history.get(pgh_label="update")
    assert _user_of(event) == editor.pk
    assert event.pgh_context.metadata["url"] == update
    assert event.name_uk == "Гміна Тарнув-2"


def test_a_queryset_update_is_recorded_for_every_row():
    first, second = _partner("Перший"), _partner("Другий")
    Partner.objects.filter(pk__in=[first.pk, second.pk]).update(status=Partner.Status.ENDED)
    for partner in (first, second):
        assert _labels(partner) == ["insert", "update"]
        assert partner.history.get(pgh_label="update").status == Partner.Status.ENDED


def test_a_bulk_create_is_recorded_for_every_row():
    partner = _partner()
    Contact.objects.bulk_create(
        [Contact(partner=partner, full_name=f"Особа {n}") for n in range(3)]
    )
    contact_events = Contact.history.field.model.objects.filter(partner=partner)
    assert sorted(contact_events.values_list("full_name", flat=True)) == [
        "Особа 0",
        "Особа 1",
        "Особа 2",
    ]
    assert set(contact_events.values_list("pgh_label", flat=True)) == {"insert"}


def test_an_import_through_the_import_pages_is_recorded_with_the_editor(as_user, editor, program):
    client = as_user(editor)
    raw = (FILES / "partners-windows-1251.csv").read_bytes()
    upload = client.post(
        reverse("imports:start"),
        {"kind": "partners", "file": SimpleUploadedFile("partners.csv", raw)},
    )
    token = re.search(r"/imports/([\w-]+)/$", upload.url).group(1)
    page = client.get(reverse("imports:preview", args=[token])).content.decode()
    submission = re.search(r'name="submission" value="([^"]+)"', page)
    data = {"submission": submission.group(1)} if submission else {}
    client.post(reverse("imports:confirm", args=[token]), data)

    partners = list(Partner.objects.all())
    assert len(partners) == 3
    for partner in partners:
        (event,) = partner.history.all()
        assert event.pgh_label == "insert"
        assert _user_of(event) == editor.pk


def test_an_admin_bulk_delete_is_recorded_with_the_administrator(as_user, administrator):
    doomed = [_partner("Перший"), _partner("Другий")]
    response = as_user(administrator).post(
        reverse("admin:partners_partner_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [p.pk for p in doomed],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not Partner.objects.exists()
    deleted = Partner.history.field.model.objects.filter(pgh_label="delete")
    assert sorted(deleted.values_list("name_uk", flat=True)) == ["Другий", "Перший"]
    assert {_user_of(e) for e in deleted} == {administrator.pk}


def test_the_history_says_who_changed_which_field_from_what_to_what(editor, program):
    event = _event(program)
    with pghistory.context(user=editor.pk, url="/events/1/edit/"):
        Event.objects.filter(pk=event.pk).update(
            title="Візит делегації з Ловеча", status=Event.Status.HELD
        )
    with translation.override("en"):
        latest, created = record_history(event)
        assert (str(latest.action), latest.user) == ("changed", "editor")
        assert {(str(c.field), str(c.old), str(c.new)) for c in latest.changes} == {
            ("title", "Візит делегації з Тарнува", "Візит делегації з Ловеча"),
            ("status", str(Event.Status.PLANNED.label), str(Event.Status.HELD.label)),
        }
        # Made outside any request (a command, a script): no user to name.
        assert (str(created.action), str(created.user)) == ("created", "system")


def test_partner_page_shows_the_history_to_a_controller(as_user, editor, controller):
    partner = _partner()
    update = reverse("partners:partner-update", args=[partner.pk])
    as_user(editor).post(update, _partner_form(name_uk="Гміна Тарнув-2"))
    page = as_user(controller).get(reverse("partners:partner-detail", args=[partner.pk]))
    html = page.content.decode()
    assert 'data-testid="history"' in html
    history = html[html.index('id="history"') :]
    assert "editor" in history
    assert "Гміна Тарнув" in history and "Гміна Тарнув-2" in history


def test_event_page_shows_the_history(as_user, controller, program):
    event = _event(program)
    Event.objects.filter(pk=event.pk).update(title="Нова назва")
    html = as_user(controller).get(reverse("activities:event-detail", args=[event.pk]))
    history = html.content.decode()[html.content.decode().index('id="history"') :]
    assert "Візит делегації з Тарнува" in history and "Нова назва" in history


def test_markup_in_a_changed_name_is_shown_as_text(as_user, controller):
    partner = _partner()
    Partner.objects.filter(pk=partner.pk).update(name_uk="<script>alert(1)</script>")
    html = as_user(controller).get(reverse("partners:partner-detail", args=[partner.pk]))
    history = html.content.decode()[html.content.decode().index('id="history"') :]
    assert "<script>alert(1)" not in history
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in history


@pytest.mark.parametrize("changes", [1, 50])
def test_the_history_costs_the_same_queries_however_long(
    as_user, controller, editor, program, django_assert_max_num_queries, changes
):
    event = _event(program)
    category = program.categories.get(number=7)
    source = FundingSource.objects.get(code="community_budget")
    with pghistory.context(user=editor.pk, url="/somewhere/"):
        for n in range(changes):
            Event.objects.filter(pk=event.pk).update(title=f"Назва {n}", participant_count=n)
            event.partners.add(_partner(f"Партнер {n}"))
            event.directions.add(program.directions.get(number=n % 34 + 1))
            Expense.objects.create(
                category=category,
                source=source,
                date=event.start_date,
                amount=Decimal("10"),
                event=event,
            )
    client = as_user(controller)
    with django_assert_max_num_queries(2):
        history = record_history(event)
    assert len(history) == min(changes + 1, LATEST)
    with django_assert_max_num_queries(6):  # +2 per kind of link: its events and its rows
        record_history(event, links=EVENT_LINKS)
    with django_assert_max_num_queries(21):
        response = client.get(reverse("activities:event-detail", args=[event.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("changes", [1, 50])
def test_partner_page_costs_the_same_queries_however_long_its_history(
    as_user, controller, editor, django_assert_max_num_queries, changes
):
    partner = _partner()
    with pghistory.context(user=editor.pk, url="/somewhere/"):
        for n in range(changes):
            Partner.objects.filter(pk=partner.pk).update(region=f"Регіон {n}")
            Contact.objects.create(partner=partner, full_name=f"Особа {n}")
    client = as_user(controller)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("partners:partner-detail", args=[partner.pk]))
    assert len(response.context["history"]) == min(changes + 1, LATEST)


def test_the_admin_lists_a_records_events_for_staff_with_a_role(
    client, as_user, controller, outsider
):
    partner = _partner()
    events = reverse("admin:pghistory_middlewareevents_changelist")
    query = f"?method=tracks&obj=partners.Partner:{partner.pk}"
    page = as_user(controller).get(events + query)
    assert page.status_code == 200
    assert "Гміна Тарнув" in page.content.decode()
    assert "insert" in page.content.decode()
    # The record's own admin page links to its events.
    change = as_user(controller).get(reverse("admin:partners_partner_change", args=[partner.pk]))
    assert events in change.content.decode()
    assert "Журнал змін" in change.content.decode()
    client.logout()
    assert as_user(outsider).get(events + query).status_code in (302, 403)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_history_sections_pass_axe_in_a_browser(page, live_server, controller, program):
    partner = _partner()
    event = _event(program)
    with pghistory.context(user=controller.pk, url="/somewhere/"):
        Partner.objects.filter(pk=partner.pk).update(note="<b>Примітка</b>")
        Event.objects.filter(pk=event.pk).update(title="Нова назва")
    partner_page = reverse("partners:partner-detail", args=[partner.pk])
    sign_in(page, live_server, "controller", partner_page)
    for path in (partner_page, reverse("activities:event-detail", args=[event.pk])):
        page.goto(f"{live_server.url}{path}")
        history = page.get_by_role("table", name="Історія змін")
        assert history.is_visible()
        assert "controller" in history.inner_text()
        violations = serious_axe_violations(page)
        assert violations == [], json.dumps(violations, ensure_ascii=False)


# Partners and directions of an event: links in many-to-many tables, tracked too.


def _notes(history):
    return [change.note for entry in history for change in entry.changes if change.note]


# Each change in its own transaction, as in real requests: a test's single transaction would
# give every change the same time and merge them into one entry.
@pytest.mark.django_db(transaction=True)
def test_partners_added_and_removed_in_code_are_in_the_events_history(editor, program):
    event = _event(program)
    tarnow, lovech = _partner(), _partner("Місто Ловеч", country="BG")
    direction = program.directions.get(number=9)
    with pghistory.context(user=editor.pk, url="/script/"):
        event.partners.add(tarnow, lovech)
    event.partners.remove(tarnow)
    event.directions.add(direction)
    with translation.override("uk"):
        history = record_history(event, links=EVENT_LINKS)
    assert sorted(_notes(history)) == sorted(
        [
            f"Додано напрям: {direction}",
            "Додано партнера: Гміна Тарнув",
            "Додано партнера: Місто Ловеч",
            "Вилучено партнера: Гміна Тарнув",
        ]
    )
    # Links made in one request are one entry, with who made them.
    by_editor = next(e for e in history if "Додано партнера: Місто Ловеч" in _notes([e]))
    assert by_editor.user == "editor"
    assert sorted(_notes([by_editor])) == [
        "Додано партнера: Гміна Тарнув",
        "Додано партнера: Місто Ловеч",
    ]


def test_a_partner_added_and_removed_through_the_edit_form_shows_on_the_event_page(
    as_user, editor, controller, program
):
    event = _event(program)
    tarnow, lovech = _partner(), _partner("Місто Ловеч", country="BG")
    event.partners.add(tarnow)
    client = as_user(editor)
    url = reverse("activities:event-update", args=[event.pk])
    data = event_page_data(client.get(url), partners=[str(lovech.pk)])
    assert client.post(url, data).status_code == 302
    assert list(event.partners.all()) == [lovech]

    html = as_user(controller).get(reverse("activities:event-detail", args=[event.pk]))
    history = html.content.decode()[html.content.decode().index('id="history"') :]
    assert "Додано партнера: Місто Ловеч" in history
    assert "Вилучено партнера: Гміна Тарнув" in history
    # One save: the two links are one entry (one table row), by the editor who saved.
    row = next(r for r in history.split("<tr>") if "Додано партнера: Місто Ловеч" in r)
    assert "Вилучено партнера: Гміна Тарнув" in row and "editor" in row


def test_a_removed_partner_deleted_since_is_still_in_the_history(program):
    event = _event(program)
    partner = _partner("Фонд, якого вже немає")
    event.partners.add(partner)
    partner_pk = partner.pk
    partner.delete()  # the link goes with it, and its removal is recorded
    with translation.override("uk"):
        notes = _notes(record_history(event, links=EVENT_LINKS))
    assert notes.count(f"Вилучено партнера: #{partner_pk}") == 1
    assert notes.count(f"Додано партнера: #{partner_pk}") == 1
