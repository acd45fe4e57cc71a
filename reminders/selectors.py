"""Reads of the reminders: whose items are whose, what is snoozed, the cached evaluation."""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from menaprogram import data_version
from reminders import rules
from reminders.models import Preferences, ReminderSettings, Snooze

CACHE_SECONDS = 600
THRESHOLDS = [
    "agreement_first_warning_days",
    "agreement_second_warning_days",
    "dormant_after_days",
    "event_data_after_days",
    "allotments_due_day",
    "allotments_due_month",
    "report_due_day",
    "report_due_month",
    "report_warning_days",
    "overspend_percent",
]


def context(today=None):
    """The rules' context: today and the thresholds in force (one query)."""
    return rules.Context(today or timezone.localdate(), ReminderSettings.load())


def all_items(ctx):
    """Every rule's items, kept in the cache until the data or the thresholds change.

    Every page shows the bell, and the rules read much of the database: they run again only
    when the data version (menaprogram.data_version), the day or a threshold has changed.
    """
    version = data_version.current()
    if version is None:
        return rules.evaluate(ctx)
    limits = ":".join(str(getattr(ctx.settings, name)) for name in THRESHOLDS)
    key = f"reminders:items:{ctx.today}:{get_language()}:{limits}:{version}"
    return cache.get_or_set(key, lambda: rules.evaluate(ctx), CACHE_SECONDS)


def sees_everything(user):
    """The secretary and the deputy mayors (who only read) and administrators see every item."""
    return not user.has_perm("activities.change_event") or user.has_perm(
        "budget.change_budgetallocation"
    )


def is_for(item, user, department_id, everything):
    if everything:
        return True
    if item.audience != rules.EDITORS:
        return False
    return department_id is None or item.department_id in (None, department_id)


@dataclass(frozen=True)
class UserItems:
    open: list
    snoozed: list  # (item, snooze)


def items_for(user, ctx=None):
    """The items that are `user`'s: open ones, and snoozed ones with their snooze."""
    ctx = ctx or context()
    everything = sees_everything(user)
    department_id = (
        None
        if everything
        else Preferences.objects.filter(user=user).values_list("department_id", flat=True).first()
    )
    snoozes = {
        snooze.item_key: snooze for snooze in Snooze.objects.filter(user=user, until__gt=ctx.today)
    }
    mine = [item for item in all_items(ctx) if is_for(item, user, department_id, everything)]
    return UserItems(
        open=[item for item in mine if item.key not in snoozes],
        snoozed=[(item, snoozes[item.key]) for item in mine if item.key in snoozes],
    )


def iso_week(day):
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def next_monday(day):
    return day + datetime.timedelta(days=7 - day.weekday())


def by_rule(items):
    """[(rule, its items)] in the rules' order, the rules with no item left out."""
    grouped = {}
    for item in items:
        grouped.setdefault(item.rule, []).append(item)
    return [(rule, grouped[rule.code]) for rule in rules.RULES if rule.code in grouped]
