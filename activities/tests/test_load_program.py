"""The program text is parsed faithfully and `load_program` loads it once, however often run."""

import hashlib
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from activities.models import Department, Direction, ExpectedResult, Program, ProgramSection
from activities.program_text import PROGRAM_2022_2024, read_program
from budget.models import BudgetAllocation, FundingSource, ProgramFunding, SpendingCategory

TITLE = (
    "Програма розвитку міжнародного співробітництва та партнерства Менської міської "
    "територіальної громади на 2022-2024 роки"
)
ECONOMY = "Відділ економічного розвитку та інвестицій Менської міської ради"
CO_DEVELOPERS = [
    ECONOMY,
    "Відділ освіти Менської міської ради",
    "Відділ культури Менської міської ради",
]
PARTICIPANTS = (
    "Міський голова, заступники міського голови, секретар ради, керуючий справами "
    "виконавчого комітету, старости\n"
    "Структурні підрозділи Менської міської ради\n"
    "Виконавчі органи місцевого самоврядування\n"
    "Комунальні установи, підприємства, заклади\n"
    "Депутати та члени виконавчого комітету Менської міської ради\n"
    "Члени Менської молодіжної ради"
)
CONTROL = (
    "Секретар ради, заступники міського голови відповідно до розподілу функціональних обов’язків"
)
DIRECTION_33_SOURCE = (
    "вирішення гуманітарних та соціальних потреб, які виникли внаслідок військових дій та інших "
    "непередбачуваних"
)
LOADED_MODELS = [
    Program,
    Program.co_developers.through,
    Department,
    ProgramSection,
    Direction,
    ExpectedResult,
    SpendingCategory,
    FundingSource,
    ProgramFunding,
]


@pytest.fixture(scope="module")
def text():
    return read_program()


@pytest.fixture(scope="module")
def source():
    return PROGRAM_2022_2024.read_text(encoding="utf-8")


def load():
    out = StringIO()
    call_command("load_program", stdout=out)
    return out.getvalue()


def snapshot():
    return {model: list(model.objects.order_by("pk").values()) for model in LOADED_MODELS}


def is_numbered_line(source, number, text):
    return re.search(rf"^{re.escape(f'{number}. {text}')}[;.]?$", source, re.MULTILINE)


def test_the_carried_text_is_the_councils_text_byte_for_byte():
    digest = hashlib.sha256(PROGRAM_2022_2024.read_bytes()).hexdigest()
    assert digest == "99070b2a89e98eeb6e87eca8fc21292d7212c4cfc182057561c938b68f53bdc0"


def test_the_parser_reads_the_passport_values_as_typed(text):
    passport = text.passport
    assert passport.title == TITLE
    assert passport.basis_document == (
        "Закон України «Про місцеве самоврядування в Україні» від 21.05.1997 №280/97-ВР"
    )
    assert passport.developers == "Менська міська рада"
    assert list(passport.co_developers) == CO_DEVELOPERS
    assert "\n".join(passport.participants) == PARTICIPANTS
    assert passport.responsible_executor == ECONOMY
    assert (passport.term, passport.start_year, passport.end_year) == ("2022-2024 роки", 2022, 2024)
    # The source has a double space inside this cell; passport values are squeezed.
    assert passport.funding_source == "з бюджету Менської міської територіальної громади"
    assert passport.control == CONTROL
    assert (text.signatory_position, text.signatory_name) == ("Секретар ради", "Юрій СТАЛЬНИЧЕНКО")


def test_the_yearly_amounts_add_up_to_the_passport_total(text):
    assert text.passport.funding == {
        2022: Decimal("200000.00"),
        2023: Decimal("300000.00"),
        2024: Decimal("300000.00"),
    }
    assert text.passport.funding_total == Decimal("800000.00")
    assert sum(text.passport.funding.values()) == text.passport.funding_total


def test_the_parser_finds_seven_sections_in_order(text):
    assert [(s.number, s.title) for s in text.sections] == [
        (1, "Вступ"),
        (2, "Визначення проблем, на розв’язання яких спрямована Програма"),
        (3, "Мета Програми"),
        (4, "Шляхи і способи розв’язання проблеми"),
        (5, "Обсяги та джерела фінансування"),
        (6, "Термін виконання Програми"),
        (7, "Очікувані результати"),
    ]
    assert text.sections[0].text.startswith("Малі міста займають особливе місце")
    assert text.sections[5].text.startswith("Програма діє протягом 2022-2024 року.")
    assert text.preamble.startswith(f"{TITLE} (далі – Програма) розроблена відповідно")


def test_the_expected_results_section_ends_with_the_paragraph_on_youth_exchange(text):
    results = text.sections[6].text
    assert results.startswith("Тісні стосунки з представниками іноземних держав")
    assert results.endswith("пізнавати і знати про інші країни, громади, міста, села.")
    assert "Молодіжний обмін делегаціями стимулюватиме" in results
    assert "СТАЛЬНИЧЕНКО" not in results


def test_the_parser_finds_34_directions_9_results_and_9_categories(text):
    assert list(text.directions) == list(range(1, 35))
    assert list(text.expected_results) == list(range(1, 10))
    assert list(text.spending_categories) == list(range(1, 10))


@pytest.mark.parametrize("items", ["directions", "expected_results", "spending_categories"])
def test_every_item_is_a_numbered_line_of_the_source(text, source, items):
    for number, item in getattr(text, items).items():
        if items == "directions" and number == 33:
            continue
        assert not item.endswith((";", ".")), (number, item)
        assert is_numbered_line(source, number, item), (number, item)


