"""The site through nginx configured as production has it (deploy/nginx/): what the app marks
public is kept and served from nginx's cache; a signed-in person's request never is, and
nothing of theirs reaches anyone else through it."""

import http.client
import importlib.util
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.proxy, pytest.mark.django_db(transaction=True)]


def _proxy():
    """bench/proxy.py (the benchmark's nginx, on the locations file production includes)."""
    spec = importlib.util.spec_from_file_location("bench_proxy", ROOT / "bench" / "proxy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def nginx(live_server, program):
    proxy = _proxy()
    if not proxy.available():
        pytest.skip("nginx is not installed (apt-get install nginx)")
    with proxy.nginx_serving(live_server.url, _free_port()) as url:
        yield url


def _get(url, cookie=None):
    """(status, nginx's cache status, body) of one GET, redirects not followed."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", target, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.getheader("X-Cache-Status"), response.read().decode()
    finally:
        connection.close()


@pytest.fixture
def signed_in(administrator):
    client = Client()
    client.force_login(administrator)
    return f"sessionid={client.cookies['sessionid'].value}"


def test_public_pages_and_the_api_are_served_from_nginx_once_rendered(nginx):
    for path in ("/", "/public/program/", "/api/v1/years"):
        status, first_cache, first = _get(nginx + path)
        again_status, again_cache, again = _get(nginx + path)
        assert (status, again_status) == (200, 200)
        assert (first_cache, again_cache) == ("MISS", "HIT"), path
        assert again == first


def test_a_signed_in_person_never_gets_nor_leaves_a_cached_copy(nginx, signed_in):
    # A visitor's home is in the cache; the administrator asking for the same address gets
    # the workspace from the app, and the visitors after them still get the public home.
    _status, _cache, public_home = _get(nginx + "/")
    status, cache, workspace = _get(nginx + "/", cookie=signed_in)
    assert (status, cache) == (200, "BYPASS")
    assert workspace != public_home
    assert "/accounts/logout/" in workspace
    for cookie in (None, "django_language=uk"):
        assert "/accounts/logout/" not in _get(nginx + "/", cookie=cookie)[2]
    # The register of withheld items is under /public/ too: its reasons reach no visitor.
    status, cache, register = _get(nginx + "/public/withheld/", cookie=signed_in)
    assert (status, cache) == (200, "BYPASS")
    for _ in range(2):
        status, cache, _body = _get(nginx + "/public/withheld/")
        assert (status, cache) == (302, "MISS")


def test_what_the_app_does_not_mark_public_is_never_kept(nginx):
    # The language switch sets a cookie and redirects: asked twice, it reaches the app twice.
    for _ in range(2):
        status, cache, _body = _get(nginx + "/public/language/?language=en&next=/")
        assert (status, cache) == (302, "MISS")
