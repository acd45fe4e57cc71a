"""Amendments as data: drafts, adopting them under the rules, and the version in force."""

import datetime
from decimal import Decimal

import pghistory.models
import pytest
from django.core.exceptions import ValidationError

from activities import amendments
from activities.models import Amendment, AnnualReport, Department, Event
from budget.models import Expense, FundingSource, ProgramFunding
from budget.money import MoneyLayers

pytestmark = pytest.mark.django_db


def draft(program, title="Про внесення змін до Програми"):
    return Amendment.objects.create(program=program, title=title, status=Amendment.Status.DRAFT)


def adopt(amendment, number="12/3", day=datetime.date(2023, 6, 1), **extra):
    return amendments.adopt(
        amendment=amendment,
        decision_number=number,
        decision_date=day,
        act_kind=Amendment.ActKind.COUNCIL_DECISION,
        **extra,
    )


def budget_source():
    return FundingSource.objects.get(code=FundingSource.LOCAL_BUDGET)


def funding(program, year):
    return ProgramFunding.objects.get(program=program, year=year, source=budget_source()).amount


def test_a_point_edit_of_funding_is_applied_by_adopting_the_draft(program):
    before = funding(program, 2023)
    amendment = draft(program)
    change = amendments.add_change(
        amendment=amendment,
        kind="funding",
        target={"year": 2023, "source": budget_source().pk},
        new="250000.00",
    )
    assert Decimal(change.old) == before
    # A draft changes nothing yet.
    assert funding(program, 2023) == before

    adopt(amendment)

    assert funding(program, 2023) == Decimal("250000.00")
    amendment.refresh_from_db()
    assert amendment.is_adopted and amendment.decision_number == "12/3"
    # In the audit trail, like every write.
    assert pghistory.models.Events.objects.filter(pgh_model="budget.ProgramFundingEvent").exists()


def test_a_direction_reworded_in_2023_reads_old_in_2022_and_new_in_2024(program):
    old = program.directions.get(number=3).text
    amendment = draft(program)
    amendments.add_change(
        amendment=amendment,
        kind="item",
        target={"list": "directions", "number": 3},
        new="Розвиток молодіжних обмінів з громадами-партнерами",
    )
    adopt(amendment, day=datetime.date(2023, 6, 1))

    current = {d.number: d.text for d in program.directions.all()}
    in_2022 = amendments.in_force(program, datetime.date(2022, 12, 31)).items("directions", current)
    in_2024 = amendments.in_force(program, datetime.date(2024, 12, 31)).items("directions", current)
    assert in_2022[3] == old
    assert in_2024[3] == "Розвиток молодіжних обмінів з громадами-партнерами"


def test_the_approved_amount_of_a_year_is_the_one_in_force_in_that_year(program):
    source = budget_source()
    before = funding(program, 2023)
    amendment = draft(program)
    amendments.add_change(
        amendment=amendment,
        kind="funding",
        target={"year": 2023, "source": source.pk},
        new=str(before + 1000),
    )
    # Adopted after the year ended: the year's own documents keep its old figure.
    adopt(amendment, day=datetime.date(2024, 2, 1))

    assert MoneyLayers(program, [2023]).approved[2023, source.pk] == before
    today = MoneyLayers(program, on=datetime.date(2024, 3, 1)).approved
    assert today[2023, source.pk] == before + 1000


def test_an_effective_date_later_than_the_decision_counts(program):
    amendment = draft(program)
    amendments.add_change(
        amendment=amendment, kind="passport", target={"field": "control"}, new="Постійна комісія"
    )
    old = program.control
    adopt(amendment, day=datetime.date(2023, 5, 1), effective_date=datetime.date(2023, 9, 1))
    program.refresh_from_db()
    assert amendments.in_force(program, datetime.date(2023, 8, 31)).program.control == old
    assert amendments.in_force(program, datetime.date(2023, 9, 1)).program.control == (
        "Постійна комісія"
    )


