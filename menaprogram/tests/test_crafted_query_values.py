"""Whatever a query string holds, no page answers with a server error.

Numbers typed into URLs are read by one strict rule (`menaprogram.params`); this walks every
page of the site with the values that broke it before — digits of other scripts (`²`, `٣`),
NUL, very long and empty values — and with more that hypothesis draws from Unicode's digit
and number classes.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from menaprogram.tests.test_url_access import (  # noqa: F401  (fixtures)
    SITE,
    _patterns,
    _url,
    clients,
    world,
)

pytestmark = pytest.mark.django_db

# Every parameter a page reads, each given the same crafted value.
PARAMETERS = (
    "year",
    "event",
    "partner",
    "page",
    "category",
    "source",
    "direction",
    "kind",
    "status",
    "country",
    "flow",
    "expiring",
    "channel",
    "q",
    "export",
    "kind",
    "period",
)
CRAFTED = ["²", "٣", "Ⅻ", "2023\x00", "9" * 400, ""]
NUMBERS = st.text(
    alphabet=st.characters(categories=["Nd", "No", "Nl"]) | st.sampled_from("0123456789\x00 -"),
    min_size=1,
    max_size=30,
)


def _server_errors(request, value):
    """The pages that answered 5xx, walked by an administrator (who reaches every page)."""
    data = request.getfixturevalue("world")
    client, _sign_in_again = request.getfixturevalue("clients")["administrator"]
    errors = []
    for name, route, _pattern in _patterns():
        if name not in SITE or name in ("logout", "login"):
            continue
        url = _url(name, route, data)
        status = client.get(url, dict.fromkeys(PARAMETERS, value)).status_code
        if status >= 500:
            errors.append(f"{url}?…={value!r}: {status}")
    return errors


@pytest.mark.parametrize("value", CRAFTED, ids=[repr(v)[:12] for v in CRAFTED])
def test_no_page_fails_on_a_crafted_value(request, value):
    assert _server_errors(request, value) == []


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=NUMBERS)
def test_no_page_fails_on_any_unicode_number(request, value):
    assert _server_errors(request, value) == []
