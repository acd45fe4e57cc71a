"""Public load benchmark: 200 visitors of the public site and its API for 60 s beside the staff.

Run from the project folder:  make bench-public   (or .venv/bin/python bench/public_load.py
[--visitors 200] [--users 20] [--seconds 60] [--scale 10] [--redis-db 7] [--workers 2]
[--threads 4] [--no-proxy] [--cold] [--warm-up 10] [--warm-up-visitors 20])

The same machinery as bench/load.py (its database for --scale, its gunicorn with production
settings, by default 2 workers × 4 threads, its staff users), with the shared cache in Redis
(REDIS_URL=redis://127.0.0.1:6379/<--redis-db>, a database number of the benchmark's own,
emptied at the start). The public side is first rendered ahead into that cache as the job
worker does some minutes after a change (public/ahead.py; it prints how long that took), unless
--cold: then the measured minute is the first minute after a change. After a warm-up that is
not counted, two measured runs of --seconds:

1. the staff alone: bench/load.py's 20 users (a page every 0.5–1.5 s);
2. the staff again, and at the same time --visitors public clients (a second locust process,
   so that the two are counted apart).

It prints the public clients' requests, errors and p50/p95/p99 per page kind, the same run as
nginx timed it (per cache status), then the staff's p95 per page kind without and with the
public load, side by side with the ratio, and who used the CPU in each run (bench/cpu.py).

The public clients. Each is a person with a browser (or a script reading the API): it opens the
home page, fetches the style sheets once (WhiteNoise marks them immutable, so a browser keeps
them), then reads a page every 2–6 s (think time: uniformly random, 4 s on average, so 200
clients ask about 50 times a second): the program, the execution of a year, the events (a
page of the list, filtered by year, kind, country or direction now and then), an event (one
linked from the last list it read; one in five any public event, as from a search engine), the
partners, a partner, the documents (and now and then an annual report's PDF), the Atom feed,
the sitemap, and the API's lists and details. One in ten reads in English. Like a browser, a
client keeps what it was sent: within the `max-age` of its Cache-Control it does not ask again
(nothing is requested, nothing counted), after it asks with If-None-Match and takes a 304 as
the answer. Each client comes through the TLS proxy as production has it, which adds its own
address to X-Forwarded-For (the API limits each client address).

Goals: no errors, the public requests' p95 under 100 ms, the staff's p95 (all their pages)
within 1.2× of the staff-only run.

The clients reach gunicorn through nginx configured as deploy/nginx/ has it for production
(its cache keeps the public pages a minute; the app answers its revalidations with 304), unless
--no-proxy. `--visitors 0` runs the staff twice with nobody else: the ratio it prints is the
noise of the machine (an A/A run), the floor under which the 1.2× goal cannot be judged.
"""

import argparse
import contextlib
import csv
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import cpu  # noqa: E402 (bench/ is not a package)
import load  # noqa: E402
import proxy  # noqa: E402

PUBLIC_GOAL_MS = 100
STAFF_RATIO_GOAL = 1.2
THINK_SECONDS = (2, 6)
ENGLISH_SHARE = 0.1

# What the public clients pick from: only what the public site shows today.
PUBLIC_PREPARE = """
import json
from activities.models import Event
from public import rules, selectors

program = selectors.public_program()
events = rules.visible_events()
print(json.dumps({
    "events": list(events.values_list("pk", flat=True)),
    "partners": list(rules.visible_partners().values_list("pk", flat=True)),
    "years": list(program.years),
    "reports": [report.year for report in selectors.documents(program)["annual_reports"]],
    "kinds": sorted(set(events.values_list("kind", flat=True))),
    "countries": sorted(set(events.exclude(country="").values_list("country", flat=True))),
    "directions": list(program.directions.values_list("number", flat=True)),
}))
"""

