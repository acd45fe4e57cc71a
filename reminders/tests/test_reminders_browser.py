"""The bell and the reminders in a real browser: the count arrives after the page, an item is
put off with the keyboard, and axe-core finds no serious accessibility violation."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from menaprogram.tests.browser import serious_axe_violations, sign_in
from partners.models import Agreement, Partner

pytestmark = [pytest.mark.browser, pytest.mark.bell, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def agreement(program):
    partner = Partner.objects.create(kind=Partner.Kind.CITY, name_uk="Місто Ловеч", country="BG")
    return Agreement.objects.create(
        partner=partner,
        title="Меморандум про співпрацю",
        signed_on=datetime.date(2022, 5, 1),
        valid_until=timezone.localdate() + datetime.timedelta(days=20),
    )


def test_the_bell_counts_and_an_item_is_put_off(live_server, page, editor, agreement):
    sign_in(page, live_server, "editor", "/events/")
    bell = page.locator("#reminder-bell .badge")
    bell.wait_for()
    count = int(re.match(r"\d+", bell.inner_text()).group())
    assert count >= 1
    page.locator("#reminder-bell").click()
    page.wait_for_url(f"{live_server.url}/reminders/")
    item = page.get_by_role("listitem").filter(has_text="Угода з Місто Ловеч закінчується")
    item.get_by_text("Відкласти", exact=True).first.click()
    item.get_by_label("Чому").fill("Чекаємо на відповідь партнера")
    item.get_by_role("button", name="Відкласти").press("Enter")
    page.wait_for_url(f"{live_server.url}/reminders/")
    assert page.get_by_text(re.compile("Чекаємо на відповідь партнера")).is_visible()
    violations = serious_axe_violations(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False)
    page.goto(f"{live_server.url}/events/")
    # The last page's bell has its count: no request is left running when the test ends.
    page.locator("#reminder-bell .badge").wait_for()
    after = int(re.match(r"\d+", page.locator("#reminder-bell .badge").inner_text()).group())
    assert after == count - 1
