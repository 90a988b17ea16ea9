"""Writes to the working-day calendar, for the investment bureau (MECHANISM_MANAGE).

A year's arrangement is first loaded from the maintained ``chinese_calendar`` package and may
then be corrected day by day, since the arrangement is announced late and is sometimes changed.
Apps whose deadlines are reckoned in working days register a listener that recomputes them.
"""

import datetime as dt

import chinese_calendar
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.permissions import has_action
from zhaoshang.core.roles import MECHANISM_MANAGE
from zhaoshang.reference.models_calendar import CalendarDay, CalendarYear

PACKAGE_SOURCE = f"chinese_calendar {chinese_calendar.__version__}"
MANUAL_SOURCE = "manual"
_LISTENERS = []


def on_change(listener):
    """``listener(first_date)`` runs in the same transaction after the calendar changed."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)
    return listener


def _changed(first):
    for listener in _LISTENERS:
        listener(first)


def _require_manage(actor):
    if not has_action(actor, MECHANISM_MANAGE):
        raise PermissionDenied(_("You may not change the working-day calendar."))


def package_days(year):
    """The package's holidays on weekdays and worked weekend days of ``year``, or None."""
    days = []
    for day, name in chinese_calendar.holidays.items():
        if day.year == year and day.weekday() < 5:
            days.append((day, False, _holiday_name(name)))
    for day, name in chinese_calendar.workdays.items():
        if day.year == year and day.weekday() >= 5:
            days.append((day, True, _holiday_name(name)))
    if not days:
        return None
    return sorted(days)


# The package names holidays in English; the calendar shows the official Chinese names.
_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def _holiday_name(name):
    return _NAMES.get(str(name), str(name or ""))[:40]


def package_years():
    return sorted({d.year for d in chinese_calendar.holidays})


@transaction.atomic
def calendar_load_year(*, actor, year):
    """Replace ``year``'s days with the package's arrangement."""
    _require_manage(actor)
    days = package_days(year)
    if days is None:
        raise ValidationError(
            _(
                "The holiday package has no arrangement for %(year)s yet; enter the days by "
                "hand once the State Council publishes them."
            )
            % {"year": year}
        )
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(date=day, is_workday=work, name=name) for day, work, name in days
    )
    record, _created = CalendarYear.objects.update_or_create(
        year=year, defaults={"source": PACKAGE_SOURCE}
    )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=record,
        after={"year": year, "source": PACKAGE_SOURCE, "days": len(days)},
    )
    _changed(dt.date(year, 1, 1))
    return len(days)


@transaction.atomic
def calendar_set_day(*, actor, date, is_workday, name=""):
    """Record a holiday (``is_workday`` False) or a worked weekend day; a day that then equals
    the ordinary week is removed instead, so the calendar holds only exceptions."""
    _require_manage(actor)
    ordinary = date.weekday() < 5
    if is_workday == ordinary:
        raise ValidationError(
            {
                "is_workday": _(
                    "%(date)s is already an ordinary %(kind)s; record only holidays on weekdays "
                    "and worked weekend days."
                )
                % {
                    "date": date.isoformat(),
                    "kind": _("working day") if ordinary else _("weekend day"),
                }
            }
        )
    existing = CalendarDay.objects.filter(date=date).first()
    before = audit.snapshot(existing, ("date", "is_workday", "name")) if existing else None
    day = existing or CalendarDay(date=date)
    day.is_workday = is_workday
    day.name = name.strip()
    day.full_clean()
    day.save()
    CalendarYear.objects.get_or_create(year=date.year, defaults={"source": MANUAL_SOURCE})
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE if existing else AuditAction.CREATE,
        obj=day,
        before=before,
        after=audit.snapshot(day, ("date", "is_workday", "name")),
    )
    _changed(date)
    return day


@transaction.atomic
def calendar_remove_day(*, actor, day):
    _require_manage(actor)
    before = audit.snapshot(day, ("date", "is_workday", "name"))
    date = day.date
    audit.record(actor=actor, action=AuditAction.DELETE, obj=day, before=before)
    day.delete()
    _changed(date)
