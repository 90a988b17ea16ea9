"""The demo tours: ended quarters closed with varied methods, the current quarter open with the
assessor still to mark, the same marks on every run, and nothing added twice."""

import datetime as dt

import pytest

from zhaoshang.assessment.choices import TourMethod, TourStatus
from zhaoshang.assessment.demo_tours import load_demo_tours
from zhaoshang.assessment.models import AssessmentYear, GroupMember, Tour, TourMark, UnitGroup
from zhaoshang.assessment.tour_results import year_tour_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def year2026(db, units):
    year = AssessmentYear.objects.create(year=2026, name="2026年度招商引资考核")
    group = UnitGroup.objects.create(year=year, code="towns", name="乡镇组", position=1)
    for code in ("town1", "town2", "town3", "zone1"):
        GroupMember.objects.create(year=year, group=group, unit=units[code])
    return year


def _marks(year):
    return sorted(
        TourMark.objects.filter(entry__tour__year=year).values_list(
            "entry__tour__quarter", "entry__unit__code", "judge__user__username", "score", "place"
        ),
        key=str,
    )


def test_a_past_year_gets_four_closed_tours_with_varied_methods(year2025):
    assert load_demo_tours(year=year2025, today=dt.date(2026, 1, 15)) == 4
    tours = list(Tour.objects.filter(year=year2025).order_by("quarter"))
    assert [t.status for t in tours] == [TourStatus.CLOSED] * 4
    assert [t.method for t in tours] == [
        TourMethod.WEIGHTED_AVERAGE,
        TourMethod.TRIMMED_MEAN,
        TourMethod.PLACE_VOTES,
        TourMethod.WEIGHTED_AVERAGE,
    ]
    assert all(t.closed_at.date() > t.held_on for t in tours)
    assert {m.marked_at.date() for m in TourMark.objects.filter(entry__tour=tours[0])} == {
        tours[0].held_on
    }
    results = year_tour_results(year=2025, through_month=12)
    assert results and all(set(q) <= {1, 2, 3, 4} for q in results.values())
    assert load_demo_tours(year=year2025, today=dt.date(2026, 1, 15)) == 0


def test_the_current_quarter_is_open_and_left_for_the_assessor(year2026):
    assert load_demo_tours(year=year2026, today=dt.date(2026, 11, 26)) == 4
    tours = {t.quarter: t for t in Tour.objects.filter(year=year2026)}
    assert [tours[q].status for q in (1, 2, 3)] == [TourStatus.CLOSED] * 3
    current = tours[4]
    assert current.status == TourStatus.SCORING
    assert current.judges.filter(user__username="assessor1").exists()
    assert not TourMark.objects.filter(entry__tour=current, judge__user__username="assessor1")
    assert TourMark.objects.filter(entry__tour=current).exists()


def test_a_future_quarter_gets_no_tour(year2026):
    assert load_demo_tours(year=year2026, today=dt.date(2026, 5, 10)) == 2
    assert set(Tour.objects.filter(year=year2026).values_list("quarter", "status")) == {
        (1, TourStatus.CLOSED),
        (2, TourStatus.SCORING),
    }


def test_demo_marks_are_the_same_on_every_run(year2025):
    load_demo_tours(year=year2025, today=dt.date(2026, 1, 15))
    first = _marks(year2025)
    Tour.objects.filter(year=year2025).delete()
    load_demo_tours(year=year2025, today=dt.date(2026, 1, 15))
    assert _marks(year2025) == first
