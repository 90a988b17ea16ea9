"""period_figures: the numbers a bulletin and the dashboard share."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.assessment import conftest as assessment_fixtures
from tests.assessment.conftest import aware, move
from tests.assessment.methods import load_method
from zhaoshang.assessment import services_scores
from zhaoshang.assessment.models import AssessmentYear, GroupMember, Target, UnitGroup
from zhaoshang.assessment.snapshots import snapshot_take
from zhaoshang.projects.models import Project, RepeatFlag, Stage, Transition
from zhaoshang.projects.selectors import stalled_q
from zhaoshang.reports.figures import months_of, percent, period_figures

TODAY = dt.date(2026, 1, 20)
year2025 = assessment_fixtures.year2025
county = assessment_fixtures.county


def figures_for(user, year, first, last, group=None):
    return period_figures(
        user=user, year=year, first_month=first, last_month=last, group=group, today=TODAY
    )


def row_of(figures, code):
    return next(row for row in figures.units if row.unit.code == code)


def zones(year):
    return year.groups.get(code="zones")


def test_percent_rounds_half_up_to_one_decimal():
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 16) == Decimal("6.3")
    assert percent(1, 0) is None
    assert percent(1, None) is None


def test_months_of_period_kinds():
    assert months_of("month", 5) == (5, 5)
    assert months_of("ytd", 5) == (1, 5)
    assert months_of("quarter", 5) == (4, 6)
    assert months_of("year", 5) == (1, 12)


def test_flows_count_projects_that_reached_a_stage_in_the_period(year2025, county, cast):
    figures = figures_for(cast["bureau_admin"], year2025, 1, 6, zones(year2025))
    zone1 = row_of(figures, "zone1")
    assert zone1.landed.count == 4
    assert zone1.landed.total_investment == Decimal("105000")
    assert zone1.landed.funds_in_place == Decimal("29000")
    assert zone1.signed.count == 4
    assert zone1.started.count == 0
    assert row_of(figures, "zone2").landed.count == 1
    assert row_of(figures, "new-district").landed.count == 0
    assert figures.totals.landed.count == 5
    assert figures.totals.landed.total_investment == Decimal("117000")


def test_a_later_period_leaves_out_what_was_reached_before_it(year2025, county, cast):
    figures = figures_for(cast["bureau_admin"], year2025, 4, 6, zones(year2025))
    zone1 = row_of(figures, "zone1")
    assert zone1.landed.count == 3
    assert sorted(zone1.landed.codes) == sorted(county[k].code for k in ("P2", "P3", "P4"))
    # Targets count from January: all four landed projects.
    assert zone1.landed_ytd.count == 4


def test_start_rate_is_started_over_signed(year2025, county, cast):
    depts = year2025.groups.get(code="depts")
    fgw = row_of(figures_for(cast["bureau_admin"], year2025, 1, 3, depts), "fgw")
    assert (fgw.signed.count, fgw.started.count) == (4, 1)
    assert fgw.start_rate == Decimal("25.0")
    swj = row_of(figures_for(cast["bureau_admin"], year2025, 1, 3, depts), "swj")
    assert swj.start_rate is None


def test_completion_against_milestone_and_year_target(year2025, county, cast, units):
    Target.objects.create(year=year2025, unit=units["zone1"], metric="landed", month=6, value=3)
    Target.objects.create(year=year2025, unit=units["zone1"], metric="landed", month=9, value=5)
    zone1 = row_of(figures_for(cast["bureau_admin"], year2025, 4, 6, zones(year2025)), "zone1")
    assert (zone1.landed_milestone, zone1.milestone_month) == (Decimal("3"), 6)
    assert zone1.landed_target == Decimal("2")
    assert zone1.landed_completion == Decimal("133.3")
    assert zone1.landed_year_completion == Decimal("200.0")
    assert zone1.investment_target == Decimal("30000")
    assert zone1.investment_completion == Decimal("350.0")


def test_a_unit_sees_only_its_own_row(year2025, county, cast):
    figures = figures_for(cast["unit_a_staff"], year2025, 1, 6)
    assert [row.unit.code for row in figures.units] == ["zone1"]
    assert figures.totals.landed.count == 4
    assert "沧澜经济开发区" in figures.narrative[0]
    everyone = figures_for(cast["leader"], year2025, 1, 6)
    assert len(everyone.units) == GroupMember.objects.filter(year=year2025).count()


def test_frozen_snapshots_keep_the_numbers_when_history_changes_later(
    year2025, county, cast, units
):
    for month in (3, 6):
        snapshot_take(actor=cast["bureau_admin"], year=year2025, unit=units["zone1"], month=month)
    before = row_of(figures_for(cast["bureau_admin"], year2025, 4, 6), "zone1")
    late_entry = county["P5"]
    Transition.objects.create(
        project=late_entry, to_stage=Stage.objects.get(code="landed"), at=aware(dt.date(2025, 6, 9))
    )
    after = row_of(figures_for(cast["bureau_admin"], year2025, 4, 6), "zone1")
    assert after.landed.count == before.landed.count == 3


def test_frozen_snapshots_keep_the_amounts_when_the_register_is_corrected_later(
    year2025, county, cast, units
):
    for month in (3, 6):
        snapshot_take(actor=cast["bureau_admin"], year=year2025, unit=units["zone1"], month=month)
    before = row_of(figures_for(cast["bureau_admin"], year2025, 4, 6), "zone1")
    assert before.landed.total_investment > 0
    Project.objects.filter(code__in=before.landed.codes).update(
        total_investment=Decimal("1"), funds_in_place=Decimal("1")
    )
    after = row_of(figures_for(cast["bureau_admin"], year2025, 4, 6), "zone1")
    assert after.landed.total_investment == before.landed.total_investment
    assert after.landed.funds_in_place == before.landed.funds_in_place


def test_a_corrected_amount_makes_a_revision_that_names_the_project(year2025, county, cast, units):
    first = snapshot_take(actor=cast["bureau_admin"], year=year2025, unit=units["zone1"], month=6)
    again = snapshot_take(actor=cast["bureau_admin"], year=year2025, unit=units["zone1"], month=6)
    assert again.pk == first.pk
    project = county["P1"]
    Project.objects.filter(pk=project.pk).update(total_investment=Decimal("4321.00"))
    corrected = snapshot_take(
        actor=cast["bureau_admin"], year=year2025, unit=units["zone1"], month=6
    )
    assert corrected.revision == first.revision + 1
    assert project.code in corrected.note


def test_a_revision_frozen_without_amounts_per_project_is_not_corrected_for_form_alone(
    year2025, county, cast, units
):
    first = snapshot_take(actor=cast["bureau_admin"], year=year2025, unit=units["zone1"], month=6)
    for row in first.figures["projects"]:
        del row["total_investment"], row["funds_in_place"]
    first.digest = "0" * 64
    first.save(update_fields=["figures", "digest"])
    again = snapshot_take(actor=cast["bureau_admin"], year=year2025, unit=units["zone1"], month=6)
    assert again.pk == first.pk


def test_rank_and_tier_come_from_the_published_ranking(year2025, county, cast):
    services_scores.method_save(
        actor=cast["bureau_admin"], year=year2025, document=load_method("ratio-to-target.yaml")
    )
    ranking = services_scores.ranking_publish(
        actor=cast["bureau_admin"], year=year2025, through_month=6, as_of=dt.date(2025, 7, 20)
    )
    figures = figures_for(cast["bureau_admin"], year2025, 1, 6)
    assert figures.ranking == ranking
    for row in figures.units:
        assert row.rank == ranking.result["units"][row.unit.code]["rank"]
        assert row.tier == ranking.result["units"][row.unit.code]["tier"]
    assert figures.red_tier == "先进"
    assert figures.red_list and all(row.tier == "先进" for row in figures.red_list)
    assert {row.unit.code for row in figures.black_list} == {
        row.unit.code for row in figures.units if row.tier == figures.black_tier
    }


def test_without_a_published_ranking_ranks_are_computed_live(year2025, county, cast):
    services_scores.method_save(
        actor=cast["bureau_admin"], year=year2025, document=load_method("ratio-to-target.yaml")
    )
    figures = figures_for(cast["bureau_admin"], year2025, 1, 6)
    assert figures.ranking is None
    assert all(row.rank is not None for row in figures.units)


def test_reports_stalled_and_repeats_per_unit(year2025, county, cast, units):
    Project.objects.filter(pk=county["P5"].pk).update(next_action_date=dt.date(2025, 12, 1))
    RepeatFlag.objects.create(project=county["P6"], earlier=county["P7"], score=80)
    figures = figures_for(cast["bureau_admin"], year2025, 1, 2)
    zone1 = row_of(figures, "zone1")
    assert (zone1.missing, zone1.missing_months, zone1.late) == (2, [1, 2], 0)
    assert figures.reports[units["zone1"].pk]["missing"] == 2
    stalled = Project.objects.filter(stalled_q(TODAY), unit=units["zone1"]).count()
    assert stalled and zone1.stalled == stalled == figures.stalled[units["zone1"].pk]
    assert zone1.repeats == 1 and figures.repeats[units["zone1"].pk] == 1
    assert figures.totals.stalled == Project.objects.filter(stalled_q(TODAY)).count()


def test_previous_period_and_same_period_last_year(year2025, county, cast, units):
    figures = figures_for(cast["bureau_admin"], year2025, 4, 6, zones(year2025))
    assert (figures.previous.first_month, figures.previous.last_month) == (1, 3)
    assert figures.previous.totals.landed.count == 1
    assert figures.last_year is None
    earlier = AssessmentYear.objects.create(year=2024, name="2024年度")
    group = UnitGroup.objects.create(year=earlier, code="zones", name="开发区组", position=1)
    GroupMember.objects.create(year=earlier, group=group, unit=units["zone1"])
    figures = figures_for(cast["bureau_admin"], year2025, 1, 2, zones(year2025))
    assert figures.last_year.year == earlier
    assert (figures.previous.first_month, figures.previous.last_month) == (11, 12)
    assert figures.previous.year == earlier
    assert len(figures.narrative) >= 4
    assert all(isinstance(line, str) and line for line in figures.narrative)


def test_the_narrative_states_the_totals(year2025, county, cast):
    figures = figures_for(cast["bureau_admin"], year2025, 4, 6, zones(year2025))
    assert str(figures.totals.landed.count) in figures.narrative[0]
    assert "97,000.00" in figures.narrative[0]


def test_invalid_months_are_refused(year2025, cast):
    with pytest.raises(ValueError):
        figures_for(cast["bureau_admin"], year2025, 5, 4)


def test_query_count_does_not_grow_with_projects(year2025, county, cast, make_project, units):
    def count():
        with CaptureQueriesContext(connection) as queries:
            figures_for(cast["bureau_admin"], year2025, 4, 6)
        return len(queries)

    count()  # the first call may freeze the months that have no snapshot yet
    first = count()
    for _n in range(5):
        move(
            make_project(
                actor=cast["bureau_admin"], unit=units["zone1"], at=aware(dt.date(2025, 1, 6))
            ),
            dt.date(2025, 5, 5),
        )
    assert count() == first


def test_totals_sum_targets_only_when_every_unit_has_one(year2025, county, cast):
    zones_only = figures_for(cast["bureau_admin"], year2025, 1, 6, zones(year2025))
    assert zones_only.totals.landed_target == Decimal("5")
    assert zones_only.totals.landed_year_completion == Decimal("100.0")
    everyone = figures_for(cast["bureau_admin"], year2025, 1, 6)
    assert everyone.totals.landed_target is None and everyone.totals.landed_completion is None


def test_the_narrative_names_a_citys_hundreds_of_units_by_count_after_the_first_thirty():
    from django.utils import translation

    from zhaoshang.reports import figures as figures_module

    few = [f"单位{i}" for i in range(figures_module.NAMED_AT_MOST)]
    many = [f"单位{i}" for i in range(874)]
    with translation.override("zh-hans"):
        assert figures_module._named(few) == "、".join(few)
        sentence = figures_module._named(many)
    assert sentence.startswith("单位0、单位1、") and "单位29等" in sentence
    assert "单位30" not in sentence and "共874个单位" in sentence
