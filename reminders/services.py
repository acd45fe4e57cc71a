"""Writes of the reminders: snoozing, the calendar key, the weekly digest, the daily clean-up."""

import datetime
import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from reminders import selectors
from reminders.models import DigestEntry, Preferences, Snooze

logger = logging.getLogger("menaprogram.reminders")


@transaction.atomic
def snooze(user, item_key, until, reason):
    """Put an item off until `until`, or move an earlier snooze of it."""
    Snooze.objects.update_or_create(
        user=user, item_key=item_key, defaults={"until": until, "reason": reason}
    )


def wake(user, item_key):
    Snooze.objects.filter(user=user, item_key=item_key).delete()


@transaction.atomic
def set_weekly_digest(user, on):
    Preferences.objects.update_or_create(user=user, defaults={"weekly_digest": on})


@transaction.atomic
def new_calendar_token(user):
    """A new secret address for the person's calendar feed; the old one stops working."""
    token = secrets.token_urlsafe(32)
    Preferences.objects.update_or_create(user=user, defaults={"calendar_token": token})
    return token


def revoke_calendar_token(user):
    Preferences.objects.filter(user=user).update(calendar_token=None)


def clean_up(today):
    """The daily job's housekeeping: snoozes that have run out, digests of over a year ago."""
    Snooze.objects.filter(until__lte=today).delete()
    year_ago = today - datetime.timedelta(days=366)
    DigestEntry.objects.filter(week__lt=selectors.iso_week(year_ago)).delete()


def digest_recipients():
    """Active people with an e-mail, a role that reads the program, and the digest left on."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .exclude(reminder_preferences__weekly_digest=False)
        .order_by("pk")
    )
    return [user for user in users if user.has_perm("activities.view_event")]


def send_digests(today):
    """Each recipient's items not yet sent this ISO week, in one e-mail; returns how many sent.

    Safe to run again (a retry, a second worker): what a person got this week is recorded in
    the e-mail's transaction, and only the rest is sent.
    """
    ctx = selectors.context(today)
    week = selectors.iso_week(today)
    sent = 0
    for user in digest_recipients():
        if send_digest(user, ctx, week):
            sent += 1
    return sent


@transaction.atomic
def send_digest(user, ctx, week):
    # A second run for the same person (a retry, another worker) waits here for the first to
    # commit, then finds what it sent.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    items = selectors.items_for(user, ctx).open
    already = set(
        DigestEntry.objects.filter(user=user, week=week).values_list("item_key", flat=True)
    )
    new = [item for item in items if item.key not in already]
    if not new:
        return False
    DigestEntry.objects.bulk_create(
        [DigestEntry(user=user, item_key=item.key, week=week) for item in new]
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "items": new,
            "week": week,
            "today": ctx.today,
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("reminders/email/digest_subject.txt", context).strip()
        text = render_to_string("reminders/email/digest.txt", context)
        html = render_to_string("reminders/email/digest.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    # An error here rolls the rows back, so that the retry sends the e-mail again.
    message.send()
    logger.info("Digest of %s items sent to user %s for %s", len(new), user.pk, week)
    return True
