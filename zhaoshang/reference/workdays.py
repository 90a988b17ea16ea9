"""Working-day arithmetic on the county's calendar (MEC-2).

A time limit of N working days starts the day after the event that starts it (受理次日起算):
``add_workdays(d, n)`` is the n-th working day after ``d``, and ``workdays_between(a, b)``
counts the working days in ``(a, b]``. Both read the calendar once for the span they cover.
"""

import datetime as dt
from dataclasses import dataclass, field

from zhaoshang.reference.models_calendar import CalendarDay, CalendarYear

ONE_DAY = dt.timedelta(days=1)
# A time limit is at most a few hundred working days; this bounds the calendar read.
_SPAN = dt.timedelta(days=800)


@dataclass
class Calendar:
    """The calendar between two dates: overrides by date and the years that are known."""

    first: dt.date
    last: dt.date
    overrides: dict = field(default_factory=dict)
    known_years: set = field(default_factory=set)

    @classmethod
    def load(cls, first, last):
        overrides = dict(
            CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "is_workday")
        )
        years = set(
            CalendarYear.objects.filter(year__range=(first.year, last.year)).values_list(
                "year", flat=True
            )
        )
        return cls(first, last, overrides, years)

    def covers(self, day):
        return self.first <= day <= self.last

    def is_workday(self, day):
        if day in self.overrides:
            return self.overrides[day]
        return day.weekday() < 5

    def add(self, start, days):
        day, left = start, days
        while left > 0:
            day += ONE_DAY
            if self.is_workday(day):
                left -= 1
        return day

    def between(self, start, end):
        if end <= start:
            return 0
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            count += self.is_workday(day)
        return count

    def unknown_years(self, start, end):
        """Years in the span with no arrangement: reckoned Monday to Friday."""
        return sorted(set(range(start.year, end.year + 1)) - self.known_years)


def calendar(start, end=None):
    end = end or start
    first, last = min(start, end), max(start, end)
    return Calendar.load(first - ONE_DAY, last + _SPAN)


def is_workday(day):
    return calendar(day).is_workday(day)


def add_workdays(start, days, cal=None):
    """The ``days``-th working day after ``start`` (``start`` itself when ``days`` is 0)."""
    cal = cal or calendar(start)
    return cal.add(start, days)


def workdays_between(start, end, cal=None):
    """Working days in ``(start, end]``; 0 when ``end`` is not after ``start``."""
    if end <= start:
        return 0
    cal = cal if cal is not None and cal.covers(start) and cal.covers(end) else calendar(start, end)
    return cal.between(start, end)


def remaining(due, today, cal=None):
    """Working days left until ``due`` (0 on the day itself), negative once it is overdue."""
    if due >= today:
        return workdays_between(today, due, cal)
    return -workdays_between(due, today, cal)


def unknown_years(start, end):
    return calendar(start, end).unknown_years(start, end)
