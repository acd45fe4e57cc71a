"""Reads behind the workspace home: what needs a person's attention this month."""

import datetime

from django.db.models import Count

from activities.models import Event
from budget.models import Expense
from partners.models import Agreement

EXPIRY_WARNING_DAYS = 90
SHOWN = 10


def attention(program, today):
    """Events this month, agreements expiring soon, expenses with no event (four queries)."""
    month_start = today.replace(day=1)
    next_month = (month_start + datetime.timedelta(days=32)).replace(day=1)
    events = (
        Event.objects.for_program(program)
        .filter(start_date__lt=next_month, end_date__gte=month_start)
        .annotate(participants_total=Count("participants"))
        .order_by("start_date", "title")
    )
    agreements = (
        Agreement.objects.expiring_within(EXPIRY_WARNING_DAYS, today)
        .select_related("partner")
        .order_by("valid_until", "pk")
    )
    unlinked = (
        Expense.objects.for_program(program)
        .filter(event__isnull=True)
        .select_related("category")
        .order_by("-date", "-pk")
    )
    return {
        "month": month_start,
        "events": list(events),
        "expiring_agreements": list(agreements),
        "expiry_warning_days": EXPIRY_WARNING_DAYS,
        "unlinked_expenses": list(unlinked[:SHOWN]),
        "unlinked_expense_count": unlinked.count(),
    }
