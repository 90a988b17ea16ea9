"""Actual progress from the projects' stage history: first arrival in the period, landed by the
stage flag, amounts over landed projects, credit shares, time zone and a constant query count."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhaoshang.assessment.actuals import actuals
from zhaoshang.projects.models import CreditShare, Stage, Transition

pytestmark = pytest.mark.django_db

D = Decimal
ZONE = timezone.get_default_timezone()


def at(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour), ZONE)


def reach(project, *steps):
    """Record ``(stage code, moment)`` steps in the project's history and leave it there."""
    previous = project.stage
    for code, moment in steps:
        stage = Stage.objects.get(code=code)
        Transition.objects.create(project=project, from_stage=previous, to_stage=stage, at=moment)
        previous = stage
    project.stage = previous
    project.save(update_fields=["stage"])
    return project


def test_each_stage_counts_in_the_month_it_was_first_reached(make_project, units, ref):
    project = make_project(
        total_investment=D("20000"),
        funds_in_place=D("5000"),
        foreign_funds_usd=D("300"),
        strategic_field=ref.field("1"),
    )
    reach(
        project,
        ("signed", at(2025, 2, 10)),
        ("approving", at(2025, 3, 1)),
        ("landed", at(2025, 4, 5)),
        ("started", at(2025, 6, 1)),
    )
    zone1 = units["zone1"].pk
    march = actuals(year=2025, units=[units["zone1"]], through_month=3)[zone1]
    assert (march["signed"], march["landed"], march["total_investment"]) == (1, 0, 0)
    april = actuals(year=2025, units=[zone1], through_month=4)[zone1]
    assert april["landed"] == 1 and april["started"] == 0
    assert april["total_investment"] == D("20000.00")
    assert april["funds_in_place"] == D("5000.00")
    assert april["foreign_funds_usd"] == D("300.00")
    # Industry 31 is manufacturing (二产); the project has a strategic field; 2 亿 is not major.
    assert (april["secondary"], april["strategic"], april["major"]) == (1, 1, 0)
    june = actuals(year=2025, units=[zone1], through_month=6)[zone1]
    assert june["started"] == 1 and june["producing"] == 0


def test_a_project_that_reached_a_later_stage_directly_counts_as_landed(make_project, units):
    project = make_project()
    reach(project, ("signed", at(2025, 1, 20)), ("approving", at(2025, 2, 1)))
    reach(project, ("started", at(2025, 5, 3)))
    figures = actuals(year=2025, units=[units["zone1"]], through_month=5)[units["zone1"].pk]
    assert figures["landed"] == 1 and figures["started"] == 1


def test_a_stage_reached_in_an_earlier_year_does_not_count_again(make_project, units):
    project = make_project()
    reach(
        project,
        ("signed", at(2024, 6, 1)),
        ("approving", at(2024, 8, 1)),
        ("landed", at(2024, 11, 1)),
        ("started", at(2025, 3, 1)),
    )
    figures = actuals(year=2025, units=[units["zone1"]], through_month=12)[units["zone1"].pk]
    assert (figures["signed"], figures["landed"], figures["started"]) == (0, 0, 1)
    assert figures["total_investment"] == 0


def test_returning_to_a_stage_after_a_pause_is_not_a_second_arrival(make_project, units):
    project = make_project()
    reach(
        project,
        ("signed", at(2025, 1, 10)),
        ("paused", at(2025, 2, 1)),
        ("signed", at(2025, 4, 1)),
    )
    figures = actuals(year=2025, units=[units["zone1"]], through_month=12)[units["zone1"].pk]
    assert figures["signed"] == 1


def test_the_landed_stage_is_the_one_the_pipeline_flags(make_project, units):
    project = make_project()
    reach(project, ("signed", at(2025, 1, 10)), ("approving", at(2025, 2, 10)))
    figures = actuals(year=2025, units=[units["zone1"]], through_month=12)[units["zone1"].pk]
    assert figures["landed"] == 0
    Stage.objects.filter(code="approving").update(landed=True)
    figures = actuals(year=2025, units=[units["zone1"]], through_month=12)[units["zone1"].pk]
    assert figures["landed"] == 1 and figures["total_investment"] == D("20000.00")