RENDER_AHEAD = """
from public.ahead import render_ahead
print(render_ahead())
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=200, help="public clients")
    parser.add_argument("--users", type=int, default=20, help="staff users")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--port", type=int, default=8098)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--redis-db", type=int, default=7, help="emptied at the start")
    parser.add_argument(
        "--no-proxy", action="store_true", help="the clients straight to gunicorn, without nginx"
    )
    # The default warm-up leaves the caches nearly cold: the measured minute is the first
    # minute of a site whose every page was just changed. A long one with all the visitors
    # measures a site that has been read for a while (what a crawler keeps warm anyway).
    parser.add_argument(
        "--cold", action="store_true", help="not rendered ahead: the first minute after a change"
    )
    parser.add_argument("--warm-up", type=int, default=10, help="seconds, not counted")
    parser.add_argument("--warm-up-visitors", type=int, default=20)
    args = parser.parse_args()
    if not args.no_proxy and not proxy.available():
        raise SystemExit("nginx is missing (apt-get install nginx), or run with --no-proxy.")
    if not (load.VENV_BIN / "locust").exists():
        raise SystemExit("locust is missing: make bench-public installs requirements-bench.txt.")

    redis_url = f"redis://127.0.0.1:6379/{args.redis_db}"
    import redis

    try:
        redis.Redis.from_url(redis_url).flushdb()
    except redis.RedisError as error:
        raise SystemExit(f"Redis at {redis_url} does not answer: {error}") from None
    # Behind nginx, the address each client sends in X-Forwarded-For stands for the TLS
    # terminator in front of it (a loopback bench has one address for all its clients).
    env = load.bench_environment(
        args,
        REDIS_URL=redis_url,
        AXES_PROXY_COUNT="1" if args.no_proxy else "2",
        # The address the clients ask for, as nginx passes it on (its $host has no port): the
        # pages rendered ahead are kept under it.
        SITE_URL=f"http://127.0.0.1:{args.port}" if args.no_proxy else "http://127.0.0.1",
    )
    ids = load.prepare(env, args)
    public_ids = json.loads(
        load.manage(env, "shell", "-c", PUBLIC_PREPARE, capture=True).strip().splitlines()[-1]
    )
    if not public_ids["events"]:
        raise SystemExit("The bench database has no public event: nothing to read.")
    if not args.cold:
        print("Rendering the public side ahead, as the job worker does after a change…", flush=True)
        started = time.monotonic()
        asked = load.manage(env, "shell", "-c", RENDER_AHEAD, capture=True).strip().splitlines()
        print(f"{asked[-1]} pages in {time.monotonic() - started:.0f} s.", flush=True)
    results = Path(tempfile.mkdtemp(prefix="menaprogram-bench-public-"))
    access_log = results / "nginx-access.log"
    with serving(env, args, access_log) as base_url, open(results / "locust.log", "w") as log:
        staff = load.locust_runner(
            BENCH / "load.py", base_url, load.staff_environment(env, ids, args), log
        )
        public = load.locust_runner(
            __file__, base_url, {**env, "BENCH_PUBLIC": json.dumps(public_ids)}, log
        )
        warm = args.warm_up_visitors
        print(
            f"Warming up: 2 staff users and {warm} visitors for {args.warm_up} s, not counted…",
            flush=True,
        )
        warming = public.start(warm, args.warm_up, f"--spawn-rate={max(warm // 10, 1)}")
        staff(2, args.warm_up, "--spawn-rate=2")
        warming.wait()
        workers = f"{args.workers} workers × {args.threads} threads"
        print(f"{args.users} staff users alone for {args.seconds} s ({workers})…", flush=True)
        staff_options = ("--spawn-rate=2", "--only-summary")
        readings = []
        with cpu.metered("staff alone", readings):
            staff(args.users, args.seconds, *staff_options, f"--csv={results / 'staff-alone'}")
        print(
            f"{args.users} staff users and {args.visitors} public clients for {args.seconds} s…",
            flush=True,
        )
        # The visitors arrive within the first 10 s (and are counted from then on, as the
        # staff's sign-ins are in both runs). With --visitors 0 the second run is the first
        # again: the ratio it prints is what this machine's noise alone makes of 1.2×.
        public_run_from = _size(access_log)
        with cpu.metered("staff and public", readings):
            if args.visitors:
                spawn = f"--spawn-rate={max(args.visitors // 10, 1)}"
                visitors = public.start(
                    args.visitors,
                    args.seconds,
                    spawn,
                    "--only-summary",
                    f"--csv={results / 'public'}",
                )
            staff(args.users, args.seconds, *staff_options, f"--csv={results / 'staff-with'}")
            if args.visitors:
                visitors.wait()
        public_run = (public_run_from, _size(access_log))
    print(f"locust's own log and CSV files: {results}")
    public_met = report_public(results / "public", args) if args.visitors else True
    if args.visitors and not args.no_proxy:
        report_nginx(access_log, *public_run)
    staff_met = compare_staff(results / "staff-alone", results / "staff-with", args)
    cpu.report(readings)
    print()
    print("All goals " + ("met." if public_met and staff_met else "NOT met."))


@contextlib.contextmanager
def serving(env, args, access_log):
    """gunicorn as bench/load.py starts it, behind nginx as production has it (deploy/nginx/)
    unless --no-proxy, nginx logging each request to `access_log`: the clients' base URL."""
    with load.gunicorn_serving(env, args) as gunicorn_url:
        if args.no_proxy:
            print(f"The clients ask gunicorn directly ({gunicorn_url}).", flush=True)
            yield gunicorn_url
            return
        with proxy.nginx_serving(gunicorn_url, args.port + 1, access_log) as nginx_url:
            print(f"The clients ask nginx ({nginx_url}), deploy/nginx/'s caching.", flush=True)
            yield nginx_url


