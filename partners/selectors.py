"""Reads behind the partner pages: aggregated in SQL, a fixed number of queries per page."""

import datetime
from collections import Counter

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from menaprogram.history import record_history
from menaprogram.money import SQL_ZERO, ZERO
from partners import thresholds
from partners.models import Agreement, Partner
from partners.thresholds import DEFAULTS


def _valid_agreement(today):
    return Exists(Agreement.objects.valid_on(today).filter(partner=OuterRef("pk")))


def partner_list(*, filters=None, today=None):
    """Partners that `filters` (a bound PartnerFilter) select, with agreements and events."""
    today = today or timezone.localdate()
    partners = Partner.objects.annotate(
        has_valid_agreement=_valid_agreement(today),
        event_count=Count("events", distinct=True),
        last_event_date=Max("events__start_date"),
    ).order_by("name_uk", "pk")
    # One wrong parameter leaves the whole list unfiltered, as the partner pages always did.
    return filters.apply(partners) if filters is not None and filters.is_valid() else partners


# A partner with no event and no contact for this long is "dormant" (by default: see
# partners.thresholds for the administrators' own).
DORMANT_AFTER_DAYS = DEFAULTS.dormant_after_days
# The partner's page shows the events held in this many years, up to this one.
YEARS_SHOWN = 5
# …and lists this many of its latest events (a partner of ten years has hundreds; drawing
# them all was most of the page's time at the benchmark's scale 30). The event list has all.
EVENTS_SHOWN = 25


class Health:
    """Where a partnership stands: the partnership health page and the partner's page."""

    ATTENTION = "attention"
    ACTIVE = "active"
    DORMANT = "dormant"


def health(
    partner,
    *,
    last_activity_on,
    has_valid_agreement,
    held_latest_year,
    today,
    dormant_after_days=DORMANT_AFTER_DAYS,
):
    """Dormant: no event and no contact for a year (or the administrators' threshold);
    needs attention: an active partner with no agreement in force or no event in the latest
    year looked at; active: the others."""
    if last_activity_on is None or last_activity_on < today - datetime.timedelta(
        days=dormant_after_days
    ):
        return Health.DORMANT
    if partner.status == Partner.Status.ACTIVE and not (has_valid_agreement and held_latest_year):
        return Health.ATTENTION
    return Health.ACTIVE


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
    # The partner's events and their money come through the reverse relations: partners
    # sits below activities and budget and names neither.
    events = list(
        partner.events.select_related("program")
        .annotate(spent=Coalesce(Sum("expenses__amount"), SQL_ZERO))
        .order_by("-start_date", "title")
    )
    spent = sum((event.spent for event in events), ZERO)
    last_held = max((event.start_date for event in events if event.is_held), default=None)
    last_contacted = max(
        (c.last_contacted_on for c in contacts if c.last_contacted_on), default=None
    )
    last_contact_on = max(filter(None, [last_held, last_contacted]), default=None)
    held_by_year = Counter(event.start_date.year for event in events if event.is_held)
    events_by_year = [
        (year, held_by_year.get(year, 0))
        for year in range(today.year - YEARS_SHOWN + 1, today.year + 1)
    ]
    return {
        "partner": partner,
        "contacts": contacts,
        "agreements": agreements,
        "events": events[:EVENTS_SHOWN],
        "event_count": len(events),
        "spent": spent,
        "last_contact_on": last_contact_on,
        "events_by_year": events_by_year,
        "health": health(
            partner,
            last_activity_on=last_contact_on,
            has_valid_agreement=partner.has_valid_agreement,
            held_latest_year=events_by_year[-1][1],
            today=today,
            dormant_after_days=thresholds.current().dormant_after_days,
        ),
        "history": record_history(partner),
    }


class Validity:
    """Where an agreement stands today, as the agreement list labels it."""

    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NOT_IN_FORCE_YET = "not_in_force_yet"
    NOT_SIGNED = "not_signed"


# How many days before its end an agreement counts as expiring (by default, as above).
EXPIRING_DAYS = DEFAULTS.expiring_days


def expiring_agreements(today, days=EXPIRING_DAYS):
    """Agreements in force that end within `days` of `today`, soonest first (one query).

    The home page, the dashboard and the reminders (with the administrators' threshold) read it.
    """
    return list(
        Agreement.objects.expiring_within(days, today)
        .select_related("partner")
        .order_by("valid_until", "pk")
    )


def _validity(today, expiring_days):
    signed = Q(status=Agreement.Status.SIGNED, signed_on__isnull=False)
    return Case(
        When(
            ~Q(status=Agreement.Status.SIGNED) & ~Q(status=Agreement.Status.TERMINATED),
            then=Value(Validity.NOT_SIGNED),
        ),
        When(
            Q(status=Agreement.Status.TERMINATED) | Q(valid_until__lt=today),
            then=Value(Validity.EXPIRED),
        ),
        When(signed & Q(signed_on__gt=today), then=Value(Validity.NOT_IN_FORCE_YET)),
        When(
            signed & Q(valid_until__lte=today + datetime.timedelta(days=expiring_days)),
            then=Value(Validity.EXPIRING),
        ),
        When(signed, then=Value(Validity.VALID)),
        default=Value(Validity.NOT_SIGNED),
        output_field=CharField(),
    )


def agreement_list(*, filters=None, today=None, expiring_days=None):
    """Agreements that `filters` (a bound AgreementFilter) select, expiring soonest first.

    Each carries its `validity` today, «expiring» within `expiring_days` (None: the
    administrators' threshold, partners.thresholds). Agreements in force come first, those
    with an end date by that date (the ones that need renewing soonest on top), then the
    open-ended ones, then all the others.
    """
    today = today or timezone.localdate()
    if expiring_days is None:
        expiring_days = thresholds.current().expiring_days
    in_force = Q(pk__in=Agreement.objects.valid_on(today).values("pk"))
    agreements = (
        Agreement.objects.select_related("partner")
        .annotate(
            validity=_validity(today, expiring_days),
            rank=Case(
                When(in_force & Q(valid_until__isnull=False), then=Value(0)),
                When(in_force, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
        )
        .order_by("rank", F("valid_until").asc(nulls_last=True), "partner__name_uk", "pk")
    )
    # One wrong parameter leaves the whole list unfiltered, as the agreement pages always did.
    return filters.apply(agreements) if filters is not None and filters.is_valid() else agreements