def test_changes_are_undone_newest_first(program):
    first, second = draft(program, "Перші зміни"), draft(program, "Другі зміни")
    original = program.directions.get(number=1).text
    amendments.add_change(
        amendment=first, kind="item", target={"list": "directions", "number": 1}, new="Перша"
    )
    adopt(first, number="1", day=datetime.date(2022, 6, 1))
    amendments.add_change(
        amendment=second, kind="item", target={"list": "directions", "number": 1}, new="Друга"
    )
    adopt(second, number="2", day=datetime.date(2023, 6, 1))

    current = {d.number: d.text for d in program.directions.all()}
    assert current[1] == "Друга"
    on = amendments.in_force
    assert on(program, datetime.date(2022, 1, 1)).items("directions", current)[1] == original
    assert on(program, datetime.date(2022, 12, 31)).items("directions", current)[1] == "Перша"


def test_a_new_edition_of_the_directions_replaces_the_list(program):
    count = program.directions.count()
    amendment = draft(program)
    amendments.add_change(
        amendment=amendment,
        kind="annex",
        target={"list": "directions"},
        new=[d.text for d in program.directions.order_by("number")] + ["Новий напрям"],
    )
    adopt(amendment)
    assert program.directions.count() == count + 1
    assert program.directions.get(number=count + 1).text == "Новий напрям"
    current = {d.number: d.text for d in program.directions.all()}
    before = amendments.in_force(program, datetime.date(2022, 12, 31)).items("directions", current)
    assert len(before) == count


def test_a_new_edition_cannot_drop_a_direction_with_events(program):
    direction = program.directions.order_by("-number").first()
    day = datetime.date(2023, 5, 10)
    event = Event.objects.create(
        program=program,
        title="Візит",
        kind=Event.Kind.OTHER,
        start_date=day,
        end_date=day,
        place=Event.Place.MENA,
    )
    event.directions.add(direction)
    amendment = draft(program)
    amendments.add_change(
        amendment=amendment, kind="annex", target={"list": "directions"}, new=["Один напрям"]
    )
    with pytest.raises(ValidationError, match=f"{direction.number}"):
        adopt(amendment)
    assert not Amendment.objects.get(pk=amendment.pk).is_adopted


def test_shrinking_the_term_is_refused_with_what_lies_outside_it(program):
    day = datetime.date(2024, 3, 5)
    Event.objects.create(
        program=program,
        title="Обмін молоддю",
        kind=Event.Kind.YOUTH_EXCHANGE,
        start_date=day,
        end_date=day,
        place=Event.Place.MENA,
    )
    category = program.categories.order_by("number").first()
    Expense.objects.create(category=category, source=budget_source(), date=day, amount=100)
    amendment = draft(program)
    amendments.add_change(
        amendment=amendment, kind="term", target={}, new={"start": 2022, "end": 2023}
    )

    with pytest.raises(ValidationError) as refused:
        adopt(amendment)

    message = " ".join(refused.value.messages)
    assert "Обмін молоддю (05.03.2024)" in message
    assert "05.03.2024" in message and "видаток" in message
    assert "фінансування 2024" in message  # the program's funding of 2024
    program.refresh_from_db()
    assert program.end_year == 2024
    assert not Amendment.objects.get(pk=amendment.pk).is_adopted


def test_extending_the_term_is_applied(program):
    amendment = draft(program)
    amendments.add_change(
        amendment=amendment, kind="term", target={}, new={"start": 2022, "end": 2025}
    )
    adopt(amendment)
    program.refresh_from_db()
    assert program.end_year == 2025


def test_a_closed_year_needs_an_administrators_reason(program):
    AnnualReport.objects.create(program=program, year=2023, accepted_on=datetime.date(2024, 2, 20))
    amendment = draft(program)
    amendments.add_change(
        amendment=amendment,
        kind="funding",
        target={"year": 2023, "source": budget_source().pk},
        new="1.00",
    )
    with pytest.raises(ValidationError, match="2023"):
        adopt(amendment)
    adopt(amendment, closed_year_reason="Уточнення за рішенням про бюджет")
    assert funding(program, 2023) == Decimal("1.00")


