"""What each page kind of the load benchmark costs one user: CPU, queries, SQL time.

Run from the project folder, after `bench/load.py --scale N` has made its database:
`.venv/bin/python bench/pages.py [--scale 30] [--runs 15] [page kind …]`

On a machine shared with other work a load test's p95 says more about the neighbours than
about the pages; the CPU time of this process and the SQL time per request do not. Each page
kind is requested in-process with Django's test client under production settings (DEBUG off)
as `bench-01` (made by bench/load.py), 3 times to warm up, then `--runs` times; the median of
the CPU milliseconds of the process (`time.process_time`), of the number of queries and of
their time (`connection.execute_wrapper`), and of the wall time is printed.
"""

import argparse
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from databases import bench_database_url

ROOT = Path(__file__).resolve().parent.parent
STATIC_ROOT = Path(tempfile.gettempdir()) / "menaprogram-bench-pages-static"


def pages(event_ids, partner_ids):
    pick = random.Random(3)
    return {
        "dashboard": lambda: "/reports/dashboard/",
        "partner list": lambda: "/partners/",
        "agreement list": lambda: "/partners/agreements/",
        "event list": lambda: "/events/",
        "expense list": lambda: "/budget/expenses/",
        "budget": lambda: "/budget/",
        "publication list": lambda: "/publications/",
        "partner detail": lambda: f"/partners/{pick.choice(partner_ids)}/",
        "event detail": lambda: f"/events/{pick.choice(event_ids)}/",
    }


class Queries:
    def __init__(self):
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started


def measure(runs, wanted):
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from activities.models import Event
    from partners.models import Partner

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-01"))
    kinds = pages(
        list(Event.objects.values_list("pk", flat=True)),
        list(Partner.objects.values_list("pk", flat=True)),
    )
    print(f"{'page kind':<18}{'CPU ms':>8}{'queries':>9}{'SQL ms':>8}{'wall ms':>9}")
    for name, url in kinds.items():
        if wanted and name not in wanted:
            continue
        for _ in range(3):
            client.get(url())
        cpu, count, sql, wall = [], [], [], []
        for _ in range(runs):
            queries = Queries()
            with connection.execute_wrapper(queries):
                cpu_started, started = time.process_time(), time.perf_counter()
                response = client.get(url())
                cpu.append((time.process_time() - cpu_started) * 1000)
                wall.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{name}: {response.status_code}")
            count.append(queries.count)
            sql.append(queries.seconds * 1000)
        print(
            f"{name:<18}{statistics.median(cpu):>8.1f}{statistics.median(count):>9.0f}"
            f"{statistics.median(sql):>8.1f}{statistics.median(wall):>9.1f}",
            flush=True,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=30)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("kinds", nargs="*", help="page kinds to measure (default: all)")
    args = parser.parse_args()
    os.environ.update(
        {
            "DATABASE_URL": bench_database_url(args.scale),
            "DEBUG": "False",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "False",
            "STATIC_ROOT": str(STATIC_ROOT),
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "menaprogram.settings",
        }
    )
    # Production templates name the static files by their hashed names: a manifest is needed.
    manage = [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"]
    subprocess.run(manage, cwd=ROOT, check=True)
    sys.path.insert(0, str(ROOT))
    measure(args.runs, set(args.kinds))


if __name__ == "__main__":
    main()
