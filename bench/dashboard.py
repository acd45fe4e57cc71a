"""How fast the execution dashboard answers at scale 1 and scale 30, and how much of it is SQL.

Run from the project folder:  .venv/bin/python bench/dashboard.py [--scales 1 30] [--runs 30]

For each scale it uses its own database (menaprogram_bench1, menaprogram_bench30 on the
server of DATABASE_URL), created, migrated and filled with `generate_demo_data --scale N` when
missing; a later run reuses it. Each scale is measured in a fresh Python process, in-process
with Django's test client, production settings (DEBUG off): the dashboard for one year and for
the whole term, and a one-query baseline view through the same middleware. SQL time is taken
around every query with `connection.execute_wrapper`.
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

from databases import bench_database_url

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 250


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 30])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.runs)))
        return
    results = []
    for scale in args.scales:
        # A process per scale: Django's settings and connections are set up once per process.
        env = {
            **os.environ,
            "DATABASE_URL": bench_database_url(scale),
            "DEBUG": "False",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "False",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "menaprogram.settings",
        }
        command = [sys.executable, __file__, "--measure", str(scale), "--runs", str(args.runs)]
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
        if done.returncode:
            sys.stderr.write(done.stderr)
            raise SystemExit(f"Measuring scale {scale} failed.")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    report(results, args.runs)


def report(results, runs):
    print(f"Execution dashboard, median of {runs} requests each (Django test client, DEBUG off)")
    print()
    header = f"{'scale':>5} {'rows (events/expenses)':>23}  {'page':<16} {'median ms':>9} "
    header += f"{'x baseline':>10} {'SQL share':>9} {'queries':>7}"
    print(header)
    print("-" * len(header))
    for result in results:
        baseline = result["pages"]["baseline"]["median_ms"]
        rows = f"{result['events']}/{result['expenses']}"
        for name, page in result["pages"].items():
            print(
                f"{result['scale']:>5} {rows:>23}  {name:<16} {page['median_ms']:>9.1f} "
                f"{page['median_ms'] / baseline:>10.1f} {page['sql_share']:>9.0%} "
                f"{page['queries']:>7}"
            )
    print()
    for result in results:
        page = result["pages"]["dashboard (year)"]
        verdict = "meets" if page["median_ms"] < GOAL_MS and page["sql_share"] >= 0.5 else "misses"
        print(
            f"scale {result['scale']}: dashboard {page['median_ms']:.0f} ms, "
            f"SQL {page['sql_share']:.0%} of it; {verdict} the goal "
            f"(under {GOAL_MS} ms, SQL at least half)"
        )


def measure(scale, runs):
    """Prepare the database for `scale`, then time the pages (runs in the child process)."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.urls import include, path

    from activities.models import Event, Program
    from budget.models import Expense
    from menaprogram.roles import CONTROLLER

    call_command("create_database", verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    if not Event.objects.exists():
        started = time.perf_counter()
        call_command("generate_demo_data", scale=scale, verbosity=0, next_program=False)
        # A database in use has planner statistics; fresh bulk inserts have none yet.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"generated scale {scale} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    user, _ = User.objects.get_or_create(username="bench-controller")
    user.groups.add(Group.objects.get(name=CONTROLLER))
    program = Program.objects.get(start_year=2022)

    def baseline(request):
        """The one-query view the dashboard is compared with."""
        return HttpResponse(str(Program.objects.count()))

    # The project's URLs plus the baseline, served by this module.
    module = sys.modules[__name__]
    module.urlpatterns = [
        path("bench/baseline/", baseline),
        path("", include(settings.ROOT_URLCONF)),
    ]
    # The dashboard keeps its data in the cache until the data changes: measured as computed
    # (the cache emptied before each request), and as a second look reads it.
    pages = {
        "dashboard (year)": (f"/reports/dashboard/?year={program.end_year}", cache.clear),
        "dashboard (term)": ("/reports/dashboard/?year=all", cache.clear),
        "year, cached": (f"/reports/dashboard/?year={program.end_year}", None),
        "baseline": ("/bench/baseline/", None),
    }
    storages = {
        **settings.STORAGES,
        # The manifest needs collectstatic; serving static files is not what is measured.
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    results = {}
    with override_settings(ROOT_URLCONF=__name__, STORAGES=storages):
        client = Client()
        client.force_login(user)
        for name, (url, before_each) in pages.items():
            results[name] = _time(client, connection, url, runs, before_each)
    return {
        "scale": scale,
        "events": Event.objects.count(),
        "expenses": Expense.objects.count(),
        "pages": results,
    }


def _time(client, connection, url, runs, before_each=None):
    sql = []

    def timer(execute, query, params, many, context):
        started = time.perf_counter()
        try:
            return execute(query, params, many, context)
        finally:
            sql.append(time.perf_counter() - started)

    for _ in range(3):  # warm up: connection, templates, translations
        assert client.get(url).status_code == 200, url
    totals, sql_times, queries = [], [], 0
    with connection.execute_wrapper(timer):
        for _ in range(runs):
            if before_each:
                before_each()
            sql.clear()
            started = time.perf_counter()
            response = client.get(url)
            totals.append(time.perf_counter() - started)
            assert response.status_code == 200, url
            sql_times.append(sum(sql))
            queries = len(sql)
    return {
        "median_ms": statistics.median(totals) * 1000,
        "sql_share": sum(sql_times) / sum(totals),
        "queries": queries,
    }


if __name__ == "__main__":
    main()
