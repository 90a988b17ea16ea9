"""Comprehensive review (MEC-1): submission, opinions, the decision by rule or by the chair,
and the procedure list a passed review draws up."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.core.models import Notification
from zhaoshang.mechanisms import services_config, services_review
from zhaoshang.mechanisms.choices import ReviewStatus, Verdict
from zhaoshang.mechanisms.models import Opinion, ProjectProcedure, Review

pytestmark = pytest.mark.django_db


def test_submission_needs_a_leading_group(make_project, cast):
    project = make_project()
    with pytest.raises(ValidationError) as excinfo:
        services_review.review_submit(actor=cast["bureau_admin"], project=project, summary="材料")
    assert "leading group" in " ".join(excinfo.value.messages) or "领导小组" in " ".join(
        excinfo.value.messages
    )
    assert not Review.objects.exists()


def test_each_member_department_owes_an_opinion_within_the_time_limit(
    make_project, cast, group, officers
):
    project = make_project()
    review = services_review.review_submit(
        actor=cast["bureau_admin"], project=project, summary="材料", on=dt.date(2026, 2, 13)
    )
    # Five working days after Friday 13 Feb 2026: Sat 14 (make-up), then 24–27 Feb.
    assert review.due_date == dt.date(2026, 2, 27)
    codes = list(review.opinions.values_list("department__code", flat=True))
    assert codes == ["fgw", "sthj", "zrzy"]
    assert Notification.objects.filter(recipient=officers["sthj"]).exists()


def test_only_staff_of_the_bureau_submit(make_project, cast, group, audit_count):
    project = make_project()
    before = audit_count()
    with pytest.raises(PermissionDenied):
        services_review.review_submit(actor=cast["unit_a_staff"], project=project, summary="x")
    assert not Review.objects.exists() and audit_count() == before


def test_a_disagreement_blocks_and_conditions_are_kept(make_project, cast, group, officers):
    project = make_project()
    review = services_review.review_submit(
        actor=cast["bureau_admin"], project=project, summary="材料"
    )
    opinions = {o.department.code: o for o in review.opinions.select_related("department")}
    with pytest.raises(ValidationError) as excinfo:
        services_review.opinion_give(
            actor=officers["sthj"], opinion=opinions["sthj"], verdict=Verdict.CONDITIONAL
        )
    assert "text" in excinfo.value.message_dict
    services_review.opinion_give(
        actor=officers["sthj"],
        opinion=opinions["sthj"],
        verdict=Verdict.CONDITIONAL,
        text="落实三同时",
    )
    services_review.opinion_give(
        actor=officers["fgw"], opinion=opinions["fgw"], verdict=Verdict.AGREE
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN
    services_review.opinion_give(
        actor=officers["zrzy"],
        opinion=opinions["zrzy"],
        verdict=Verdict.DISAGREE,
        text="选址与生态红线冲突",
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.REJECTED
    assert not ProjectProcedure.objects.filter(project=project).exists()
    # A new round may follow a rejection.
    services_review.review_submit(actor=cast["bureau_admin"], project=project, summary="修改后")


def test_an_officer_gives_only_their_own_departments_opinion(
    make_project, cast, group, officers, audit_count
):
    review = services_review.review_submit(
        actor=cast["bureau_admin"], project=make_project(), summary="材料"
    )
    zrzy = review.opinions.get(department__code="zrzy")
    before = audit_count()
    with pytest.raises(PermissionDenied):
        services_review.opinion_give(actor=officers["fgw"], opinion=zrzy, verdict=Verdict.AGREE)
    zrzy.refresh_from_db()
    assert zrzy.verdict == Verdict.PENDING and audit_count() == before


def test_a_passed_review_draws_up_the_procedures_the_project_needs(
    make_project, cast, group, catalogue, pass_review, ref
):
    industrial = make_project()  # division 31: secondary industry
    services = make_project(industry=ref.division("72"))  # tertiary
    assert pass_review(industrial).status == ReviewStatus.PASSED
    pass_review(services)
    assert list(
        ProjectProcedure.objects.filter(project=industrial).values_list("type__code", flat=True)
    ) == ["lxba", "hp", "np", "xf"]
    assert list(
        ProjectProcedure.objects.filter(project=services).values_list("type__code", flat=True)
    ) == ["lxba", "hp", "xf"]
    optional = ProjectProcedure.objects.get(project=industrial, type__code="xf")
    assert not optional.mandatory and optional.department.code == "zjj"


def test_the_chair_decides_once_all_opinions_are_in(make_project, cast, units, officers):
    services_config.settings_update(
        actor=cast["bureau_admin"],
        departments=[units["fgw"]],
        opinion_days=3,
        decision_rule="chair",
    )
    review = services_review.review_submit(
        actor=cast["bureau_admin"], project=make_project(), summary="材料"
    )
    with pytest.raises(ValidationError) as excinfo:
        services_review.review_decide(actor=cast["bureau_admin"], review=review, passed=True)
    assert "沧澜县发展和改革局" in " ".join(excinfo.value.messages)
    services_review.opinion_give(
        actor=officers["fgw"],
        opinion=review.opinions.get(),
        verdict=Verdict.DISAGREE,
        text="不符合产业政策",
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN
    services_review.review_decide(
        actor=cast["bureau_admin"], review=review, passed=True, note="主任会议研究同意"
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.PASSED and review.decided_by == cast["bureau_admin"]


def test_a_closed_review_takes_no_more_opinions(make_project, cast, group, officers):
    review = services_review.review_submit(
        actor=cast["bureau_admin"], project=make_project(), summary="材料"
    )
    services_review.review_withdraw(actor=cast["bureau_admin"], review=review, reason="投资方调整")
    with pytest.raises(ValidationError):
        services_review.opinion_give(
            actor=officers["fgw"],
            opinion=Opinion.objects.get(review=review, department__code="fgw"),
            verdict=Verdict.AGREE,
        )
