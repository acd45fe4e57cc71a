"""Each reminder rule at its boundary dates, in a fixed number of queries however many rows."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from activities import amendments
from activities.models import Amendment, AnnualReport, Event, Indicator, Program
from budget.models import BudgetAllocation, Expense, FundingSource, ProgramFunding
from menaprogram.templatetags.money import thousands
from partners.models import Agreement, Contact, Partner
from reminders import rules
from reminders.models import ReminderSettings

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def ukrainian():
    with translation.override("uk"):
        yield


def _items(rule, today, **thresholds):
    return rule.items(rules.Context(today, ReminderSettings(**thresholds)))


def _partner(name="Місто Ловеч", **extra):
    return Partner.objects.create(kind=Partner.Kind.CITY, name_uk=name, country="BG", **extra)


def _agreement(partner, valid_until, **extra):
    return Agreement.objects.create(
        partner=partner,
        title=f"Угода до {valid_until}",
        signed_on=D(2021, 1, 1),
        valid_until=valid_until,
        **extra,
    )


def _event(program, day, **extra):
    fields = {
        "title": f"Захід {day}",
        "kind": Event.Kind.INCOMING_DELEGATION,
        "status": Event.Status.HELD,
        "start_date": day,
        "end_date": day,
        "place": Event.Place.MENA,
        **extra,
    }
    return Event.objects.create(program=program, **fields)


# --- Agreements ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_left", "stage"),
    [(91, None), (90, 90), (31, 90), (30, 30), (0, 30)],
)
def test_an_agreement_warns_90_then_30_days_before_its_end(days_left, stage):
    today = D(2024, 6, 1)
    agreement = _agreement(_partner(), today + datetime.timedelta(days=days_left))
    items = _items(rules.ExpiringAgreements(), today)
    if stage is None:
        assert items == []
    else:
        [item] = items
        assert (
            item.key == f"agreement-expiring:{agreement.pk}:{stage}:{agreement.valid_until:%Y%m%d}"
        )
        assert "Угода з Місто Ловеч закінчується" in item.title


def test_the_agreement_warnings_follow_the_administrators_thresholds():
    today = D(2024, 6, 1)
    _agreement(_partner(), today + datetime.timedelta(days=100))
    assert _items(rules.ExpiringAgreements(), today) == []
    [item] = _items(
        rules.ExpiringAgreements(),
        today,
        agreement_first_warning_days=120,
        agreement_second_warning_days=100,
    )
    assert ":100:" in item.key


def test_a_lapsed_agreement_is_listed_from_the_day_after_its_end_until_renewed():
    partner = _partner()
    ended = _agreement(partner, D(2024, 5, 31))
    assert _items(rules.LapsedAgreements(), D(2024, 5, 31)) == []
    [item] = _items(rules.LapsedAgreements(), D(2024, 6, 1))
    assert item.key == f"agreement-lapsed:{ended.pk}:20240531"
    _agreement(partner, D(2026, 5, 31), number="2")
    assert _items(rules.LapsedAgreements(), D(2024, 6, 1)) == []


def test_a_lapsed_agreement_of_a_partner_no_longer_active_needs_nothing():
    _agreement(_partner(status=Partner.Status.ENDED), D(2024, 5, 31))
    assert _items(rules.LapsedAgreements(), D(2024, 6, 1)) == []


# --- Partners gone quiet --------------------------------------------------------------------


def test_a_partner_is_quiet_after_365_days_without_event_or_contact(program):
    partner = _partner()
    last = D(2023, 6, 1)
    event = _event(program, last)
    event.partners.add(partner)
    assert _items(rules.DormantPartners(), last + datetime.timedelta(days=365)) == []
    [item] = _items(rules.DormantPartners(), last + datetime.timedelta(days=366))
    assert item.key == f"partner-dormant:{partner.pk}"
    Contact.objects.create(
        partner=partner, full_name="Іван Петров", last_contacted_on=D(2024, 5, 1)
    )
    assert _items(rules.DormantPartners(), last + datetime.timedelta(days=366)) == []


def test_a_partner_never_in_touch_is_quiet(program):
    _partner()
    [item] = _items(rules.DormantPartners(), D(2024, 6, 1))
    assert "Жодного заходу чи контакту ще не записано." in item.detail
    del program


# --- Events without results, participants or expenses --------------------------------------


def test_an_event_is_listed_15_days_after_its_end_with_what_is_missing(program):
    event = _event(program, D(2024, 5, 1))
    assert _items(rules.EventsWithoutData(), D(2024, 5, 15)) == []
    [item] = _items(rules.EventsWithoutData(), D(2024, 5, 16))
    assert item.detail == "Не внесено: результати, учасники, видатки."
    event.outcome = "Підписано меморандум"
    event.participant_count = 12
    event.save()
    [item] = _items(rules.EventsWithoutData(), D(2024, 5, 16))
    assert item.detail == "Не внесено: видатки."
    Expense.objects.create(
        category=program.categories.get(number=5),
        source=FundingSource.objects.get(code="community_budget"),
        date=D(2024, 5, 1),
        amount=Decimal("100"),
        event=event,
    )
    assert _items(rules.EventsWithoutData(), D(2024, 5, 16)) == []


def test_a_cancelled_event_needs_nothing_and_a_planned_one_past_its_date_needs_its_status(program):
    _event(program, D(2024, 5, 1), status=Event.Status.CANCELLED)
    planned = _event(program, D(2024, 5, 2), status=Event.Status.PLANNED, participant_count=3)
    [item] = _items(rules.EventsWithoutData(), D(2024, 6, 1))
    assert item.url.endswith(f"/events/{planned.pk}/")
    assert "статус" in item.detail


def test_events_of_a_completed_program_are_left_alone(program):
    _event(program, D(2024, 5, 1))
    Program.objects.filter(pk=program.pk).update(status=Program.Status.COMPLETED)
    assert _items(rules.EventsWithoutData(), D(2024, 6, 1)) == []


# --- Indicators -----------------------------------------------------------------------------


def test_indicator_values_are_missing_only_for_years_that_have_ended(program):
    indicator = Indicator.objects.create(
        program=program, kind=Indicator.Kind.OUTPUT, name="Кількість візитів", unit="од."
    )
    assert _items(rules.MissingIndicatorValues(), D(2022, 12, 31)) == []
    [item] = _items(rules.MissingIndicatorValues(), D(2023, 1, 1))
    assert item.key == f"indicator-values:{program.pk}:2022"
    indicator.values.create(year=2022, target=5, actual=None)
    assert len(_items(rules.MissingIndicatorValues(), D(2023, 1, 1))) == 1  # a target is not a fact
    indicator.values.filter(year=2022).update(actual=4)
    assert _items(rules.MissingIndicatorValues(), D(2023, 1, 1)) == []


# --- Allotments -----------------------------------------------------------------------------


def _approved(program, year):
    return sum(f.amount for f in ProgramFunding.objects.filter(program=program, year=year))


def _allot(program, year, amount=None, number=1):
    """Allot `amount` (default: the whole approved amount of the year) to a category."""
    BudgetAllocation.objects.create(
        category=program.categories.get(number=number),
        year=year,
        source=FundingSource.objects.get(code="community_budget"),
        amount=_approved(program, year) if amount is None else amount,
    )


def test_a_years_allotments_are_due_by_the_first_of_february(program):
    for year in (2022, 2023):
        _allot(program, year)
    assert _items(rules.MissingAllotments(), D(2024, 1, 31)) == []
    [item] = _items(rules.MissingAllotments(), D(2024, 2, 1))
    assert item.key == f"allotments:{program.pk}:2024"
    assert item.audience == rules.ADMINISTRATORS
    assert item.url == f"/budget/allocations/?workspace={program.pk}:2024"
    _allot(program, 2024)
    assert _items(rules.MissingAllotments(), D(2024, 2, 1)) == []


def test_every_year_without_allotments_is_listed_until_the_program_is_completed(program):
    keys = [item.key for item in _items(rules.MissingAllotments(), D(2025, 6, 1))]
    assert keys == [f"allotments:{program.pk}:{year}" for year in (2022, 2023, 2024)]
    Program.objects.filter(pk=program.pk).update(status=Program.Status.COMPLETED)
    assert _items(rules.MissingAllotments(), D(2025, 6, 1)) == []


def test_the_allotments_day_is_the_administrators(program):
    for year in (2022, 2023):
        _allot(program, year)
    assert _items(rules.MissingAllotments(), D(2024, 2, 1), allotments_due_month=3) == []


def test_allotments_short_of_the_approved_amount_are_listed_to_the_last_hryvnia(program):
    for year in (2022, 2023):
        _allot(program, year)
    approved = _approved(program, 2024)
    _allot(program, 2024, approved - Decimal("0.01"))
    assert _items(rules.MissingAllotments(), D(2024, 1, 31)) == []  # not due yet
    [item] = _items(rules.MissingAllotments(), D(2024, 2, 1))
    assert item.key == f"allotments:{program.pk}:2024:short:{approved:f}"
    assert item.title == (
        f"Призначення на 2024 рік покривають {thousands(approved - Decimal('0.01'))} "
        f"із затверджених {thousands(approved)} тис. грн"
    )
    assert item.audience == rules.ADMINISTRATORS
    BudgetAllocation.objects.filter(category__program=program, year=2024).update(amount=approved)
    assert _items(rules.MissingAllotments(), D(2024, 2, 1)) == []
    # Allotted beyond the approval is not this rule's business (the budget page shows it).
    BudgetAllocation.objects.filter(category__program=program, year=2024).update(
        amount=approved + 1
    )
    assert _items(rules.MissingAllotments(), D(2024, 2, 1)) == []


def _raise_funding(program, year, amount, takes_effect):
    """An adopted amendment setting `year`'s funding from the community budget to `amount`."""
    source = FundingSource.objects.get(code="community_budget")
    draft = Amendment.objects.create(
        program=program, status=Amendment.Status.DRAFT, title="Про внесення змін"
    )
    amendments.add_change(
        amendment=draft,
        kind="funding",
        target={"year": year, "source": source.pk},
        new=str(amount),
    )
    amendments.adopt(
        amendment=draft,
        decision_number="5/12",
        decision_date=takes_effect - datetime.timedelta(days=3),
        act_kind=Amendment.ActKind.COUNCIL_DECISION,
        adopted_by="Менська міська рада",
        effective_date=takes_effect,
    )