def test_credit_shares_split_counts_and_amounts(make_project, units):
    project = make_project(total_investment=D("30000"), funds_in_place=D("1000"))
    CreditShare.objects.filter(project=project).delete()
    CreditShare.objects.create(project=project, unit=units["zone1"], percent=D("60"))
    CreditShare.objects.create(project=project, unit=units["town1"], percent=D("40"))
    reach(project, ("signed", at(2025, 3, 1)), ("approving", at(2025, 3, 2)))
    reach(project, ("landed", at(2025, 3, 3)))
    figures = actuals(year=2025, units=[units["zone1"], units["town1"]], through_month=3)
    zone1, town1 = figures[units["zone1"].pk], figures[units["town1"].pk]
    assert (zone1["landed"], town1["landed"]) == (D("0.60"), D("0.40"))
    assert (zone1["total_investment"], town1["total_investment"]) == (D("18000.00"), D("12000.00"))
    assert (zone1["funds_in_place"], town1["funds_in_place"]) == (D("600.00"), D("400.00"))
    # Asked for town1 alone, its share is found through the project's shares.
    alone = actuals(year=2025, units=[units["town1"]], through_month=3)
    assert alone[units["town1"].pk]["landed"] == D("0.40")


def test_a_project_without_shares_counts_wholly_for_its_unit(make_project, units):
    project = make_project()
    CreditShare.objects.filter(project=project).delete()
    reach(project, ("signed", at(2025, 7, 1)))
    figures = actuals(year=2025, units=[units["zone1"]], through_month=7)
    assert figures[units["zone1"].pk]["signed"] == 1


def test_the_period_follows_the_county_time_zone(make_project, units):
    project = make_project()
    # 00:30 on 1 January in 沧澜 is still 31 December in UTC.
    reach(project, ("signed", at(2025, 1, 1, hour=0) + datetime.timedelta(minutes=30)))
    zone1 = units["zone1"].pk
    assert actuals(year=2025, units=[zone1], through_month=1)[zone1]["signed"] == 1
    assert actuals(year=2024, units=[zone1], through_month=12)[zone1]["signed"] == 0


def test_major_projects_and_other_units_projects(make_project, units, cast):
    big = make_project(total_investment=D("60000"))
    reach(
        big,
        ("signed", at(2025, 1, 5)),
        ("approving", at(2025, 1, 6)),
        ("landed", at(2025, 1, 7)),
    )
    other = make_project(actor=cast["unit_b_staff"], unit=units["town1"])
    reach(other, ("signed", at(2025, 1, 5)))
    figures = actuals(year=2025, units=[units["zone1"]], through_month=1)
    assert set(figures) == {units["zone1"].pk}
    assert figures[units["zone1"].pk]["major"] == 1
    assert figures[units["zone1"].pk]["signed"] == 1


def test_every_unit_and_metric_has_a_figure_even_without_projects(units):
    figures = actuals(year=2025, units=[units["town5"]], through_month=6)
    assert len(figures[units["town5"].pk]) == 10
    assert set(figures[units["town5"].pk].values()) == {D("0.00")}
    assert actuals(year=2025, units=[], through_month=6) == {}


def test_query_count_is_constant(make_project, units, cast):
    codes = ["zone1", "zone2", "town1", "town2"]
    with CaptureQueriesContext(connection) as few:
        actuals(year=2025, units=[units[c] for c in codes], through_month=12)
    for code in codes:
        staff = cast["unit_b_staff"] if code == "town1" else cast["bureau_admin"]
        for _n in range(2):
            project = make_project(actor=staff, unit=units[code])
            reach(project, ("signed", at(2025, 2, 1)), ("approving", at(2025, 2, 2)))
            reach(project, ("landed", at(2025, 2, 3)))
    with CaptureQueriesContext(connection) as many:
        figures = actuals(year=2025, units=[units[c] for c in codes], through_month=12)
    assert len(many) == len(few) == 3
    assert all(figures[units[c].pk]["landed"] == 2 for c in codes)