def _rows(prefix):
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return {
            ("all" if row["Name"] == "Aggregated" else row["Name"]): row
            for row in csv.DictReader(handle)
        }


def _errors(prefix):
    failures = Path(f"{prefix}_failures.csv")
    rows = list(csv.DictReader(failures.open())) if failures.exists() else []
    for row in rows:
        print(f"error: {row['Method']} {row['Name']}: {row['Error']} ({row['Occurrences']}×)")
    return sum(int(row["Occurrences"]) for row in rows)


def report_public(prefix, args):
    rows = _rows(prefix)
    print()
    print(
        f"Public: {args.visitors} clients (think time {THINK_SECONDS[0]}–{THINK_SECONDS[1]} s), "
        f"{args.seconds} s, beside {args.users} staff users, Redis cache, "
        f"{'gunicorn only' if args.no_proxy else 'nginx in front'}, "
        f"generate_demo_data --scale {args.scale}"
    )
    print(
        f"{'page kind':<24}{'requests':>9}{'errors':>8}{'req/s':>8}"
        f"{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
    )
    for name, row in rows.items():
        flag = "  over the goal" if float(row["95%"]) >= PUBLIC_GOAL_MS else ""
        print(
            f"{name:<24}{row['Request Count']:>9}{row['Failure Count']:>8}"
            f"{float(row['Requests/s']):>8.1f}{float(row['50%']):>8.0f}"
            f"{float(row['95%']):>8.0f}{float(row['99%']):>8.0f}{flag}"
        )
    errors = _errors(prefix)
    p95 = float(rows["all"]["95%"])
    met = errors == 0 and p95 < PUBLIC_GOAL_MS
    print(
        f"Goal (no errors, p95 of the public requests < {PUBLIC_GOAL_MS} ms): "
        + ("met" if met else "NOT met")
        + f", {errors} errors, p95 {p95:.0f} ms"
    )
    return met


def _size(path):
    return path.stat().st_size if path.exists() else 0


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)] if ordered else 0.0


