"""Documents and amendments: each document prints the version in force for what it shows, and
the draft decision «Про внесення змін до Програми …» words each kind of change."""

import datetime
import subprocess
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from activities import amendments
from activities.models import Amendment, Department
from budget.models import FundingSource

pytestmark = pytest.mark.django_db

NEW_WORDING = "Розвиток молодіжних обмінів з громадами-партнерами"


def _draft(program, **extra):
    return Amendment.objects.create(
        program=program, title="Про внесення змін", status=Amendment.Status.DRAFT, **extra
    )


def _adopt(amendment, number="7/12", day=datetime.date(2023, 6, 1)):
    return amendments.adopt(
        amendment=amendment,
        decision_number=number,
        decision_date=day,
        act_kind=amendment.act_kind,
    )


def _local():
    return FundingSource.objects.get(code=FundingSource.LOCAL_BUDGET)


def _funding_change(amendment, year=2023, amount="250000.00"):
    source = _local()
    return amendments.add_change(
        amendment=amendment,
        kind="funding",
        target={"year": year, "source": source.pk, "source_name": source.name, "row": "9.1"},
        new=amount,
    )


def _pdf_text(content):
    assert content.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.replace("\xa0", " ").split())


def test_the_2022_report_prints_the_old_wording_and_the_2024_report_the_new(
    as_user, controller, program
):
    old = program.directions.get(number=3).text
    amendment = _draft(program)
    amendments.add_change(
        amendment=amendment,
        kind="item",
        target={"list": "directions", "number": 3},
        new=NEW_WORDING,
    )
    _adopt(amendment)
    client = as_user(controller)

    in_2022 = client.get(reverse("reports:annual-report", args=[2022])).content.decode()
    in_2024 = client.get(reverse("reports:annual-report", args=[2024])).content.decode()

    assert old in in_2022 and NEW_WORDING not in in_2022
    assert NEW_WORDING in in_2024
    # Every document of a version says which decisions it includes.
    assert "зі змінами, внесеними рішенням від 01.06.2023 № 7/12" in in_2024
    assert "зі змінами" not in in_2022
    passport = client.get(reverse("reports:passport")).content.decode()
    assert "зі змінами, внесеними рішенням від 01.06.2023 № 7/12" in passport


def test_the_annual_report_of_a_year_shows_the_approved_amount_in_force_that_year(
    as_user, controller, program
):
    amendment = _draft(program)
    _funding_change(amendment, year=2023, amount="987654.00")
    # Adopted after 2023 ended: the 2023 report keeps the amount of 2023.
    _adopt(amendment, day=datetime.date(2024, 3, 1))
    client = as_user(controller)
    report = client.get(reverse("reports:annual-report", args=[2023])).content.decode()
    passport = client.get(reverse("reports:passport")).content.decode()
    assert "987,65" not in report
    assert "987,65" in passport


def test_the_draft_decision_words_a_funding_change_cell_by_cell(as_user, administrator, program):
    amendment = _draft(program)
    _funding_change(amendment, year=2023, amount="350000.00")
    context = amendments_context(program, amendment)
    points = context["points"]
    # 2023 was 300,00 thousand from the local budget; rows 9 and 9.1, the year and the total.
    assert (
        "У пункті 9.1 паспорта Програми в графі «2023» цифри «300,00» замінити цифрами «350,00»."
        in points
    )
    assert any(p.startswith("У пункті 9 паспорта Програми в графі «усього»") for p in points)
    assert not any("9.2" in p for p in points)


def amendments_context(program, amendment):
    from reports.documents import AMENDMENT_DECISION

    return AMENDMENT_DECISION.get_context(program, amendment)


def test_the_draft_decision_words_each_kind_of_change(program):
    amendment = _draft(program)
    amendments.add_change(
        amendment=amendment, kind="passport", target={"field": "control"}, new="Постійна комісія"
    )
    amendments.add_change(
        amendment=amendment, kind="term", target={}, new={"start": 2022, "end": 2025}
    )
    amendments.add_change(
        amendment=amendment,
        kind="item",
        target={"list": "expected_results", "number": 2},
        new="Нова редакція результату",
    )
    amendments.add_change(
        amendment=amendment,
        kind="annex",
        target={"list": "directions"},
        new=["Перший напрям", "Другий напрям"],
    )
    amendments.add_change(
        amendment=amendment,
        kind="edition",
        target={},
        new=[["Вступ", "Новий текст."], ["Мета Програми", "Нова мета."]],
    )
    context = amendments_context(program, amendment)
    points = context["points"]
    assert points == [
        "Пункт 10 паспорта Програми викласти в такій редакції: «Постійна комісія».",
        "У пункті 7 паспорта Програми цифри «2022–2024» замінити цифрами «2022–2025».",
        "Пункт 2 очікуваних результатів викласти в такій редакції: «Нова редакція результату».",
        "Додаток 2 до Програми («Напрями діяльності») викласти в новій редакції, що додається.",
        "Програму викласти в новій редакції, що додається.",
    ]
    assert [annex["title"] for annex in context["annexes"]] == [
        "Додаток 2: Напрями діяльності",
        "Програма в новій редакції",
    ]
    assert context["decision"]["title"].startswith("Про внесення змін до Програми")


