"""Rows the document tests share: a year of money, events with partners, a tricky name."""

import datetime
from decimal import Decimal

from activities.models import Event
from budget.models import BudgetAllocation, Expense, Financing, FundingSource
from partners.models import Agreement, Partner

TRICKY = '<script>alert(1)</script> «Лан» & "О\'Браєн" 🌻'


def community_budget():
    return FundingSource.objects.get(code="community_budget")


def other_source():
    return FundingSource.objects.get(code="other")


def money_for_2023(program):
    """Allotments and expenses in 2023: category 1 from both sources, 7 from the budget."""
    budget, other = community_budget(), other_source()
    first, seventh = program.categories.get(number=1), program.categories.get(number=7)
    BudgetAllocation.objects.create(category=first, year=2023, source=budget, amount="40000.00")
    BudgetAllocation.objects.create(category=first, year=2023, source=other, amount="10000.00")
    BudgetAllocation.objects.create(category=seventh, year=2023, source=budget, amount="60000.00")
    # What the finance department transferred: category 1's budget money in two parts.
    for day, amount in [
        (datetime.date(2023, 3, 1), "12000.00"),
        (datetime.date(2023, 6, 1), "8004.99"),
    ]:
        Financing.objects.create(category=first, source=budget, date=day, amount=amount)
    for category, source, day, amount in [
        (first, budget, datetime.date(2023, 3, 15), "12345.67"),
        (first, budget, datetime.date(2023, 6, 1), "1000.00"),
        (first, other, datetime.date(2023, 7, 1), "9999.99"),
        (seventh, budget, datetime.date(2023, 9, 1), "65000.50"),
        # Another year must not leak into 2023.
        (seventh, budget, datetime.date(2022, 9, 1), "777.00"),
    ]:
        Expense.objects.create(category=category, source=source, date=day, amount=amount)
    return {
        "first_budget": (Decimal("40000.00"), Decimal("13345.67")),
        "first_other": (Decimal("10000.00"), Decimal("9999.99")),
        "seventh": (Decimal("60000.00"), Decimal("65000.50")),
        "budget_total": (Decimal("100000.00"), Decimal("78346.17")),
        "total": (Decimal("110000.00"), Decimal("88346.16")),
    }


def held_events(program, count, *, title="Візит делегації", partner_name="Гміна Тарнув"):
    partner = Partner.objects.create(
        kind=Partner.Kind.COMMUNITY, name_uk=partner_name, country="PL"
    )
    Agreement.objects.create(
        partner=partner, title="Договір про співпрацю", signed_on=datetime.date(2023, 2, 1)
    )
    direction = program.directions.get(number=1)
    events = []
    for number in range(count):
        event = Event.objects.create(
            program=program,
            title=f"{title} {number}" if count > 1 else title,
            kind=Event.Kind.INCOMING_DELEGATION,
            status=Event.Status.HELD,
            start_date=datetime.date(2023, 5, 10),
            end_date=datetime.date(2023, 5, 12),
            place=Event.Place.MENA,
        )
        event.partners.add(partner)
        event.directions.add(direction, program.directions.get(number=2 + number % 30))
        events.append(event)
    return events