def test_an_amendment_raising_the_funding_leaves_the_earlier_allotments_short_from_its_day(
    program,
):
    for year in program.years:
        _allot(program, year)
    before = _approved(program, 2024)
    _raise_funding(program, 2024, before + 50_000, takes_effect=D(2024, 3, 1))
    assert _items(rules.MissingAllotments(), D(2024, 2, 29)) == []  # not in force yet
    [item] = _items(rules.MissingAllotments(), D(2024, 3, 1))
    assert item.key == f"allotments:{program.pk}:2024:short:{before + 50_000:f}"
    assert f"решту, {thousands(Decimal(50_000))} тис. грн" in item.detail
    _allot(program, 2024, Decimal(50_000), number=2)
    assert _items(rules.MissingAllotments(), D(2024, 3, 1)) == []


def test_links_to_a_year_open_the_program_of_the_item(program):
    """Links to a year's page carry the item's program, not the one chosen in the header."""
    Indicator.objects.create(
        program=program, kind=Indicator.Kind.OUTPUT, name="Кількість візитів", unit="од."
    )
    today = D(2025, 6, 1)
    urls = {
        rule.code: {item.url for item in _items(rule, today)}
        for rule in (rules.MissingIndicatorValues(), rules.MissingAllotments())
    }
    assert f"/indicators/?workspace={program.pk}:2023" in urls["indicator-values"]
    assert f"/budget/allocations/?workspace={program.pk}:2023" in urls["allotments"]
    reports = {item.url for item in _items(rules.AnnualReportDue(), today)}
    assert f"/reports/annual/2024/?workspace={program.pk}:2024" in reports


