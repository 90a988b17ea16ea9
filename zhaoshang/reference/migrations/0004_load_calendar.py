"""Seed the working-day calendar from the chinese_calendar package, for every year it knows.

Later years are loaded by the bureau on the calendar page once the package (or the State
Council's notice) has them; until then those years fall back to Monday to Friday.
"""

import chinese_calendar
from django.db import migrations

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def load(apps, schema_editor):
    CalendarDay = apps.get_model("reference", "CalendarDay")
    CalendarYear = apps.get_model("reference", "CalendarYear")
    rows = {}
    for day, name in chinese_calendar.holidays.items():
        if day.weekday() < 5:
            rows[day] = (False, NAMES.get(str(name), str(name or "")))
    for day, name in chinese_calendar.workdays.items():
        if day.weekday() >= 5:
            rows[day] = (True, NAMES.get(str(name), str(name or "")))
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        CalendarDay(date=day, is_workday=work, name=name[:40])
        for day, (work, name) in sorted(rows.items())
        if day not in existing
    )
    source = f"chinese_calendar {chinese_calendar.__version__}"
    for year in sorted({day.year for day in chinese_calendar.holidays}):
        CalendarYear.objects.get_or_create(year=year, defaults={"source": source})


class Migration(migrations.Migration):
    dependencies = [("reference", "0003_calendarday_calendaryear")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
