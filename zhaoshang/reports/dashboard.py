"""Reads for the leaders' dashboard (RPT-2).

Everything about the register as it stands now (funnel, ageing, breakdowns, major projects,
alerts) is counted over ``restrict(user, PROJECT_VIEW, Project)`` — the very rows the project
list shows — and each number carries the project-list query string that reproduces it, with
the filter names of ``projects/filtersets.py``. Period figures (targets against actual, the
monthly trend) come from the bulletin's ``figures.period_figures`` so that both agree.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import PROJECT_VIEW
from zhaoshang.projects.choices import StageKind
from zhaoshang.projects.models import Project, Stage
from zhaoshang.projects.selectors import open_q, stalled_q
from zhaoshang.reference.choices import Sector

ZERO = Decimal("0")
TENTH = Decimal("0.1")
HUNDRED = Decimal("100")
MAJOR_LIST_LENGTH = 20
STALLED_LIST_LENGTH = 10
# Days in the current stage: (label, lower bound inclusive, upper bound exclusive or None).
AGEING_BUCKETS = (
    ("0–30", 0, 31),
    ("31–90", 31, 91),
    ("91–180", 91, 181),
    (">180", 181, None),
)


def percent(part, whole):
    """``part`` of ``whole`` as a percentage with one decimal, half up; None without a whole."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


def project_link(**filters):
    """The project list filtered by ``filters``; empty values are left out."""
    query = {key: value for key, value in filters.items() if value not in (None, "", [])}
    url = reverse("projects:list")
    return f"{url}?{urlencode(query, doseq=True)}" if query else url


@dataclass
class Bar:
    """One chart element: what it counts and where its projects are listed."""

    label: str
    count: int
    investment: Decimal
    url: str
    extra: dict = field(default_factory=dict)

    def as_json(self):
        return {
            "label": self.label,
            "count": self.count,
            "investment": str(self.investment),
            "url": self.url,
            **self.extra,
        }


def projects_for(user, unit=None):
    """The projects the dashboard counts: those the user may list, below ``unit`` if given."""
    projects = restrict(user, PROJECT_VIEW, Project)
    if unit is not None:
        projects = projects.filter(unit__path__startswith=unit.path)
    return projects


def _base(unit):
    return {"unit": unit.pk} if unit is not None else {}


def _tally(projects, key):
    rows = projects.values(key).annotate(
        n=Count("pk", distinct=True), amount=Sum("total_investment")
    )
    return {row[key]: (row["n"], row["amount"] or ZERO) for row in rows}


def funnel(projects, unit=None):
    """Pipeline stages in order with the projects now in each, how many have reached each
    stage (now in it or a later pipeline stage) and the conversion from the previous stage;
    then the side states (paused, dropped). Two queries."""
    stages = list(Stage.objects.order_by("position"))
    tally = _tally(projects, "stage")
    pipeline = [s for s in stages if s.kind == StageKind.PIPELINE]
    reached, running = {}, 0
    for stage in reversed(pipeline):
        running += tally.get(stage.pk, (0, ZERO))[0]
        reached[stage.pk] = running
    rows, before = [], None
    for stage in stages:
        count, amount = tally.get(stage.pk, (0, ZERO))
        extra = {"pipeline": stage.kind == StageKind.PIPELINE}
        if stage.kind == StageKind.PIPELINE:
            extra["reached"] = reached[stage.pk]
            extra["conversion"] = (
                None if before is None else _str(percent(reached[stage.pk], before))
            )
            before = reached[stage.pk]
        rows.append(
            Bar(stage.name, count, amount, project_link(**_base(unit), stage=stage.pk), extra)
        )
    return rows


def _str(value):
    return None if value is None else str(value)


def ageing(projects, unit=None, today=None):
    """Open projects per pipeline stage by days spent in it, in ``AGEING_BUCKETS``, and how
    many of them are stalled. Two queries.

    Each bucket links to the stage's open projects with the same days-in-stage bounds; the
    stalled count links to the stage's stalled projects.
    """
    now = timezone.localtime()
    today = today or now.date()
    annotations = {}
    for index, (_label, low, high) in enumerate(AGEING_BUCKETS):
        q = Q(stage_entered_at__lte=now - timedelta(days=low))
        if high is not None:
            q &= Q(stage_entered_at__gt=now - timedelta(days=high))
        annotations[f"b{index}"] = Count("pk", filter=q)
    annotations["stalled"] = Count("pk", filter=stalled_q(today))
    rows = {
        row["stage"]: row
        for row in projects.filter(open_q()).values("stage").annotate(**annotations)
    }
    stages = Stage.objects.filter(kind=StageKind.PIPELINE, is_final=False).order_by("position")
    result = []
    for stage in stages:
        row = rows.get(stage.pk, {})
        base = {**_base(unit), "stage": stage.pk}
        result.append(
            {
                "stage": stage.name,
                "limit": stage.max_dwell_days,
                "buckets": [row.get(f"b{i}", 0) for i in range(len(AGEING_BUCKETS))],
                "bucket_urls": [
                    project_link(**base, days_in_stage_min=low, days_in_stage_max=high)
                    for _label, low, high in AGEING_BUCKETS
                ],
                "url": project_link(**base, o="stage_entered_at"),
                "stalled": row.get("stalled", 0),
                "stalled_url": project_link(**base, stalled="1"),
            }
        )
    return {"labels": [label for label, _low, _high in AGEING_BUCKETS], "stages": result}


def by_industry(projects, unit=None):
    """Per industry division (the list filters by division), biggest first. One query."""
    rows = (
        projects.values("industry", "industry__code", "industry__name", "industry__section__code")
        .annotate(n=Count("pk"), amount=Sum("total_investment"))
        .order_by("-n", "-amount", "industry__code")
    )
    return [
        Bar(
            f"{row['industry__section__code']}{row['industry__code']} {row['industry__name']}",
            row["n"],
            row["amount"] or ZERO,
            project_link(**_base(unit), industry=row["industry"]),
        )
        for row in rows
    ]


