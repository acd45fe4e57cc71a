"""nginx in front of the bench's gunicorn, configured as production is (deploy/nginx/).

The http block here stands for /etc/nginx/nginx.conf and deploy/nginx/menaprogram.conf without
TLS (loopback, no certificates); the server block includes deploy/nginx/menaprogram-locations.conf
itself, so the benchmark measures the caching production runs, not a copy of it.
"""

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Debian puts it in /usr/sbin, outside an ordinary user's PATH.
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
LOCATIONS = ROOT / "deploy" / "nginx" / "menaprogram-locations.conf"

CONFIG = """
{user}
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 2048; }}
http {{
    # Who asked (a signed-in person carries the session cookie), what nginx's cache did, and
    # the seconds nginx took in all and waiting for the app: bench/public_load.py reads it.
    map $cookie_sessionid $visitor {{ "" public; default staff; }}
    log_format bench '$visitor $upstream_cache_status $status $request_time '
                     '$upstream_response_time $request_uri';
    access_log {access_log};
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    upstream menaprogram {{ server {upstream}; keepalive 16; }}
    proxy_cache_path {work}/cache keys_zone=menaprogram_public:10m
                     max_size=1g inactive=1h use_temp_path=off;
    server {{
        listen 127.0.0.1:{port};
        include {locations};
    }}
}}
"""


def available():
    return NGINX is not None


@contextlib.contextmanager
def nginx_serving(upstream_url, port, access_log=None):
    """nginx on 127.0.0.1:`port` proxying to `upstream_url` for the block: its base URL.

    With `access_log` (a path), nginx writes a line per request there (format `bench` above).
    """
    work = Path(tempfile.mkdtemp(prefix="menaprogram-bench-nginx-"))
    config = work / "nginx.conf"
    config.write_text(
        CONFIG.format(
            work=work,
            # Run as root (a container), nginx would hand its workers to `nobody`, who cannot
            # write in this private folder: they stay the bench's own user.
            user="user root;" if os.geteuid() == 0 else "",
            upstream=upstream_url.removeprefix("http://"),
            port=port,
            locations=LOCATIONS,
            access_log=f"{access_log} bench" if access_log else "off",
        )
    )
    log = work / "error.log"
    command = [NGINX, "-c", str(config), "-p", str(work), "-e", str(log)]
    subprocess.run([*command, "-t", "-q"], check=True)
    nginx = subprocess.Popen(command)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                urllib.request.urlopen(base_url + "/accounts/login/", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"nginx did not answer; its log: {log}") from None
                time.sleep(0.2)
        yield base_url
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