# --- Annual report --------------------------------------------------------------------------


def _report_keys(today):
    return [item.key for item in _items(rules.AnnualReportDue(), today)]


def test_the_annual_report_is_reminded_60_days_before_1_march_with_what_is_missing(program):
    AnnualReport.objects.create(program=program, year=2022, accepted_on=D(2023, 2, 20))
    # 2024 is a leap year: 60 days before 1 March is 1 January.
    assert _report_keys(D(2023, 12, 31)) == []
    Indicator.objects.create(
        program=program, kind=Indicator.Kind.OUTPUT, name="Кількість візитів", unit="од."
    )
    _event(program, D(2023, 5, 1))
    [item] = _items(rules.AnnualReportDue(), D(2024, 1, 1))
    assert item.title == "Звіт за 2023 рік подається до 01.03.2024"
    assert "підсумки року" in item.detail
    assert "факт 1 показника" in item.detail
    assert "результати 1 заходу" in item.detail


def test_the_annual_report_stays_until_adopted(program):
    assert _report_keys(D(2025, 6, 1)) == [
        f"annual-report:{program.pk}:{year}" for year in (2022, 2023, 2024)
    ]
    AnnualReport.objects.create(
        program=program, year=2023, narrative="Рік угод", accepted_on=D(2024, 2, 20)
    )
    assert f"annual-report:{program.pk}:2023" not in _report_keys(D(2025, 6, 1))


