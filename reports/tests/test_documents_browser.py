"""The documents' pages in a real browser: axe-core finds no serious violation, keys work."""

import json

import pytest

from menaprogram.tests.browser import serious_axe_violations, sign_in
from reports.tests.documents_data import held_events, money_for_2023

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _serious_violations_in_main(page):
    return serious_axe_violations(page)


def test_document_pages_have_no_serious_accessibility_violations(
    live_server, page, program, editor
):
    money_for_2023(program)
    held_events(program, 3)
    sign_in(page, live_server, "editor", "/reports/")
    for path in (
        "/reports/",
        "/reports/passport/",
        "/reports/annual/2023/",
        "/reports/annual/2023/summary/",
        "/reports/final/",
    ):
        page.goto(f"{live_server.url}{path}")
        violations = _serious_violations_in_main(page)
        assert violations == [], (path, json.dumps(violations, ensure_ascii=False))


def test_editor_reaches_the_summary_form_by_keyboard_and_saves_it(
    live_server, page, program, editor
):
    sign_in(page, live_server, "editor", "/reports/annual/2023/")
    page.get_by_role("link", name="Редагувати пояснювальну записку").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Пояснювальна записка").fill("Рік нових партнерів.")
    page.get_by_role("button", name="Зберегти").click()
    page.wait_for_url(f"{live_server.url}/reports/annual/2023/")
    assert page.get_by_text("Рік нових партнерів.").is_visible()