def test_a_value_changed_since_the_change_was_entered_refuses_the_adoption(program):
    amendment = draft(program)
    amendments.add_change(
        amendment=amendment, kind="passport", target={"field": "control"}, new="Комісія"
    )
    type(program).objects.filter(pk=program.pk).update(control="Хтось змінив")
    with pytest.raises(ValidationError, match="Хтось змінив"):
        adopt(amendment)


def test_an_adopted_amendment_is_not_adopted_twice(program):
    amendment = draft(program)
    amendments.add_change(
        amendment=amendment, kind="passport", target={"field": "control"}, new="Комісія"
    )
    adopt(amendment)
    with pytest.raises(ValidationError, match="Хтось інший"):
        adopt(amendment, number="13")


def test_a_change_to_the_current_value_is_refused(program):
    with pytest.raises(ValidationError):
        amendments.add_change(
            amendment=draft(program),
            kind="passport",
            target={"field": "control"},
            new=program.control,
        )


def test_a_new_edition_of_the_program_replaces_its_sections(program):
    amendment = draft(program)
    text = "1. Вступ\nНовий вступ.\n\n2. Мета Програми\nМета.\n1. Пункт тексту мети."
    sections = amendments.parse_sections(text)
    assert sections == [
        ["Вступ", "Новий вступ."],
        ["Мета Програми", "Мета.\n1. Пункт тексту мети."],
    ]
    old_count = program.sections.count()
    amendments.add_change(amendment=amendment, kind="edition", target={}, new=sections)
    adopt(amendment)
    assert program.sections.count() == 2
    current = dict(program.sections.values_list("number", "text"))
    before = amendments.in_force(program, datetime.date(2022, 1, 1)).items("sections", current)
    assert len(before) == old_count


def _units(program):
    names = sorted(program.co_developers.values_list("name", flat=True))
    return program.responsible_executor, names


def test_the_co_developers_and_the_executor_are_changed_by_adopting_and_undone_in_force(program):
    old_executor, old_co_developers = _units(program)
    culture = Department.objects.create(name="Відділ культури")
    youth = Department.objects.create(name="Відділ молоді та спорту")
    amendment = draft(program)
    executor = amendments.add_change(
        amendment=amendment,
        kind="units",
        target={"field": "responsible_executor"},
        new={"id": culture.pk, "name": culture.name},
    )
    # Ids and names, so that the history prints them whatever becomes of the units.
    assert executor.old == {"id": old_executor.pk, "name": old_executor.name}
    co_developers = amendments.add_change(
        amendment=amendment,
        kind="units",
        target={"field": "co_developers"},
        new=[{"id": unit.pk, "name": unit.name} for unit in (culture, youth)],
    )
    assert [unit["name"] for unit in co_developers.old] == old_co_developers
    # A draft changes nothing yet.
    assert _units(program) == (old_executor, old_co_developers)

    adopt(amendment, day=datetime.date(2023, 6, 1))

    program.refresh_from_db()
    assert _units(program) == (culture, ["Відділ культури", "Відділ молоді та спорту"])
    before = amendments.in_force(program, datetime.date(2022, 12, 31))
    assert before.program.responsible_executor.name == old_executor.name
    assert before.units("responsible_executor")["id"] == old_executor.pk
    assert [unit["name"] for unit in before.units("co_developers")] == old_co_developers
    after = amendments.in_force(program, datetime.date(2023, 12, 31))
    assert after.program.responsible_executor == culture
    assert [unit["name"] for unit in after.units("co_developers")] == [culture.name, youth.name]


