"""Signing in: lockout after repeated failures, the security log, idle sessions, headers."""

import logging

import pytest
from django.urls import reverse

from conftest import PASSWORD
from menaprogram.security_log import client_address

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")


def _try(client, username, password, address="192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_from_that_address(client, editor):
    for _ in range(4):
        assert _try(client, "editor", "wrong-password").status_code == 200
    assert _try(client, "editor", "wrong-password").status_code == 429
    locked = _try(client, "editor", PASSWORD)
    assert locked.status_code == 429
    assert "заблоковано" in locked.content.decode()


def test_a_lockout_does_not_block_the_same_user_elsewhere(client, editor):
    for _ in range(5):
        _try(client, "editor", "wrong-password")
    assert _try(client, "editor", PASSWORD, address="198.51.100.7").status_code == 302


def test_a_correct_password_resets_the_count(client, editor):
    for _ in range(4):
        _try(client, "editor", "wrong-password")
    assert _try(client, "editor", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        _try(client, "editor", "wrong-password")
    assert _try(client, "editor", PASSWORD).status_code == 302


def test_sign_ins_failures_and_refusals_are_logged_with_the_user(client, editor, outsider, caplog):
    caplog.set_level(logging.INFO, logger="menaprogram.security")
    _try(client, "editor", "wrong-password")
    _try(client, "outsider", PASSWORD)
    client.get(reverse("partners:partner-list"))
    messages = [record.getMessage() for record in caplog.records]
    assert any(m.startswith("login failed user=editor address=192.0.2.10") for m in messages)
    assert any(m.startswith("login user=outsider") for m in messages)
    assert any(m.startswith("access denied user=outsider") and "/partners/" in m for m in messages)
    assert all("wrong-password" not in m for m in messages)


def test_log_times_are_utc():
    from menaprogram.security_log import UTCFormatter

    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", None, None)
    record.created = 0
    record.msecs = 0
    assert UTCFormatter("%(asctime)s").format(record) == "1970-01-01T00:00:00.000Z"


def test_a_session_is_renewed_while_the_person_works(client, editor, settings):
    client.post(LOGIN, {"username": "editor", "password": PASSWORD}, REMOTE_ADDR="192.0.2.1")
    session = client.session
    session["active_at"] = 0  # as if the last request was long ago
    session.save()
    before = client.session.get_expiry_date()
    client.get(reverse("home"))
    assert client.session["active_at"] > 0
    assert client.session.get_expiry_date() >= before
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60


def test_pages_forbid_inline_scripts_and_framing(client):
    response = client.get(LOGIN)
    policy = response.headers["Content-Security-Policy"]
    script = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_logout_needs_a_post(client, editor):
    client.force_login(editor)
    assert client.get(reverse("logout")).status_code == 405


# Behind nginx every request arrives from 127.0.0.1; the proxy appends the address it was
# reached from to X-Forwarded-For.
PROXY = "127.0.0.1"


def _through_proxy(client, username, password, forwarded_for):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.fixture
def behind_one_proxy(settings):
    settings.PROXY_COUNT = 1


def test_behind_the_proxy_an_attacker_cannot_lock_a_colleague_out(
    client, administrator, behind_one_proxy
):
    # The attacker even claims the administrator's address; the proxy appends the real one.
    for _ in range(6):
        _through_proxy(client, "administrator", "guess", "198.51.100.7, 203.0.113.66")
    assert _through_proxy(client, "administrator", PASSWORD, "203.0.113.66").status_code == 429
    signed_in = _through_proxy(client, "administrator", PASSWORD, "198.51.100.7")
    assert signed_in.status_code == 302


def test_behind_the_proxy_the_log_names_the_clients_address(
    client, editor, behind_one_proxy, caplog
):
    caplog.set_level(logging.INFO, logger="menaprogram.security")
    _through_proxy(client, "editor", "wrong-password", "203.0.113.66")
    _through_proxy(client, "editor", PASSWORD, "10.0.0.1, 198.51.100.7")
    messages = [record.getMessage() for record in caplog.records]
    assert "login failed user=editor address=203.0.113.66" in messages
    assert "login user=editor address=198.51.100.7" in messages
    assert all(PROXY not in m and "10.0.0.1" not in m for m in messages)


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "203.0.113.66", "192.0.2.1"),  # no proxy: the header is the client's own words
        (1, "", "192.0.2.1"),  # not through the proxy
        (1, "203.0.113.66", "203.0.113.66"),
        (1, "198.51.100.7, 203.0.113.66", "203.0.113.66"),
        (2, "198.51.100.7, 203.0.113.66", "198.51.100.7"),
        (1, "not-an-address", "192.0.2.1"),
    ],
)
def test_the_client_address_is_read_behind_the_configured_proxies(
    rf, settings, proxies, forwarded_for, expected
):
    settings.PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_address(request) == expected
