"""The users page in a real browser: an administrator creates a person with a role."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from menaprogram.roles import CONTROLLER
from menaprogram.tests.browser import serious_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_creates_a_controller_who_can_then_sign_in(
    live_server, page, administrator, browser
):
    sign_in(page, live_server, "administrator", reverse("users:user-list"))
    page.get_by_role("link", name="Додати користувача").click()
    page.get_by_label(re.compile("Ім.я користувача")).fill("secretary")
    page.get_by_label(re.compile("пошт")).fill("secretary@mena.gov.ua")
    page.get_by_label("Контроль: переглядає й експортує все, нічого не змінює").check()
    violations = serious_axe_violations(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False)
    page.get_by_role("button", name="Створити користувача").click()
    shown = page.get_by_test_id("password-once")
    password = shown.locator("code").inner_text()
    assert "показано лише цього разу" in shown.inner_text()
    person = get_user_model().objects.get(username="secretary")
    assert list(person.groups.values_list("name", flat=True)) == [CONTROLLER]
    assert not person.is_staff

    # The new person signs in with the password shown and lands on the dashboard.
    other = browser.new_context().new_page()
    other.goto(f"{live_server.url}/accounts/login/")
    other.get_by_label(re.compile("користувача")).fill("secretary")
    other.get_by_label("Пароль").fill(password)
    other.get_by_role("button", name="Увійти").click()
    other.wait_for_url(f"{live_server.url}{reverse('reports:dashboard')}")
