"""Tour results (ASM-3), checked by hand: weighted average, trimmed mean, votes for places,
units' means, rounding at the end only, and the year's results for the scoring engine."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhaoshang.assessment import services_tours as services
from zhaoshang.assessment.choices import TourMethod, TourMode
from zhaoshang.assessment.tour_results import (
    competition_places,
    round_half_up,
    shown,
    tour_result,
    year_tour_results,
)
from zhaoshang.orgs.models import User

pytestmark = pytest.mark.django_db

D = Decimal
CRITERIA = [
    {"name": "项目建设进度", "weight": D("40"), "max_score": D("100")},
    {"name": "投资强度", "weight": D("30"), "max_score": D("10")},
    {"name": "现场组织", "weight": D("30"), "max_score": D("30")},
]
JUDGES = ["county_leader", "county_leader2", "assessor1", "bureau_admin"]


def judge_users(names=JUDGES):
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    return [users[n] for n in names]


def build_tour(
    admin,
    year,
    *,
    quarter=1,
    method=TourMethod.WEIGHTED_AVERAGE,
    mode=TourMode.PER_UNIT,
    units=(),
    projects=(),
    judges=(),
    weights=None,
    criteria=CRITERIA,
    **fields,
):
    """A tour through the services, open for scoring: returns (tour, entries, seats)."""
    tour = services.tour_create(
        actor=admin, year=year, quarter=quarter, method=method, mode=mode, **fields
    )
    if method != TourMethod.PLACE_VOTES or criteria is not CRITERIA:
        services.tour_set_criteria(actor=admin, tour=tour, criteria=criteria)
    seats = [
        services.tour_judge_save(
            actor=admin, tour=tour, user=user, weight=(weights or {}).get(user.username, D(1))
        )
        for user in judges
    ]
    entries = [services.tour_entry_add(actor=admin, tour=tour, unit=u) for u in units]
    entries += [services.tour_entry_add(actor=admin, tour=tour, project=p) for p in projects]
    services.tour_open(actor=admin, tour=tour)
    tour.refresh_from_db()
    return tour, entries, seats


def mark(user, entry, *values):
    criteria = list(entry.tour.criteria.all())
    return services.tour_mark_save(
        actor=user,
        entry=entry,
        scores={c.pk: None if v is None else str(v) for c, v in zip(criteria, values)},
    )


def test_round_half_up_is_exact_on_fractions():
    assert round_half_up(Fraction(348_5, 40)) == D("87.13")  # 87.125
    assert round_half_up(Fraction(1, 200)) == D("0.01")
    assert round_half_up(Fraction(-1, 200)) == D("-0.01")
    assert round_half_up(Fraction(2, 3)) == D("0.67")
    assert shown(Fraction(80, 3)) == "26.6667"
    assert shown(D("90.50")) == "90.5"
    assert shown(D("100")) == "100"


def test_competition_places_share_a_place_and_skip_the_next():
    assert competition_places({"a": 1, "b": Fraction(5, 2), "c": Fraction(5, 2), "d": 4}) == {
        "a": 1,
        "b": 2,
        "c": 2,
        "d": 4,
    }


def test_weighted_average_of_judges_marks(cast, year2025, units):
    leader, leader2, assessor, admin = judge_users()
    tour, (entry,), _seats = build_tour(
        cast["bureau_admin"],
        year2025,
        units=[units["zone1"]],
        judges=[leader, assessor, admin],
        weights={"county_leader": D(2)},
    )
    mark(leader, entry, 90, 8, 27)  # 36 + 24 + 27 = 87
    mark(assessor, entry, 80, "7.5", 20)  # 32 + 22.5 + 20 = 74.5
    mark(admin, entry, 100, 10, 30)  # 100
    result = tour_result(tour)
    (line,) = result.entries
    assert [j.total for j in line.judges] == [87, Fraction(149, 2), 100]
    # (2 × 87 + 1 × 74.5 + 1 × 100) / 4 = 87.125 → 87.13
    assert line.value == D("87.13")
    assert line.formula == "(2 × 87 + 1 × 74.5 + 1 × 100) / (2 + 1 + 1) = 87.13"
    assert line.judges[0].formula == (
        "90 / 100 × 40 + 8 / 10 × 30 + 27 / 30 × 30 = 36 + 24 + 27 = 87"
    )
    assert result.for_unit(units["zone1"].pk).value == D("87.13")


def test_weighted_average_counts_only_the_judges_who_marked(cast, year2025, units):
    leader, _leader2, assessor, admin = judge_users()
    tour, (entry,), _seats = build_tour(
        cast["bureau_admin"],
        year2025,
        units=[units["zone1"]],
        judges=[leader, assessor, admin],
        weights={"county_leader": D(3)},
    )
    mark(assessor, entry, 80, 8, 20)  # 32 + 24 + 20 = 76
    mark(admin, entry, 60, 6, 15)  # 24 + 18 + 15 = 57
    (line,) = tour_result(tour).entries
    assert line.value == D("66.50")
    assert line.formula.endswith("/ (1 + 1) = 66.50")


def test_trimmed_mean_drops_one_highest_and_one_lowest(cast, year2025, units):
    users = judge_users()
    tour, (entry,), _seats = build_tour(
        cast["bureau_admin"],
        year2025,
        method=TourMethod.TRIMMED_MEAN,
        units=[units["zone1"]],
        judges=users,
        weights={"county_leader": D(5)},
    )
    for user, marks in zip(users, [(90, 8, 27), (80, "7.5", 20), (100, 10, 30), (90, 9, 27)]):
        mark(user, entry, *marks)  # 87, 74.5, 100, 90
    (line,) = tour_result(tour).entries
    # Judges' weights do not count: (87 + 90) / 2
    assert line.value == D("88.50")
    assert [j.dropped for j in line.judges] == ["", "lowest", "highest", ""]
    assert line.formula.startswith("(87 + 90) / 2 = 88.50")


def test_trimmed_mean_with_two_judges_averages_both(cast, year2025, units):
    leader, _leader2, assessor, _admin = judge_users()
    tour, (entry,), _seats = build_tour(
        cast["bureau_admin"],
        year2025,
        method=TourMethod.TRIMMED_MEAN,
        units=[units["zone1"]],
        judges=[leader, assessor],
    )
    mark(leader, entry, 90, 8, 27)
    mark(assessor, entry, 80, "7.5", 20)
    (line,) = tour_result(tour).entries
    assert line.value == D("80.75")
    assert not any(j.dropped for j in line.judges)


def test_marks_with_recurring_decimals_are_rounded_only_at_the_end(cast, year2025, units):
    leader, _leader2, assessor, admin = judge_users()
    thirds = [
        {"name": "进度", "weight": D("40"), "max_score": D("30")},
        {"name": "强度", "weight": D("60"), "max_score": D("70")},
    ]
    tour, (entry,), _seats = build_tour(
        cast["bureau_admin"],
        year2025,
        units=[units["zone1"]],
        judges=[leader, assessor, admin],
        criteria=thirds,
    )
    for user, marks in ((leader, (20, 50)), (assessor, (21, 51)), (admin, (22, 52))):
        mark(user, entry, *marks)
    (line,) = tour_result(tour).entries
    exact = (
        sum(Fraction(a, 30) * 40 + Fraction(b, 70) * 60 for a, b in ((20, 50), (21, 51), (22, 52)))
        / 3
    )
    assert line.exact == exact
    assert line.value == round_half_up(exact) == D("71.71")  # 502 / 7
    assert line.judges[0].total_shown == "69.5238"


def test_votes_rank_by_mean_place_with_shared_places(cast, year2025, units):
    leader, _leader2, assessor, admin = judge_users()
    codes = ["zone1", "zone2", "town1", "town2"]
    tour, entries, _seats = build_tour(
        cast["bureau_admin"],
        year2025,
        method=TourMethod.PLACE_VOTES,
        units=[units[c] for c in codes],
        judges=[leader, assessor],
        criteria=[],
    )
    for user, places in ((leader, (1, 2, 3, 4)), (assessor, (1, 3, 2, 4))):
        for entry, place in zip(entries, places):
            services.tour_mark_save(actor=user, entry=entry, place=place)
    result = tour_result(tour)
    by_unit = {e.unit_id: e for e in result.entries}
    places = [by_unit[units[c].pk].place for c in codes]
    points = [by_unit[units[c].pk].value for c in codes]
    assert places == [1, 2, 2, 4]
    assert points == [D("100.00"), D("97.00"), D("97.00"), D("91.00")]
    assert by_unit[units["zone2"].pk].mean_place == Fraction(5, 2)
    assert "100 − (2 − 1) × 3 = 97.00" in by_unit[units["zone2"].pk].formula
    assert [u.unit_id for u in result.units][0] == units["zone1"].pk


def test_vote_points_never_go_below_zero(cast, year2025, units):
    leader, *_rest = judge_users()
    codes = ["zone1", "zone2", "town1", "town2"]
    tour, entries, _seats = build_tour(
        cast["bureau_admin"],
        year2025,
        method=TourMethod.PLACE_VOTES,
        units=[units[c] for c in codes],
        judges=[leader],
        criteria=[],
        place_first=D("10"),
        place_step=D("5"),
    )
    for place, entry in enumerate(entries, start=1):
        services.tour_mark_save(actor=leader, entry=entry, place=place)
    assert [e.value for e in tour_result(tour).entries] == [D("10.00"), D("5.00"), D(0), D(0)]


def test_a_units_result_is_the_mean_of_its_entries_unrounded(cast, year2025, units, make_project):
    leader, _leader2, assessor, admin = judge_users()
    first, second = make_project(), make_project()
    tour, entries, _seats = build_tour(
        cast["bureau_admin"],
        year2025,
        mode=TourMode.PER_PROJECT,
        projects=[first, second],
        judges=[leader, assessor, admin],
        weights={"county_leader": D(2)},
    )
    mark(leader, entries[0], 90, 8, 27)
    mark(assessor, entries[0], 80, "7.5", 20)
    mark(admin, entries[0], 100, 10, 30)  # 87.125
    for user in (leader, assessor, admin):
        mark(user, entries[1], "88.5", "8.85", "26.55")  # 35.4 + 26.55 + 26.55 = 88.5
    unit = tour_result(tour).for_unit(units["zone1"].pk)
    # (87.125 + 88.5) / 2 = 87.8125 → 87.81; rounding the entries first would give 87.82.
    assert unit.value == D("87.81")
    assert unit.formula == "(87.125 + 88.5) / 2 = 87.81"
    assert len(unit.entries) == 2


def test_year_results_take_closed_tours_of_ended_quarters_in_constant_queries(
    cast, year2025, units
):
    admin = cast["bureau_admin"]
    leader, _leader2, assessor, _admin = judge_users()
    codes = ["zone1", "zone2", "town1"]

    def tour_for(quarter, close=True):
        tour, entries, _seats = build_tour(
            admin,
            year2025,
            quarter=quarter,
            units=[units[c] for c in codes],
            judges=[leader, assessor],
        )
        for n, entry in enumerate(entries):
            mark(leader, entry, 90 - n * 10, 9, 27)
            mark(assessor, entry, 80 - n * 10, 8, 24)
        if close:
            services.tour_close(actor=admin, tour=tour)
        return tour

    tour_for(1)
    with CaptureQueriesContext(connection) as one:
        assert set(year_tour_results(year=2025, through_month=12)) == {units[c].pk for c in codes}
    tour_for(2)
    tour_for(3, close=False)
    with CaptureQueriesContext(connection) as two:
        results = year_tour_results(year=year2025, through_month=12)
    assert len(two.captured_queries) == len(one.captured_queries)
    # zone1: Q1 and Q2 each (36 + 27 + 27 + 32 + 24 + 24) / 2 = 85
    assert results[units["zone1"].pk] == {1: D("85.00"), 2: D("85.00")}
    assert year_tour_results(year=2025, through_month=5)[units["zone1"].pk] == {1: D("85.00")}
    assert year_tour_results(year=2025, through_month=2) == {}
    assert year_tour_results(year=2024, through_month=12) == {}