def report_nginx(access_log, start, end):
    """The public run as nginx saw it: per cache status, how many requests and how long nginx
    took (from the request's arrival to the last byte sent, without the clients' own delays).

    locust's times include the wait of a client process on a busy machine; nginx's do not. Far
    apart, they say the load generator is part of the load. The app's p95 (MISS, EXPIRED and
    the rest that reached gunicorn) is what the public side's rendering costs under load.
    """
    with open(access_log, "rb") as handle:
        handle.seek(start)
        lines = handle.read(end - start).decode().splitlines()
    seconds, reached_app = {}, []
    for line in lines:
        visitor, status, _code, total, upstream, _uri = line.split(" ", 5)
        if visitor != "public":
            continue
        seconds.setdefault(status, []).append(float(total) * 1000)
        if upstream != "-":
            reached_app.append(float(total) * 1000)
    every = [value for values in seconds.values() for value in values]
    print()
    print("Public requests as nginx timed them (ms, without the clients' own delays)")
    print(f"{'cache status':<24}{'requests':>9}{'share':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}")
    rows = sorted(seconds.items(), key=lambda item: -len(item[1])) + [("all", every)]
    if reached_app:
        rows.append(("reached the app", reached_app))
    for status, values in rows:
        print(
            f"{status:<24}{len(values):>9}{len(values) / len(every):>8.0%}"
            f"{_percentile(values, 0.5):>8.0f}{_percentile(values, 0.95):>8.0f}"
            f"{_percentile(values, 0.99):>8.0f}"
        )


def compare_staff(alone, beside, args):
    before, during = _rows(alone), _rows(beside)
    print()
    print(f"Staff p95 (ms), {args.users} users: alone and beside {args.visitors} public clients")
    print(f"{'page kind':<24}{'requests':>9}{'alone':>8}{'beside':>8}{'ratio':>8}")
    for name, row in before.items():
        if name in during:
            p95, p95_during = float(row["95%"]), float(during[name]["95%"])
            print(
                f"{name:<24}{during[name]['Request Count']:>9}{p95:>8.0f}{p95_during:>8.0f}"
                f"{p95_during / p95 if p95 else 0:>8.2f}"
            )
    errors = _errors(alone) + _errors(beside)
    ratio = float(during["all"]["95%"]) / float(before["all"]["95%"])
    met = errors == 0 and ratio <= STAFF_RATIO_GOAL
    print(
        f"Goal (staff p95 of all pages at most {STAFF_RATIO_GOAL}× the staff-only run, no "
        "errors): " + ("met" if met else "NOT met") + f", {ratio:.2f}×, {errors} errors"
    )
    return met


if __name__ == "__main__":
    main()
