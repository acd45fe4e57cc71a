"""A value that changes whenever business data changes: the key for caching what is read.

Every write to business data leaves a row in one of django-pghistory's event tables, by a
PostgreSQL trigger, whatever made it: a form, an import, `QuerySet.update()`, the admin. Each
table's largest `pgh_id` only grows, so together they change with every committed write, and
reading them is one query of index lookups however much data there is.

One catch: ids are handed out when a row is written, not when it is committed. A transaction
that took id 100 and commits after another one committed 101 leaves the largest id at 101:
nothing would change. So while a transaction on this database holds a transaction id (it has
written and not finished, this request's own included), the ids are no key and `current()`
answers None: do not cache. Whatever is read after a settled answer includes every write the
ids stand for.
"""

import functools

import pghistory.models
from django.apps import apps
from django.core.cache import cache
from django.db import connection


@functools.cache
def _query(leaving_out=frozenset()):
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, pghistory.models.Event)
        and not model._meta.proxy
        and model._meta.app_label not in leaving_out
    )
    largest_ids = ", ".join(f'coalesce((SELECT max(pgh_id) FROM "{table}"), 0)' for table in tables)
    writing = (
        "SELECT FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
    )
    return (
        f"SELECT pg_current_xact_id_if_assigned() IS NULL AND NOT EXISTS ({writing}), "
        f"md5(concat_ws(',', {largest_ids}))"
    )


def current(leaving_out=()):
    """The data version, or None while a writing transaction may still change it.

    `leaving_out`: apps whose data the reader never shows (the public event pages show nothing
    of `budget`): their writes do not change this version.
    """
    with connection.cursor() as cursor:
        cursor.execute(_query(frozenset(leaving_out)))
        settled, version = cursor.fetchone()
    return version if settled else None


# A backstop: even if a write escaped the data version, a cached read lives this long.
CACHE_SECONDS = 600


def cached(key, compute, timeout=CACHE_SECONDS):
    """`compute()`, kept in the cache under `key` until the data changes.

    For reads that scan rows by the thousand and are asked for far more often than the data
    changes (a year's sums). While a write is unsettled (`current()` is None) it is computed
    afresh and not kept. `key` must name everything the result depends on but the data.
    """
    version = current()
    if version is None:
        return compute()
    return cache.get_or_set(f"{key}:{version}", compute, timeout)
