"""How long the daily reminder job takes over the demo data at scale 30, rule by rule.

Run from the project folder:  .venv/bin/python bench/reminders.py [--scale 30] [--runs 5]

It uses the database of bench/dashboard.py for the scale (menaprogram_bench30 on the server of
DATABASE_URL), created, migrated and filled with `generate_demo_data --scale N` when missing
(a few minutes at scale 30), migrated when it exists. It runs the daily job's work (every rule,
and the clean-up) with production settings, once to warm up and then `--runs` times, and prints
the median time and the queries of each rule beside the number the rule declares
(`Rule.queries`, which the tests hold at two sizes of data). Goal: under 10 s in all, and
each rule at its declared number of queries at every scale. The database is shared with the
other benchmarks, so it holds the 2022–2024 program alone (`--without-next-program`), in force
and over every one of its years: the rules read all of its data.
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
GOAL_SECONDS = 10


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.scale, args.runs)))
        return
    env = {
        **os.environ,
        "DATABASE_URL": bench_database_url(args.scale),
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "menaprogram.settings",
    }
    command = [sys.executable, __file__, "--measure", "--scale", str(args.scale)]
    command += ["--runs", str(args.runs)]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit("Measuring failed.")
    sys.stderr.write(done.stderr)
    report(json.loads(done.stdout.strip().splitlines()[-1]), args.runs)


def report(result, runs):
    print(
        f"Daily reminder job at scale {result['scale']} "
        f"({result['events']} events, {result['expenses']} expenses, {result['partners']} "
        f"partners), median of {runs} runs, DEBUG off"
    )
    print()
    header = f"{'rule':<20} {'items':>6} {'median ms':>10} {'queries':>8} {'declared':>9}"
    print(header)
    print("-" * len(header))
    off = []
    for rule in result["rules"]:
        print(
            f"{rule['code']:<20} {rule['items']:>6} {rule['median_ms']:>10.1f} "
            f"{rule['queries']:>8} {rule['declared']:>9}"
        )
        if rule["queries"] != rule["declared"]:
            off.append(rule["code"])
    print("-" * len(header))
    total = result["total_s"]
    print(f"{'the whole job':<20} {'':>6} {total * 1000:>10.1f} {result['queries']:>8}")
    print()
    verdict = "meets" if total < GOAL_SECONDS else "misses"
    print(f"{total:.2f} s: {verdict} the goal (under {GOAL_SECONDS} s)")
    if off:
        print(f"Queries other than declared: {', '.join(off)} (see the rules' `queries`)")
    else:
        print("Every rule ran in its declared number of queries.")
    if total >= GOAL_SECONDS or off:
        raise SystemExit(1)


def measure(scale, runs):
    """Prepare the database, then time the daily job's work (in the child process)."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from activities.models import Event
    from budget.models import Expense
    from partners.models import Partner
    from reminders import tasks

    call_command("create_database", verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    if not Event.objects.exists():
        started = time.perf_counter()
        call_command("generate_demo_data", scale=scale, verbosity=0, next_program=False)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"generated scale {scale} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    today = timezone.localdate()
    tasks.daily(today)  # warm up: connection, translations
    per_rule, totals, queries = {}, [], 0
    for _ in range(runs):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            report = tasks.daily(today)
        totals.append(time.perf_counter() - started)
        queries = len(captured)
        for rule, items, seconds, rule_queries in report:
            entry = per_rule.setdefault(
                rule.code, {"times": [], "items": 0, "queries": 0, "declared": rule.queries}
            )
            entry["times"].append(seconds)
            entry["items"], entry["queries"] = len(items), rule_queries
    return {
        "scale": scale,
        "events": Event.objects.count(),
        "expenses": Expense.objects.count(),
        "partners": Partner.objects.count(),
        "total_s": statistics.median(totals),
        "queries": queries,
        "rules": [
            {
                "code": code,
                "items": entry["items"],
                "queries": entry["queries"],
                "declared": entry["declared"],
                "median_ms": statistics.median(entry["times"]) * 1000,
            }
            for code, entry in per_rule.items()
        ],
    }


if __name__ == "__main__":
    main()
