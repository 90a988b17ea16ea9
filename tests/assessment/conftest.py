import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from zhaoshang.assessment.models import AssessmentYear, GroupMember, Target, UnitGroup
from zhaoshang.projects.models import CountySettings, CreditShare, Stage, Transition

PIPELINE = ["signed", "approving", "landed", "started", "producing"]

GROUPS = [
    ("zones", "开发区组", ["zone1", "zone2", "new-district"]),
    ("towns", "乡镇组", ["town1", "town2", "town3", "town4"]),
    ("depts", "部门组", ["fgw", "gxj", "swj"]),
]


@pytest.fixture
def year2025(db, units):
    """Assessment year 2025 with three groups; towns 5–12 and the other units are in none."""
    year = AssessmentYear.objects.create(year=2025, name="2025年度招商引资考核")
    for position, (code, name, members) in enumerate(GROUPS, start=1):
        group = UnitGroup.objects.create(year=year, code=code, name=name, position=position)
        for unit_code in members:
            GroupMember.objects.create(year=year, group=group, unit=units[unit_code])
    return year


def aware(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def move(project, on, stage="landed", verified=True):
    """Walk a project up the pipeline to ``stage`` on ``on`` (history as the services keep it)."""
    stop = PIPELINE.index(stage)
    for code in PIPELINE[: stop + 1]:
        Transition.objects.create(
            project=project, to_stage=Stage.objects.get(code=code), at=aware(on)
        )
    project.stage = Stage.objects.get(code=stage)
    project.verified_at = aware(on + dt.timedelta(days=10)) if verified else None
    project.save(update_fields=["stage", "verified_at"])
    return project


@pytest.fixture
def county(year2025, make_project, units, ref, cast):
    """Projects of 2025 for the zones, towns and departments groups."""
    CountySettings.objects.update_or_create(pk=1, defaults={"local_region": ref.region("13")})
    at = aware(dt.date(2025, 1, 6))

    def project(unit, investment, funds=0, **fields):
        return make_project(
            actor=cast["bureau_admin"],
            unit=units[unit],
            at=at,
            total_investment=Decimal(investment),
            funds_in_place=Decimal(funds),
            **fields,
        )

    p = {}
    # Zones group.
    p["P1"] = move(project("zone1", 20000, 6000), dt.date(2025, 3, 10))
    p["P2"] = move(project("zone1", 15000, 5000), dt.date(2025, 5, 1))
    p["P3"] = move(project("zone1", 30000, 9000), dt.date(2025, 6, 1), verified=False)
    p["P4"] = move(
        project("zone1", 40000, 9000, origin_region=ref.region("13")), dt.date(2025, 6, 1)
    )
    p["P5"] = project("zone1", 90000)
    p["P6"] = move(project("zone1", 3000, 3000), dt.date(2025, 7, 1))
    p["P7"] = move(project("zone1", 60000, 9000, project_type="expansion"), dt.date(2025, 7, 1))
    p["P8"] = move(project("zone1", 50000, 9000, industry=ref.division("70")), dt.date(2025, 8, 1))
    p["Q1"] = move(project("zone2", 12000, 3000), dt.date(2025, 4, 1))
    p["R1"] = move(project("new-district", 8000, 4250), dt.date(2025, 9, 1))
    CreditShare.objects.filter(project=p["R1"]).delete()
    CreditShare.objects.create(project=p["R1"], unit=units["new-district"], percent=50)
    CreditShare.objects.create(project=p["R1"], unit=units["town1"], percent=50)
    # Towns group (method two counts 开工 as landed).
    p["S1"] = move(project("town1", 20000), dt.date(2025, 4, 2), stage="started")
    p["S2"] = move(project("town2", 12000), dt.date(2025, 4, 2), stage="started")
    p["S3"] = move(
        project("town2", 10000, industry=ref.division("51")), dt.date(2025, 5, 2), stage="started"
    )
    p["S4"] = move(project("town4", 20000), dt.date(2025, 6, 2), stage="started")
    p["S5"] = move(project("town3", 30000), dt.date(2025, 6, 2), stage="landed")
    # Departments group (method three).
    p["D1"] = move(project("fgw", 120000), dt.date(2025, 3, 3), stage="started")
    p["D2"] = move(project("fgw", 60000, strategic_field=ref.field("1")), dt.date(2025, 3, 3))
    p["D3"] = move(project("fgw", 4000), dt.date(2025, 3, 3))
    p["D4"] = move(project("fgw", 2000), dt.date(2025, 3, 3))
    for n, amount in enumerate([50000, 50000, 10000, 100000, 120000], start=1):
        p[f"E{n}"] = move(project("gxj", amount), dt.date(2025, 3, 3))
    targets = {
        "zone1": {"landed": 2, "total_investment": 30000, "funds_in_place": 10000},
        "zone2": {"landed": 2, "total_investment": 20000, "funds_in_place": 8000},
        "new-district": {"landed": 1, "total_investment": 10000, "funds_in_place": 4000},
    }
    for unit, values in targets.items():
        for metric, value in values.items():
            Target.objects.create(year=year2025, unit=units[unit], metric=metric, value=value)
    return p
