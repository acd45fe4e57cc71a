"""The rules the documents show (achieved, new or expiring), and one URL set per document."""

import datetime
from decimal import Decimal

from django.urls import reverse

from activities.models import Indicator, Program
from partners.models import Agreement
from reports.documents import REGISTRY

Achievement = Indicator.Achievement


def test_an_indicator_is_achieved_at_its_target_and_partly_below_it():
    assert Achievement.of(Decimal("10"), Decimal("10")) == Achievement.ACHIEVED
    assert Achievement.of(Decimal("10"), Decimal("7")) == Achievement.PARTLY
    assert Achievement.of(Decimal("10"), Decimal("0")) == Achievement.NOT_ACHIEVED
    assert Achievement.of(Decimal("10"), None) == Achievement.NO_DATA
    assert [a.falls_short for a in Achievement] == [False, True, True, False]


def test_an_agreement_is_new_in_the_year_it_is_signed_then_expiring_in_its_last():
    agreement = Agreement(
        signed_on=datetime.date(2022, 5, 1), valid_until=datetime.date(2024, 4, 30)
    )
    assert [agreement.standing_in(year) for year in (2022, 2023, 2024)] == [
        Agreement.Standing.NEW,
        Agreement.Standing.IN_FORCE,
        Agreement.Standing.EXPIRING,
    ]
    assert Agreement(signed_on=datetime.date(2020, 1, 1)).standing_in(2023) == (
        Agreement.Standing.IN_FORCE
    )


def test_each_document_has_a_preview_and_a_pdf_and_a_workbook_where_declared():
    for document in REGISTRY.values():
        args = [2023] if "<int:year>" in document.route else []
        assert reverse(f"reports:{document.id}", args=args)
        assert reverse(f"reports:{document.id}-pdf", args=args).endswith("/pdf/")
    assert reverse("reports:annual-report-xlsx", args=[2023]) == "/reports/annual/2023/xlsx/"


def test_a_pdf_in_another_language_than_the_first_says_so_in_its_name():
    passport, program = REGISTRY["passport"], Program(start_year=2022, end_year=2024)
    assert passport.pdf_language("en") == "en"
    assert passport.pdf_language("de") == "uk"
    assert passport.filename(program, None, "pdf", "en") == "passport-2022-2024-en.pdf"
    assert passport.filename(program, None, "pdf", "uk") == "passport-2022-2024.pdf"
    assert REGISTRY["annual-report"].pdf_language("en") is None  # the request's language
