"""Periodic jobs (reminders, escalations, expiry alerts) as plain functions.

Apps register their jobs in ``AppConfig.ready()``; the same registry is run by the embedded
task queue, by Redis-backed workers when configured, and by ``manage.py run_jobs``. A job takes
``today`` (a date in the county's time zone) and returns a short summary of what it did; it must
be safe to run more than once a day (it notifies each person about each overdue item once).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    name: str
    function: object  # callable(today) -> str


_JOBS = {}


def register(name):
    """``@register("mechanisms.overdue")`` above a ``def job(today): …``."""

    def decorator(function):
        _JOBS[name] = Job(name, function)
        return function

    return decorator


def registered():
    return list(_JOBS.values())


def run_all(today):
    """Run every job; one job failing does not stop the others. Returns (name, summary, error)."""
    results = []
    for job in _JOBS.values():
        try:
            results.append((job.name, job.function(today), None))
        except Exception as exc:  # noqa: BLE001 - reported to the caller, who logs it
            results.append((job.name, "", exc))
    return results
