"""The staff menu at a laptop's width: one row, the program's pages under «Програма»."""

import json
import os

import pytest

from menaprogram.tests.browser import serious_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_administrators_menu_fits_one_row_and_groups_the_programs_pages(
    live_server, page, administrator, program
):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server, "administrator", "/reports/")
    entries = page.locator("#main-menu > ul > li")
    tops = {round(entries.nth(i).bounding_box()["y"]) for i in range(entries.count())}
    assert len(tops) == 1, "the menu wraps onto a second row at 1366 px"
    menu = page.locator("#main-menu").bounding_box()
    assert menu["x"] + menu["width"] <= 1366

    page.get_by_role("button", name="Програма").click()
    for name in ("Документи", "Історія Програми", "Паспорт програми"):
        assert page.get_by_role("link", name=name, exact=True).is_visible()
    if os.environ.get("MENU_SCREENSHOT"):
        page.screenshot(path=os.environ["MENU_SCREENSHOT"])
    violations = serious_axe_violations(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False)
    page.get_by_role("link", name="Історія Програми", exact=True).click()
    page.wait_for_url(f"{live_server.url}/program/history/")
    assert page.get_by_role("button", name="Програма").get_attribute("class").endswith("active")