def test_direction_33_is_completed_with_a_word_the_source_lacks(text, source):
    direction = text.directions[33]
    assert direction == f"{DIRECTION_33_SOURCE} обставин"
    assert direction.endswith("обставин")
    assert direction not in source
    assert re.search(rf"^33\. {re.escape(DIRECTION_33_SOURCE)}\s*$", source, re.MULTILINE)


def test_spot_checked_directions_read_as_in_the_source(text):
    assert text.directions[1] == "обмін офіційними делегаціями"
    assert text.directions[9] == "обмін учнівськими та молодіжними делегаціями"
    # Item 19 ends with a full stop in the source, the others with a semicolon.
    assert text.directions[19] == "організація спортивних змагань"
    assert text.directions[33] == (
        "вирішення гуманітарних та соціальних потреб, які виникли внаслідок військових дій та "
        "інших непередбачуваних обставин"
    )
    assert text.directions[34] == "спільне створення та реалізація проєктів співробітництва"


def test_load_program_fills_in_the_passport(empty_database):
    load()
    program = Program.objects.get(title=TITLE)
    assert program.short_title == "Програма міжнародного співробітництва 2022–2024"
    assert (program.start_year, program.end_year) == (2022, 2024)
    assert program.status == Program.Status.ACTIVE
    assert program.basis_document == (
        "Закон України «Про місцеве самоврядування в Україні» від 21.05.1997 №280/97-ВР"
    )
    assert program.developers == "Менська міська рада"
    assert sorted(program.co_developers.values_list("name", flat=True)) == sorted(CO_DEVELOPERS)
    assert program.participants == PARTICIPANTS
    assert program.responsible_executor.name == ECONOMY
    assert program.control == CONTROL
    assert program.signatory_position == "Секретар ради"
    assert program.signatory_name == "Юрій СТАЛЬНИЧЕНКО"
    assert (program.decision_title, program.decision_number, program.decision_date) == (
        "",
        "",
        None,
    )
    assert Department.objects.count() == 3


def test_load_program_stores_the_approved_amounts_from_the_community_budget(empty_database, text):
    load()
    program = Program.objects.get(title=TITLE)
    assert dict(FundingSource.objects.values_list("code", "name")) == {
        "community_budget": "Бюджет Менської міської територіальної громади",
        "other": "Інші джерела, не заборонені законодавством",
    }
    funding = program.funding.order_by("year")
    assert [(f.year, f.source.code, f.amount) for f in funding] == [
        (2022, "community_budget", Decimal("200000.00")),
        (2023, "community_budget", Decimal("300000.00")),
        (2024, "community_budget", Decimal("300000.00")),
    ]
    total = sum(f.amount for f in funding)
    assert total == Decimal("800000.00") == text.passport.funding_total


def test_load_program_stores_directions_results_and_categories_with_their_kekv(
    empty_database, text
):
    load()
    program = Program.objects.get(title=TITLE)
    assert dict(program.directions.values_list("number", "text")) == text.directions
    assert dict(program.expected_results.values_list("number", "text")) == text.expected_results
    assert program.directions.count() == 34
    assert program.expected_results.count() == 9
    categories = program.categories.order_by("number")
    assert [(c.number, c.kekv) for c in categories] == [
        (1, "2210"),
        (2, "2210"),
        (3, "2240"),
        (4, "2250"),
        (5, "2210"),
        (6, "2240"),
        (7, "2240"),
        (8, "2240"),
        (9, "2240"),
    ]
    assert {c.number: c.name for c in categories} == text.spending_categories


def test_load_program_stores_the_sections_with_the_preamble_opening_the_introduction(
    empty_database, text
):
    load()
    sections = Program.objects.get(title=TITLE).sections.order_by("number")
    assert [(s.number, s.title) for s in sections] == [(s.number, s.title) for s in text.sections]
    assert sections[0].text == f"{text.preamble}\n{text.sections[0].text}"
    assert [s.text for s in sections[1:]] == [s.text for s in text.sections[1:]]


def test_running_load_program_twice_changes_nothing(empty_database):
    first = load()
    before = snapshot()
    second = load()
    after = snapshot()
    assert {m: len(rows) for m, rows in after.items()} == {
        m: len(rows) for m, rows in before.items()
    }
    assert after == before
    assert "created 68, updated or unchanged 0." in first
    assert "created 0, updated or unchanged 68." in second


def test_running_load_program_again_restores_a_changed_kekv_and_keeps_staff_rows(empty_database):
    load()
    program = Program.objects.get(title=TITLE)
    category = program.categories.get(number=4)
    category.kekv = "2282"
    category.save()
    program.status = Program.Status.COMPLETED
    program.decision_number = "12/34"
    program.save()
    allocation = BudgetAllocation.objects.create(
        category=category,
        year=2023,
        source=FundingSource.objects.get(code="community_budget"),
        amount=Decimal("50000.00"),
        decision="Рішення про бюджет на 2023 рік",
    )

    load()

    category.refresh_from_db()
    program.refresh_from_db()
    assert category.kekv == "2250"
    assert program.status == Program.Status.COMPLETED
    assert program.decision_number == "12/34"
    assert list(BudgetAllocation.objects.values_list("pk", "category", "amount")) == [
        (allocation.pk, category.pk, Decimal("50000.00"))
    ]
