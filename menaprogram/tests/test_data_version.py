"""The data version: any committed write changes it; a reader may leave out apps it never shows.

These tests commit their data (`transactional_db`): while the test's own transaction has
written, the version rightly answers None («do not cache»).
"""

import datetime

import pytest

from activities.models import Event
from budget.models import Expense, FundingSource
from menaprogram import data_version

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_write_to_an_app_left_out_keeps_that_reader_s_version(program):
    whole, without_budget = data_version.current(), data_version.current(leaving_out=("budget",))
    assert whole and without_budget and whole != without_budget
    Expense.objects.create(
        category=program.categories.get(number=3),
        source=FundingSource.objects.order_by("pk").first(),
        date=datetime.date(2023, 4, 12),
        amount=100,
    )
    assert data_version.current() != whole
    assert data_version.current(leaving_out=("budget",)) == without_budget
    Event.objects.create(
        program=program,
        title="Зустріч",
        kind=Event.Kind.INCOMING_DELEGATION,
        start_date=datetime.date(2023, 5, 1),
        end_date=datetime.date(2023, 5, 1),
    )
    assert data_version.current(leaving_out=("budget",)) != without_budget
