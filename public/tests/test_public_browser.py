"""The public pages in a real browser, as a visitor on a phone: axe-core finds no serious
accessibility violation on any of them, in Ukrainian and in English."""

import json

import pytest

from menaprogram.tests.browser import serious_axe_violations
from public.tests.builders import event, partner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(program):
    institution = partner()
    held = event(program, title="Форум громад-партнерів")
    held.partners.add(institution)
    held.directions.add(program.directions.order_by("number").first())
    return {"event": held, "partner": institution}


def _paths(data):
    return [
        "/",
        "/public/program/",
        "/public/execution/2023/",
        "/public/documents/",
        "/public/events/",
        f"/public/events/{data['event'].pk}/",
        "/public/partners/",
        f"/public/partners/{data['partner'].pk}/",
    ]


def test_every_public_page_has_no_serious_accessibility_violations(live_server, page, published):
    page.set_viewport_size({"width": 390, "height": 844})
    problems = {}
    for path in _paths(published):
        page.goto(f"{live_server.url}{path}")
        assert page.get_by_role("link", name="Увійти").is_visible(), path
        violations = serious_axe_violations(page)
        if violations:
            problems[path] = violations
    page.goto(f"{live_server.url}/public/language/?language=en&next=/public/program/")
    assert page.get_by_role("heading", name="Passport of the program").is_visible()
    violations = serious_axe_violations(page)
    if violations:
        problems["/public/program/ (en)"] = violations
    assert problems == {}, json.dumps(problems, ensure_ascii=False)
