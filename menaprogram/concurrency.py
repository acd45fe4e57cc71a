"""Optimistic locking by content: an edit form refuses to overwrite what someone saved meanwhile.

An edit form carries, in a hidden field, a signed fingerprint of the record as it was loaded:
for every field a digest of its value and a short copy of the value to show. On saving, the
row is locked (`select_for_update()`), its fingerprint taken again, and if any digest differs
the save is refused with what changed. No version column is needed, and a change made anywhere
(the admin, an import, marking an event held) is caught, not only changes made through the form.
"""

import datetime
import decimal
import hashlib
import json

from django import forms
from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.utils.formats import date_format, number_format
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SALT = "menaprogram.concurrency"
FINGERPRINT = "fingerprint"
# Enough to recognise a value in the message; the digest, not this, decides what changed.
SHOWN_LENGTH = 120


class EditConflict(Exception):
    """The record changed since the form was loaded; `changes` says how."""

    def __init__(self, changes, fingerprint):
        super().__init__(", ".join(change.label for change in changes))
        self.changes = changes
        self.fingerprint = fingerprint

    def show_on(self, form):
        """Refuse the form with what changed, and arm it with the record as it is now.

        The person keeps what they typed; saving again after reading the message is a
        deliberate choice to replace the other person's version, so it is allowed.
        """
        form.add_error(
            None,
            gettext(
                "Someone else saved this record after you opened it, so your changes have "
                "not been saved. What they changed:"
            ),
        )
        for change in self.changes:
            form.add_error(
                None,
                gettext("%(field)s: “%(was)s” → “%(now)s”")
                % {"field": change.label, "was": change.was, "now": change.now},
            )
        form.add_error(
            None,
            gettext(
                "Your entries are kept below. Check them against these changes and save "
                "again to keep your version."
            ),
        )
        for change in self.changes:
            if change.name in form.fields and change.name not in form.errors:
                form.add_error(
                    change.name,
                    gettext("Changed by someone else to “%(now)s”.") % {"now": change.now},
                )
        form.data = form.data.copy()
        form.data[form.add_prefix(FingerprintForm.FINGERPRINT)] = self.fingerprint


class ConflictingChange:
    """A field someone else changed while this form was open: what it was, what it is now."""

    def __init__(self, name, label, was, now):
        self.name, self.label, self.was, self.now = name, label, was, now


class FingerprintForm(forms.Form):
    """Adds the hidden fingerprint of the record being edited; compose it like SubmitOnceForm.

    `fingerprint_related` names reverse relations that belong to the record as edited
    (an event's participants are edited on the same page). A form whose "record" is not one
    row (a grid of amounts) overrides the four methods below.
    """

    FINGERPRINT = FINGERPRINT
    fingerprint_related = ()

    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.has_record():
            # Callable: taken when the page is drawn, not on every post.
            self.fields[self.FINGERPRINT].initial = lambda: sign(self.record_snapshot())

    def has_record(self):
        """Whether the form edits something that exists: a new record has nothing to lose."""
        return self.instance.pk is not None

    def record_snapshot(self):
        """The record as it is now, as `snapshot` describes it."""
        return snapshot(self.instance, self.fingerprint_related)

    def locked_snapshot(self):
        """Lock the record and describe it as it is now; None when there is nothing to check.

        Fails loudly outside a transaction (TransactionManagementError): a lock must be held.
        """
        if self.instance.pk is None:
            return None
        model = type(self.instance)
        current_row = model._default_manager.select_for_update().get(pk=self.instance.pk)
        return snapshot(current_row, self.fingerprint_related)

    def describe_change(self, name, was, now):
        """A ConflictingChange in the words and formats of the pages."""
        return _change(type(self.instance), name, was, now)

    def loaded_snapshot(self):
        """The record as the person saw it, or None for a post without a fingerprint."""
        return unsign(self.data.get(self.add_prefix(self.FINGERPRINT), ""))

    def clean(self):
        cleaned = super().clean()
        value = self.data.get(self.add_prefix(self.FINGERPRINT), "")
        if value and unsign(value) is None:
            self.add_error(
                None,
                _("This page is out of date. Open the record again and repeat your changes."),
            )
        return cleaned


def check_unchanged(form):
    """Lock the form's record and raise EditConflict if it changed since the form was loaded.

    Call it inside the transaction that saves the form, so that the lock holds until the
    save is committed: a second save of the same row waits, then sees the first one.
    A post without a fingerprint (a script, a page from before this check) is not checked.
    """
    loaded = form.loaded_snapshot()
    if loaded is None:
        return
    current = form.locked_snapshot()
    if current is None:
        return
    changed = [name for name in current if loaded.get(name, [None])[0] != current[name][0]]
    if changed:
        changes = [form.describe_change(name, loaded.get(name), current[name]) for name in changed]
        raise EditConflict(changes, sign(current))


