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
class FieldChange:
    """One field of a history entry, before and after."""

    field: str
    old: object
    new: object
    # A link added or removed is told in a sentence ("Partner added: …"), not as old → new.
    note: str = ""


@dataclass(frozen=True)
class Links:
    """A many-to-many field whose links are tracked (see activities.models.EventPartnerLink)."""

    events: type  # the pghistory event model of the link table
    record_field: str  # the link's foreign key to the record whose page shows the history
    other_field: str  # the link's foreign key to the linked row
    added: str  # "Partner added: %(name)s"
    removed: str


@dataclass
class Entry:
    when: datetime
    action: str
    user: str
    url: str
    changes: list[FieldChange] = field(default_factory=list)


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


def _link_events(record, links, latest):
    """The latest link events of `record` for each of `links`, as (links, event, name) triples.

    The linked rows are read apart (one query per kind) rather than joined: a partner deleted
    since would drop its link's events from an inner join, and its removal is history too.
    """
    found = []
    for link in links:
        events = list(
            link.events.objects.filter(**{f"{link.record_field}_id": record.pk})
            .select_related("pgh_context")
            .order_by("-pgh_created_at", "-pgh_id")[:latest]
        )
        other_ids = {getattr(event, f"{link.other_field}_id") for event in events}
        model = link.events._meta.get_field(link.other_field).related_model
        names = {pk: str(row) for pk, row in model.objects.in_bulk(other_ids).items()}
        for event in events:
            other_id = getattr(event, f"{link.other_field}_id")
            name = names.get(other_id, f"#{other_id}")
            note = (link.added if event.pgh_label == "add" else link.removed) % {"name": name}
            found.append((event, note))
    return found


def _context_of(event):
    return event.pgh_context.metadata if event.pgh_context is not None else {}


def record_history(record, *, latest=LATEST, links=()):
    """The latest `latest` events of `record`, newest first, each with its changed fields.

    `links` adds the partners or directions linked and unlinked: a link changed in the same
    transaction as the record joins the record's entry, others make entries of their own.
    Two queries, and two more per kind of link, however long the history: the events (with
    their context and related rows joined), the links' events and rows, and the users.
    """
    fields = _shown_fields(type(record))
    relations = [f.name for f in fields if f.is_relation]
    # One more than shown: the oldest shown change is compared with the event before it.
    events = list(
        record.history.select_related("pgh_context", *relations).order_by(
            "-pgh_created_at", "-pgh_id"
        )[: latest + 1]
    )
    linked = _link_events(record, links, latest)
    user_ids = {
        _context_of(e).get("user")
        for e in [*events, *(event for event, _note in linked)]
        if _context_of(e).get("user") is not None
    }
    users = {}
    if user_ids:
        User = get_user_model()
        users = {
            u.pk: u.get_full_name() or u.get_username()
            for u in User.objects.filter(pk__in=user_ids)
        }

    def who(context):
        user_id = context.get("user")
        # No user: the change came from a command, an import run on the server or the
        # database itself, not from a signed-in request.
        return users.get(user_id, _("system")) if user_id is not None else _("system")

    entries, by_transaction = [], {}
    for event, previous in zip(events[:latest], [*events[1:], None], strict=False):
        context = _context_of(event)
        entry = Entry(
            when=event.pgh_created_at,
            action=LABELS.get(event.pgh_label, event.pgh_label),
            user=who(context),
            url=context.get("url", ""),
        )
        if event.pgh_label == "update" and previous is not None:
            for f in fields:
                old, new = _display(previous, f), _display(event, f)
                if old != new:
                    entry.changes.append(FieldChange(f.verbose_name, old, new))
        entries.append(entry)
        # Rows written in one transaction share its time (now()) and the request's context.
        by_transaction.setdefault((event.pgh_created_at, event.pgh_context_id), entry)

    for event, note in sorted(linked, key=lambda found: (found[0].pgh_created_at, found[0].pk)):
        key = (event.pgh_created_at, event.pgh_context_id)
        entry = by_transaction.get(key)
        if entry is None:
            context = _context_of(event)
            entry = by_transaction[key] = Entry(
                when=event.pgh_created_at,
                action=LABELS["update"],
                user=who(context),
                url=context.get("url", ""),
            )
            entries.append(entry)
        entry.changes.append(FieldChange("", None, None, note=note))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:latest]