def test_the_draft_decision_as_pdf_and_docx(as_user, controller, program):
    amendment = _draft(program)
    _funding_change(amendment, year=2024, amount="400000.00")
    amendments.add_change(
        amendment=amendment,
        kind="annex",
        target={"list": "expected_results"},
        new=["Єдиний очікуваний результат"],
    )
    client = as_user(controller)

    pdf = client.get(reverse("reports:amendment-decision-pdf", args=[amendment.pk]))
    text = _pdf_text(pdf.content)
    assert "ПРО ВНЕСЕННЯ ЗМІН" in text.upper()
    assert "цифри «300,00» замінити цифрами «400,00»" in text
    assert "Додаток 3 до Програми" in text
    assert "Єдиний очікуваний результат" in text
    assert "ВИРІШИЛА" in text.upper()

    docx = client.get(reverse("reports:amendment-decision-docx", args=[amendment.pk]))
    assert docx["Content-Type"].endswith("wordprocessingml.document")
    assert f"amendment-{amendment.pk}-decision.docx" in docx["Content-Disposition"]
    paragraphs = [p.text for p in Document(BytesIO(docx.content)).paragraphs]
    words = "\n".join(paragraphs)
    # Each point its own paragraph, numbered as councils number them.
    assert any(
        text.startswith("1.1. У пункті 9 паспорта Програми в графі «2024»") for text in paragraphs
    )
    assert "цифри «300,00» замінити цифрами «400,00»" in words
    assert "Єдиний очікуваний результат" in words


def test_an_order_of_the_military_administration_is_worded_as_an_order(program):
    amendment = _draft(program, act_kind=Amendment.ActKind.MILITARY_ORDER)
    amendments.add_change(
        amendment=amendment, kind="passport", target={"field": "control"}, new="Комісія"
    )
    context = amendments_context(program, amendment)
    assert context["military"]


def test_adopting_an_amendment_changes_the_cached_documents(as_user, controller, program):
    client = as_user(controller)
    first = client.get(reverse("reports:passport-pdf")).content
    amendment = _draft(program)
    amendments.add_change(
        amendment=amendment, kind="passport", target={"field": "control"}, new="Нова комісія"
    )
    _adopt(amendment)
    second = client.get(reverse("reports:passport-pdf")).content
    assert "Нова комісія" in _pdf_text(second)
    assert first != second


def test_an_adopted_amendment_keeps_its_wording(program):
    amendment = _draft(program)
    _funding_change(amendment, year=2023, amount="350000.00")
    _adopt(amendment)
    amendment.refresh_from_db()
    points = amendments_context(program, amendment)["points"]
    assert (
        "У пункті 9.1 паспорта Програми в графі «2023» цифри «300,00» замінити цифрами «350,00»."
        in points
    )


def test_rows_4_and_5_print_as_in_force_for_the_year_shown(as_user, controller, program):
    old_executor = program.responsible_executor
    culture = Department.objects.create(name="Відділ культури і туризму")
    amendment = _draft(program)
    amendments.add_change(
        amendment=amendment,
        kind="units",
        target={"field": "responsible_executor"},
        new={"id": culture.pk, "name": culture.name},
    )
    amendments.add_change(
        amendment=amendment,
        kind="units",
        target={"field": "co_developers"},
        new=[{"id": culture.pk, "name": culture.name}],
    )
    _adopt(amendment)
    client = as_user(controller)

    in_2022 = client.get(reverse("reports:annual-report", args=[2022])).content.decode()
    in_2024 = client.get(reverse("reports:annual-report", args=[2024])).content.decode()
    passport = client.get(reverse("reports:passport")).content.decode()

    assert old_executor.name in in_2022 and culture.name not in in_2022
    assert culture.name in in_2024
    assert culture.name in passport and old_executor.name not in passport
    # A unit renamed after the decision: the documents of before it keep the name it had.
    old_name = old_executor.name
    Department.objects.filter(pk=old_executor.pk).update(name="Перейменований відділ")
    assert old_name in client.get(reverse("reports:annual-report", args=[2022])).content.decode()
