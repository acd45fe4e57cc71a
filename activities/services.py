"""Writes of the activities app that have rules: an event with its people, marking it held,
a year's indicator values, starting the next program."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities import carryover
from activities.models import Event, IndicatorValue, Program
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


# The passport fields that describe who runs the program: the same people run the next one
# until an administrator edits them.
PASSPORT_CARRIED = (
    "basis_document",
    "developers",
    "participants",
    "responsible_executor",
    "control",
    "signatory_position",
    "signatory_name",
    "deviation_threshold",
)


@transaction.atomic
def start_next_program(
    *,
    source,
    title,
    short_title,
    start_year,
    end_year,
    decision_title="",
    decision_number="",
    decision_date=None,
    parts=(),
):
    """Create the next program as a draft, with the chosen parts of `source`'s structure.

    `parts` are slugs of `activities.carryover`; the parts are copied in their registered
    order whatever the order given. Funding is not carried over: the new term's amounts are
    entered anew. Partners, contacts and agreements belong to the council, not to a program,
    so there is nothing of theirs to copy. A term that overlaps another program's is
    refused: a year belongs to one program.
    """
    program = Program(
        title=title.strip(),
        short_title=short_title.strip(),
        start_year=start_year,
        end_year=end_year,
        status=Program.Status.DRAFT,
        decision_title=decision_title.strip(),
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        **{name: getattr(source, name) for name in PASSPORT_CARRIED},
    )
    program.full_clean()
    overlapping = Program.objects.filter(start_year__lte=end_year, end_year__gte=start_year)
    if overlapping.exists():
        raise ValidationError(
            {
                "start_year": _("The years %(start)s–%(end)s overlap the program “%(other)s”.")
                % {"start": start_year, "end": end_year, "other": overlapping.first()}
            }
        )
    program.save()
    program.co_developers.set(source.co_developers.all())
    copied = {}
    for part in carryover.parts():
        if part.slug in parts:
            copied[part.slug] = part.copy(source, program)
    return program, copied
