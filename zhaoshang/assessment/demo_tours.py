"""Demo observation tours: one per quarter of an assessment year, through the services.

Quarters that have ended get a closed tour; the quarter in progress gets a tour open for
scoring on which the county leaders have begun to mark and the assessor (褚国栋, assessor1)
has not, so that the browser test and the user guide can score on a phone. Units present 1–2 of
the projects that had landed by the tour's day; the methods vary by quarter. Everything is
drawn from ``Random`` seeded by year and quarter, so a run gives the same tours and marks.
"""

import calendar
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from random import Random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from zhaoshang.assessment import services_tours as services
from zhaoshang.assessment.choices import TourMethod, TourMode
from zhaoshang.assessment.models import GroupMember, Tour
from zhaoshang.core.permissions import has_action
from zhaoshang.core.roles import TOUR_SCORE
from zhaoshang.orgs.models import User
from zhaoshang.projects.choices import StageKind
from zhaoshang.projects.models import Project, Transition

CRITERIA = [
    {"name": "项目建设进度", "weight": Decimal("40"), "max_score": Decimal("100")},
    {"name": "投资强度", "weight": Decimal("30"), "max_score": Decimal("100")},
    {"name": "现场组织", "weight": Decimal("30"), "max_score": Decimal("100")},
]
# Weighted, trimmed, votes, weighted: each method shows up in a year.
METHODS = {
    1: (TourMethod.WEIGHTED_AVERAGE, TourMode.PER_PROJECT),
    2: (TourMethod.TRIMMED_MEAN, TourMode.PER_PROJECT),
    3: (TourMethod.PLACE_VOTES, TourMode.PER_UNIT),
    4: (TourMethod.WEIGHTED_AVERAGE, TourMode.PER_PROJECT),
}
QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
# Existing demo accounts that hold the right to score, with their weight; none is created.
JUDGES = [("county_leader", 2), ("county_leader2", 2), ("assessor1", 1), ("bureau_admin", 1)]
# Scores in the browser (browser test, user guide): no marks of theirs on the open tour.
LEFT_OPEN = "assessor1"
# On closed tours this judge left early and missed the last entries (a real tour's day).
LEAVES_EARLY = "county_leader2"


def _zone():
    return ZoneInfo(settings.TIME_ZONE)


def _quarter_bounds(year, quarter):
    last = quarter * 3
    return date(year, last - 2, 1), date(year, last, calendar.monthrange(year, last)[1])


def _held_on(year, quarter):
    """The 20th of the quarter's last month, or the Friday before when it falls on a weekend."""
    day = date(year, quarter * 3, 20)
    return day - timedelta(days=max(day.weekday() - 4, 0))


def _moment(day, hour):
    return datetime.combine(day, time(hour, 0), tzinfo=_zone())


def _landed_by(day):
    """Projects landed on or before ``day`` and still in a landed-or-later pipeline stage:
    ``{unit_id: [project, …]}``, most advanced first."""
    landed = Transition.objects.filter(
        to_stage__landed=True, at__lt=_moment(day + timedelta(days=1), 0)
    ).values("project")
    by_unit = {}
    for project in (
        Project.objects.filter(
            pk__in=landed, stage__landed=True, stage__kind=StageKind.PIPELINE, is_lead=False
        )
        .select_related("stage")
        .order_by("unit_id", "-stage__position", "code")
    ):
        by_unit.setdefault(project.unit_id, []).append(project)
    return by_unit


def _judges():
    users = {u.username: u for u in User.objects.filter(username__in=[n for n, _w in JUDGES])}
    return [
        (users[name], Decimal(weight))
        for name, weight in JUDGES
        if name in users and has_action(users[name], TOUR_SCORE)
    ]


def _clamp(value, high=Decimal("100")):
    return min(max(value, Decimal(40)), high)


def _marks(rng, quality):
    """Half-point marks around an entry's quality, per criterion."""
    return [_clamp(Decimal(round((quality + rng.uniform(-7, 7)) * 2)) / 2) for _c in CRITERIA]


