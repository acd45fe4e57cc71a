"""The API against its own OpenAPI description: schemathesis sends what the description allows
(and what it does not) and checks every answer: no server error, the documented status codes,
content types and bodies."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from menaprogram.wsgi import application
from public.api import api
from public.tests.builders import event, partner

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))


@pytest.fixture
def keep_connection():
    """The WSGI handler closes the database connection after each request, as a server must;
    the test's transaction lives on it, so it is kept open (Django's test client does so too)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def published(program, settings, keep_connection):
    # schemathesis asks many times a second from one address.
    settings.PUBLIC_API_RATE_PER_MINUTE = 0
    institution = partner()
    held = event(program, title="Форум громад-партнерів")
    held.partners.add(institution)
    held.directions.add(program.directions.order_by("number").first())
    return held


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_as_its_description_says(case, published):
    case.call_and_validate(app=application)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/events", "/api/v1/partners"])
def test_a_page_past_any_list_is_refused_not_sent_to_the_database(client, settings, path):
    # schemathesis found it: page=134054264974833893376 made an offset PostgreSQL's bigint
    # cannot hold (a server error).
    settings.PUBLIC_API_RATE_PER_MINUTE = 0
    assert client.get(path, {"page": "134054264974833893376"}).status_code == 422
    assert client.get(path, {"page": "1000000", "page_size": "9" * 20}).status_code == 422
    assert client.get(path, {"page": "1000000"}).status_code == 200
