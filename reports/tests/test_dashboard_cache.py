"""The dashboard is read from the cache until the data changes, and never while a write is open.

These tests commit their data (`transactional_db`): a test's own open transaction has written,
and the cache rightly stays out of the way of uncommitted writes.
"""

import datetime
from decimal import Decimal

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Event
from budget.models import Expense, FundingSource, SpendingCategory
from menaprogram import data_version
from partners.models import Partner

pytestmark = pytest.mark.django_db(transaction=True)

DASHBOARD = reverse("reports:dashboard")
# The full dashboard reads 19 queries; a cached one only the session, the user, the
# workspace and the data version (which the partner thresholds move: they are tracked).
CACHED_AT_MOST = 9


@pytest.fixture
def dashboard(program, as_user, controller):
    client = as_user(controller)

    def get():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(DASHBOARD, {"year": "2023"})
        assert response.status_code == 200
        return response, len(queries)

    return get


def _expense(program, amount):
    return Expense.objects.create(
        category=SpendingCategory.objects.get(program=program, number=3),
        source=FundingSource.objects.order_by("pk").first(),
        date=datetime.date(2023, 4, 12),
        amount=Decimal(amount),
    )


def test_a_second_look_reads_the_cache(dashboard):
    first, first_queries = dashboard()
    second, second_queries = dashboard()
    assert first_queries > 19
    assert second_queries <= CACHED_AT_MOST
    assert second.context["money"] == first.context["money"]


def test_a_new_expense_shows_at_once(dashboard, program):
    dashboard()
    _expense(program, "1234.56")
    response, queries = dashboard()
    assert queries > 19
    assert response.context["money"].spent == Decimal("1234.56")


def test_a_change_made_behind_the_forms_back_shows_too(dashboard, program):
    # QuerySet.update() sends no signal; the audit trail's trigger still sees it.
    expense = _expense(program, "100")
    dashboard()
    Expense.objects.filter(pk=expense.pk).update(amount=Decimal("250"))
    response, _ = dashboard()
    assert response.context["money"].spent == Decimal("250")


def test_the_version_moves_with_every_kind_of_write(program):
    before = data_version.current()
    partner = Partner.objects.create(name_uk="Гміна Тарнув", kind=Partner.Kind.COMMUNITY)
    after_insert = data_version.current()
    Partner.objects.filter(pk=partner.pk).update(name_uk="Тарнув")
    after_update = data_version.current()
    partner.delete()
    after_delete = data_version.current()
    assert len({before, after_insert, after_update, after_delete}) == 4
    assert None not in {before, after_insert, after_update, after_delete}


def test_nothing_is_cached_while_another_transaction_is_writing(dashboard, program):
    # A second connection to the same database writes and has not committed yet: the largest
    # ids may not cover its write when it does commit, so they are no key for now.
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"],
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
    )
    try:
        other.execute(
            "UPDATE activities_program SET title = title || ' ' WHERE id = %s", [program.pk]
        )
        assert data_version.current() is None
        dashboard()
        _, queries = dashboard()
        assert queries > 19
    finally:
        other.rollback()
        other.close()
    assert data_version.current() is not None


def test_an_event_linked_to_a_direction_afterwards_counts_at_once(dashboard, program):
    # Only the link table changes: the event's own row stays as it was.
    event = Event.objects.create(
        program=program,
        title="Форум громад",
        kind=Event.Kind.CONFERENCE,
        status=Event.Status.HELD,
        start_date=datetime.date(2023, 6, 1),
        end_date=datetime.date(2023, 6, 1),
        place=Event.Place.MENA,
    )
    before, _ = dashboard()
    event.directions.add(program.directions.get(number=9))
    after, _ = dashboard()
    held = {line.number: line.held_in_period for line in after.context["directions"]}
    assert held[9] == 1
    assert {line.number: line.held_in_period for line in before.context["directions"]}[9] == 0
