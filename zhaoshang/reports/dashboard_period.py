"""The dashboard's period sections (RPT-2): targets against actual and the monthly landed
trend, from the bulletin's own figures so that the two agree.

Each bar and each point links to the project list filtered on the stage history
(``landed_from``/``landed_to``) over the same units: a unit's row covers the units below it
except those assessed on their own that year, as its month-end snapshots do.
"""

import calendar
from datetime import date
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zhaoshang.assessment.models import AssessmentYear, GroupMember, MonthlySnapshot
from zhaoshang.assessment.selectors_dispatch import members_for
from zhaoshang.assessment.snapshots import month_figures, month_has_ended, month_start
from zhaoshang.core.roles import ASSESSMENT_VIEW
from zhaoshang.projects.choices import StageKind
from zhaoshang.projects.models import Project, Stage, Transition
from zhaoshang.reports.dashboard import _str, project_link
from zhaoshang.reports.figures import period_figures
from zhaoshang.reports.memo import memoised, scoped, seen_by

ZERO = Decimal("0")


def _month_last_day(year, month):
    return date(year, month, calendar.monthrange(year, month)[1])


def _only_unit(figures, unit):
    """The bulletin's row of ``unit`` when it is assessed that year; the rows and totals of
    ``figures`` otherwise."""
    if unit is not None:
        for row in figures.units:
            if row.unit.pk == unit.pk:
                return [row], row
    return figures.units, figures.totals


def _assessed_below(year, units):
    """``{unit pk: [pks of the units below it assessed on their own that year]}``."""
    below = {unit.pk: [] for unit in units}
    by_path = {unit.path: unit.pk for unit in units}
    members = GroupMember.objects.filter(year=year).values_list("unit_id", "unit__path")
    for pk, path in members:
        # Every proper ancestor path of the member is one of its prefixes ending in "/".
        for end in range(1, len(path) - 1):
            if path[end] == "/" and path[: end + 1] in by_path:
                below[by_path[path[: end + 1]]].append(pk)
    return below


def period_overview(user, *, year, first_month, last_month, group=None, unit=None, today=None):
    """Targets against actual for the period: the bulletin's own figures (``period_figures``),
    narrowed to ``unit`` if it is an assessed unit, and the monthly landed trend of the year
    against the year before."""
    today = today or timezone.localdate()
    figures = period_figures(
        user=user,
        year=year,
        first_month=first_month,
        last_month=last_month,
        group=group,
        today=today,
    )
    rows, totals = _only_unit(figures, unit)
    # The section's HTML (hundreds of rows in a city) is kept as long as these figures are.
    cache_key = scoped(
        ":".join(
            str(part)
            for part in (
                seen_by(user, ASSESSMENT_VIEW),
                year.pk,
                first_month,
                last_month,
                getattr(group, "pk", "-"),
                getattr(unit, "pk", "-"),
                figures.read_at.timestamp(),
                figures.current,
                translation.get_language(),
            )
        )
    )
    return {
        "cache_key": cache_key,
        "figures": figures,
        "rows": rows,
        "totals": totals,
        "assessed_below": _assessed_below(year, [row.unit for row in rows]),
        "trend": landed_trend(user, year=year, group=group, unit=unit, today=today),
    }


def _landed_position():
    first = Stage.objects.filter(kind=StageKind.PIPELINE, landed=True).order_by("position").first()
    return None if first is None else first.position


def _month_stages(year, units, months):
    """At each month's end over ``units``, from the newest snapshot revision (or the figures
    computed now for a month nobody froze yet): ``{month: {project code: stage code}}`` and
    each project's total investment as last frozen (the register's where not frozen)."""
    found = {}
    snapshots = (
        MonthlySnapshot.objects.filter(year=year, unit__in=units, month__in=months)
        .order_by("unit_id", "month", "revision")
        .values_list("unit_id", "month", "figures")
    )
    for unit_id, month, figures in snapshots:
        found[(unit_id, month)] = figures
    stages = {month: {} for month in months}
    amounts = {}
    for month in months:
        for unit in units:
            figures = found.get((unit.pk, month)) or month_figures(
                unit=unit, year=year, month=month
            )
            for p in figures["projects"]:
                stages[month][p["code"]] = p["stage"]
                if "total_investment" in p:
                    amounts[(month, p["code"])] = Decimal(p["total_investment"])
    return stages, amounts


