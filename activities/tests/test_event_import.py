"""Importing events: directions by number within the program, partners by name, all or nothing."""

import datetime

import pytest
import tablib
from django.utils import translation

from activities.models import Event
from menaprogram import spreadsheets
from menaprogram.importer import engine, registry
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


def run_import(program, *rows):
    raw = spreadsheets.csv_bytes(tablib.Dataset(*rows, headers=HEADERS))
    with translation.override("uk"):
        return engine.import_file(kind=registry.get("events"), raw=raw, program=program)


@pytest.fixture
def partners(db):
    return [
        Partner.objects.create(kind=Partner.Kind.COMMUNITY, name_uk="Гміна Тарнув", country="PL"),
        Partner.objects.create(
            kind=Partner.Kind.CITY, name_uk="Місто Ловеч, Болгарія", country="BG"
        ),
    ]


def test_an_event_row_links_directions_of_its_program_and_partners_by_name(program, partners):
    outcome = run_import(
        program,
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
    assert outcome.ok, outcome.errors()
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
    outcome = run_import(program, good, unknown_partner, direction_35)
    errors = {number: message for number, _column, message in outcome.errors()}
    assert "Гміна Неіснуюча" in errors[3]
    assert "35" in errors[4]
    assert not Event.objects.exists()


def test_an_event_in_a_year_outside_the_program_is_refused(program):
    outcome = run_import(
        program,
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
    assert not outcome.ok
    assert not Event.objects.exists()
