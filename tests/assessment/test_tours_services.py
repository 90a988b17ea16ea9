"""Tour services: the set-up rules, who may put entries forward, the one-way status, and
judges' marks (idempotent, audited, range-checked, places once each, frozen when closed)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.assessment.test_tours_results import CRITERIA, build_tour, judge_users, mark
from zhaoshang.assessment import services_tours as services
from zhaoshang.assessment.choices import TourMethod, TourMode, TourStatus
from zhaoshang.assessment.models import Tour, TourEntry, TourMark
from zhaoshang.core.models import AuditEvent

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def open_tour(cast, year2025, units):
    leader, _leader2, assessor, admin = judge_users()
    tour, entries, _seats = build_tour(
        cast["bureau_admin"],
        year2025,
        units=[units["zone1"], units["town1"]],
        judges=[leader, assessor],
    )
    return tour, entries


def _state():
    return (
        list(TourMark.objects.values_list("entry", "judge", "criterion", "score", "place")),
        AuditEvent.objects.count(),
    )


def test_new_tour_gets_the_usual_name(cast, year2025):
    tour = services.tour_create(actor=cast["bureau_admin"], year=year2025, quarter=2)
    assert tour.name == services.default_name(2025, 2)
    assert AuditEvent.objects.filter(object_id=str(tour.public_id), action="create").exists()


def test_one_tour_per_quarter(cast, year2025):
    services.tour_create(actor=cast["bureau_admin"], year=year2025, quarter=1)
    with pytest.raises(ValidationError):
        services.tour_create(actor=cast["bureau_admin"], year=year2025, quarter=1)


def test_only_the_bureau_sets_up_tours(cast, year2025):
    before = AuditEvent.objects.count()
    for who in ("assessor", "unit_a_head", "leader"):
        with pytest.raises(PermissionDenied):
            services.tour_create(actor=cast[who], year=year2025, quarter=1)
    assert not Tour.objects.exists() and AuditEvent.objects.count() == before


def test_criteria_weights_must_add_up_to_100(cast, year2025):
    admin = cast["bureau_admin"]
    tour = services.tour_create(actor=admin, year=year2025, quarter=1)
    wrong = [{**CRITERIA[0], "weight": D("50")}, *CRITERIA[1:]]
    with pytest.raises(ValidationError) as refused:
        services.tour_set_criteria(actor=admin, tour=tour, criteria=wrong)
    assert "110" in " ".join(refused.value.messages)
    assert not tour.criteria.exists()
    services.tour_set_criteria(actor=admin, tour=tour, criteria=CRITERIA)
    assert [c.name for c in tour.criteria.all()] == [c["name"] for c in CRITERIA]


def test_a_vote_tour_needs_no_criteria(cast, year2025, units):
    leader, *_rest = judge_users()
    tour, _entries, _seats = build_tour(
        cast["bureau_admin"],
        year2025,
        method=TourMethod.PLACE_VOTES,
        units=[units["zone1"]],
        judges=[leader],
        criteria=[],
    )
    assert tour.status == TourStatus.SCORING


def test_scoring_does_not_open_without_judges_or_entries(cast, year2025):
    admin = cast["bureau_admin"]
    tour = services.tour_create(actor=admin, year=year2025, quarter=1)
    services.tour_set_criteria(actor=admin, tour=tour, criteria=CRITERIA)
    with pytest.raises(ValidationError):
        services.tour_open(actor=admin, tour=tour)
    tour.refresh_from_db()
    assert tour.status == TourStatus.DRAFT


def test_judges_must_hold_the_right_to_score(cast, year2025):
    admin = cast["bureau_admin"]
    tour = services.tour_create(actor=admin, year=year2025, quarter=1)
    with pytest.raises(ValidationError):
        services.tour_judge_save(actor=admin, tour=tour, user=cast["unit_a_staff"])
    assert not tour.judges.exists()


def test_units_put_forward_their_own_projects_while_in_preparation(
    cast, year2025, units, make_project
):
    admin, staff = cast["bureau_admin"], cast["unit_a_staff"]
    tour = services.tour_create(actor=admin, year=year2025, quarter=1, mode=TourMode.PER_PROJECT)
    own = make_project(actor=staff, unit=units["zone1"])
    other = make_project(actor=cast["unit_b_staff"], unit=units["town1"])
    entry = services.tour_entry_add(actor=staff, tour=tour, project=own)
    assert entry.unit == units["zone1"] and entry.nominated_by == staff
    before = (TourEntry.objects.count(), AuditEvent.objects.count())
    with pytest.raises(PermissionDenied):
        services.tour_entry_add(actor=staff, tour=tour, project=other)
    assert (TourEntry.objects.count(), AuditEvent.objects.count()) == before
    with pytest.raises(PermissionDenied):
        services.tour_entry_remove(actor=cast["unit_b_staff"], entry=entry)
    services.tour_entry_add(actor=admin, tour=tour, project=other)
    services.tour_set_criteria(actor=admin, tour=tour, criteria=CRITERIA)
    services.tour_judge_save(actor=admin, tour=tour, user=cast["assessor"])
    services.tour_open(actor=admin, tour=tour)
    with pytest.raises(ValidationError):
        services.tour_entry_remove(actor=staff, entry=entry)
    assert TourEntry.objects.filter(pk=entry.pk).exists()


def test_entries_are_units_assessed_that_year_in_the_tours_form(
    cast, year2025, units, make_project
):
    admin = cast["bureau_admin"]
    tour = services.tour_create(actor=admin, year=year2025, quarter=1, mode=TourMode.PER_UNIT)
    with pytest.raises(ValidationError):  # town5 is in no group of 2025
        services.tour_entry_add(actor=admin, tour=tour, unit=units["town5"])
    with pytest.raises(ValidationError):
        services.tour_entry_add(actor=admin, tour=tour, project=make_project())
    services.tour_entry_add(actor=admin, tour=tour, unit=units["zone1"])
    with pytest.raises(ValidationError):
        services.tour_entry_add(actor=admin, tour=tour, unit=units["zone1"])
    assert tour.entries.count() == 1


def test_set_up_is_fixed_once_scoring_opens(cast, open_tour):
    tour, _entries = open_tour
    admin = cast["bureau_admin"]
    with pytest.raises(ValidationError):
        services.tour_set_criteria(actor=admin, tour=tour, criteria=CRITERIA[:1])
    with pytest.raises(ValidationError):
        services.tour_update(actor=admin, tour=tour, method=TourMethod.TRIMMED_MEAN)
    services.tour_update(actor=admin, tour=tour, name="一季度观摩（改期）")
    tour.refresh_from_db()
    assert tour.name == "一季度观摩（改期）" and tour.method == TourMethod.WEIGHTED_AVERAGE


def test_a_judge_saves_marks_once_and_again_changes_nothing(cast, open_tour):
    tour, (entry, _other) = open_tour
    judge = cast["leader"]
    assert mark(judge, entry, 90, 8, 27) is True
    audit_rows = AuditEvent.objects.count()
    assert mark(judge, entry, 90, 8, 27) is False
    assert AuditEvent.objects.count() == audit_rows
    event = AuditEvent.objects.filter(object_id=str(entry.public_id)).latest("pk")
    assert event.after == {"项目建设进度": "90.00", "投资强度": "8.00", "现场组织": "27.00"}
    assert mark(judge, entry, 91, 8, 27) is True
    event = AuditEvent.objects.filter(object_id=str(entry.public_id)).latest("pk")
    assert event.before["项目建设进度"] == "90.00" and event.after["项目建设进度"] == "91.00"
    assert TourMark.objects.filter(entry=entry).count() == 3


def test_a_non_judge_cannot_mark(cast, open_tour):
    _tour, (entry, _other) = open_tour
    before = _state()
    for who in ("bureau_admin", "unit_a_staff"):
        with pytest.raises(PermissionDenied):
            mark(cast[who], entry, 90, 8, 27)
    assert _state() == before


def test_marks_outside_zero_to_maximum_are_refused(cast, open_tour):
    _tour, (entry, _other) = open_tour
    before = _state()
    criteria = list(entry.tour.criteria.all())
    for values in ((101, 8, 27), (90, -1, 27), (90, 8, "abc"), (90, 8, None), (90, 8, "1.234")):
        with pytest.raises(ValidationError) as refused:
            mark(cast["leader"], entry, *values)
        assert len(refused.value.message_dict) == 1
    with pytest.raises(ValidationError) as refused:
        mark(cast["leader"], entry, 90, 11, 27)
    assert f"criterion_{criteria[1].pk}" in refused.value.message_dict
    assert "10" in refused.value.message_dict[f"criterion_{criteria[1].pk}"][0]
    assert _state() == before


def test_each_place_once_per_judge(cast, year2025, units):
    leader, *_rest = judge_users()
    _tour, (first, second, third), _seats = build_tour(
        cast["bureau_admin"],
        year2025,
        method=TourMethod.PLACE_VOTES,
        units=[units["zone1"], units["zone2"], units["town1"]],
        judges=[leader],
        criteria=[],
    )
    services.tour_mark_save(actor=leader, entry=first, place=1)
    before = _state()
    with pytest.raises(ValidationError) as refused:
        services.tour_mark_save(actor=leader, entry=second, place=1)
    assert str(first) in refused.value.message_dict["place"][0]
    with pytest.raises(ValidationError):
        services.tour_mark_save(actor=leader, entry=second, place=4)
    assert _state() == before
    # Moving the first entry away frees its place.
    services.tour_mark_save(actor=leader, entry=first, place=3)
    services.tour_mark_save(actor=leader, entry=second, place=1)
    assert dict(TourMark.objects.values_list("entry", "place")) == {first.pk: 3, second.pk: 1}


def test_closing_freezes_marks_and_cannot_be_undone(cast, open_tour):
    tour, (entry, _other) = open_tour
    admin = cast["bureau_admin"]
    mark(cast["leader"], entry, 90, 8, 27)
    services.tour_close(actor=admin, tour=tour)
    before = _state()
    with pytest.raises(ValidationError):
        mark(cast["leader"], entry, 50, 5, 15)
    for step in (services.tour_open, services.tour_close):
        with pytest.raises(ValidationError):
            step(actor=admin, tour=tour)
    with pytest.raises(ValidationError):
        services.tour_judge_save(actor=admin, tour=tour, user=cast["assessor"], weight=D(3))
    assert _state() == before
    tour.refresh_from_db()
    assert tour.status == TourStatus.CLOSED and tour.closed_at is not None


def test_marking_waits_for_scoring_to_open(cast, year2025, units):
    admin = cast["bureau_admin"]
    tour = services.tour_create(actor=admin, year=year2025, quarter=1, mode=TourMode.PER_UNIT)
    services.tour_set_criteria(actor=admin, tour=tour, criteria=CRITERIA)
    services.tour_judge_save(actor=admin, tour=tour, user=cast["leader"])
    entry = services.tour_entry_add(actor=admin, tour=tour, unit=units["zone1"])
    with pytest.raises(ValidationError):
        mark(cast["leader"], entry, 90, 8, 27)
    assert not TourMark.objects.exists()


def test_a_judge_who_has_marked_stays(cast, open_tour):
    tour, (entry, _other) = open_tour
    mark(cast["leader"], entry, 90, 8, 27)
    seat = tour.judges.get(user=cast["leader"])
    with pytest.raises(ValidationError):
        services.tour_judge_remove(actor=cast["bureau_admin"], judge=seat)
    other = tour.judges.get(user=cast["assessor"])
    services.tour_judge_remove(actor=cast["bureau_admin"], judge=other)
    assert list(tour.judges.values_list("user__username", flat=True)) == ["county_leader"]