def by_sector(projects, unit=None):
    """The three sectors, and the secondary sector's share of projects and of investment."""
    tally = _tally(projects, "sector")
    bars = [
        Bar(
            str(label),
            *tally.get(value, (0, ZERO)),
            project_link(**_base(unit), sector=value),
        )
        for value, label in Sector.choices
    ]
    count = sum(bar.count for bar in bars)
    amount = sum((bar.investment for bar in bars), ZERO)
    secondary = bars[Sector.values.index(Sector.SECONDARY)]
    return {
        "bars": bars,
        "secondary_share": percent(secondary.count, count),
        "secondary_investment_share": percent(secondary.investment, amount),
    }


def by_strategic_field(projects, unit=None):
    """Per strategic emerging field, then the projects in none. One query."""
    rows = (
        projects.values("strategic_field", "strategic_field__name")
        .annotate(n=Count("pk"), amount=Sum("total_investment"))
        .order_by("-n", "strategic_field__name")
    )
    bars, outside = [], None
    for row in rows:
        if row["strategic_field"] is None:
            outside = Bar(
                _("Not strategic emerging"),
                row["n"],
                row["amount"] or ZERO,
                project_link(**_base(unit), strategic="0"),
            )
        else:
            bars.append(
                Bar(
                    row["strategic_field__name"],
                    row["n"],
                    row["amount"] or ZERO,
                    project_link(**_base(unit), strategic_field=row["strategic_field"]),
                )
            )
    return bars + ([outside] if outside else [])


def by_region_group(projects, unit=None):
    """Per source region group; a region may belong to several groups, so a project may count
    in more than one (as the list's filter does). One query."""
    rows = (
        projects.filter(origin_region__groups__isnull=False)
        .values("origin_region__groups", "origin_region__groups__name")
        .annotate(n=Count("pk", distinct=True), amount=Sum("total_investment"))
        .order_by("-n", "origin_region__groups__name")
    )
    return [
        Bar(
            row["origin_region__groups__name"],
            row["n"],
            row["amount"] or ZERO,
            project_link(**_base(unit), region_group=row["origin_region__groups"]),
        )
        for row in rows
    ]


def by_platform(projects, unit=None):
    """Per carrier platform; projects without one are not shown (the list cannot filter for
    "no platform"). One query."""
    rows = (
        projects.filter(platform__isnull=False)
        .values("platform", "platform__name")
        .annotate(n=Count("pk"), amount=Sum("total_investment"))
        .order_by("-n", "platform__name")
    )
    return [
        Bar(
            row["platform__name"],
            row["n"],
            row["amount"] or ZERO,
            project_link(**_base(unit), platform=row["platform"]),
        )
        for row in rows
    ]


def major_projects(projects, unit=None):
    """The biggest major projects, their number and sum, and the list of all of them."""
    majors = projects.filter(is_major=True)
    totals = majors.aggregate(n=Count("pk"), amount=Sum("total_investment"))
    rows = majors.select_related("stage", "unit").order_by("-total_investment", "code")[
        :MAJOR_LIST_LENGTH
    ]
    return {
        "count": totals["n"],
        "investment": totals["amount"] or ZERO,
        "rows": list(rows),
        "url": project_link(**_base(unit), is_major="1"),
    }


def alerts(projects, unit=None, today=None):
    """Stalled projects (the oldest deadlines first) and projects with an unresolved repeat
    flag, with their counts and list links. Three queries."""
    today = today or timezone.localdate()
    stalled = projects.filter(stalled_q(today))
    counts = projects.aggregate(
        stalled=Count("pk", filter=stalled_q(today)),
        repeats=Count("pk", filter=Q(suspected_repeat=True)),
    )
    first = stalled.select_related("stage", "unit").order_by("stage_deadline", "next_action_date")
    return {
        "stalled": counts["stalled"],
        "stalled_url": project_link(**_base(unit), stalled="1"),
        "stalled_rows": list(first[:STALLED_LIST_LENGTH]),
        "repeats": counts["repeats"],
        "repeats_url": project_link(**_base(unit), suspected_repeat="1"),
    }


def register_overview(user, unit=None, today=None):
    """All the register's sections of the dashboard for ``user``, below ``unit`` if given."""
    projects = projects_for(user, unit)
    return {
        "funnel": funnel(projects, unit),
        "ageing": ageing(projects, unit, today),
        "industry": by_industry(projects, unit),
        "sector": by_sector(projects, unit),
        "strategic": by_strategic_field(projects, unit),
        "region_group": by_region_group(projects, unit),
        "platform": by_platform(projects, unit),
        "major": major_projects(projects, unit),
        "alerts": alerts(projects, unit, today),
    }


def chart_data(overview):
    """The JSON the charts read (``json_script``): labels, numbers and the link of each bar."""

    def bars(items):
        return [bar.as_json() for bar in items]

    return {
        "funnel": bars(overview["funnel"]),
        "ageing": overview["ageing"],
        "industry": bars(overview["industry"]),
        "sector": bars(overview["sector"]["bars"]),
        "strategic": bars(overview["strategic"]),
        "region_group": bars(overview["region_group"]),
        "platform": bars(overview["platform"]),
        "text": {
            "count": _("Projects"),
            "investment": _("Total investment"),
            "unit": _("10k yuan"),
            "conversion": _("Conversion from the previous stage"),
            "reached": _("Reached this stage or a later one"),
            "days": _("days"),
            "stalled": _("Stalled"),
            "empty": _("Nothing to show."),
        },
    }
