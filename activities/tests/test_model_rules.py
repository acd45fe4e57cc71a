"""The program's rules hold in the database, and forms report them next to the field."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from activities.models import Direction, Event, Program

pytestmark = pytest.mark.django_db


def make_event(program, **fields):
    values = {
        "program": program,
        "title": "Візит делегації з Польщі",
        "kind": Event.Kind.INCOMING_DELEGATION,
        "start_date": datetime.date(2023, 5, 10),
        "end_date": datetime.date(2023, 5, 12),
        "place": Event.Place.MENA,
    }
    values.update(fields)
    return Event(**values)


def errors_in_ukrainian(instance):
    with translation.override("uk"), pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return {
        field: [str(m) for m in messages] for field, messages in caught.value.message_dict.items()
    }


def test_database_refuses_an_event_that_ends_before_it_starts(program):
    event = make_event(program, end_date=datetime.date(2023, 5, 9))
    with (
        pytest.raises(IntegrityError, match="activities_event_end_not_before_start"),
        transaction.atomic(),
    ):
        event.save()


def test_form_error_for_an_early_end_is_in_ukrainian_next_to_the_end_date(program):
    event = make_event(program, end_date=datetime.date(2023, 5, 9))
    assert errors_in_ukrainian(event) == {
        "end_date": ["Дата завершення не може бути раніше дати початку."]
    }


def test_database_refuses_an_event_outside_the_program_term(program):
    event = make_event(
        program, start_date=datetime.date(2025, 1, 10), end_date=datetime.date(2025, 1, 11)
    )
    with pytest.raises(IntegrityError, match="outside the program term"), transaction.atomic():
        event.save()
    assert "start_date" in errors_in_ukrainian(event)


def test_an_event_abroad_needs_a_country(program):
    event = make_event(program, place=Event.Place.ABROAD)
    with (
        pytest.raises(IntegrityError, match="activities_event_abroad_has_country"),
        transaction.atomic(),
    ):
        event.save()
    assert list(errors_in_ukrainian(event)) == ["country"]
    make_event(program, place=Event.Place.ABROAD, country="PL", city="Люблін").save()


def test_young_participants_cannot_outnumber_all_participants(program):
    event = make_event(program, participant_count=5, youth_count=6)
    assert list(errors_in_ukrainian(event)) == ["youth_count"]
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_direction_numbers_are_unique_within_a_program(program):
    duplicate = Direction(program=program, number=1, text="ще один перший напрям")
    assert list(errors_in_ukrainian(duplicate)) == ["number"]
    with (
        pytest.raises(IntegrityError, match="activities_direction_number_unique"),
        transaction.atomic(),
    ):
        duplicate.save()


def test_the_next_program_reuses_numbers_without_schema_changes(program):
    following = Program.objects.create(
        title="Програма міжнародного співробітництва на 2025-2027 роки",
        short_title="2025–2027",
        start_year=2025,
        end_year=2027,
    )
    Direction.objects.create(program=following, number=1, text="обмін офіційними делегаціями")
    event = make_event(
        following, start_date=datetime.date(2026, 3, 1), end_date=datetime.date(2026, 3, 2)
    )
    event.full_clean()
    event.save()
    assert Program.objects.covering_year(2026).get() == following
    assert Program.objects.covering_year(2023).get() == program


def test_a_program_cannot_end_before_it_starts(db):
    program = Program(title="Хибна", short_title="Хибна", start_year=2024, end_year=2022)
    assert list(errors_in_ukrainian(program)) == ["end_year"]
    with pytest.raises(IntegrityError), transaction.atomic():
        program.save()
