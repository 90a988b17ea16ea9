"""Working days on the county calendar, with the real 2025 and 2026 arrangements loaded by the
migration from the chinese_calendar package: Spring Festival and National Day with their
make-up weekend days, and an unknown year falling back to Monday to Friday."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.reference import services_calendar
from zhaoshang.reference.models_calendar import CalendarDay, CalendarYear
from zhaoshang.reference.workdays import (
    add_workdays,
    is_workday,
    remaining,
    unknown_years,
    workdays_between,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # 2025 Spring Festival: 28 Jan – 4 Feb off; Sunday 26 Jan and Saturday 8 Feb worked.
        (D(2025, 1, 24), 1, D(2025, 1, 26)),
        (D(2025, 1, 26), 1, D(2025, 1, 27)),
        (D(2025, 1, 27), 1, D(2025, 2, 5)),
        (D(2025, 2, 5), 3, D(2025, 2, 8)),
        # 2025 National Day and Mid-autumn: 1 – 8 Oct off; 28 Sep (Sun) and 11 Oct (Sat) worked.
        (D(2025, 9, 26), 1, D(2025, 9, 28)),
        (D(2025, 9, 30), 1, D(2025, 10, 9)),
        (D(2025, 10, 10), 1, D(2025, 10, 11)),
        (D(2025, 9, 26), 5, D(2025, 10, 10)),
        # 2026 Spring Festival: 15 – 23 Feb off; Saturdays 14 and 28 Feb worked.
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 14), 1, D(2026, 2, 24)),
        (D(2026, 2, 24), 4, D(2026, 2, 28)),
        (D(2026, 2, 10), 0, D(2026, 2, 10)),
    ],
)
def test_adding_working_days_skips_holidays_and_counts_make_up_days(start, days, due):
    assert add_workdays(start, days) == due


def test_counting_working_days_across_national_day():
    # 28, 29, 30 Sep, 9, 10, 11 Oct.
    assert workdays_between(D(2025, 9, 26), D(2025, 10, 12)) == 6
    assert workdays_between(D(2025, 10, 12), D(2025, 9, 26)) == 0
    assert is_workday(D(2025, 10, 11)) and not is_workday(D(2025, 10, 3))


def test_remaining_days_are_negative_once_overdue():
    assert remaining(D(2026, 2, 24), D(2026, 2, 13)) == 2
    assert remaining(D(2026, 2, 13), D(2026, 2, 13)) == 0
    assert remaining(D(2026, 2, 13), D(2026, 2, 24)) == -2


def test_a_year_without_an_arrangement_falls_back_to_weekdays_and_says_so():
    assert not CalendarYear.objects.filter(year=2031).exists()
    assert unknown_years(D(2031, 9, 30), D(2031, 10, 2)) == [2031]
    assert unknown_years(D(2026, 1, 5), D(2026, 3, 1)) == []
    # 1 October 2031 is a Wednesday and counts as a working day until the year is entered.
    assert add_workdays(D(2031, 9, 30), 1) == D(2031, 10, 1)


def test_the_bureau_enters_a_holiday_and_a_make_up_day(cast):
    bureau = cast["bureau_admin"]
    services_calendar.calendar_set_day(
        actor=bureau, date=D(2031, 10, 1), is_workday=False, name="国庆节"
    )
    services_calendar.calendar_set_day(
        actor=bureau, date=D(2031, 9, 28), is_workday=True, name="国庆节"
    )
    assert add_workdays(D(2031, 9, 26), 1) == D(2031, 9, 28)
    assert add_workdays(D(2031, 9, 30), 1) == D(2031, 10, 2)
    assert unknown_years(D(2031, 1, 1), D(2031, 12, 31)) == []


def test_an_ordinary_day_is_refused_with_a_reason(cast):
    with pytest.raises(ValidationError) as excinfo:
        services_calendar.calendar_set_day(
            actor=cast["bureau_admin"], date=D(2031, 10, 4), is_workday=False
        )
    assert "2031-10-04" in " ".join(excinfo.value.messages)


def test_only_the_bureau_edits_the_calendar(cast, audit_count):
    before = (CalendarDay.objects.count(), audit_count())
    with pytest.raises(PermissionDenied):
        services_calendar.calendar_set_day(
            actor=cast["unit_a_staff"], date=D(2031, 10, 1), is_workday=False
        )
    assert (CalendarDay.objects.count(), audit_count()) == before


def test_loading_a_year_from_the_package_replaces_hand_edits(cast):
    bureau = cast["bureau_admin"]
    CalendarDay.objects.filter(date=D(2026, 10, 1)).delete()
    assert is_workday(D(2026, 10, 1))
    count = services_calendar.calendar_load_year(actor=bureau, year=2026)
    assert count > 10 and not is_workday(D(2026, 10, 1))
    with pytest.raises(ValidationError):
        services_calendar.calendar_load_year(actor=bureau, year=2035)
