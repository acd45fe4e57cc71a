"""Writes of the event pages that have rules: an event with its people, marking it held."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Event
from menaprogram import concurrency


@transaction.atomic
def save_event(*, form, participants=None):
    """Save a valid event form and its valid participants' formset together, or neither.

    An edited event is locked first and refused with `concurrency.EditConflict` if someone
    saved it (or its participants, directions, partners) since the form was loaded.
    """
    concurrency.check_unchanged(form)
    event = form.save()
    if participants is not None:
        participants.instance = event
        participants.save()
    return event


@transaction.atomic
def mark_held(*, event, outcome, today=None):
    """Record that `event` took place, with what came of it.

    An event cannot be held before it starts, and a cancelled one stays cancelled:
    both are slips of a finger on the wrong row, not facts to report to the council.
    The button is offered on planned events only: one already held was marked by someone
    else since the page was drawn, and their outcome is not replaced.
    """
    today = today or timezone.localdate()
    if event.status == Event.Status.HELD:
        raise ValidationError(
            _(
                "Someone else marked this event as held after you opened the page, with the "
                "outcome: “%(outcome)s”. Nothing was changed; edit the event to change it."
            ),
            params={"outcome": event.outcome or "—"},
        )
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("A cancelled event cannot be marked as held."))
    if event.start_date > today:
        raise ValidationError(_("An event cannot be marked as held before it starts."))
    event.status = Event.Status.HELD
    event.outcome = outcome.strip()
    event.save(update_fields=["status", "outcome"])
    return event