elif "locust" in sys.modules:  # imported by locust: the public clients
    import itertools
    import re

    from locust import FastHttpUser, between, task

    PUBLIC = json.loads(os.environ.get("BENCH_PUBLIC", "{}"))
    ADDRESSES = (f"10.{n // 250 % 250}.{n % 250 + 1}.{n // 62500 + 1}" for n in itertools.count())
    MAX_AGE = re.compile(r"max-age=(\d+)")
    STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
    EVENT_LINK = re.compile(r'href="/public/events/(\d+)/"')
    FROM_SEARCH_ENGINE = 0.2

    class PublicVisitor(FastHttpUser):
        """A resident, a journalist or a partner on the public site, or a script on the API."""

        wait_time = between(*THINK_SECONDS)

        def on_start(self):
            # As the TLS proxy in production: the client's own address in X-Forwarded-For.
            self.headers = {"X-Forwarded-For": next(ADDRESSES)}
            # What this client's browser keeps: url → (ETag, fresh until).
            self.kept = {}
            # The events linked from the last list this client read (the home, the event list).
            self.listed = []
            if random.random() < ENGLISH_SHARE:
                self.client.get(
                    "/public/language/?language=en&next=/",
                    name="language switch",
                    headers=self.headers,
                )
            else:
                home = self._get("/", "home") or ""
                self.listed = [int(pk) for pk in EVENT_LINK.findall(home)]
                for href in STYLESHEET.findall(home):
                    self._get(href, "static file (first visit)")

        def _get(self, url, name):
            """GET as a browser would: nothing while the copy is fresh, then If-None-Match."""
            etag, fresh_until = self.kept.get(url, (None, 0))
            if time.monotonic() < fresh_until:
                return None
            headers = dict(self.headers)
            if etag:
                headers["If-None-Match"] = etag
            with self.client.get(url, name=name, headers=headers, catch_response=True) as response:
                if response.status_code not in (200, 304):
                    response.failure(f"{response.status_code}")
                    return None
                age = MAX_AGE.search(response.headers.get("Cache-Control") or "")
                self.kept[url] = (
                    response.headers.get("ETag") or etag,
                    time.monotonic() + (int(age.group(1)) if age else 0),
                )
                return response.text if response.status_code == 200 else None

        def _list(self, url, name):
            text = self._get(url, name)
            if text:
                self.listed = [int(pk) for pk in EVENT_LINK.findall(text)] or self.listed

        @task(3)
        def home(self):
            self._list("/", "home")

        @task(2)
        def program(self):
            self._get("/public/program/", "program")

        @task(2)
        def execution(self):
            self._get(f"/public/execution/{random.choice(PUBLIC['years'])}/", "execution of a year")

        @task(4)
        def events(self):
            url, filters = "/public/events/", random.choice(("", "", "year", "kind", "country"))
            if filters == "year":
                url += f"?year={random.choice(PUBLIC['years'])}"
            elif filters == "kind":
                url += f"?kind={random.choice(PUBLIC['kinds'])}"
            elif filters == "country" and PUBLIC["countries"]:
                url += f"?country={random.choice(PUBLIC['countries'])}"
            elif random.random() < 0.5:
                url += f"?direction={random.choice(PUBLIC['directions'])}"
            elif random.random() < 0.5:
                url += f"?page={random.randint(2, 5)}"
            self._list(url, "event list")

        @task(6)
        def event(self):
            # Mostly one the client saw listed; now and then any, as from a search engine.
            if self.listed and random.random() >= FROM_SEARCH_ENGINE:
                pk = random.choice(self.listed)
            else:
                pk = random.choice(PUBLIC["events"])
            self._get(f"/public/events/{pk}/", "event")

        @task(1)
        def partners(self):
            self._get("/public/partners/", "partner list")

        @task(2)
        def partner(self):
            if PUBLIC["partners"]:
                self._get(f"/public/partners/{random.choice(PUBLIC['partners'])}/", "partner")

        @task(1)
        def documents(self):
            self._get("/public/documents/", "documents")
            if PUBLIC["reports"] and random.random() < 0.2:
                year = random.choice(PUBLIC["reports"])
                self._get(f"/public/documents/annual-{year}.pdf", "annual report PDF")

        @task(1)
        def feed(self):
            self._get("/public/feed.atom", "Atom feed")

        @task(1)
        def api_program(self):
            self._get("/api/v1/program", "API program")

        @task(1)
        def api_categories(self):
            self._get(f"/api/v1/categories?year={random.choice(PUBLIC['years'])}", "API categories")

        @task(2)
        def api_events(self):
            query = random.choice(
                (
                    f"?page={random.randint(1, 4)}",
                    f"?year={random.choice(PUBLIC['years'])}",
                    f"?kind={random.choice(PUBLIC['kinds'])}&page_size=100",
                )
            )
            self._get("/api/v1/events" + query, "API event list")

        @task(2)
        def api_event(self):
            self._get(f"/api/v1/events/{random.choice(PUBLIC['events'])}", "API event")

        @task(1)
        def api_partners(self):
            self._get("/api/v1/partners", "API partner list")
            if PUBLIC["partners"]:
                self._get(f"/api/v1/partners/{random.choice(PUBLIC['partners'])}", "API partner")

        @task(1)
        def api_documents(self):
            self._get("/api/v1/documents", "API documents")

        @task(1)
        def sitemap(self):
            # Crawlers more than people, and they revalidate too.
            self._get("/public/sitemap.xml", "sitemap")
