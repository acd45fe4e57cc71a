"""Writes with rules: an event with its people, marking it held, a year's indicator values."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Event, IndicatorValue
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


def lock_indicator_values(*, program, year):
    """The year's values of the program's indicators, locked: {indicator id: value}."""
    values = IndicatorValue.objects.select_for_update().filter(
        indicator__program=program, year=year
    )
    return {value.indicator_id: value for value in values}


@transaction.atomic
def save_indicator_values(*, program, year, values):
    """Set the year's indicator values from `values`: {indicator: (target, actual)}.

    A row with neither figure removes the year's value; each value is checked by its model
    (a count of people has no fraction) and a refusal leaves the whole grid unsaved.
    Returns how many changed.
    """
    program.check_year(year, "year")
    current = lock_indicator_values(program=program, year=year)
    changed = 0
    for indicator, (target, actual) in values.items():
        if indicator.program_id != program.pk:
            raise ValueError(f"Indicator {indicator.pk} belongs to another program.")
        value = current.get(indicator.pk)
        if target is None and actual is None:
            if value is not None:
                value.delete()
                changed += 1
            continue
        if value is not None and (value.target, value.actual) == (target, actual):
            continue
        value = value or IndicatorValue(indicator=indicator, year=year)
        value.target, value.actual = target, actual
        value.full_clean()
        value.save()
        changed += 1
    return changed
