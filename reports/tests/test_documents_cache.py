"""A document is made once per version of the data, and a change makes it anew."""

import datetime

import pytest
from django.urls import reverse

from budget.models import Expense
from reports import pdf
from reports.tests.documents_data import community_budget

# Committed writes: the data version is settled only outside a test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def renders(monkeypatch):
    made = []
    real = pdf.html_to_pdf

    def counting(html):
        made.append(html)
        return real(html)

    monkeypatch.setattr(pdf, "html_to_pdf", counting)
    return made


@pytest.fixture
def no_context(monkeypatch):
    """Fails the test if a document's context is built (the cache should answer first)."""
    from reports import documents

    def refuse(*args, **kwargs):
        raise AssertionError("the context was built for a cached document")

    def arm():
        for document in documents.REGISTRY.values():
            monkeypatch.setattr(document, "get_context", refuse)

    return arm


def test_a_second_click_is_answered_without_building_anything(
    as_user, controller, program, renders, no_context
):
    client = as_user(controller)
    url = reverse("reports:passport-pdf")
    first = client.get(url).content
    assert len(renders) == 1
    no_context()
    assert client.get(url).content == first
    assert len(renders) == 1


def test_a_change_to_the_data_makes_the_document_anew(as_user, controller, program, renders):
    client = as_user(controller)
    url = reverse("reports:final-report-pdf")
    client.get(url)
    Expense.objects.create(
        category=program.categories.get(number=1),
        source=community_budget(),
        date=datetime.date(2023, 4, 1),
        amount="1234.00",
    )
    client.get(url)
    assert len(renders) == 2


def test_with_redis_the_finished_documents_live_there(
    as_user, controller, program, renders, settings
):
    """With REDIS_URL every worker and app server reads the same finished documents."""
    redis = pytest.importorskip("redis")
    location = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(location).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379 (REDIS_URL is optional)")
    prefix = f"test-{datetime.datetime.now().timestamp()}"
    settings.CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"{prefix}-{alias}",
        }
        for alias in ("default", "documents")
    }
    url = reverse("reports:passport-pdf")
    made = as_user(controller).get(url).content
    keys = redis.Redis.from_url(location).keys(f"{prefix}-documents:*")
    assert keys, "the document was not stored in Redis"
    assert as_user(controller).get(url).content == made
    assert len(renders) == 1
    redis.Redis.from_url(location).delete(*keys)


def test_documents_rendered_ahead_answer_the_first_click(
    as_user, controller, program, renders, no_context
):
    from reports.ahead import render_ahead

    today = datetime.date(2024, 6, 1)
    # The passport, the final report, and the annual reports of 2023 and 2024.
    assert render_ahead(today) == 4
    assert len(renders) == 4
    assert render_ahead(today) == 4
    assert len(renders) == 4  # nothing changed: nothing rendered again
    no_context()
    client = as_user(controller)
    for url in (
        reverse("reports:passport-pdf"),
        reverse("reports:annual-report-pdf", args=[2023]),
        reverse("reports:final-report-docx"),
    ):
        assert client.get(url).status_code == 200
    assert len(renders) == 4
