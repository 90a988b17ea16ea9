"""The three example methods in docs/assessment-methods/, scored on a small county by hand.

Every expected figure below was worked out on paper from the data in the fixture; the
comments show the clerk's arithmetic.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from tests.assessment.conftest import aware
from tests.assessment.methods import load_method
from zhaoshang.assessment import engine, scoring
from zhaoshang.assessment.choices import AdjustmentStatus
from zhaoshang.assessment.models import Adjustment, ScoreItem


def score(year, method, reports=None, tours=None, through_month=12):
    with translation.override("zh-hans"):
        return _score(year, method, reports, tours, through_month)


def _score(year, method, reports, tours, through_month):
    # Tours are given here as results; two were held unless the test says otherwise.
    held = len({q for quarters in (tours or {}).values() for q in quarters})
    inputs = engine.Inputs(
        year=year,
        document=method,
        through_month=through_month,
        as_of=dt.date(2026, 1, 20),
        reports=reports or {},
        tours=tours or {},
        tours_held=held,
    )
    return engine.compute(year=year, document=method, inputs=inputs)


def row(result, unit):
    return next(r for r in result.units.values() if r["unit"].code == unit)


def points(result, unit):
    return {i["code"]: i["points"] for i in row(result, unit)["indicators"]}


def test_ratio_to_target_with_caps_and_deductions(county, year2025, units):
    method = load_method("ratio-to-target.yaml")
    reports = {units["zone1"].pk: {"missing": 1}, units["zone2"].pk: {"late": 7}}
    result = score(year2025, method, reports=reports)
    # zone1 counts P1 and P2 only: 2 ÷ 2 × 40 = 40; 35000 × 30 ÷ 30000 = 35 → capped 33;
    # 11000 ÷ 10000 = 1.1 → ratio capped at 1 → 20; one missing report −2; seven projects sat in
    # 落地 past its 90 days without starting (超时限未开工) → −14, capped at −6.
    assert points(result, "zone1") == {
        "landed": Decimal("40.00"),
        "investment": Decimal("33.00"),
        "funds": Decimal("20.00"),
        "late_reports": Decimal("0.00"),
        "missing_reports": Decimal("-2.00"),
        "overdue_start": Decimal("-6.00"),
        "falsified": Decimal("0.00"),
    }
    assert row(result, "zone1")["total"] == Decimal("85.00")
    # zone2: 1 ÷ 2 × 40 = 20; 12000 ÷ 20000 × 30 = 18; 3000 ÷ 8000 × 20 = 7.5; 7 late → −5 cap;
    # Q1 landed on 1 April and had not started by 30 June → −2.
    assert points(result, "zone2")["late_reports"] == Decimal("-5.00")
    assert points(result, "zone2")["overdue_start"] == Decimal("-2.00")
    assert row(result, "zone2")["total"] == Decimal("38.50")
    # new district holds half of R1: 0.5 ÷ 1 × 40 = 20; 4000 ÷ 10000 × 30 = 12;
    # 2125 × 20 ÷ 4000 = 10.625 → 10.63 (half up, not half even); R1 landed on 1 September
    # and had not started by 30 November → −2.
    assert points(result, "new-district")["funds"] == Decimal("10.63")
    assert row(result, "new-district")["total"] == Decimal("40.63")
    ranks = {r["unit"].code: (r["rank"], r["tier"]) for r in result.units.values()}
    assert ranks["zone1"] == (1, "先进")
    assert ranks["new-district"] == (2, "后进")
    assert ranks["zone2"] == (3, "后进")


def test_every_project_that_does_not_count_says_why(county, year2025):
    result = score(year2025, load_method("ratio-to-target.yaml"))
    lines = {line["fact"].code: line["reasons"] for line in row(result, "zone1")["lines"]}
    codes = {name: county[name].code for name in county}
    assert lines[codes["P1"]] == [] and lines[codes["P2"]] == []
    assert lines[codes["P3"]] == ["未经招商局核实"]
    assert lines[codes["P4"]] == ["本地投资者"]
    assert lines[codes["P5"]] == ["截至期末未落地（所处阶段：洽谈）"]
    assert lines[codes["P6"]] == ["总投资 3000 万元，低于认定标准 5000 万元"]
    assert lines[codes["P7"]] == ["原有企业原地扩建"]
    assert lines[codes["P8"]] == ["属不予认定行业 K"]
    counted = set(row(result, "zone1")["indicators"][0]["projects"])
    assert counted == {codes["P1"], codes["P2"]}


def test_efficacy_coefficient_with_ties_and_tiers(county, year2025):
    result = score(year2025, load_method("efficacy.yaml"))
    # count 1, 2, 0, 1 → 32, 40, 24, 32; investment 20000, 22000, 0, 20000 →
    # 40 × (60 + 40 × 20000/22000)% = 38.5454…; secondary 1, 1, 0, 1 → 20, 20, 12, 20.
    # Only the totals are rounded (one place): town1 = town4 = 90.5454… → 90.5.
    totals = {code: row(result, code)["total"] for code in ("town1", "town2", "town3", "town4")}
    assert totals == {
        "town1": Decimal("90.5"),
        "town2": Decimal("100.0"),
        "town3": Decimal("60.0"),
        "town4": Decimal("90.5"),
    }
    ranks = {code: row(result, code)["rank"] for code in totals}
    assert ranks == {"town2": 1, "town1": 2, "town4": 2, "town3": 4}
    # Top 30 % of four units is the first two places; the tie at place 2 shares the tier.
    tiers = {code: row(result, code)["tier"] for code in totals}
    assert tiers == {"town2": "优秀", "town1": "优秀", "town4": "优秀", "town3": "达标"}
    # S5 reached only 落地, and this method counts 开工 as landed.
    town3_lines = {line["fact"].code: line["reasons"] for line in row(result, "town3")["lines"]}
    assert town3_lines[county["S5"].code] == ["截至期末未落地（所处阶段：落地）"]


def test_efficacy_gives_nothing_when_nobody_in_the_group_has_anything(county, year2025):
    # By the end of January no town had started anything: max = min = 0 everywhere, and
    # landing nothing earns nothing, whatever the method says for equal values.
    result = score(year2025, load_method("efficacy.yaml"), through_month=1)
    assert set(points(result, "town1").values()) == {Decimal("0")}
    assert {row(result, c)["rank"] for c in ("town1", "town2", "town3", "town4")} == {1}
    # Sharing first place with nothing is no 优秀.
    assert {row(result, c)["tier"] for c in ("town1", "town2", "town3", "town4")} == {"不达标"}


@pytest.mark.parametrize(
    "equal,expected", [("full", Decimal("40")), ("base", Decimal("24")), ("zero", Decimal("0"))]
)
def test_efficacy_when_every_unit_has_the_same_positive_value(equal, expected):
    params = {"points": "40", "base": "60", "span": "40", "equal": equal}
    assert scoring.efficacy(Decimal(3), Decimal(3), Decimal(3), params)[0] == expected


def test_ratio_to_target_rounds_half_up_from_the_exact_figure():
    # 5 ÷ 24 × 15 is exactly 3.125: rounding the ratio first would give 3.124995 → 3.12.
    params = {"points": "15"}
    points, formula = scoring.ratio_to_target(Decimal(5), Decimal(24), params)
    assert scoring.round_to(points, 2) == Decimal("3.13")
    assert "0.208333" in formula


def test_bands_tours_items_rank_and_adjustments(county, year2025, units, cast):
    ScoreItem.objects.create(
        year=year2025,
        unit=units["fgw"],
        kind="bonus",
        code="city_award",
        occurred_on=dt.date(2025, 6, 1),
        occurrences=3,
        note="市级表彰",
        entered_by=cast["bureau_admin"],
    )
    Adjustment.objects.create(
        year=year2025,
        unit=units["swj"],
        points=Decimal("2"),
        reason="承办全市招商推介会",
        requested_by=cast["bureau_admin"],
        status=AdjustmentStatus.APPROVED,
        decided_by=cast["leader"],
        decided_at=aware(dt.date(2025, 12, 20)),
    )
    Adjustment.objects.create(
        year=year2025,
        unit=units["gxj"],
        points=Decimal("5"),
        reason="待批准",
        requested_by=cast["bureau_admin"],
    )
    tours = {
        units["fgw"].pk: {1: Decimal("90"), 2: Decimal("80")},
        units["gxj"].pk: {1: Decimal("70")},
    }
    result = score(year2025, load_method("bands-and-tours.yaml"), tours=tours)
    # fgw: bands 20 + 12 + 2 + 0 = 34; started 3; strategic 2; tours 85 × 0.2 = 17;
    # award 3 × 2 = 6 → capped 4; rank 2nd by investment → 3. Total 63.
    assert points(result, "fgw") == {
        "bands": Decimal("34.00"),
        "started": Decimal("3.00"),
        "strategic": Decimal("2.00"),
        "tours": Decimal("17.00"),
        "award": Decimal("4.00"),
        "rank": Decimal("3.00"),
    }
    # gxj: 12 + 12 + 6 + 20 + 20 = 70 → capped 60; it presented on one of the two tours held:
    # (70 + 0) ÷ 2 × 0.2 = 7; 1st → 5. The pending +5 waits.
    assert row(result, "gxj")["total"] == Decimal("72.00")
    # swj landed nothing: no rank points ("没落地就没分"), only the approved adjustment.
    assert points(result, "swj")["rank"] == Decimal("0.00")
    assert row(result, "swj")["total"] == Decimal("2.00")
    assert [r["unit"].code for r in result.ranked()[2][1]] == ["gxj", "fgw", "swj"]
    assert row(result, "gxj")["tier"] == "先进" and row(result, "fgw")["tier"] == "达标"


def test_year_to_date_counts_only_what_landed_and_was_verified_by_then(county, year2025):
    result = score(year2025, load_method("ratio-to-target.yaml"), through_month=3)
    # By 31 March only P1 had landed (10 March) — and it was verified on 20 March.
    assert row(result, "zone1")["indicators"][0]["value"] == Decimal("1")
    reasons = {line["fact"].code: line["reasons"] for line in row(result, "zone1")["lines"]}
    assert reasons[county["P2"].code][0].startswith("截至期末未落地")


def test_a_project_scores_only_once_across_years(county, year2025, cast):
    from zhaoshang.assessment.models import AssessmentYear, Method, Ranking

    method = load_method("ratio-to-target.yaml")
    year2026 = AssessmentYear.objects.create(year=2026, name="2026")
    row_ = Method.objects.create(
        year=year2025,
        version=1,
        name="m",
        document=method,
        digest="x",
        created_by=cast["bureau_admin"],
    )
    Ranking.objects.create(
        year=year2025,
        method=row_,
        through_month=12,
        title="2025",
        inputs={},
        result={"counted_projects": [county["P1"].code]},
        digest="x",
        published_at=timezone.now(),
        published_by=cast["bureau_admin"],
    )
    assert engine.counted_in_earlier_years(2026) == {county["P1"].code: 2025}
    assert engine.counted_in_earlier_years(2025) == {}
    assert year2026.year == 2026