def report_conflict(form):
    """Show on a validated form what changed since it was loaded; True if anything did.

    Also for a form with errors: an error may come from the other person's change (a
    participant they removed), and the person should learn of the change, not only the error.
    """
    try:
        check_unchanged(form)
    except EditConflict as conflict:
        conflict.show_on(form)
        return True
    return False


def snapshot(instance, related=()):
    """{field name: [digest of the value, value to show]} for every field of the record."""
    values = {}
    for field in instance._meta.concrete_fields:
        if not field.primary_key:
            raw = field.value_from_object(instance)
            values[field.name] = entry(_plain(raw), _plain(raw))
    for field in instance._meta.many_to_many:
        # An unsaved record (a summary not yet written) has no links to read.
        links = getattr(instance, field.name).values_list("pk", flat=True) if instance.pk else []
        pks = sorted(links)
        values[field.name] = entry(pks, pks)
    for name in related:
        accessor = instance._meta.get_field(name).get_accessor_name()
        rows = list(getattr(instance, accessor).order_by("pk")) if instance.pk else []
        fields = rows[0]._meta.concrete_fields if rows else ()
        full = [[_plain(f.value_from_object(row)) for f in fields] for row in rows]
        values[name] = entry(full, [str(row) for row in rows])
    return values


def record_digest(instance):
    """One digest of a record's own fields (not its links): enough to tell that it changed."""
    full = [_plain(field.value_from_object(instance)) for field in instance._meta.concrete_fields]
    return entry(full, "")[0]


def sign(values):
    return signing.dumps(values, salt=SALT, compress=True)


def unsign(value):
    if not value:
        return None
    try:
        return signing.loads(value, salt=SALT)
    except signing.BadSignature:
        return None


def entry(full, shown):
    """One field of a snapshot: the digest of its full value, and a short copy to show."""
    digest = hashlib.sha256(json.dumps(full, ensure_ascii=False).encode()).hexdigest()[:20]
    if isinstance(shown, str):
        shown = shown[:SHOWN_LENGTH]
    return [digest, shown]


def _plain(value):
    """A value as JSON can hold it, the same whichever way it was loaded."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if hasattr(value, "name") and hasattr(value, "storage"):  # a file field
        return value.name or ""
    return str(value)


def _change(model, name, was, now):
    """What changed in one field, in the words and formats of the pages."""
    was_shown = was[1] if was else None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field removed since the page was drawn
        return ConflictingChange(name, name, _shown_plain(was_shown), _shown_plain(now[1]))
    if field.one_to_many:
        label = str(field.related_model._meta.verbose_name_plural)
        return ConflictingChange(name, label, _names(was_shown), _names(now[1]))
    label = str(field.verbose_name)
    return ConflictingChange(name, label, _shown(field, was_shown), _shown(field, now[1]))


def _shown(field, value):
    if value is None or value == "" or value == []:
        return "—"
    if field.many_to_many:
        objects = field.related_model._default_manager.in_bulk(value)
        return _names([str(objects.get(pk, pk)) for pk in value])
    if field.many_to_one or field.one_to_one:
        found = field.related_model._default_manager.filter(pk=value).first()
        return _short(str(found) if found else value)
    if field.flatchoices:
        return _short(str(dict(field.flatchoices).get(value, value)))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    internal = field.get_internal_type()
    if internal == "DateField":
        return date_format(datetime.date.fromisoformat(value), "d.m.Y")
    if internal == "DecimalField":
        return number_format(decimal.Decimal(value), 2, force_grouping=True)
    return _short(value)


def _shown_plain(value):
    return "—" if value in (None, "", []) else _short(value)


def _names(values):
    if not values:
        return "—"
    return _short(", ".join(str(value) for value in values))


def _short(value):
    return Truncator(str(value)).chars(80)


class ConcurrentEditMixin:
    """For an UpdateView whose form is a FingerprintForm: a save that would overwrite someone
    else's meanwhile is refused and the form comes back with what they changed.

    The row stays locked from the check to the save by the request's own transaction
    (ATOMIC_REQUESTS).
    """

    def form_valid(self, form):
        if report_conflict(form):
            return super().form_invalid(form)
        return super().form_valid(form)

    def form_invalid(self, form):
        report_conflict(form)
        return super().form_invalid(form)
