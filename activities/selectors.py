"""Reads behind the event and publication pages."""

import datetime

from django.db.models import Exists, Max, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from activities.models import (
    Direction,
    Event,
    EventDirectionLink,
    EventPartnerLink,
    Indicator,
    IndicatorValue,
    Publication,
)
from menaprogram.history import Links, record_history
from menaprogram.money import SQL_ZERO
from partners.models import Agreement, Partner

# An event's history tells its partners and directions linked and unlinked, too.
EVENT_LINKS = (
    Links(
        EventPartnerLink.pgh_event_model,
        "event",
        "partner",
        added=_("Partner added: %(name)s"),
        removed=_("Partner removed: %(name)s"),
    ),
    Links(
        EventDirectionLink.pgh_event_model,
        "event",
        "direction",
        added=_("Direction added: %(name)s"),
        removed=_("Direction removed: %(name)s"),
    ),
)


def event_list(program, *, filters=None):
    """Events of `program` that `filters` (a bound EventFilter) select, by date.

    Partners and directions come prefetched: three queries for a page, whatever its length.
    """
    events = (
        Event.objects.for_program(program)
        .select_related("department")
        # How many people came, by the one rule the dashboard uses too; counted in a
        # subquery, which PostgreSQL runs for the page's rows only (a join and GROUP BY
        # would count every event of the year before taking the first 25).
        .with_people()
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.only("pk", "name_uk")),
            Prefetch("directions", queryset=Direction.objects.order_by("number")),
        )
        .order_by("start_date", "title", "pk")
    )
    return filters.apply(events) if filters is not None else events


def event_detail(pk):
    """Everything shown on an event's page; raises Event.DoesNotExist for an unknown `pk`."""
    event = Event.objects.select_related("program", "department").with_people().get(pk=pk)
    expenses = list(event.expenses.select_related("category", "source").order_by("date", "pk"))
    return {
        "event": event,
        "participants": list(event.participants.order_by("side", "full_name", "pk")),
        "partners": list(event.partners.order_by("name_uk", "pk")),
        "directions": list(event.directions.order_by("number")),
        "expenses": expenses,
        "expense_total": event.expenses.aggregate(total=Coalesce(Sum("amount"), SQL_ZERO))["total"],
        "publications": list(event.publications.order_by("-published_on", "pk")),
        "files": list(event.files.order_by("uploaded_at", "pk")),
        "history": record_history(event, links=EVENT_LINKS),
    }


def publication_list(program, *, filters=None):
    """Publications of `program` that `filters` (a bound PublicationFilter) select, newest first."""
    publications = (
        Publication.objects.filter(program=program)
        .select_related("event")
        .order_by("-published_on", "-pk")
    )
    return filters.apply(publications) if filters is not None else publications


def dormant_partners(today, days):
    """Active partners with no event and no contact in the `days` before `today` (one query).

    The dashboard lists them, and the reminders rule "partners gone quiet" reads the same.
    Each has `last_activity_on` (None: never) and `has_valid_agreement`; the longest quiet first.
    """
    since = today - datetime.timedelta(days=days)
    event_happened = Q(events__start_date__lte=today) & ~Q(events__status=Event.Status.CANCELLED)
    return (
        Partner.objects.filter(status=Partner.Status.ACTIVE)
        # Max is not changed by the rows that joining events and contacts repeats.
        .annotate(
            last_event_on=Max("events__start_date", filter=event_happened),
            last_contact_on=Max("contacts__last_contacted_on"),
        )
        # GREATEST skips NULLs in PostgreSQL: the later of the two, or NULL for neither.
        .annotate(last_activity_on=Greatest("last_event_on", "last_contact_on"))
        .filter(Q(last_activity_on__lt=since) | Q(last_activity_on__isnull=True))
        .annotate(
            has_valid_agreement=Exists(
                Agreement.objects.valid_on(today).filter(partner=OuterRef("pk"))
            )
        )
        .order_by("last_activity_on", "name_uk", "pk")
    )


def indicator_value_grid(program, year):
    """The program's indicators in the order of its results, and the year's values by
    indicator id (two queries)."""
    indicators = list(
        Indicator.objects.filter(program=program)
        .select_related("expected_result")
        .order_by("expected_result__number", "kind", "name")
    )
    values = IndicatorValue.objects.filter(indicator__program=program, year=year)
    return indicators, {value.indicator_id: value for value in values}
