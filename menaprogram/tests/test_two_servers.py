"""Two app servers behind one proxy: one database, one Redis, and they agree.

Two gunicorn processes serve the same test database and share one Redis (db 14, flushed
first). What one of them cached is the other's answer, and a write is on both at once.
Skipped without Redis on 127.0.0.1:6379 (it is optional for a developer's machine).
"""

import os
import pickle
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from partners.models import Partner

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def redis_db():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379 (REDIS_URL is optional)")
    client.flushdb()
    yield client
    client.flushdb()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    db = connection.settings_dict
    credentials = db["USER"] or ""
    if db["PASSWORD"]:
        credentials += f":{db['PASSWORD']}"
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}{'@' if credentials else ''}{host}/{db['NAME']}"


def start_server(port):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "DJANGO_ALLOW_ASYNC"))
    }
    environment.update(
        DATABASE_URL=database_url(),
        REDIS_URL=REDIS_URL,
        SECRET_KEY=settings.SECRET_KEY,
        DEBUG="True",
        CONN_MAX_AGE="0",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="menaprogram.settings",
    )
    return subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "menaprogram.wsgi",
            "--workers=1",
            "--threads=2",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        env=environment,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_until_up(base, server, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server stopped: {server.stderr.read().decode()}")
        try:
            with urllib.request.urlopen(base + reverse("login"), timeout=2):
                return
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    raise AssertionError(f"{base} did not answer within {seconds} s")


def get(base, path, session):
    request = urllib.request.Request(
        base + path, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200, (base, path, response.status)
        assert response.url == base + path, f"redirected to {response.url}"
        return response.read()


def test_two_servers_share_the_data_the_dashboard_and_the_documents(controller, program, redis_db):
    # A session in the database, as signing in on either server would leave it.
    signed_in = Client()
    signed_in.force_login(controller)
    session = signed_in.cookies[settings.SESSION_COOKIE_NAME].value

    ports = free_port(), free_port()
    servers = [start_server(port) for port in ports]
    try:
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        for base, server in zip((a, b), servers, strict=True):
            wait_until_up(base, server)
        dashboard = reverse("reports:dashboard")

        # Both servers have read the dashboard, and it is in the shared cache.
        assert "Гміна Двосерверна".encode() not in get(a, dashboard, session)
        assert "Гміна Двосерверна".encode() not in get(b, dashboard, session)
        assert redis_db.keys("menaprogram:*reports:dashboard:*")

        # A change committed through another process is on B's dashboard at once.
        Partner.objects.create(
            kind=Partner.Kind.COMMUNITY, name_uk="Гміна Двосерверна", country="PL"
        )
        assert "Гміна Двосерверна".encode() in get(b, dashboard, session)
        assert "Гміна Двосерверна".encode() in get(a, dashboard, session)

        # The passport made by A is served by B from Redis, not made again. WeasyPrint's
        # output is the same bytes for the same HTML, so B's answer alone proves nothing:
        # the test marks the cached file, and B must serve the mark.
        passport = reverse("reports:passport-pdf")
        made = get(a, passport, session)
        assert made.startswith(b"%PDF-")
        keys = redis_db.keys("menaprogram-documents:*:document:*")
        assert len(keys) == 1, keys
        assert pickle.loads(redis_db.get(keys[0])) == made
        marked = made + b"%two-servers\n"
        redis_db.set(keys[0], pickle.dumps(marked), keepttl=True)
        assert get(b, passport, session) == marked
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
