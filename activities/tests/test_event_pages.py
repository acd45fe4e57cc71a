"""The event pages: who may see and edit them, the form with participants, filters, held."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Event, EventFile, Participant, Program, Publication
from budget.models import Expense, FundingSource
from partners.models import Partner

pytestmark = pytest.mark.django_db

LIST = reverse("activities:event-list")
CREATE = reverse("activities:event-create")
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _event(program, title="Візит делегації з Тарнува", day=datetime.date(2023, 5, 10), **extra):
    return Event.objects.create(
        program=program,
        title=title,
        kind=extra.pop("kind", Event.Kind.INCOMING_DELEGATION),
        status=extra.pop("status", Event.Status.PLANNED),
        start_date=day,
        end_date=extra.pop("end_date", day),
        place=extra.pop("place", Event.Place.MENA),
        **extra,
    )


def _partner(name="Гміна Тарнув", country="PL"):
    return Partner.objects.create(kind=Partner.Kind.COMMUNITY, name_uk=name, country=country)


def _in_year(client, year):
    """Choose the workspace year in the header, as a person would."""
    program = Program.objects.get(start_year=2022)
    client.post(reverse("switch-workspace"), {"workspace": f"{program.pk}:{year}", "next": "/"})
    return client


def _management(prefix="participants", total=3, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _form_data(program, participants=(), **extra):
    data = {
        "title": "Візит делегації з Ловеча",
        "kind": Event.Kind.INCOMING_DELEGATION,
        "status": Event.Status.PLANNED,
        "start_date": "15.03.2024",
        "end_date": "17.03.2024",
        "place": Event.Place.MENA,
        "settlement": "",
        "country": "",
        "city": "",
        "department": "",
        "description": "Програма візиту",
        "outcome": "",
        "participant_count": "",
        "youth_count": "",
        "directions": [
            program.directions.get(number=1).pk,
            program.directions.get(number=8).pk,
        ],
        **_management(total=max(3, len(participants))),
    }
    # A browser sends the blank rows too, with their preselected side.
    for index in range(3):
        data[f"participants-{index}-side"] = "mena"
    for index, person in enumerate(participants):
        for field, value in person.items():
            data[f"participants-{index}-{field}"] = value
    data.update(extra)
    return data


TWO_PEOPLE = [
    {"full_name": "Олена Шевченко", "side": "mena", "role": "секретар ради", "organisation": ""},
    {
        "full_name": "Іван Петров",
        "side": "partner",
        "role": "мер",
        "organisation": "Община Ловеч",
        "is_youth": "on",
    },
]


# Who may see and do what


def test_controller_sees_list_and_detail_without_edit_links(as_user, controller, program):
    event = _event(program)
    client = _in_year(as_user(controller), 2023)
    listing = client.get(LIST).content.decode()
    assert "Візит делегації з Тарнува" in listing
    assert CREATE not in listing
    detail = client.get(reverse("activities:event-detail", args=[event.pk])).content.decode()
    assert reverse("activities:event-update", args=[event.pk]) not in detail
    assert reverse("activities:event-held", args=[event.pk]) not in detail
    assert reverse("activities:eventfile-create", args=[event.pk]) not in detail
    assert reverse("activities:publication-create") not in detail


def test_controller_gets_403_on_every_post(as_user, controller, program, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = _event(program)
    client = as_user(controller)
    pk = [event.pk]
    assert client.get(CREATE).status_code == 403
    assert client.get(reverse("activities:event-update", args=pk)).status_code == 403
    assert client.post(CREATE, _form_data(program)).status_code == 403
    update = reverse("activities:event-update", args=pk)
    assert client.post(update, _form_data(program, title="Змінено")).status_code == 403
    held = reverse("activities:event-held", args=pk)
    assert client.post(held, {"outcome": "Підписано меморандум"}).status_code == 403
    upload = reverse("activities:eventfile-create", args=pk)
    file = SimpleUploadedFile("programa.pdf", PDF)
    assert client.post(upload, {"title": "Програма", "file": file}).status_code == 403
    event.refresh_from_db()
    assert (Event.objects.count(), event.title, event.status) == (
        1,
        "Візит делегації з Тарнува",
        Event.Status.PLANNED,
    )
    assert not EventFile.objects.exists()


def test_editor_sees_edit_links_on_detail(as_user, editor, program):
    event = _event(program)
    detail = as_user(editor).get(reverse("activities:event-detail", args=[event.pk]))
    page = detail.content.decode()
    assert reverse("activities:event-update", args=[event.pk]) in page
    assert reverse("activities:event-held", args=[event.pk]) in page


# The form


def test_editor_creates_event_with_two_participants_in_one_post(as_user, editor, program):
    partner = _partner()
    data = _form_data(program, TWO_PEOPLE, partners=[partner.pk])
    response = as_user(editor).post(CREATE, data, follow=True)
    event = Event.objects.get()
    assert response.redirect_chain == [(reverse("activities:event-detail", args=[event.pk]), 302)]
    assert event.program == program
    assert event.start_date == datetime.date(2024, 3, 15)
    assert sorted(event.directions.values_list("number", flat=True)) == [1, 8]
    assert list(event.partners.all()) == [partner]
    people = {p.full_name: p for p in event.participants.all()}
    assert set(people) == {"Олена Шевченко", "Іван Петров"}
    assert people["Іван Петров"].is_youth and people["Іван Петров"].side == "partner"
    page = response.content.decode()
    assert "Захід «Візит делегації з Ловеча» додано." in page
    assert "Олена Шевченко" in page and "Гміна Тарнув" in page


def test_a_double_post_with_the_same_submission_token_creates_one_event(as_user, editor, program):
    client = as_user(editor)
    data = _form_data(program, TWO_PEOPLE, submission=str(uuid.uuid4()))
    first = client.post(CREATE, data)
    second = client.post(CREATE, data)
    event = Event.objects.get()
    assert first.status_code == second.status_code == 302
    assert second.url == first.url == reverse("activities:event-detail", args=[event.pk])
    assert Participant.objects.count() == 2


def test_invalid_post_keeps_everything_typed_and_explains_in_ukrainian(as_user, editor, program):
    people = [{**TWO_PEOPLE[0]}, {**TWO_PEOPLE[1], "full_name": ""}]
    data = _form_data(program, people, title="", participant_count="1 234", youth_count="12")
    response = as_user(editor).post(CREATE, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Це поле обов" in page
    assert 'value="15.03.2024"' in page
    assert "Програма візиту" in page
    assert 'value="Олена Шевченко"' in page
    assert 'value="Община Ловеч"' in page
    # Numbers are shown back the way they were typed: "1 234" reads as 1234.
    assert response.context["form"].cleaned_data["participant_count"] == 1234
    assert not Event.objects.exists()
    assert not Participant.objects.exists()


def test_a_participant_error_alone_saves_nothing(as_user, editor, program):
    people = [{**TWO_PEOPLE[0], "full_name": ""}]
    response = as_user(editor).post(CREATE, _form_data(program, people))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Це поле обов" in page
    assert "Перевірте учасників" in page
    assert not Event.objects.exists()


def test_a_post_without_the_participants_table_saves_the_event_alone(as_user, editor, program):
    data = {
        key: value
        for key, value in _form_data(program).items()
        if not key.startswith("participants-")
    }
    response = as_user(editor).post(CREATE, data)
    assert response.status_code == 302
    assert Event.objects.get().participants.count() == 0


def test_a_year_outside_the_program_is_a_field_error_not_a_crash(as_user, editor, program):
    data = _form_data(program, start_date="15.03.2026", end_date="16.03.2026")
    response = as_user(editor).post(CREATE, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "2022–2024" in errors["start_date"][0]
    assert not Event.objects.exists()


def test_numbers_with_thousand_separators_are_accepted(as_user, editor, program):
    data = _form_data(program, participant_count="1 250", youth_count="1\xa0000")
    response = as_user(editor).post(CREATE, data)
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.participant_count, event.youth_count) == (1250, 1000)


def test_a_direction_of_another_program_cannot_be_attached(as_user, editor, program):
    other = Program.objects.create(
        title="Програма 2025–2027", short_title="2025–2027", start_year=2025, end_year=2027
    )
    foreign = other.directions.create(number=1, text="Чужий напрям")
    data = _form_data(program, directions=[foreign.pk])
    response = _in_year(as_user(editor), 2024).post(CREATE, data)
    assert response.status_code == 200
    assert "directions" in response.context["form"].errors
    assert "Чужий напрям" not in response.content.decode()
    assert not Event.objects.exists()


def test_editor_updates_event_adds_and_deletes_participants(as_user, editor, program):
    event = _event(program)
    kept = event.participants.create(full_name="Олена Шевченко")
    gone = event.participants.create(full_name="Андрій Ященко")
    data = _form_data(
        program,
        title="Візит делегації з Тарнува (оновлено)",
        start_date="10.05.2023",
        end_date="11.05.2023",
        **_management(total=4, initial=2),
    )
    data.update(
        {
            "participants-0-id": kept.pk,
            "participants-0-full_name": "Олена Шевченко",
            "participants-0-side": "mena",
            "participants-1-id": gone.pk,
            "participants-1-full_name": "Андрій Ященко",
            "participants-1-side": "mena",
            "participants-1-DELETE": "on",
            "participants-2-full_name": "Ян Ковальський",
            "participants-2-side": "partner",
            "participants-3-side": "mena",
        }
    )
    update = reverse("activities:event-update", args=[event.pk])
    response = as_user(editor).post(update, data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Візит делегації з Тарнува (оновлено)"
    assert sorted(event.participants.values_list("full_name", flat=True)) == [
        "Олена Шевченко",
        "Ян Ковальський",
    ]


def test_every_form_input_is_labelled(as_user, editor, program):
    page = as_user(editor).get(CREATE).content.decode()
    for name in ("title", "kind", "status", "start_date", "end_date", "place", "partners"):
        assert f'for="id_{name}"' in page
    for field in ("full_name", "side", "role", "organisation", "is_youth", "DELETE"):
        assert f'for="id_participants-0-{field}"' in page
    # The 34 directions in one list, with their numbers, to be found by typing.
    assert page.count('name="directions"') == 1
    assert 'for="id_directions"' in page
    assert page.count("<option value=") >= 34
    assert "34. спільне створення" in page


# Filters


@pytest.fixture
def year_of_events(program):
    tarnow, lovech = _partner(), _partner("Місто Ловеч", "BG")
    first, fifth = program.directions.get(number=1), program.directions.get(number=5)
    visit = _event(program, "Візит делегації з Тарнува", datetime.date(2023, 3, 10))
    visit.partners.add(tarnow)
    visit.directions.add(first)
    trip = _event(
        program,
        "Поїздка до Ловеча",
        datetime.date(2023, 6, 5),
        kind=Event.Kind.OUTGOING_DELEGATION,
        place=Event.Place.ABROAD,
        country="BG",
        status=Event.Status.HELD,
    )
    trip.partners.add(lovech)
    trip.directions.add(fifth)
    _event(
        program,
        "Онлайн-зустріч молоді",
        datetime.date(2023, 6, 20),
        kind=Event.Kind.ONLINE_MEETING,
        place=Event.Place.ONLINE,
    )
    _event(program, "Фестиваль у Киселівці", datetime.date(2022, 8, 1), place="settlement")
    return {"tarnow": tarnow, "lovech": lovech}


def _titles(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return {event.title for event in response.context["events"]}


def test_list_shows_the_workspace_year_by_default(as_user, controller, year_of_events):
    client = _in_year(as_user(controller), 2023)
    assert _titles(client) == {
        "Візит делегації з Тарнува",
        "Поїздка до Ловеча",
        "Онлайн-зустріч молоді",
    }
    assert _titles(client, year="2022") == {"Фестиваль у Киселівці"}
    assert len(_titles(client, year="all")) == 4


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"month": "6"}, {"Поїздка до Ловеча", "Онлайн-зустріч молоді"}),
        ({"kind": "online_meeting"}, {"Онлайн-зустріч молоді"}),
        ({"direction": "5"}, {"Поїздка до Ловеча"}),
        ({"status": "held"}, {"Поїздка до Ловеча"}),
        ({"flow": "outgoing"}, {"Поїздка до Ловеча"}),
        (
            {"flow": "incoming", "year": "all"},
            {"Візит делегації з Тарнува", "Фестиваль у Киселівці"},
        ),
        ({"q": "ЛОВЕЧ"}, {"Поїздка до Ловеча"}),
        ({"q": "тарнув"}, {"Візит делегації з Тарнува"}),
    ],
)
def test_each_filter_narrows_the_list(as_user, controller, year_of_events, params, expected):
    client = _in_year(as_user(controller), 2023)
    assert _titles(client, **params) == expected


def test_filter_by_partner(as_user, controller, year_of_events):
    client = _in_year(as_user(controller), 2023)
    assert _titles(client, partner=year_of_events["tarnow"].pk) == {"Візит делегації з Тарнува"}


def test_a_wrong_parameter_is_ignored_rather_than_emptying_the_list(
    as_user, controller, year_of_events
):
    client = _in_year(as_user(controller), 2023)
    assert _titles(client, direction="99", kind="held") == _titles(client)


def test_list_groups_events_under_month_headings(as_user, controller, year_of_events):
    page = _in_year(as_user(controller), 2023).get(LIST).content.decode()
    assert page.index("Березень 2023") < page.index("Тарнува") < page.index("Червень 2023")


def test_pagination_links_keep_the_filters(as_user, controller, program):
    for number in range(30):
        _event(program, f"Онлайн-зустріч {number:02}", kind=Event.Kind.ONLINE_MEETING)
    page = (
        _in_year(as_user(controller), 2023).get(LIST, {"kind": "online_meeting"}).content.decode()
    )
    assert "kind=online_meeting" in page.split("pagination")[1]
    assert "page=2" in page


# Query bounds


def _events_with_everything(program, count):
    category = program.categories.get(number=7)
    source = FundingSource.objects.get(code="community_budget")
    directions = list(program.directions.order_by("number")[:3])
    for number in range(count):
        event = _event(program, f"Захід {number:03}", datetime.date(2023, 1 + number % 12, 1))
        event.partners.add(_partner(f"Партнер {number:03}"))
        event.directions.add(*directions)
        event.participants.create(full_name=f"Особа {number}")
        Expense.objects.create(
            category=category, source=source, date=event.start_date, amount=100, event=event
        )


@pytest.mark.parametrize("count", [1, 50])
def test_list_queries_do_not_grow_with_events(
    program, as_user, controller, django_assert_max_num_queries, count
):
    _events_with_everything(program, count)
    client = _in_year(as_user(controller), 2023)
    with django_assert_max_num_queries(13):
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(response.context["events"]) == min(count, 25)


@pytest.mark.parametrize("count", [1, 50])
def test_detail_queries_do_not_grow_with_people_expenses_and_files(
    program, as_user, editor, django_assert_max_num_queries, count
):
    event = _event(program)
    category = program.categories.get(number=7)
    source = FundingSource.objects.get(code="community_budget")
    for number in range(count):
        event.participants.create(full_name=f"Особа {number:03}")
        event.partners.add(_partner(f"Партнер {number:03}"))
        Expense.objects.create(
            category=category,
            source=source,
            date=event.start_date,
            amount=Decimal("1234.56"),
            event=event,
            document_number=f"{number}/5",
        )
        Publication.objects.create(
            program=program,
            event=event,
            channel=Publication.Channel.WEBSITE,
            title=f"Новина {number}",
            published_on=event.start_date,
        )
    event.directions.add(*program.directions.all())
    client = as_user(editor)
    # +6: the history and its users; the partners' and directions' links and their rows
    with django_assert_max_num_queries(21):
        response = client.get(reverse("activities:event-detail", args=[event.pk]))
    assert response.status_code == 200
    assert len(response.context["participants"]) == count
    assert response.context["expense_total"] == Decimal("1234.56") * count


def test_detail_shows_expenses_with_their_total(as_user, controller, program):
    event = _event(program)
    category = program.categories.get(number=7)
    source = FundingSource.objects.get(code="community_budget")
    for amount in ("15234.50", "1000.25"):
        Expense.objects.create(
            category=category,
            source=source,
            date=event.start_date,
            amount=Decimal(amount),
            event=event,
            document_number="77/3",
        )
    page = as_user(controller).get(reverse("activities:event-detail", args=[event.pk]))
    text = page.content.decode().replace("\xa0", " ")
    # The column says «грн» once, in its header; the cells are numbers.
    assert "сума, грн" in text
    assert ">16 234,75<" in text
    assert ">15 234,50<" in text
    assert "77/3" in text
    assert "10.05.2023" in text


# Marking as held


def test_held_with_htmx_returns_the_status_fragment(as_user, editor, program):
    event = _event(program)
    response = as_user(editor).post(
        reverse("activities:event-held", args=[event.pk]),
        {"outcome": "Підписано меморандум"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="event-status"')
    assert "<html" not in page
    assert "Підписано меморандум" in page
    event.refresh_from_db()
    assert (event.status, event.outcome) == (Event.Status.HELD, "Підписано меморандум")


def test_held_without_javascript_redirects_to_the_event(as_user, editor, program):
    event = _event(program)
    response = as_user(editor).post(
        reverse("activities:event-held", args=[event.pk]), {"outcome": "Підписано меморандум"}
    )
    assert response.status_code == 302
    assert response.url == reverse("activities:event-detail", args=[event.pk])
    event.refresh_from_db()
    assert event.status == Event.Status.HELD


def test_held_needs_an_outcome_and_says_so_in_the_fragment(as_user, editor, program):
    event = _event(program)
    response = as_user(editor).post(
        reverse("activities:event-held", args=[event.pk]), {"outcome": " "}, HTTP_HX_REQUEST="true"
    )
    assert "Це поле обов" in response.content.decode()
    event.refresh_from_db()
    assert event.status == Event.Status.PLANNED


def test_an_event_in_the_future_cannot_be_held(as_user, editor, program):
    program.end_year = 2099
    program.save()
    event = _event(program, day=datetime.date(2098, 1, 1))
    response = as_user(editor).post(
        reverse("activities:event-held", args=[event.pk]), {"outcome": "Зроблено"}
    )
    assert response.status_code == 200
    assert "до його початку" in response.content.decode()
    event.refresh_from_db()
    assert event.status == Event.Status.PLANNED


# Files


def test_editor_attaches_a_pdf_and_a_controller_downloads_it(
    as_user, editor, controller, program, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    event = _event(program)
    upload = reverse("activities:eventfile-create", args=[event.pk])
    client = as_user(editor)
    file = SimpleUploadedFile("programa.pdf", PDF)
    response = client.post(upload, {"title": "Програма візиту", "file": file})
    assert response.status_code == 302
    attached = EventFile.objects.get()
    download = as_user(controller).get(attached.file.url)
    assert download.status_code == 200
    detail = client.get(reverse("activities:event-detail", args=[event.pk])).content.decode()
    assert attached.file.url in detail


def test_a_renamed_program_is_refused_as_an_attachment(
    as_user, editor, program, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    event = _event(program)
    upload = reverse("activities:eventfile-create", args=[event.pk])
    file = SimpleUploadedFile("programa.pdf", b"MZ\x90\x00 an executable")
    response = as_user(editor).post(upload, {"title": "Програма", "file": file})
    assert response.status_code == 200
    assert 'value="Програма"' in response.content.decode()
    assert response.context["file_form"].errors["file"]
    assert not EventFile.objects.exists()


def test_the_list_shows_the_larger_of_the_typed_count_and_the_people_listed(
    as_user, controller, program
):
    _event(program, "Форум громад", participant_count=40)
    listed = _event(program, "Візит з Тарнува")
    listed.participants.create(full_name="Олена Шевченко")
    listed.participants.create(full_name="Jan Kowalski")
    # Typed 1 though 2 are listed: the listed people are not left out.
    short = _event(program, "Зустріч із недорахованими", participant_count=1)
    short.participants.create(full_name="Олена Шевченко")
    short.participants.create(full_name="Jan Kowalski")
    _event(program, "Зустріч без списку")
    response = _in_year(as_user(controller), 2023).get(LIST)
    shown = {event.title: event.people for event in response.context["events"]}
    assert shown == {
        "Форум громад": 40,
        "Візит з Тарнува": 2,
        "Зустріч із недорахованими": 2,
        "Зустріч без списку": 0,
    }


def test_get_on_the_held_button_address_leads_to_the_event_with_a_hint(as_user, editor, program):
    event = _event(program, "Візит з Тарнува")
    response = as_user(editor).get(reverse("activities:event-held", args=[event.pk]), follow=True)
    assert response.redirect_chain == [
        (reverse("activities:event-detail", args=[event.pk]) + "#event-status", 302)
    ]
    assert "натисніть «Позначити проведеним»" in response.content.decode()
    event.refresh_from_db()
    assert event.status == Event.Status.PLANNED


def test_get_on_the_file_upload_address_leads_to_the_events_files(as_user, editor, program):
    event = _event(program, "Візит з Тарнува")
    response = as_user(editor).get(reverse("activities:eventfile-create", args=[event.pk]))
    assert response["Location"] == reverse("activities:event-detail", args=[event.pk]) + "#files"
