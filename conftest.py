"""Fixtures shared by every app's tests: the loaded program and a user per role."""

import datetime
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

from activities.models import Department, Program
from budget.models import BudgetAllocation, Financing, FundingSource
from menaprogram.roles import ADMINISTRATOR, CONTROLLER, EDITOR

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher takes half a second per sign-in on purpose; tests sign in a lot.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_caches():
    # The caches live in the test process: what one test cached must not answer the next.
    for cache in caches.all():
        cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database starts with the 2022–2024 program, loaded once for the session.

    Tests run in transactions that roll back, so they all find it; a test that flushes
    the database (a live-server test) finds it gone, and `program` loads it again.
    """
    with django_db_blocker.unblock():
        call_command("load_program", verbosity=0)


@pytest.fixture
def empty_database(db):
    """The test database without the session's program, for tests of an empty start.

    TRUNCATE is transactional in PostgreSQL: the test's rollback brings the program back.
    """
    tables = [Program, Department, FundingSource]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(model._meta.db_table for model in tables)} CASCADE")


@pytest.fixture
def program(db):
    """The 2022–2024 program, loaded from the council's text."""
    found = Program.objects.filter(start_year=2022).first()
    if found is None:
        call_command("load_program", verbosity=0)
        found = Program.objects.get(start_year=2022)
    return found


def finance(program, amount=1_000_000):
    """Allot and finance `amount` UAH to every category of `program`, in every year, from every
    source: room for the expenses a test enters under the spending limit (SpendingLimits)."""
    categories = list(program.categories.all())
    sources = list(FundingSource.objects.all())
    for year in program.years:
        for category in categories:
            for source in sources:
                BudgetAllocation.objects.create(
                    category=category, year=year, source=source, amount=amount
                )
                Financing.objects.create(
                    category=category,
                    source=source,
                    date=datetime.date(year, 1, 15),
                    amount=amount,
                )


@pytest.fixture
def financed(program):
    """The program with room to spend in every category, year and source (see `finance`)."""
    finance(program)
    return program


def _user(django_user_model, username, role=None, **extra):
    user = django_user_model.objects.create_user(
        username, password=PASSWORD, is_staff=role is not None, **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(django_user_model):
    return _user(django_user_model, "editor", EDITOR)


@pytest.fixture
def controller(django_user_model):
    return _user(django_user_model, "controller", CONTROLLER)


@pytest.fixture
def administrator(django_user_model):
    return _user(django_user_model, "administrator", ADMINISTRATOR)


@pytest.fixture
def outsider(django_user_model):
    """Signed in, but with no role."""
    return _user(django_user_model, "outsider")


@pytest.fixture
def as_user(client):
    """Log the client in as the given user and return it."""

    def login(user):
        client.force_login(user)
        return client

    return login


# Browser tests: Playwright drives Debian's Chromium against the live server.
CHROMIUM = "/usr/bin/chromium"
# Django refuses database access from Playwright's event loop thread otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    """Tests that start Playwright run after all the others (in each xdist worker too).

    Playwright's sync API runs the rest of the process's session inside its event loop, and
    asgiref then refuses the sync-to-async bridge procrastinate uses to defer a job: a job
    test that a worker happened to get after its first browser test failed with «You cannot
    use AsyncToSync in the same thread as an async event loop». xdist hands each worker the
    tests in this order, so once a worker starts on browser tests it gets nothing else.
    """
    items.sort(key=lambda item: "playwright" in getattr(item, "fixturenames", ()))


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """Close this process's database connections before Playwright starts.

    Playwright's sync API runs the rest of the session in a greenlet with a context of its
    own, and Django keeps a connection per context: the connection opened by the tests before
    the first browser test would stay open, out of every later test's reach, and the test
    database could not be dropped at the end ("is being accessed by other users").
    """
    if fixturedef.argname == "playwright":
        from django.db import connections

        connections.close_all()
    yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # This machine has no network beyond the package registries: keep Chromium quiet.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def bell_left_alone(request):
    """Browser tests do not fetch the bell's count unless they ask for it (`bell` marker).

    Every page fetches it after loading; a test that ends meanwhile would leave the live
    server answering it after the test's database is gone.
    """
    if request.node.get_closest_marker("browser") and not request.node.get_closest_marker("bell"):
        request.getfixturevalue("settings").REMINDERS_BELL_AUTOLOAD = False


_skipped_browser_tests = []


def pytest_runtest_logreport(report):
    if report.skipped and any(
        mark in report.keywords for mark in ("browser", "office", "htmlcheck", "proxy")
    ):
        _skipped_browser_tests.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    # In CI a skipped browser, office, HTML check or proxy test is a failure: it would hide a
    # missing Chromium, LibreOffice, Java or nginx.
    if os.environ.get("CI") and _skipped_browser_tests:
        print(f"\nBrowser or office tests were skipped in CI: {_skipped_browser_tests}")
        session.exitstatus = 1


@pytest.fixture
def jobs_in_memory(monkeypatch):
    """Background jobs queued in memory and run in the test's thread, on its transaction.

    `run()` works the queue until nothing is due; `later(seconds)` moves the clock of the
    queued jobs on (a retry waits a minute). No worker process, no PostgreSQL queue.
    """
    import datetime as _datetime

    from django.db import connections
    from procrastinate import testing, utils
    from procrastinate.contrib.django import app, db_cleanup

    test_connection = connections["default"]

    async def inline(func, *args, **kwargs):
        connections["default"] = test_connection
        return func(*args, **kwargs)

    # procrastinate runs a plain function in a thread, on another database connection,
    # which would not see the test's rows (and would commit its own); here it runs on the
    # test's connection, in its transaction.
    monkeypatch.setattr(utils, "sync_to_async", inline)
    # Nor may it close that connection around a job, as it does in a worker: the test's
    # transaction would go with it, and what the job writes next would stay in the database.
    monkeypatch.setattr(db_cleanup, "close_old_connections", lambda: None)
    connector = testing.InMemoryConnector()
    # The worker would also defer every periodic job due in the last ten minutes (the
    # documents rendered ahead every ten minutes, the daily ones between 4:00 and 4:10): a
    # test's queue holds only what the test defers.
    monkeypatch.setattr(app.periodic_registry, "periodic_tasks", {})

    class Queue:
        jobs = connector.jobs

        def run(self):
            app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)

        def later(self, seconds):
            for job in connector.jobs.values():
                if job["scheduled_at"]:
                    job["scheduled_at"] -= _datetime.timedelta(seconds=seconds)

    with app.replace_connector(connector):
        yield Queue()
