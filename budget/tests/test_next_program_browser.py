"""Starting the next program from the old one, in a real browser."""

import pytest

from activities.models import Indicator, Program
from menaprogram.tests.browser import serious_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_administrator_starts_the_next_program_from_the_documents_page(
    live_server, page, program, administrator
):
    Indicator.objects.create(
        program=program, kind=Indicator.Kind.OUTPUT, name="Кількість делегацій", unit="од."
    )
    sign_in(page, live_server, "administrator", "/reports/")
    page.get_by_role("link", name="Розпочати наступну програму на основі цієї").click()
    page.wait_for_url(f"{live_server.url}/programs/{program.pk}/next/")
    assert page.get_by_role("heading", name="Розпочати наступну програму").is_visible()
    assert serious_axe_violations(page) == []
    # The next term is proposed; every part is ticked.
    assert page.get_by_label("Рік початку").input_value() == "2025"
    assert page.get_by_label("Рік завершення").input_value() == "2027"
    assert "2025-2027" in page.locator("#id_title").input_value()
    page.get_by_label("показники").uncheck()
    page.get_by_label("Рішення про затвердження: номер").fill("12/345")
    page.get_by_label("Рішення про затвердження: дата").fill("20.12.2024")
    page.get_by_role("button", name="Розпочати наступну програму").click()

    new = Program.objects.get(start_year=2025)
    # Its passport page, in the workspace: a draft, edited directly.
    page.wait_for_url(f"{live_server.url}/programs/{new.pk}/")
    assert "розпочато як проєкт" in page.locator(".alert").first.inner_text()
    assert new.status == Program.Status.DRAFT and new.decision_number == "12/345"
    assert new.directions.count() == 34 and new.categories.count() == 9
    assert new.sections.count() == program.sections.count()
    assert not new.indicators.exists()
    assert serious_axe_violations(page) == []
    page.get_by_label("Учасники").fill("Структурні підрозділи міської ради")
    page.get_by_label("Статус").select_option("active")
    page.get_by_role("button", name="Зберегти").click()
    page.wait_for_url(f"{live_server.url}/programs/{new.pk}/")
    new.refresh_from_db()
    assert new.status == Program.Status.ACTIVE
    assert new.participants == "Структурні підрозділи міської ради"
    # In force: the title is locked, the way to change it is an amendment.
    assert page.locator("#id_title").is_disabled()
    assert (
        page.get_by_test_id("amend-note").get_by_role("link", name="Новий проєкт змін").is_visible()
    )

    # The workspace is the new program, marked current (its term covers today).
    page.goto(f"{live_server.url}/reports/")
    assert "2025-2027" in page.locator("main").inner_text()
    assert page.get_by_test_id("program-state").inner_text() == "чинна"