# --- Spending beyond the plan ---------------------------------------------------------------


def test_a_category_is_over_its_plan_when_it_spends_more_than_allotted(program):
    category = program.categories.get(number=4)
    source = FundingSource.objects.get(code="community_budget")
    BudgetAllocation.objects.create(category=category, year=2024, source=source, amount=100)
    Expense.objects.create(category=category, source=source, date=D(2024, 3, 1), amount=100)
    assert _items(rules.OverspentCategories(), D(2024, 6, 1)) == []
    Expense.objects.create(category=category, source=source, date=D(2024, 3, 2), amount=1)
    [item] = _items(rules.OverspentCategories(), D(2024, 6, 1))
    assert item.key == f"overspent:{category.pk}:2024"
    assert item.audience == rules.ADMINISTRATORS
    # Within 110 % of the plan is not over it, for an administrator who says so.
    assert _items(rules.OverspentCategories(), D(2024, 6, 1), overspend_percent=110) == []


# --- Queries --------------------------------------------------------------------------------


def _lots(program, count):
    for n in range(count):
        partner = _partner(f"Партнер {count}-{n}")
        _agreement(partner, D(2024, 3, 10))
        _agreement(_partner(f"Колишній партнер {count}-{n}"), D(2024, 1, 10))
        _event(program, D(2023, 5, 1), title=f"Захід {count}-{n}")
        Indicator.objects.create(
            program=program, kind=Indicator.Kind.OUTPUT, name=f"Показник {count}-{n}", unit="од."
        )
        category = program.categories.get(number=1 + n % 9)
        Expense.objects.create(
            category=category,
            source=FundingSource.objects.get(code="community_budget"),
            date=D(2023, 3, 1),
            amount=Decimal("100"),
        )


# The reminders' own rules (those other apps register are held to their count in their tests).
OWN_RULES = [rule for rule in rules.RULES if type(rule).__module__ == rules.__name__]


@pytest.mark.parametrize("rule", OWN_RULES, ids=lambda rule: rule.code)
def test_each_rule_reads_in_a_fixed_number_of_queries(program, rule, django_assert_num_queries):
    today = D(2024, 2, 15)
    counts = []
    for count in (1, 20):
        _lots(program, count)
        with django_assert_num_queries(rule.queries) as captured:
            items = _items(rule, today)
        counts.append(len(items))
        del captured
    # Every rule finds something in this data, more of it the second time for most.
    assert counts[1] >= counts[0] > 0