def _score(tour, entries, seats, rng, *, day, closed):
    quality = {e.pk: rng.uniform(68, 96) for e in entries}
    criteria = list(tour.criteria.all())
    at = _moment(day, 16)
    for user, _weight in seats:
        if not closed and user.username == LEFT_OPEN:
            continue
        todo = entries
        # While scoring is open nobody is done yet; on a closed tour one judge left early.
        if not closed or user.username == LEAVES_EARLY:
            todo = entries[: max(len(entries) - rng.randint(1, 3), 1)]
        if tour.method == TourMethod.PLACE_VOTES:
            ranked = sorted(entries, key=lambda e: -(quality[e.pk] + rng.uniform(-6, 6)))
            places = {e.pk: n for n, e in enumerate(ranked, start=1)}
            for entry in todo:
                services.tour_mark_save(actor=user, entry=entry, place=places[entry.pk], at=at)
            continue
        for entry in todo:
            marks = _marks(rng, quality[entry.pk])
            services.tour_mark_save(
                actor=user,
                entry=entry,
                scores={c.pk: m for c, m in zip(criteria, marks, strict=True)},
                at=at,
            )


def _entries(tour, bureau, rng, landed, units):
    if tour.mode == TourMode.PER_UNIT:
        return [
            services.tour_entry_add(actor=bureau, tour=tour, unit=unit)
            for unit in units
            if unit.pk in landed
        ]
    entries = []
    for unit in units:
        projects = landed.get(unit.pk, [])
        count = min(len(projects), rng.choice((1, 1, 2)))
        for project in projects[:count]:
            entries.append(services.tour_entry_add(actor=bureau, tour=tour, project=project))
    return entries


def _tour(year, quarter, *, bureau, seats, units, today):
    rng = Random(year.year * 10 + quarter)  # noqa: S311 - reproducible demo data
    _start, end = _quarter_bounds(year.year, quarter)
    closed = end < today
    day = _held_on(year.year, quarter) if closed else today
    method, mode = METHODS[quarter]
    landed = _landed_by(day)
    if not landed:
        # Without landed projects (a demo loaded without them) units present themselves.
        mode, landed = TourMode.PER_UNIT, {u.pk: [] for u in units}
    tour = services.tour_create(
        actor=bureau,
        year=year,
        quarter=quarter,
        name=f"{year.year}年{QUARTER_NAMES[quarter]}重点项目观摩拉练",
        held_on=day,
        method=method,
        mode=mode,
    )
    if method != TourMethod.PLACE_VOTES:
        services.tour_set_criteria(actor=bureau, tour=tour, criteria=CRITERIA)
    for user, weight in seats:
        services.tour_judge_save(actor=bureau, tour=tour, user=user, weight=weight)
    entries = _entries(tour, bureau, rng, landed, units)
    if not entries:
        return tour
    tour = services.tour_open(actor=bureau, tour=tour)
    _score(tour, entries, seats, rng, day=day, closed=closed)
    if closed:
        services.tour_close(actor=bureau, tour=tour, at=_moment(end + timedelta(days=3), 10))
    return tour


@transaction.atomic
def load_demo_tours(*, year, today):
    """Add the year's missing demo tours (ended quarters closed, the current one open).
    Returns how many were added."""
    members = GroupMember.objects.filter(year=year).select_related("unit")
    units = [m.unit for m in members.order_by("group__position", "unit__sort_key")]
    bureau = User.objects.filter(username="bureau_admin").first()
    seats = _judges()
    if not units or bureau is None or not seats:
        return 0
    added = 0
    for quarter in range(1, 5):
        start, _end = _quarter_bounds(year.year, quarter)
        if start > today or Tour.objects.filter(year=year, quarter=quarter).exists():
            continue
        _tour(year, quarter, bureau=bureau, seats=seats, units=units, today=today)
        added += 1
    return added
