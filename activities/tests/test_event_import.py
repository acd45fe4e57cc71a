"""Importing events: directions by number within the program, partners by name, all or nothing."""

import datetime

import pytest
import tablib
from django.utils import translation

from activities.models import Event
from activities.resources import EventResource
from partners.models import Partner

pytestmark = pytest.mark.django_db

HEADERS = [
    "Назва",
    "Вид",
    "Статус",
    "Дата початку",
    "Дата завершення",
    "Місце",
    "Країна",
    "Місто за кордоном",
    "Партнери",
    "Напрями (номери)",
]


def run_import(*rows):
    dataset = tablib.Dataset(*rows, headers=HEADERS)
    with translation.override("uk"):
        return EventResource().import_data(dataset, dry_run=False, use_transactions=True)


@pytest.fixture
def partners(db):
    return [
        Partner.objects.create(kind=Partner.Kind.COMMUNITY, name_uk="Гміна Тарнув", country="PL"),
        Partner.objects.create(
            kind=Partner.Kind.CITY, name_uk="Місто Ловеч, Болгарія", country="BG"
        ),
    ]


def test_an_event_row_links_directions_of_its_program_and_partners_by_name(program, partners):
    result = run_import(
        [
            "Візит до Тарнува",
            "вихідна делегація",
            "проведено",
            "15.03.2024",
            "17.03.2024",
            "за кордоном",
            "Польща",
            "Тарнув",
            "гміна тарнув; Місто Ловеч, Болгарія",
            "1, 9",
        ],
    )
    assert not result.has_errors() and not result.has_validation_errors()
    event = Event.objects.get()
    assert event.program == program
    assert (event.kind, event.status, event.country.code) == ("outgoing_delegation", "held", "PL")
    assert event.start_date == datetime.date(2024, 3, 15)
    assert sorted(d.number for d in event.directions.all()) == [1, 9]
    assert set(event.partners.all()) == set(partners)


def test_an_unknown_partner_or_direction_stops_the_whole_file(program, partners):
    good = [
        "Семінар",
        "конференція, семінар, виставка",
        "заплановано",
        "01.06.2023",
        "01.06.2023",
        "у місті Мена",
        "",
        "",
        "Гміна Тарнув",
        "2",
    ]
    unknown_partner = [
        "Візит",
        "вхідна делегація",
        "заплановано",
        "02.06.2023",
        "03.06.2023",
        "у місті Мена",
        "",
        "",
        "Гміна Неіснуюча",
        "1",
    ]
    direction_35 = [
        "Обмін",
        "молодіжний обмін",
        "заплановано",
        "04.06.2023",
        "05.06.2023",
        "у місті Мена",
        "",
        "",
        "",
        "35",
    ]
    result = run_import(good, unknown_partner, direction_35)
    messages = [str(error.error) for row in result.rows for error in row.errors]
    messages += [str(e) for row in result.invalid_rows for e in row.error_dict.values()]
    text = " ".join(messages)
    assert "Гміна Неіснуюча" in text
    assert "35" in text
    assert not Event.objects.exists()


def test_an_event_in_a_year_no_program_covers_is_refused(program):
    result = run_import(
        [
            "Візит",
            "вхідна делегація",
            "заплановано",
            "02.06.2026",
            "03.06.2026",
            "у місті Мена",
            "",
            "",
            "",
            "",
        ],
    )
    assert result.has_errors() or result.has_validation_errors()
    assert not Event.objects.exists()
