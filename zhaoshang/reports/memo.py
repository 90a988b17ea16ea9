"""Figures that take long to compute, kept in the cache until the data they come from changes.

The dashboard, the bulletin and the live (unpublished) ranking read the whole county. In a
county that takes a fraction of a second and every view computes them again; in a city or a
province one computation takes seconds, and leaders open the dashboard many times a day.

A result is stored with the *data version*: the newest audit event (every write through the
services records one), transition and month-end snapshot. While the version is unchanged the
stored result is exact and is served as it is. When the data has changed since:

- a computation that took less than ``FIGURES_SLOW_SECONDS`` is simply done again, so a county
  always sees exact figures;
- a slow one is served as it was for up to ``FIGURES_MAX_STALE_SECONDS`` and the page says at
  what time its data were read; after that the next request computes it again. While one process
  computes, the others keep serving the previous result instead of piling up the same work.

Decision 0038 records why (and why not a scheduled refresh only).
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from zhaoshang.assessment.models import MonthlySnapshot
from zhaoshang.core.models import AuditEvent
from zhaoshang.projects.models import Transition

PREFIX = "memo:"


def data_version():
    """A value that changes with every write the figures could depend on (one query)."""
    # Table and column names come from the models, never from input.
    newest = [
        f"(SELECT MAX({m._meta.pk.column}) FROM {m._meta.db_table})"  # noqa: S608
        for m in (AuditEvent, Transition, MonthlySnapshot)
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(newest)}")
        return tuple(value or 0 for value in cursor.fetchone())


class Memo:
    """A result with when its data were read and whether newer data exist."""

    def __init__(self, value, read_at, current):
        self.value = value
        self.read_at = read_at
        self.current = current


def scoped(key):
    """``key`` within this database: two deployments may share one Redis."""
    return f"{PREFIX}{connection.settings_dict['NAME']}:{key}"


def memoised(key, compute, *, fresh=False):
    """``compute()``'s result for ``key`` (a string naming what and for whom), as a ``Memo``;
    ``fresh`` never serves a result older than the data (a document to be issued)."""
    key = scoped(key)
    version = data_version()
    entry = cache.get(key)
    if entry is not None and entry["version"] == version:
        return Memo(entry["value"], entry["read_at"], True)
    if fresh or entry is None or entry["took"] < settings.FIGURES_SLOW_SECONDS:
        return _compute(key, version, compute)
    age = (timezone.now() - entry["read_at"]).total_seconds()
    stale = Memo(entry["value"], entry["read_at"], False)
    if age < settings.FIGURES_MAX_STALE_SECONDS:
        return stale
    busy = key + ":busy"
    if not cache.add(busy, 1, timeout=settings.FIGURES_MAX_STALE_SECONDS):
        return stale  # another process is computing it
    try:
        return _compute(key, version, compute)
    finally:
        cache.delete(busy)


def _compute(key, version, compute):
    read_at, started = timezone.now(), time.monotonic()
    value = compute()
    entry = {
        "version": version,
        "read_at": read_at,
        "took": time.monotonic() - started,
        "value": value,
    }
    cache.set(key, entry, timeout=settings.FIGURES_CACHE_SECONDS)
    return Memo(value, read_at, True)
