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


_skipped_browser_tests = []


def pytest_runtest_logreport(report):
    if report.skipped and "browser" in report.keywords:
        _skipped_browser_tests.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    # In CI a skipped browser test is a failure: it would hide a missing Chromium.
    if os.environ.get("CI") and _skipped_browser_tests:
        print(f"\nBrowser tests were skipped in CI: {_skipped_browser_tests}")
        session.exitstatus = 1
