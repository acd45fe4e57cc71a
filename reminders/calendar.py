"""iCalendar (RFC 5545) for calendar programs: the program's events and agreements' ends."""

import datetime

import icalendar
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Event, Program
from partners.models import Agreement

PRODID = "-//Mena City Council//International cooperation program//UK"
# The events of the programs not completed, and of the last year: a calendar that
# subscribes needs no older history.
PAST_DAYS = 366


def may_see_abroad(user):
    """Delegations abroad and events abroad: for the roles that read the program's events.

    Today every role that sees events (editors, the secretary, administrators) sees those abroad
    too, so this is the same right; a feed asks it separately so that a narrower role later
    changes one line.
    """
    return user.has_perm("activities.view_event")


def _calendar(name):
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def _uid(kind, pk):
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "menaprogram"
    return f"{kind}-{pk}@{host}"


def event_component(event, stamp):
    item = icalendar.Event()
    item.add("uid", _uid("event", event.pk))
    item.add("dtstamp", stamp)
    item.add("summary", event.title)
    # All-day: the end is the day after the last (exclusive, RFC 5545 3.6.1).
    item.add("dtstart", event.start_date)
    item.add("dtend", event.end_date + datetime.timedelta(days=1))
    place = ", ".join(filter(None, [event.city, str(event.country.name or "") or event.settlement]))
    item.add("location", place or event.get_place_display())
    item.add("description", event.description or event.get_kind_display())
    item.add("categories", [event.get_kind_display()])
    if event.status == Event.Status.CANCELLED:
        item.add("status", "CANCELLED")
    else:
        item.add("status", "CONFIRMED")
    item.add("url", settings.SITE_URL + reverse("activities:event-detail", args=[event.pk]))
    return item


def agreement_component(agreement, stamp):
    item = icalendar.Event()
    item.add("uid", _uid("agreement-end", agreement.pk))
    item.add("dtstamp", stamp)
    item.add(
        "summary",
        _("Agreement with %(partner)s ends") % {"partner": agreement.partner},
    )
    item.add("dtstart", agreement.valid_until)
    item.add("dtend", agreement.valid_until + datetime.timedelta(days=1))
    item.add("description", agreement.title)
    item.add("transp", "TRANSPARENT")
    item.add("url", settings.SITE_URL + reverse("partners:agreement-update", args=[agreement.pk]))
    return item


def event_ics(event):
    """One event as a calendar file to download."""
    cal = _calendar(event.title)
    cal.add_component(event_component(event, timezone.now()))
    return cal.to_ical()


def feed(user, today=None):
    """The person's feed: the program's events they may see and agreements' ends (2 queries)."""
    today = today or timezone.localdate()
    stamp = timezone.now()
    cal = _calendar(_("International cooperation program"))
    since = today - datetime.timedelta(days=PAST_DAYS)
    if user.has_perm("activities.view_event"):
        events = Event.objects.filter(
            Q(end_date__gte=since) | ~Q(program__status=Program.Status.COMPLETED)
        ).order_by("start_date", "pk")
        if not may_see_abroad(user):
            events = events.exclude(place=Event.Place.ABROAD).exclude(
                kind=Event.Kind.OUTGOING_DELEGATION
            )
        for event in events:
            cal.add_component(event_component(event, stamp))
    if user.has_perm("partners.view_agreement"):
        agreements = (
            Agreement.objects.filter(status=Agreement.Status.SIGNED, valid_until__gte=since)
            .select_related("partner")
            .order_by("valid_until", "pk")
        )
        for agreement in agreements:
            cal.add_component(agreement_component(agreement, stamp))
    return cal.to_ical()
