"""Background jobs: the one way the apps declare them, retried and with their errors kept.

Jobs run in a worker (`manage.py procrastinate worker`) from a queue in PostgreSQL: no
server beside the database. An app declares a job in its `tasks.py` with `@job(...)`;
periodic jobs add procrastinate's `@app.periodic(cron=...)` on top. A job must be safe to
run twice (a retry, or a periodic job deferred again after a crash): it re-computes what it
does from the data and records what it has done.
"""

import logging
import traceback

from django.db import transaction
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from menaprogram.models import JobFailure

logger = logging.getLogger("menaprogram.jobs")

# Three runs in all: a failed job is run again after 1 minute, then after 5 (a mail server or
# the database back from a restart); then it stays failed, and a periodic job has its next turn.
RETRY = RetryStrategy(max_attempts=2, wait=60, linear_wait=240)


def job(*, retry=RETRY, **options):
    """`@app.task` with the project's retry and a record of each failed attempt."""

    def decorate(func):
        name = f"{func.__module__}.{func.__name__}"

        @app.task(name=name, retry=retry, pass_context=True, **options)
        def run(context, **kwargs):
            # procrastinate's Django app closes a stale database connection around each job.
            try:
                return func(**kwargs)
            except Exception:
                # `attempts` counts the runs before this one.
                done = context.job.attempts
                record_failure(context.job.id, name, done + 1, final=_final(retry, done))
                raise

        run.func_name = name
        return run

    return decorate


def _final(retry, earlier_runs):
    """Whether the queue gives up after this run (procrastinate's own test, before it)."""
    return not retry or bool(retry.max_attempts and earlier_runs >= retry.max_attempts)


def record_failure(job_id, task_name, attempt, *, final):
    """Keep the error of the exception being handled, for the administrators' list."""
    error = traceback.format_exc(limit=20)
    logger.error("Job %s #%s failed (attempt %s): %s", task_name, job_id, attempt, error)
    try:
        with transaction.atomic():
            JobFailure.objects.create(
                job_id=job_id, task_name=task_name, attempt=attempt, final=final, error=error
            )
    except Exception:  # noqa: BLE001 (the database may be what failed: the log has it)
        logger.exception("The failure of job %s #%s could not be recorded", task_name, job_id)
