"""The demo year: the four groups of the county, every member's targets, idempotent."""

import pytest

from zhaoshang.assessment import services_years
from zhaoshang.assessment.demo_years import load_demo_year, plan_for
from zhaoshang.assessment.models import GroupMember, Target
from zhaoshang.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _members(year):
    groups = {}
    for member in GroupMember.objects.filter(year=year).select_related("group", "unit"):
        groups.setdefault(member.group.name, set()).add(member.unit.code)
    return groups


def test_demo_year_has_the_four_groups_of_the_county(cast):
    year = load_demo_year(year=2025, actor=cast["bureau_admin"])
    assert year.name == "2025年度招商引资考核"
    groups = _members(year)
    assert list(year.groups.order_by("position").values_list("name", flat=True)) == [
        "驻外组",
        "开发区组",
        "乡镇组",
        "部门组",
    ]
    assert groups["驻外组"] == {"bj-group", "sh-group", "gz-group"}
    # The zone office under zone1 is not a zone of its own.
    assert groups["开发区组"] == {"zone1", "zone2", "new-district"}
    assert groups["乡镇组"] == {f"town{n}" for n in range(1, 13)}
    assert "zsj" not in groups["部门组"] and {"fgw", "xzsp", "wjj"} <= groups["部门组"]


def test_every_member_has_targets_with_quarterly_milestones(cast):
    year = load_demo_year(year=2025, actor=cast["bureau_admin"])
    members = GroupMember.objects.filter(year=year).count()
    assert Target.objects.filter(year=year, month=12).values("unit").distinct().count() == members
    zone1 = {
        (t.metric, t.month): t.value for t in Target.objects.filter(year=year, unit__code="zone1")
    }
    assert {m for m, month in zone1 if month == 3} == {"landed", "total_investment"}
    assert "foreign_funds_usd" not in {m for m, _month in zone1}
    bj = Target.objects.filter(year=year, unit__code="bj-group", metric="foreign_funds_usd")
    assert bj.exists()
    # Every demo plan passes the rules the bureau's form enforces.
    for group, unit in [("zones", "zone1"), ("towns", "town5"), ("resident", "bj-group")]:
        for metric, months in plan_for(2025, group, unit).items():
            assert services_years.check_targets(metric, months) == []


def test_the_demo_is_deterministic_and_idempotent(cast):
    first = load_demo_year(year=2025, actor=cast["bureau_admin"])
    targets = sorted(
        Target.objects.filter(year=first).values_list("unit__code", "metric", "month", "value")
    )
    events = AuditEvent.objects.count()
    again = load_demo_year(year=2025, actor=cast["bureau_admin"])
    assert again == first
    assert AuditEvent.objects.count() == events
    assert (
        sorted(
            Target.objects.filter(year=first).values_list("unit__code", "metric", "month", "value")
        )
        == targets
    )
    assert plan_for(2025, "zones", "zone1") == plan_for(2025, "zones", "zone1")