def _year_trend(user, year, group, unit, through, landed, by_code):
    """Projects landed in each month 1..``through`` of ``year``: stage at the month's end at
    or past the first landed stage, and before it at the end of the month before (the stage
    before January from the stage history), as the bulletin counts a one-month period."""
    members = [m.unit for m in members_for(user, year, group)]
    if unit is not None:
        members = [u for u in members if u.path.startswith(unit.path)]
    months = list(range(1, through + 1))
    if not members or not months or landed is None:
        return [{"count": 0, "investment": "0", "url": ""} for _month in months]
    stages, frozen = _month_stages(year, members, months)
    codes = {code for month_stages in stages.values() for code in month_stages}
    before = {}
    history = (
        Transition.objects.filter(project__code__in=codes, at__lt=month_start(year.year, 1))
        .order_by("project_id", "at", "pk")
        .values_list("project__code", "to_stage__code")
    )
    for code, stage_code in history:
        before[code] = stage_code
    register = dict(Project.objects.filter(code__in=codes).values_list("code", "total_investment"))
    member_pks = [u.pk for u in members]

    def reached(stage_code):
        stage = by_code.get(stage_code)
        return stage is not None and stage.kind == StageKind.PIPELINE and stage.position >= landed

    points = []
    for month in months:
        codes_landed = [
            code
            for code, stage_code in stages[month].items()
            if reached(stage_code) and not reached(before.get(code))
        ]
        invested = sum(
            (frozen.get((month, c), register.get(c) or ZERO) for c in codes_landed), ZERO
        )
        points.append(
            {
                "count": len(codes_landed),
                "investment": str(invested),
                "url": project_link(
                    units=member_pks,
                    landed_from=date(year.year, month, 1).isoformat(),
                    landed_to=_month_last_day(year.year, month).isoformat(),
                ),
            }
        )
        before = stages[month]
    return points


def landed_trend(user, *, year, group=None, unit=None, today=None):
    """Landed projects and their investment per ended month of ``year`` and per month of the
    year before (if it was assessed), over the same units and group code."""
    today = today or timezone.localdate()
    seen = seen_by(user, ASSESSMENT_VIEW)
    scope = f"{seen}:{year.pk}:{getattr(group, 'pk', '-')}:{getattr(unit, 'pk', '-')}"
    return memoised(
        f"trend:{scope}:{today.isoformat()}",
        lambda: _landed_trend(user, year=year, group=group, unit=unit, today=today),
    ).value


def _landed_trend(user, *, year, group, unit, today):
    by_code = {stage.code: stage for stage in Stage.objects.all()}
    landed = _landed_position()
    through = max((m for m in range(1, 13) if month_has_ended(year.year, m, today)), default=0)
    current = _year_trend(user, year, group, unit, through, landed, by_code)
    earlier = AssessmentYear.objects.filter(year=year.year - 1).first()
    previous = None
    if earlier is not None:
        earlier_group = group
        if group is not None:
            earlier_group = earlier.groups.filter(code=group.code).first()
        if group is None or earlier_group is not None:
            previous = _year_trend(user, earlier, earlier_group, unit, 12, landed, by_code)
    return {"year": year.year, "current": current, "previous": previous}


def period_chart_data(period):
    """The JSON of the period's charts: landed investment against the milestone per unit, and
    the landed trend by month."""
    figures = period["figures"]
    since = date(figures.year.year, 1, 1).isoformat()
    until = _month_last_day(figures.year.year, figures.last_month).isoformat()
    units = []
    for row in period["rows"]:
        units.append(
            {
                "label": row.unit.display_name,
                "actual": str(row.landed_ytd.total_investment),
                "count": row.landed_ytd.count,
                "target": None
                if row.investment_milestone is None
                else str(row.investment_milestone),
                "rate": _str(row.investment_completion),
                "url": project_link(
                    unit=row.unit.pk,
                    exclude_unit=period["assessed_below"].get(row.unit.pk, []),
                    landed_from=since,
                    landed_to=until,
                ),
            }
        )
    trend = period["trend"]
    series = {
        "name": _("%(year)s landed") % {"year": trend["year"]},
        "points": trend["current"] + [None] * (12 - len(trend["current"])),
    }
    previous = None
    if trend["previous"] is not None:
        previous = {
            "name": _("%(year)s landed") % {"year": trend["year"] - 1},
            "points": trend["previous"],
        }
    return {
        "targets": {
            "units": units,
            "actual_name": _("Landed investment since January"),
            "target_name": _("Milestone (10k yuan)"),
        },
        "trend": {
            "months": [_("Month %(month)s") % {"month": m} for m in range(1, 13)],
            "current": series,
            "previous": previous,
        },
    }
