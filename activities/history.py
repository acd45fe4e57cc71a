"""The audit trail of one record, read for its page: who changed what and when.

PostgreSQL triggers (django-pghistory) write an event row for every insert, change and
delete, whatever did it: a form, an import, `QuerySet.update()` or an admin bulk action.
Each event is a full snapshot, so what changed is the difference from the event before.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

# A page shows the latest changes; the admin's events list has them all.
LATEST = 50

LABELS = {
    "insert": _("created"),
    "update": _("changed"),
    "delete": _("deleted"),
}


@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class Entry:
    when: datetime
    action: str
    user: str
    url: str
    changes: list[Change] = field(default_factory=list)


def _shown_fields(model):
    """The fields whose changes a person cares about: not the key nor automatic stamps."""
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and not getattr(f, "auto_now", False)
    ]


def _display(event, f):
    value = getattr(event, f.attname)
    if value is None or value == "":
        return None
    if f.is_relation:
        # Loaded by select_related below: no query per row. The event's foreign keys
        # have no database constraint, so the row they name may since have gone.
        related = getattr(event, f.name, None)
        return str(related) if related is not None else f"#{value}"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return date_format(localtime(value), "d.m.Y H:i")
    if isinstance(value, date):
        return date_format(value, "d.m.Y")
    if f.choices:
        return dict(f.flatchoices).get(value, value)
    if isinstance(f, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    return value


def record_history(record, *, latest=LATEST):
    """The latest `latest` events of `record`, newest first, each with its changed fields.

    Two queries at most, however long the history: the events (with their context and
    related rows joined) and the users named in them.
    """
    fields = _shown_fields(type(record))
    relations = [f.name for f in fields if f.is_relation]
    # One more than shown: the oldest shown change is compared with the event before it.
    events = list(
        record.history.select_related("pgh_context", *relations).order_by(
            "-pgh_created_at", "-pgh_id"
        )[: latest + 1]
    )
    user_ids = {
        e.pgh_context.metadata.get("user")
        for e in events
        if e.pgh_context is not None and e.pgh_context.metadata.get("user") is not None
    }
    users = {}
    if user_ids:
        User = get_user_model()
        users = {
            u.pk: u.get_full_name() or u.get_username()
            for u in User.objects.filter(pk__in=user_ids)
        }

    entries = []
    for event, previous in zip(events[:latest], [*events[1:], None], strict=False):
        context = event.pgh_context.metadata if event.pgh_context is not None else {}
        user_id = context.get("user")
        entry = Entry(
            when=event.pgh_created_at,
            action=LABELS.get(event.pgh_label, event.pgh_label),
            # No user: the change came from a command, an import run on the server or the
            # database itself, not from a signed-in request.
            user=users.get(user_id, _("system")) if user_id is not None else _("system"),
            url=context.get("url", ""),
        )
        if event.pgh_label == "update" and previous is not None:
            for f in fields:
                old, new = _display(previous, f), _display(event, f)
                if old != new:
                    entry.changes.append(Change(f.verbose_name, old, new))
        entries.append(entry)
    return entries
