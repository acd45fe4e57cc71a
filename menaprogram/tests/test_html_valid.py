"""Every page of the site is valid HTML: the Nu Html Checker (vnu.jar, from npm) finds no error.

The walk is the URL × role one of `test_url_access.py`: its data set, its patterns and their
parameters. Each of our pages that answers GET with 200 for an editor, a controller or an
administrator is saved (a fragment for htmx inside a minimal page); then the pages without
parameters once more in an empty program, for the lists' "nothing yet" rows. vnu checks them
all in one run (it starts a Java VM: once is enough). The Django admin's pages are
third-party markup and are left out.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from activities.models import Program
from menaprogram.tests.test_url_access import (  # noqa: F401 (fixtures)
    OK,
    _patterns,
    _rule_for,
    _url,
    clients,
    world,
)

pytestmark = [pytest.mark.django_db, pytest.mark.htmlcheck]

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ROLES = ("editor", "controller", "administrator")
FRAGMENT = '<!DOCTYPE html><html lang="uk"><head><title>-</title></head><body>{}</body></html>'


def _pages(signed_in, data, *, without_parameters=False):
    """(url, role, name, html) of every page of ours that a role may read."""
    for role in ROLES:
        client, _sign_in_again = signed_in[role]
        for name, route, _pattern in _patterns():
            if name.startswith("admin:") or route.startswith("admin/"):
                continue
            if _rule_for(name).get[role] is not OK:
                continue
            if without_parameters and "<" in route:
                continue
            url = _url(name, route, data)
            if url is None:
                continue
            response = client.get(url)
            if response.status_code != 200:
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            html = response.content.decode()
            if not html.lstrip().lower().startswith("<!doctype html>"):
                # A fragment that htmx puts into a page (the bell): checked inside a page.
                html = FRAGMENT.format(html)
            yield url, role, name, html


def _empty_program(signed_in):
    """Every role switched to a program with nothing in it: the lists' empty rows."""
    empty = Program.objects.create(
        title="Програма 2025–2027", short_title="2025–2027", start_year=2025, end_year=2027
    )
    for role in ROLES:
        client, _sign_in_again = signed_in[role]
        client.post(reverse("switch-workspace"), {"workspace": f"{empty.pk}:2025", "next": "/"})


def _java():
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.skip("Java or vnu.jar is missing (apt-get install default-jre-headless; npm ci)")
    return java


def vnu(files):
    """vnu's errors (and files it could not read) for the given paths."""
    result = subprocess.run(
        [_java(), "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    # vnu writes its JSON report on stderr and exits 1 when it found an error.
    report = json.loads(result.stderr or result.stdout)
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


def test_every_page_is_valid_html(request, tmp_path):
    _java()
    signed_in, data = request.getfixturevalue("clients"), request.getfixturevalue("world")
    found = list(_pages(signed_in, data))
    # The same pages again in a program with nothing in it: "nothing yet" rows and the like.
    _empty_program(signed_in)
    found += [
        (url, role, f"{name}, empty program", html)
        for url, role, name, html in _pages(signed_in, data, without_parameters=True)
    ]
    pages = {}
    for number, (url, role, name, html) in enumerate(found):
        path = tmp_path / f"page{number:03}.html"
        path.write_text(html, encoding="utf-8")
        pages[path.name] = (url, role, name)
    # Every kind of page is there: lists, details, forms, reports, each role.
    assert len(pages) > 100, len(pages)
    errors = vnu(sorted(tmp_path.glob("*.html")))
    lines = []
    for error in errors:
        url, role, name = pages[error["url"].rsplit("/", 1)[-1]]
        extract = " ".join(error.get("extract", "").split())
        lines.append(
            f"{url} ({role}, {name}) line {error.get('lastLine')}: {error['message']}\n"
            f"    {extract}"
        )
    report = f"{len(errors)} HTML errors:\n" + "\n".join(lines)
    assert not errors, report
