"""Demo data: the sizes the benchmarks rely on, reproducible from a seed, and valid."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from activities.models import Event, Participant
from budget.models import BudgetAllocation, Expense, ProgramFunding
from partners.models import Partner

pytestmark = pytest.mark.django_db


def fingerprint():
    return (
        Partner.objects.count(),
        Event.objects.count(),
        Participant.objects.count(),
        Expense.objects.count(),
        Expense.objects.aggregate(total=Sum("amount"))["total"],
        list(Event.objects.order_by("start_date", "title").values_list("title", "start_date")[:20]),
    )


def test_scale_one_has_the_documented_sizes_and_every_row_obeys_the_rules(db):
    call_command("generate_demo_data", verbosity=0)
    assert fingerprint()[:4] == (60, 300, 1500, 3000)
    for event in Event.objects.all()[:50]:
        event.full_clean()
    for year in (2022, 2023, 2024):
        approved = ProgramFunding.objects.get(year=year).amount
        allotted = BudgetAllocation.objects.filter(year=year).aggregate(s=Sum("amount"))["s"]
        assert abs(allotted - approved) <= 9  # shares are rounded to whole hryvnias


def test_the_same_seed_gives_the_same_data(db):
    call_command("generate_demo_data", verbosity=0, seed=7)
    first = fingerprint()
    call_command("generate_demo_data", verbosity=0, seed=7, replace=True)
    assert fingerprint() == first


def test_scale_multiplies_events_participants_and_expenses(db):
    call_command("generate_demo_data", verbosity=0, scale=2)
    assert fingerprint()[:4] == (60, 600, 3000, 6000)


def test_existing_data_is_not_overwritten_without_replace(db):
    call_command("generate_demo_data", verbosity=0)
    with pytest.raises(CommandError):
        call_command("generate_demo_data", verbosity=0)
