"""The public side rendered ahead by the job worker: a visitor's first request finds it made."""

import logging

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from public import ahead, tasks
from public.tests.builders import event, partner

SITE = "mena.example"


@pytest.fixture
def published(program):
    institution = partner()
    for number in range(3):
        held = event(program, title=f"Форум громад-партнерів {number}")
        held.partners.add(institution)
        held.directions.add(program.directions.order_by("number").first())
    return {"event": held, "partner": institution}


@pytest.fixture
def version(monkeypatch):
    """A settled data version the test sets (its own transaction has written, so the real one
    says «do not cache»)."""
    current = {"whole": "v1", "without the budget": "w1"}
    monkeypatch.setattr(
        "public.cache.data_version.current",
        lambda leaving_out=(): current["without the budget" if leaving_out else "whole"],
    )
    return current


@pytest.fixture(autouse=True)
def site(settings):
    # Production: the site's address, behind the TLS proxy that says https.
    settings.SITE_URL = f"https://{SITE}"
    settings.ALLOWED_HOSTS = [SITE, "other.example"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    cache.clear()


def _visitor(language="uk", host=SITE):
    client = Client(HTTP_HOST=host, HTTP_X_FORWARDED_PROTO="https")
    client.cookies["django_language"] = language
    return client


def test_a_page_rendered_ahead_is_the_one_a_visitor_gets_without_rendering(published, version):
    assert ahead.render_ahead() == 2 * len(list(ahead.page_urls())) + len(list(ahead.api_urls()))
    pages = [
        reverse("public:event-detail", args=[published["event"].pk]),
        reverse("public:event-list") + f"?year={published['event'].start_date.year}",
        reverse("public:partner-detail", args=[published["partner"].pk]),
        reverse("public:feed"),
        reverse("home"),
    ]
    api = [
        reverse("api:event-detail", args=[published["event"].pk]),
        reverse("api:event-list"),
        reverse("api:document-list"),
    ]
    for language, urls in (("uk", pages + api), ("en", pages + api)):
        kept = {}
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                response = _visitor(language).get(url)
            # Not a table read (not even the data version's, set above): nothing was rendered.
            # (The test's transaction adds its savepoints.)
            reads = [q["sql"] for q in queries.captured_queries if 'FROM "' in q["sql"]]
            assert not reads, (url, reads)
            assert response.status_code == 200, url
            kept[url] = response.content
        cache.clear()
        for url in urls:
            assert _visitor(language).get(url).content == kept[url], (language, url)
        ahead.render_ahead(force=True)
    assert '<html lang="en">' in kept[pages[0]].decode()  # the last round was the English one


def test_a_run_renders_what_changed(published, version):
    asked = ahead.render_ahead()
    assert asked > 0
    assert ahead.render_ahead() == 0
    # An expense: only the pages that show the budget.
    version["whole"] = "v2"
    budget = [url for url in ahead.page_urls() if ahead._reads_budget(url)]
    budget_api = [url for url in ahead.api_urls() if ahead._reads_budget(url)]
    assert reverse("public:program") in budget and reverse("public:event-list") not in budget
    assert ahead.render_ahead() == 2 * len(budget) + len(budget_api) < asked
    # An event: all of it.
    version.update({"whole": "v3", "without the budget": "w2"})
    assert ahead.render_ahead() == asked
    version["whole"] = None  # a write not yet settled: next turn
    assert ahead.render_ahead() == 0


def test_the_api_limit_does_not_stop_the_worker(published, version, settings, caplog):
    settings.PUBLIC_API_RATE_PER_MINUTE = 1
    with caplog.at_level(logging.WARNING, logger="menaprogram.public"):
        ahead.render_ahead()
    assert not caplog.records
    limited = _visitor()
    assert limited.get(reverse("api:event-list")).status_code == 200
    # A visitor cannot pass for the worker: the marker is no header.
    response = limited.get(reverse("api:event-list"), headers={"Menaprogram.Rendering-Ahead": "1"})
    assert response.status_code == 429


def test_each_address_of_the_site_has_its_own_copy(published, version):
    """The feed, the sitemap and the API write absolute links: a copy made for one host must
    not be served to another."""
    ahead.render_ahead()
    feed = _visitor(host="other.example").get(reverse("public:feed")).content.decode()
    assert "https://other.example/" in feed
    assert SITE not in feed


def test_the_job_renders_through_the_queue_only_with_a_shared_cache(
    published, version, settings, jobs_in_memory
):
    settings.PUBLIC_RENDER_AHEAD = False
    tasks.render_public_ahead.defer(timestamp=0)
    jobs_in_memory.run()
    assert cache.get(f"{ahead.DONE_KEY}:True") is None
    settings.PUBLIC_RENDER_AHEAD = True
    tasks.render_public_ahead.defer(timestamp=60)
    jobs_in_memory.run()
    assert {job["status"] for job in jobs_in_memory.jobs.values()} == {"succeeded"}
    assert cache.get(f"{ahead.DONE_KEY}:False") == "w1"
