"""Signing in through a real browser, and the login page's accessibility."""

import json

import pytest

from menaprogram.tests.browser import serious_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_signs_in_and_reaches_the_admin_in_ukrainian(live_server, page, editor):
    sign_in(page, live_server, "editor", "/admin/")
    assert page.get_by_role("link", name="Партнери").first.is_visible()
    # Editors read the program's structure but do not add to it.
    assert page.locator("a[href='/admin/activities/direction/']").count() >= 1
    assert page.locator("a[href='/admin/activities/direction/add/']").count() == 0
    assert page.locator("a[href='/admin/activities/event/add/']").count() >= 1


def test_the_login_page_has_no_serious_accessibility_violations(live_server, page):
    page.goto(f"{live_server.url}/accounts/login/")
    violations = serious_axe_violations(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False)


def test_the_partner_list_has_no_serious_accessibility_violations(live_server, page, controller):
    sign_in(page, live_server, "controller", "/partners/")
    assert page.get_by_role("heading", name="Партнери").is_visible()
    violations = serious_axe_violations(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False)
