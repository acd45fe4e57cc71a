"""The publication pages: roles, the form tied to the program's events, filters, queries."""

import datetime
import uuid
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from activities.models import Event, Program, Publication

pytestmark = pytest.mark.django_db

LIST = reverse("activities:publication-list")
CREATE = reverse("activities:publication-create")


def _event(program, title="Візит делегації з Тарнува", day=datetime.date(2023, 5, 10)):
    return Event.objects.create(
        program=program,
        title=title,
        kind=Event.Kind.INCOMING_DELEGATION,
        start_date=day,
        end_date=day,
        place=Event.Place.MENA,
    )


def _publication(program, title="Новина на сайті ради", **extra):
    return Publication.objects.create(
        program=program,
        channel=extra.pop("channel", Publication.Channel.WEBSITE),
        title=title,
        published_on=extra.pop("published_on", datetime.date(2023, 5, 12)),
        **extra,
    )


def _in_year(client, year):
    program = Program.objects.get(start_year=2022)
    client.post(reverse("switch-workspace"), {"workspace": f"{program.pk}:{year}", "next": "/"})
    return client


def _form_data(**extra):
    return {
        "channel": Publication.Channel.LOCAL_MEDIA,
        "title": "Стаття в газеті «Наше слово»",
        "published_on": "15.03.2024",
        "event": "",
        "url": "",
        "note": "",
        **extra,
    }


def test_controller_sees_the_list_without_edit_links_and_cannot_post(as_user, controller, program):
    publication = _publication(program)
    client = _in_year(as_user(controller), 2023)
    page = client.get(LIST).content.decode()
    assert "Новина на сайті ради" in page
    update = reverse("activities:publication-update", args=[publication.pk])
    assert CREATE not in page and update not in page
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _form_data()).status_code == 403
    assert client.post(update, _form_data(title="Змінено")).status_code == 403
    assert list(Publication.objects.values_list("title", flat=True)) == ["Новина на сайті ради"]


def test_editor_adds_a_publication_about_an_event_from_its_page(as_user, editor, program):
    event = _event(program)
    client = as_user(editor)
    form = client.get(CREATE, {"event": event.pk})
    assert form.context["form"].initial["event"] == event.pk
    assert f'<option value="{event.pk}" selected>' in form.content.decode()
    data = _form_data(event=event.pk, published_on="12.05.2023", submission=str(uuid.uuid4()))
    response = client.post(CREATE, data, follow=True)
    publication = Publication.objects.get()
    assert (publication.program, publication.event) == (program, event)
    assert publication.published_on == datetime.date(2023, 5, 12)
    assert response.redirect_chain == [(reverse("activities:event-detail", args=[event.pk]), 302)]
    assert "Стаття в газеті «Наше слово»" in response.content.decode()
    # The same form sent again saves nothing more.
    client.post(CREATE, data)
    assert Publication.objects.count() == 1


def test_editor_updates_a_publication(as_user, editor, program):
    publication = _publication(program)
    update = reverse("activities:publication-update", args=[publication.pk])
    response = as_user(editor).post(update, _form_data(title="Оновлена новина"), follow=True)
    # The list narrowed to the publication just saved, not page 1 of the year.
    query = "?" + urlencode({"year": "2024", "q": "Оновлена новина"})
    assert response.redirect_chain == [(f"{LIST}{query}", 302)]
    assert len(response.context["publications"]) == 1
    assert "Зміни до публікації «Оновлена новина» збережено." in response.content.decode()
    publication.refresh_from_db()
    assert publication.title == "Оновлена новина"