def test_a_unit_row_is_worded_and_shown_by_the_names_the_change_stored(program):
    culture = Department.objects.create(name="Відділ культури")
    youth = Department.objects.create(name="Відділ молоді та спорту")
    amendment = draft(program)
    executor = amendments.add_change(
        amendment=amendment,
        kind="units",
        target={"field": "responsible_executor"},
        new={"id": culture.pk, "name": culture.name},
    )
    co_developers = amendments.add_change(
        amendment=amendment,
        kind="units",
        target={"field": "co_developers"},
        new=[{"id": unit.pk, "name": unit.name} for unit in (culture, youth)],
    )
    adopt(amendment)
    Department.objects.filter(pk=culture.pk).update(name="Управління культури і туризму")

    kind = amendments.kind_of("units")
    assert kind.wording(program, executor) == (
        "Пункт 5 паспорта Програми викласти в такій редакції: «Відділ культури»."
    )
    assert kind.wording(program, co_developers) == (
        "Пункт 4 паспорта Програми викласти в такій редакції: "
        "«Відділ культури, Відділ молоді та спорту»."
    )
    assert kind.target_label(program, executor) == "Пункт 5: відповідальний виконавець"
    assert kind.show(co_developers.new) == "Відділ культури\nВідділ молоді та спорту"


def test_a_unit_renamed_since_the_change_was_entered_does_not_refuse_the_adoption(program):
    culture = Department.objects.create(name="Відділ культури")
    amendment = draft(program)
    amendments.add_change(
        amendment=amendment,
        kind="units",
        target={"field": "responsible_executor"},
        new={"id": culture.pk, "name": culture.name},
    )
    executor = program.responsible_executor
    Department.objects.filter(pk=executor.pk).update(name="Перейменоване управління")
    adopt(amendment)
    program.refresh_from_db()
    assert program.responsible_executor == culture


def test_another_executor_set_since_the_change_was_entered_refuses_the_adoption(program):
    culture = Department.objects.create(name="Відділ культури")
    other = Department.objects.create(name="Відділ освіти")
    amendment = draft(program)
    amendments.add_change(
        amendment=amendment,
        kind="units",
        target={"field": "responsible_executor"},
        new={"id": culture.pk, "name": culture.name},
    )
    type(program).objects.filter(pk=program.pk).update(responsible_executor=other)
    with pytest.raises(ValidationError, match="Відділ освіти"):
        adopt(amendment)


def test_a_unit_removed_before_the_adoption_refuses_it_by_name(program):
    culture = Department.objects.create(name="Відділ культури")
    amendment = draft(program)
    amendments.add_change(
        amendment=amendment,
        kind="units",
        target={"field": "co_developers"},
        new=[{"id": culture.pk, "name": culture.name}],
    )
    culture.delete()
    with pytest.raises(ValidationError, match="Відділ культури"):
        adopt(amendment)
    assert not Amendment.objects.get(pk=amendment.pk).is_adopted


def test_the_same_units_in_another_order_change_nothing(program):
    named = [{"id": unit.pk, "name": unit.name} for unit in program.co_developers.all()]
    with pytest.raises(ValidationError):
        amendments.add_change(
            amendment=draft(program),
            kind="units",
            target={"field": "co_developers"},
            new=list(reversed(named)),
        )


def test_the_units_form_gives_one_executor_or_several_co_developers(program):
    culture = Department.objects.create(name="Відділ культури")
    youth = Department.objects.create(name="Відділ молоді та спорту")
    form_class = amendments.kind_of("units").form_class
    both = [culture.pk, youth.pk]
    refused = form_class({"field": "responsible_executor", "departments": both}, program=program)
    assert not refused.is_valid() and "departments" in refused.errors
    form = form_class({"field": "co_developers", "departments": both}, program=program)
    assert form.is_valid()
    assert form.change() == (
        {"field": "co_developers"},
        [{"id": culture.pk, "name": culture.name}, {"id": youth.pk, "name": youth.name}],
    )
