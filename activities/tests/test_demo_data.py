"""Demo data: the sizes the benchmarks rely on, reproducible from a seed, and valid."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from activities.models import Event, IndicatorValue, Participant, Program
from budget.models import BudgetAllocation, Expense, Financing, ProgramFunding
from budget.money import MoneyLayers, by_category, by_year
from partners.models import Agreement, Partner

pytestmark = pytest.mark.django_db


def fingerprint():
    """The 2022–2024 program's data (the sizes the benchmarks rely on)."""
    events = Event.objects.filter(program__start_year=2022)
    expenses = Expense.objects.filter(category__program__start_year=2022)
    return (
        Partner.objects.count(),
        events.count(),
        Participant.objects.filter(event__program__start_year=2022).count(),
        expenses.count(),
        expenses.aggregate(total=Sum("amount"))["total"],
        list(events.order_by("start_date", "title").values_list("title", "start_date")[:20]),
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


def test_the_next_program_is_carried_over_and_in_force_until_november_2026(db):
    call_command("generate_demo_data", verbosity=0)
    old = Program.objects.get(start_year=2022)
    new = Program.objects.get(start_year=2025, end_year=2027)
    assert (old.status, new.status) == (Program.Status.COMPLETED, Program.Status.ACTIVE)
    assert new.directions.count() == 34 and new.categories.count() == 9
    assert new.expected_results.count() == 9 and new.indicators.count() == 5
    assert list(new.funding.values_list("year", flat=True)) == [2025, 2026, 2027]
    # One adopted amendment raised 2026's funding: the version in force shows both.
    amendment = new.amendments.get()
    assert amendment.status == "adopted" and amendment.decision_number == "5/12"
    assert new.funding.get(year=2026).amount == Decimal("450000")
    events = Event.objects.filter(program=new)
    assert events.count() == 60
    assert {event.start_date.year for event in events} == {2025, 2026}
    assert BudgetAllocation.objects.filter(category__program=new, year=2027).count() == 0
    assert BudgetAllocation.objects.filter(category__program=new, year=2026).exists()
    for line in by_year(MoneyLayers(new)):
        assert line.spent <= line.financed <= line.allotted <= line.approved, line.label
    assert not IndicatorValue.objects.filter(
        indicator__program=new, year=2026, actual__isnull=False
    ).exists()


def test_the_demo_data_without_the_next_program(db):
    call_command("generate_demo_data", verbosity=0, next_program=False)
    assert not Program.objects.filter(start_year=2025).exists()
    assert Program.objects.get(start_year=2022).status == Program.Status.ACTIVE


def test_the_planner_knows_the_generated_rows_at_once(db):
    """Analysed when written: else, with autovacuum off or late, the planner takes the
    tables for empty and the expense list joins 30,000 rows one by one (bench/load.py)."""
    from django.db import connection

    call_command("generate_demo_data", verbosity=0, next_program=False)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class "
            "WHERE relname IN ('budget_expense', 'activities_event', 'activities_participant')"
        )
        estimated = dict(cursor.fetchall())
    assert estimated == {
        "budget_expense": 3000,
        "activities_event": 300,
        "activities_participant": 1500,
    }


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


@pytest.fixture
def demo(db):
    call_command("generate_demo_data", verbosity=0)
    return Program.objects.get(start_year=2022)


def test_no_year_is_spent_above_its_approval_nor_financed_above_its_allotment(demo):
    for line in by_year(MoneyLayers(demo)):
        assert line.financed <= line.allotted <= line.approved, line.label
        assert line.spent <= line.financed, line.label
        assert line.spent >= line.approved * Decimal("0.7"), line.label  # realistic, not empty


def test_every_category_and_year_keeps_the_spending_limit(demo):
    for year in demo.years:
        layers = MoneyLayers(demo, [year])
        for category, line in by_category(layers):
            assert line.spent <= line.limit, (year, category.number)
            assert line.financed > 0, (year, category.number)
    # Quarterly transfers.
    assert Financing.objects.filter(category__program=demo, date__month=4).count() == 27


def test_counted_indicators_are_whole_numbers_and_every_value_is_valid(demo):
    values = IndicatorValue.objects.filter(indicator__program=demo).select_related("indicator")
    counted = [value for value in values if value.indicator.unit in ("од.", "осіб")]
    assert len(counted) == 9
    for value in counted:
        assert value.target == value.target.to_integral(), value
        # A third of the last year's facts are left out on purpose, for the reminders.
        assert value.actual is None or value.actual == value.actual.to_integral(), value
    for value in values:
        value.full_clean()


def test_event_titles_and_agreements_are_grammatical(demo):
    titles = set(Event.objects.values_list("title", flat=True))
    # The partner's city in the genitive after a preposition or a noun.
    assert any(title.startswith("Візит делегації з ") for title in titles)
    assert not any(
        title.endswith((" Тарнув", " Ряшів", " Люблін", " Габрово", " Гота")) for title in titles
    )
    assert not any(" з Гміна " in title or " з Місто " in title for title in titles)
    assert not any("№" in title for title in titles)
    for title in Agreement.objects.values_list("title", flat=True):
        assert title.startswith("Договір про співпрацю з партнером «"), title
