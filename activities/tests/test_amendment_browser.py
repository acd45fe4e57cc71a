"""Amending the program in a real browser: a draft, a point edit of the funding, adopting it."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from activities.models import Amendment
from budget.models import FundingSource, ProgramFunding
from menaprogram.tests.browser import serious_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_amends_the_funding_and_adopts_the_decision(
    live_server, page, administrator, program
):
    local = FundingSource.objects.get(code=FundingSource.LOCAL_BUDGET)
    sign_in(page, live_server, "administrator", reverse("activities:program-history"))
    page.get_by_role("link", name="Новий проєкт змін").click()
    page.get_by_label("Назва рішення").fill("Про внесення змін до Програми")
    page.get_by_role("button", name="Створити проєкт").click()
    page.wait_for_url(re.compile(r"/program/amendments/\d+/$"))

    page.get_by_role("link", name="Обсяг фінансування року з джерела").click()
    page.locator("#id_year").select_option("2023")
    page.get_by_label("Джерело фінансування").select_option(str(local.pk))
    page.get_by_label("Новий обсяг, грн").fill("250 000,00")
    page.get_by_role("button", name="Додати до проєкту").click()
    page.wait_for_url(re.compile(r"/program/amendments/\d+/$"))
    changes = page.locator("table.amendment-changes")
    assert changes.locator("del").first.inner_text() == "300,00"
    assert changes.locator("ins").first.inner_text() == "250,00"
    violations = serious_axe_violations(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False)

    # The draft decision in the council's words.
    page.get_by_role("link", name="Проєкт рішення").click()
    assert "цифри «300,00» замінити цифрами «250,00»" in page.content()
    page.go_back()

    page.get_by_role("link", name="Прийняти…").click()
    page.get_by_label("Номер рішення").fill("45/7")
    page.get_by_label("Дата рішення").fill("15.06.2023")
    page.get_by_role("button", name="Прийняти й внести зміни").click()
    page.wait_for_url(f"{live_server.url}{reverse('activities:program-history')}")

    assert "Зміни прийнято й внесено до Програми." in page.content()
    assert page.locator("ins", has_text="250,00").count() == 1
    amendment = Amendment.objects.get(decision_number="45/7")
    assert amendment.is_adopted
    assert ProgramFunding.objects.get(program=program, year=2023, source=local).amount == Decimal(
        "250000.00"
    )
