"""The demo county's assessment year: four groups of units and every member's targets.

Groups follow the county's usual split: 驻外组 (the resident groups), 开发区组 (the zones and the
new district directly under the county), 乡镇组 and 部门组 (the economic and other county
departments, except the investment bureau, which runs the assessment). Targets are scaled by
group, varied a little per unit by a checksum of the year and the unit's code,
and give quarterly milestones for landed projects and their investment. Running it again adds
only what is missing.
"""

import zlib
from decimal import ROUND_HALF_UP, Decimal

from zhaoshang.assessment import services_years as services
from zhaoshang.assessment.choices import TargetMetric as M
from zhaoshang.assessment.models import AssessmentYear, GroupMember, Target
from zhaoshang.assessment.models.years import AMOUNT_METRICS, QUARTER_MONTHS, YEAR_MONTH
from zhaoshang.orgs.choices import UnitKind
from zhaoshang.orgs.models import Unit

BUREAU_UNIT = "zsj"  # the investment bureau runs the assessment and is not assessed

# code, name, which units
GROUPS = [
    ("resident", "驻外组", lambda u, root: u.kind == UnitKind.RESIDENT_GROUP),
    (
        "zones",
        "开发区组",
        lambda u, root: (
            u.kind in (UnitKind.DEV_ZONE, UnitKind.NEW_DISTRICT) and u.parent_id == root.pk
        ),
    ),
    ("towns", "乡镇组", lambda u, root: u.kind == UnitKind.TOWNSHIP),
    (
        "depts",
        "部门组",
        lambda u, root: (
            u.kind in (UnitKind.ECONOMIC_DEPT, UnitKind.COUNTY_DEPT) and u.code != BUREAU_UNIT
        ),
    ),
]

# Year targets by group; amounts in 万元 (foreign capital in 万美元).
TARGETS = {
    "resident": {
        M.SIGNED: 4,
        M.LANDED: 2,
        M.STARTED: 1,
        M.TOTAL_INVESTMENT: 40000,
        M.FUNDS_IN_PLACE: 12000,
        M.SECONDARY: 1,
        M.STRATEGIC: 1,
        M.MAJOR: 1,
        M.FOREIGN_FUNDS: 300,
    },
    "zones": {
        M.SIGNED: 8,
        M.LANDED: 5,
        M.STARTED: 4,
        M.TOTAL_INVESTMENT: 150000,
        M.FUNDS_IN_PLACE: 45000,
        M.SECONDARY: 4,
        M.STRATEGIC: 2,
        M.MAJOR: 1,
    },
    "towns": {
        M.SIGNED: 3,
        M.LANDED: 2,
        M.STARTED: 1,
        M.TOTAL_INVESTMENT: 30000,
        M.FUNDS_IN_PLACE: 9000,
        M.SECONDARY: 1,
        M.STRATEGIC: 1,
        M.MAJOR: 1,
    },
    "depts": {
        M.SIGNED: 2,
        M.LANDED: 1,
        M.STARTED: 1,
        M.TOTAL_INVESTMENT: 20000,
        M.FUNDS_IN_PLACE: 6000,
        M.SECONDARY: 1,
        M.STRATEGIC: 1,
        M.MAJOR: 1,
    },
}
# Cumulative shares of the year target due by the end of March, June and September.
QUARTER_SHARES = (Decimal("0.2"), Decimal("0.45"), Decimal("0.7"))
STAGED = (M.LANDED, M.TOTAL_INVESTMENT)
FACTORS = (Decimal("0.8"), Decimal("0.9"), Decimal("1"), Decimal("1.1"), Decimal("1.25"))


def _round(value, metric):
    step = Decimal("100") if metric in AMOUNT_METRICS and metric != M.FOREIGN_FUNDS else 1
    return ((value / step).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * step).quantize(
        Decimal("1")
    )


def plan_for(year, group_code, unit_code):
    """``{metric: {month: value}}`` of one unit: the group's targets times a factor drawn for
    the unit, counts at least 1, and quarterly milestones for the staged metrics."""
    factor = FACTORS[zlib.crc32(f"{year}-{unit_code}".encode()) % len(FACTORS)]
    plan = {}
    for metric, base in TARGETS[group_code].items():
        value = max(_round(Decimal(base) * factor, metric), Decimal("1"))
        months = {YEAR_MONTH: value}
        if metric in STAGED:
            for month, share in zip(QUARTER_MONTHS, QUARTER_SHARES, strict=True):
                months[month] = _round(value * share, metric)
        plan[metric.value] = months
    return plan


def load_demo_year(*, year, actor):
    """The year ``<year>年度招商引资考核`` with its groups, members and targets (idempotent)."""
    found = AssessmentYear.objects.filter(year=year).first()
    if found is None:
        found = services.year_create(actor=actor, year=year, name=f"{year}年度招商引资考核")
    root = Unit.objects.get(parent__isnull=True)
    units = list(Unit.objects.filter(is_active=True, parent__isnull=False).order_by("sort_key"))
    placed = set(GroupMember.objects.filter(year=found).values_list("unit_id", flat=True))
    existing = {g.code: g for g in found.groups.all()}
    for code, name, belongs in GROUPS:
        group = existing.get(code) or services.group_create(
            actor=actor, year=found, code=code, name=name
        )
        new = [u for u in units if belongs(u, root) and u.pk not in placed]
        if new:
            services.members_assign(actor=actor, group=group, units=new)
    with_targets = set(Target.objects.filter(year=found).values_list("unit_id", flat=True))
    for member in GroupMember.objects.filter(year=found).select_related("unit", "group"):
        if member.unit_id in with_targets or member.group.code not in TARGETS:
            continue
        services.targets_save(
            actor=actor,
            year=found,
            unit=member.unit,
            plan=plan_for(year, member.group.code, member.unit.code),
        )
    return found
