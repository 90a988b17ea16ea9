"""Working-day arithmetic on the county's calendar: on any calendar of holidays and worked
weekend days, the n-th working day after a date is n working days after it, is itself a working
day, and comes strictly later as n grows; the days left until a due date change sign with the
order of the two dates. Checked on the calendar object and through the database-backed
functions the time limits use.
"""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.properties.support import DB, PURE
from zhaoshang.reference import workdays
from zhaoshang.reference.models_calendar import CalendarDay

STARTS = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))
DAYS = st.integers(0, 300)


@st.composite
def calendars(draw, start):
    """Overrides around ``start``: holidays on weekdays, worked Saturdays and Sundays, and
    anything at all (a long holiday, a worked week-end)."""
    offsets = draw(st.dictionaries(st.integers(-5, 500), st.booleans(), max_size=80))
    overrides = {start + dt.timedelta(days=o): w for o, w in offsets.items()}
    return workdays.Calendar(
        first=start - dt.timedelta(days=10),
        last=start + dt.timedelta(days=900),
        overrides=overrides,
    )


@PURE
@given(start=STARTS, days=DAYS, data=st.data())
def test_adding_n_working_days_then_counting_them_gives_n(start, days, data):
    cal = data.draw(calendars(start), "calendar")
    end = cal.add(start, days)
    assert cal.between(start, end) == days
    if days:
        assert cal.is_workday(end)
        # Nothing skipped: the day before the result still lacked one working day.
        assert cal.between(start, end - dt.timedelta(days=1)) == days - 1
    else:
        assert end == start
    assert cal.add(start, days + 1) > end


@PURE
@given(start=STARTS, a=DAYS, b=DAYS, data=st.data())
def test_remaining_days_are_antisymmetric_and_count_down_to_the_due_date(start, a, b, data):
    cal = data.draw(calendars(start), "calendar")
    due = cal.add(start, a)
    today = cal.add(start, b)
    assert workdays.remaining(due, today, cal) == a - b
    assert workdays.remaining(today, due, cal) == b - a


@pytest.mark.django_db
@DB
@given(start=STARTS, days=DAYS, data=st.data())
def test_the_database_calendar_gives_the_same_answers(start, days, data):
    cal = data.draw(calendars(start), "calendar")
    CalendarDay.objects.filter(date__range=(cal.first, cal.last)).delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(date=day, is_workday=worked) for day, worked in cal.overrides.items()
    )
    end = workdays.add_workdays(start, days)
    assert end == cal.add(start, days)
    assert workdays.workdays_between(start, end) == days
    assert workdays.workdays_between(start, end, cal=workdays.calendar(start)) == days
    assert workdays.workdays_between(end, start) == 0
    if days:
        assert workdays.is_workday(end)
