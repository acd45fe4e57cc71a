"""The reminders' background jobs: the daily evaluation and the weekly digest."""

import logging
import time

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from procrastinate.contrib.django import app

from menaprogram.jobs import job
from reminders import rules, selectors, services

logger = logging.getLogger("menaprogram.reminders")


def evaluate_rules(today=None):
    """Run every rule once: [(rule, items, seconds, queries)], for the log and the benchmark."""
    ctx = selectors.context(today)
    report = []
    for rule in rules.RULES:
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            items = rule.items(ctx)
        report.append((rule, items, time.perf_counter() - started, len(queries)))
    return report


def daily(today):
    """The daily job's work: snoozes that have run out cleared, every rule evaluated and logged."""
    services.clean_up(today)
    with translation.override(settings.LANGUAGE_CODE):
        report = evaluate_rules(today)
    for rule, items, seconds, queries in report:
        logger.info("%s: %s items, %.2f s, %s queries", rule.code, len(items), seconds, queries)
    return report


# Every day at 4:00 UTC (6:00 or 7:00 in Kyiv).
@app.periodic(cron="0 4 * * *", periodic_id="daily")
@job(lock="reminders-daily")
def daily_reminders(timestamp=None):
    """Re-evaluate the rules: the items are computed, so this logs them and clears snoozes."""
    daily(timezone.localdate())


# Monday at 5:00 UTC (7:00 or 8:00 in Kyiv): each person's digest of the week.
@app.periodic(cron="0 5 * * 1", periodic_id="weekly")
@job(lock="reminders-digest")
def weekly_digest(timestamp=None):
    with translation.override(settings.LANGUAGE_CODE):
        sent = services.send_digests(timezone.localdate())
    logger.info("Weekly digest sent to %s people", sent)
