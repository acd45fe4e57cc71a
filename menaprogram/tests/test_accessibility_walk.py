"""Every page passes axe-core with its best-practice rules: no violation of any impact.

The walk is the URL × role one of `test_html_valid.py` (every page of ours that answers 200 to
an editor, a controller or an administrator), plus the admin pages administrators still use.
Chromium loads each page from a made-up address whose requests Playwright hands to Django's
test client — the signed-in client of the page's role, inside the test's transaction — and
static files to the static finders; so the page is styled and scripted as in use, and no live
server (with its own committed data) is needed.
"""

import json
import mimetypes
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from menaprogram.tests.browser import AXE
from menaprogram.tests.test_html_valid import FRAGMENT, _empty_program, _pages
from menaprogram.tests.test_url_access import (  # noqa: F401 (fixtures)
    _patterns,
    _url,
    clients,
    world,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ORIGIN = "http://testserver"


def _ours(url):
    return url.startswith(ORIGIN)


# The admin pages administrators still use for bulk corrections.
ADMIN_PAGES = (
    "admin:index",
    "admin:partners_partner_changelist",
    "admin:partners_partner_change",
    "admin:activities_event_changelist",
    "admin:activities_event_change",
    "admin:budget_expense_changelist",
    "admin:budget_expense_change",
    "admin:budget_budgetallocation_changelist",
    "admin:activities_indicatorvalue_changelist",
)


def _admin_pages(signed_in, data):
    client, _sign_in_again = signed_in["administrator"]
    routes = {name: route for name, route, _pattern in _patterns()}
    for name in ADMIN_PAGES:
        url = _url(name, routes[name], data)
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        yield url, "administrator", name, response.content.decode()


def _serve(current):
    """Playwright's handler: the page in `current["html"]`, static files from the finders.

    The pages are rendered beforehand by the test client: inside Playwright's handler Django
    would open another database connection, outside the test's transaction. Other requests
    (htmx fetching a fragment) get an empty answer.
    """

    def handle(route):
        path = urlsplit(route.request.url).path
        if path.startswith("/static/"):
            found = finders.find(path.removeprefix("/static/"))
            if found is None:
                route.fulfill(status=404, body="")
                return
            with open(found, "rb") as file:
                body = file.read()
            route.fulfill(body=body, content_type=mimetypes.guess_type(found)[0] or "text/plain")
        elif route.request.is_navigation_request():
            route.fulfill(body=current["html"], content_type="text/html; charset=utf-8")
        else:
            route.fulfill(status=204, body="")

    return handle


# A fragment that htmx puts into a page (the bell) is checked inside a bare page: the rules
# about the page as a whole (its main landmark, its first heading) belong to the page it joins.
PAGE_RULES = {"landmark-one-main", "page-has-heading-one", "region"}


def _violations(page, *, fragment=False):
    page.evaluate(AXE.read_text())
    options = {"rules": {rule: {"enabled": False} for rule in PAGE_RULES}} if fragment else {}
    result = page.evaluate("async (options) => await axe.run(document, options)", options)
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
        for violation in result["violations"]
    ]


def _check(page, pages):
    """axe's findings over the pages, one line per page with a violation."""
    failures = []
    current = {}
    page.route(_ours, _serve(current))
    for url, role, name, html in pages:
        current["html"] = html
        page.goto(f"{ORIGIN}{url}")
        violations = _violations(page, fragment=html.startswith(FRAGMENT.split("{}")[0]))
        if violations:
            failures.append(f"{url} ({role}, {name}): {json.dumps(violations, ensure_ascii=False)}")
    return failures


def test_every_page_has_no_accessibility_violation(request, page):
    signed_in, data = request.getfixturevalue("clients"), request.getfixturevalue("world")
    pages = list(_pages(signed_in, data)) + list(_admin_pages(signed_in, data))
    assert len(pages) > 100, len(pages)
    # The same pages again in a program with nothing in it: "nothing yet" rows and the like.
    _empty_program(signed_in)
    pages += [
        (url, role, f"{name}, empty program", html)
        for url, role, name, html in _pages(signed_in, data, without_parameters=True)
    ]
    failures = _check(page, pages)
    assert not failures, f"{len(failures)} of {len(pages)} pages:\n" + "\n".join(failures)


def test_the_walk_sees_a_violation_when_there_is_one(request, page):
    """The handler really serves the pages: a page stripped of its language is caught."""
    signed_in = request.getfixturevalue("clients")
    client, _sign_in_again = signed_in["editor"]
    html = client.get(reverse("activities:event-list")).content.replace(b' lang="uk"', b"")

    page.route(_ours, lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto(f"{ORIGIN}/activities/events/")
    assert "html-has-lang" in {rule for rule, _impact, _nodes in _violations(page)}
