"""THE publishing rules: what of the council's data the public side may show, and when.

Every field of every model the public pages and the API read has a class here:

- PUBLIC: shown as it is;
- AGGREGATED: shown only inside counts or sums (how many people came, money per category);
- DELAYED: shown only after the event has ended plus the embargo the administrator sets
  (PublishingSettings), so that no future visit date or route is ever public;
- INTERNAL: never shown.

An item is shown at all only if it is not withheld (Withholding) and, for an event, once it
is held and has ended (delegations, events abroad and aid deliveries: plus the embargo). The
pages, the feed, the sitemap and the API read events and partners only through
`visible_events()` and `visible_partners()`, and their fields only through the serialisers
below, which copy the PUBLIC and DELAYED fields and nothing else.
"""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from activities.models import Event, Program, Publication
from partners.models import Agreement, Partner
from public.models import PublishingSettings, Withholding

PUBLIC, AGGREGATED, DELAYED, INTERNAL = "public", "aggregated", "delayed", "internal"

# Every concrete field of each model the public side reads. A field added to one of these
# models fails public/tests/test_rules.py until it is given a class here.
FIELDS = {
    "activities.Event": {
        "id": PUBLIC,
        "program": PUBLIC,
        "title": DELAYED,
        "kind": DELAYED,
        "status": DELAYED,
        "start_date": DELAYED,
        "end_date": DELAYED,
        "place": DELAYED,
        "settlement": DELAYED,
        "country": DELAYED,
        "city": DELAYED,
        "partners": DELAYED,
        "directions": DELAYED,
        "outcome": DELAYED,
        # Free text staff write for themselves: routes, names, arrangements.
        "description": INTERNAL,
        "department": INTERNAL,
        "participant_count": AGGREGATED,
        "youth_count": AGGREGATED,
    },
    # People: names, roles and organisations are never public; only how many came.
    "activities.Participant": {
        "id": INTERNAL,
        "event": INTERNAL,
        "full_name": INTERNAL,
        "side": AGGREGATED,
        "role": INTERNAL,
        "organisation": INTERNAL,
        "is_youth": AGGREGATED,
    },
    "activities.Publication": {
        "id": PUBLIC,
        "program": PUBLIC,
        "event": DELAYED,
        "channel": PUBLIC,
        "title": PUBLIC,
        "published_on": PUBLIC,
        "url": PUBLIC,
        "note": INTERNAL,
    },
    # Photos and documents of an event show people and places.
    "activities.EventFile": {
        "id": INTERNAL,
        "event": INTERNAL,
        "title": INTERNAL,
        "file": INTERNAL,
        "uploaded_at": INTERNAL,
    },
    "partners.Partner": {
        "id": PUBLIC,
        "kind": PUBLIC,
        "name_uk": PUBLIC,
        "name_original": PUBLIC,
        "country": PUBLIC,
        "region": PUBLIC,
        "status": PUBLIC,
        "website": PUBLIC,
        # A person's address more often than an office's.
        "email": INTERNAL,
        "note": INTERNAL,
    },
    "partners.Contact": {
        "id": INTERNAL,
        "partner": INTERNAL,
        "full_name": INTERNAL,
        "position": INTERNAL,
        "email": INTERNAL,
        "phone": INTERNAL,
        "languages": INTERNAL,
        "last_contacted_on": INTERNAL,
        "note": INTERNAL,
    },
    "partners.Agreement": {
        "id": PUBLIC,
        "partner": PUBLIC,
        "kind": PUBLIC,
        "number": PUBLIC,
        "title": PUBLIC,
        "signed_on": PUBLIC,
        "valid_until": PUBLIC,
        "status": PUBLIC,
        "signatories": INTERNAL,
        "scan": INTERNAL,
        "note": INTERNAL,
    },
    # Money per expense is shown only summed by category, source and year.
    "budget.Expense": {
        "id": INTERNAL,
        "date": AGGREGATED,
        "category": AGGREGATED,
        "source": AGGREGATED,
        "amount": AGGREGATED,
        "event": INTERNAL,
        "counterparty": INTERNAL,
        "document_number": INTERNAL,
        "note": INTERNAL,
        "over_limit_reason": INTERNAL,
    },
}

# Events whose dates and places tell where people travel: a visit, a trip abroad, a delivery.
DELAYED_KINDS = (
    Event.Kind.INCOMING_DELEGATION,
    Event.Kind.OUTGOING_DELEGATION,
    Event.Kind.AID_DELIVERY,
)
# Partners that are institutions; "other" may be a private person and is never public.
INSTITUTIONS = tuple(kind for kind in Partner.Kind.values if kind != Partner.Kind.OTHER)
# A partnership not yet agreed is the council's business until it is.
PUBLIC_PARTNER_STATUSES = (
    Partner.Status.ACTIVE,
    Partner.Status.SUSPENDED,
    Partner.Status.ENDED,
)


def embargo_days():
    return PublishingSettings.load().embargo_days


def is_delayed(event):
    """Whether `event` waits for the embargo after it ends."""
    return event.kind in DELAYED_KINDS or event.place == Event.Place.ABROAD


def public_from(event, embargo):
    """The first day `event` may be public (if it is held and not withheld)."""
    wait = embargo if is_delayed(event) else 0
    return event.end_date + datetime.timedelta(days=wait + 1)


def public_programs():
    """Programs the council has adopted (a draft is not public)."""
    return Program.objects.exclude(status=Program.Status.DRAFT)


def visible_events(today=None, embargo=None):
    """Events the public may see today: held, ended (plus the embargo), not withheld."""
    today = today or timezone.localdate()
    embargo = embargo_days() if embargo is None else embargo
    last_end_delayed = today - datetime.timedelta(days=embargo + 1)
    delayed = Q(kind__in=DELAYED_KINDS) | Q(place=Event.Place.ABROAD)
    return (
        Event.objects.filter(status=Event.Status.HELD, program__in=public_programs())
        .filter((delayed & Q(end_date__lte=last_end_delayed)) | (~delayed & Q(end_date__lt=today)))
        .exclude(Exists(Withholding.objects.filter(event=OuterRef("pk"))))
    )


def visible_partners():
    """Institutions the council works with, not withheld."""
    return Partner.objects.filter(
        kind__in=INSTITUTIONS, status__in=PUBLIC_PARTNER_STATUSES
    ).exclude(Exists(Withholding.objects.filter(partner=OuterRef("pk"))))


def visible_publications(events):
    """Publications of the public programs, those of an event only if the event is visible."""
    return Publication.objects.filter(program__in=public_programs()).filter(
        Q(event__isnull=True) | Q(event__in=events)
    )


def agreements_in_force(today=None):
    today = today or timezone.localdate()
    return Agreement.objects.valid_on(today)


def shown(model_label, classes=(PUBLIC, DELAYED)):
    """The names of `model_label`'s fields of the `classes`."""
    return [name for name, of in FIELDS[model_label].items() if of in classes]
