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
  what time its data were read; after that the next request computes it again.

Only one process computes a result at a time: while it does, the others serve the previous
result if it is a slow one, and otherwise wait for the new one (for at most ``WAIT_SECONDS``)
instead of piling up the same work on the same cores.

Decision 0038 records why (and why not a scheduled refresh only).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from zhaoshang.assessment.models import MonthlySnapshot
from zhaoshang.core.models import AuditEvent
from zhaoshang.core.permissions import scope_paths
from zhaoshang.projects.models import Transition

PREFIX = "memo:"
# How long a request waits for the same result being computed by another process before it
# computes the result itself: well below the minute after which a proxy gives up on a page.
WAIT_SECONDS = 45


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


def seen_by(user, action):
    """What ``user`` may see for ``action``, as a short key: people who see the same units (all
    the county's leaders, say) share one result instead of computing it each for themselves."""
    paths = "|".join(scope_paths(user, action))
    return hashlib.sha256(paths.encode()).hexdigest()[:16]


def memoised(key, compute, *, fresh=False):
    """``compute()``'s result for ``key`` (a string naming what and for whom), as a ``Memo``;
    ``fresh`` never serves a result older than the data (a document to be issued)."""
    key = scoped(key)
    version = data_version()
    entry = cache.get(key)
    if entry is not None and entry["version"] == version:
        return Memo(entry["value"], entry["read_at"], True)
    if fresh:
        return _compute(key, version, compute)
    slow = entry is not None and entry["took"] >= settings.FIGURES_SLOW_SECONDS
    stale = None if entry is None else Memo(entry["value"], entry["read_at"], False)
    if slow and (timezone.now() - entry["read_at"]).total_seconds() < (
        settings.FIGURES_MAX_STALE_SECONDS
    ):
        return stale
    busy = key + ":busy"
    if cache.add(busy, 1, timeout=settings.FIGURES_MAX_STALE_SECONDS):
        try:
            return _compute(key, version, compute)
        finally:
            cache.delete(busy)
    if slow:
        return stale  # another process is computing it
    # Another process is computing what this one has not got, or a quick result: the same
    # work done at once by every process would only make each of them slower.
    return _awaited(key, version, entry, busy) or _compute(key, version, compute)


def _awaited(key, version, before, busy):
    """The result another process is computing under ``busy``, once it is stored; None when it
    gives up (the lock goes with no result) or takes longer than ``WAIT_SECONDS``."""
    deadline = time.monotonic() + WAIT_SECONDS
    pause = 0.05
    while time.monotonic() < deadline:
        time.sleep(pause)
        pause = min(pause * 2, 0.5)
        # The lock is read first: the result is stored before the lock is released.
        gone = cache.get(busy) is None
        entry = cache.get(key)
        if entry is not None and (before is None or entry["read_at"] > before["read_at"]):
            current = all(new >= old for new, old in zip(entry["version"], version, strict=True))
            return Memo(entry["value"], entry["read_at"], current)
        if gone:
            return None
    return None


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
