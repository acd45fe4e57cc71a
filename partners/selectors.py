"""Reads behind the partner pages: aggregated in SQL, a fixed number of queries per page."""

from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    Max,
    OuterRef,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from activities.models import Event
from budget.models import Expense
from partners.models import Agreement, Partner

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))


def _valid_agreement(today):
    return Exists(Agreement.objects.valid_on(today).filter(partner=OuterRef("pk")))


def partner_list(filters=None, *, today=None):
    """Partners matching `filters` (a filter form's cleaned data), with agreements and events."""
    filters = filters or {}
    today = today or timezone.localdate()
    partners = Partner.objects.annotate(
        has_valid_agreement=_valid_agreement(today),
        event_count=Count("events", distinct=True),
        last_event_date=Max("events__start_date"),
    ).order_by("name_uk", "pk")
    if filters.get("kind"):
        partners = partners.filter(kind=filters["kind"])
    if filters.get("country"):
        partners = partners.filter(country=filters["country"])
    if filters.get("status"):
        partners = partners.filter(status=filters["status"])
    if filters.get("has_valid_agreement") == "yes":
        partners = partners.filter(has_valid_agreement=True)
    elif filters.get("has_valid_agreement") == "no":
        partners = partners.filter(has_valid_agreement=False)
    if q := (filters.get("q") or "").strip():
        partners = partners.filter(Q(name_uk__icontains=q) | Q(name_original__icontains=q))
    return partners


def partner_detail(pk, *, today=None):
    """A partner's page data; raises Partner.DoesNotExist for an unknown `pk`."""
    today = today or timezone.localdate()
    partner = Partner.objects.annotate(has_valid_agreement=_valid_agreement(today)).get(pk=pk)
    contacts = list(partner.contacts.all())
    agreements = list(
        partner.agreements.annotate(
            is_valid=Exists(Agreement.objects.valid_on(today).filter(pk=OuterRef("pk")))
        ).order_by("-signed_on", "pk")
    )
    events = list(
        partner.events.select_related("program")
        .annotate(spent=Coalesce(Sum("expenses__amount"), ZERO))
        .order_by("-start_date", "title")
    )
    spent = Expense.objects.filter(event__partners=partner).aggregate(
        total=Coalesce(Sum("amount"), ZERO)
    )["total"]
    last_held = max(
        (event.start_date for event in events if event.status == Event.Status.HELD), default=None
    )
    last_contacted = max(
        (c.last_contacted_on for c in contacts if c.last_contacted_on), default=None
    )
    return {
        "partner": partner,
        "contacts": contacts,
        "agreements": agreements,
        "events": events,
        "spent": spent,
        "last_contact_on": max(filter(None, [last_held, last_contacted]), default=None),
    }