def test_invalid_post_keeps_values_and_explains_in_ukrainian(as_user, editor, program):
    response = as_user(editor).post(CREATE, _form_data(title="", published_on="31.02.2024"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Це поле обов" in page
    assert "Введіть коректну дату" in page
    assert 'value="31.02.2024"' in page
    assert not Publication.objects.exists()


def test_an_event_of_another_program_cannot_be_attached(as_user, editor, program):
    other = Program.objects.create(
        title="Програма 2025–2027", short_title="2025–2027", start_year=2025, end_year=2027
    )
    foreign = _event(other, "Чужий захід", datetime.date(2025, 5, 1))
    client = _in_year(as_user(editor), 2024)
    assert "Чужий захід" not in client.get(CREATE).content.decode()
    response = client.post(CREATE, _form_data(event=foreign.pk))
    assert response.status_code == 200
    assert "event" in response.context["form"].errors
    assert not Publication.objects.exists()


def test_editing_under_another_workspace_offers_the_publications_own_events(
    as_user, editor, program
):
    other = Program.objects.create(
        title="Програма 2025–2027", short_title="2025–2027", start_year=2025, end_year=2027
    )
    own, foreign = _event(program), _event(other, "Чужий захід", datetime.date(2025, 5, 1))
    publication = _publication(program, event=own)
    client = as_user(editor)
    client.post(reverse("switch-workspace"), {"workspace": f"{other.pk}:2025", "next": "/"})
    update = reverse("activities:publication-update", args=[publication.pk])
    page = client.get(update).content.decode()
    assert "Візит делегації з Тарнува" in page and "Чужий захід" not in page
    response = client.post(update, _form_data(event=foreign.pk))
    assert "event" in response.context["form"].errors


@pytest.fixture
def publications(program):
    visit = _event(program)
    _publication(program, "Новина про візит", event=visit)
    _publication(program, "Стенд у ЦНАП", channel=Publication.Channel.STAND)
    _publication(program, "Допис 2022 року", published_on=datetime.date(2022, 9, 1))
    return {"visit": visit}


def _titles(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return {publication.title for publication in response.context["publications"]}


def test_list_shows_the_workspace_year_by_default(as_user, controller, publications):
    client = _in_year(as_user(controller), 2023)
    assert _titles(client) == {"Новина про візит", "Стенд у ЦНАП"}
    assert _titles(client, year="2022") == {"Допис 2022 року"}
    assert len(_titles(client, year="all")) == 3


def test_filters_by_channel_and_event(as_user, controller, publications):
    client = _in_year(as_user(controller), 2023)
    assert _titles(client, channel="stand") == {"Стенд у ЦНАП"}
    assert _titles(client, event=publications["visit"].pk) == {"Новина про візит"}


def test_search_finds_the_title_or_the_events_title_in_any_case(as_user, controller, publications):
    client = _in_year(as_user(controller), 2023)
    assert _titles(client, q="цнап") == {"Стенд у ЦНАП"}
    assert _titles(client, q="ТАРНУВ") == {"Новина про візит"}
    assert _titles(client, q="нічого такого") == set()


def test_the_filter_does_not_list_the_programs_events(as_user, controller, program):
    # The page must not grow with the events: a search box, not a drop-down of all of them.
    for number in range(30):
        _event(program, f"Захід {number:03}")
    page = _in_year(as_user(controller), 2023).get(LIST).content.decode()
    assert "Захід 007" not in page


def test_every_input_is_labelled(as_user, editor, program):
    client = as_user(editor)
    for name in ("year", "channel", "q"):
        assert f'for="id_{name}"' in client.get(LIST).content.decode()
    form = client.get(CREATE).content.decode()
    for name in ("channel", "title", "published_on", "event", "url", "note"):
        assert f'for="id_{name}"' in form


@pytest.mark.parametrize("count", [1, 50])
def test_list_queries_do_not_grow_with_publications(
    program, as_user, controller, django_assert_max_num_queries, count
):
    for number in range(count):
        event = _event(program, f"Захід {number:03}")
        _publication(program, f"Новина {number:03}", event=event)
    client = _in_year(as_user(controller), 2023)
    with django_assert_max_num_queries(10):
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(response.context["publications"]) == min(count, 25)
    with django_assert_max_num_queries(8):
        exported = client.get(LIST, {"export": "csv"})
    assert len(exported.content.decode("utf-8-sig").splitlines()) == count + 1


def test_the_publication_list_exports_the_filtered_year_and_channel(
    as_user, controller, publications
):
    client = _in_year(as_user(controller), 2023)
    response = client.get(LIST, {"channel": "website", "export": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="publications-')
    header, *lines = response.content.decode("utf-8-sig").splitlines()
    assert header == "ID;Дата публікації;Канал;Назва;Посилання;Захід;Примітка"
    assert len(lines) == 1  # not the stand, not the 2022 post
    assert "Новина про візит" in lines[0]
    assert "Візит делегації з Тарнува (10.05.2023)" in lines[0]  # as the expense files name it


def test_a_publication_xlsx_holds_dates_as_dates(as_user, controller, publications):
    import io

    import openpyxl

    client = _in_year(as_user(controller), 2023)
    response = client.get(LIST, {"export": "xlsx"})
    headers, *rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    dates = sorted(row[headers.index("Дата публікації")] for row in rows)
    assert dates == [datetime.datetime(2023, 5, 12)] * 2
    assert all(isinstance(row[headers.index("ID")], int) for row in rows)


def test_the_export_links_carry_the_filters(as_user, controller, publications):
    page = as_user(controller).get(LIST, {"year": "2022", "channel": "stand"}).content.decode()
    assert 'href="?year=2022&amp;channel=stand&amp;export=xlsx"' in page
