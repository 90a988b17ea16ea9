"""Trips, visits and leads: scoping (404 / 403), follow-up by deadline with a notification, and
conversion to a project that keeps the lead's history."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.targeting.conftest import queries
from zhaoshang.core.models import AuditEvent, Notification
from zhaoshang.projects.models import Project
from zhaoshang.targeting import services_work
from zhaoshang.targeting.models import Lead, ProjectLink, Trip, Visit

pytestmark = pytest.mark.django_db


def test_a_trip_with_three_visits_on_its_page(client_for, cast, trip, make_investor):
    client = client_for(cast["unit_a_staff"])
    for n in range(3):
        investor = make_investor()
        response = client.post(
            f"/targeting/trips/{trip.public_id}/visits/",
            {"investor": investor.pk, "date": f"2026-03-0{2 + n % 3}", "summary": "介绍投资环境"},
        )
        assert response.status_code == 302
    body = client.get(f"/targeting/trips/{trip.public_id}/").content.decode()
    section = body.split('id="trip-visits"')[1].split("</ul>")[0]
    assert section.count('href="/targeting/visits/') == 3
    assert trip.visits.filter(kind="outbound").count() == 3


def test_a_visit_on_a_trip_may_name_a_new_investor(client_for, cast, trip):
    response = client_for(cast["unit_a_staff"]).post(
        f"/targeting/trips/{trip.public_id}/visits/",
        {"new_investor": "北京新起点机器人有限公司", "date": "2026-03-03", "summary": "初次拜访"},
    )
    assert response.status_code == 302
    visit = trip.visits.get()
    assert visit.investor.enterprise.name == "北京新起点机器人有限公司"
    assert visit.investor.unit == trip.unit and visit.investor.enterprise.region == trip.region


def test_a_visit_outside_the_trip_dates_is_refused_in_chinese(client_for, cast, trip, investor):
    response = client_for(cast["unit_a_staff"]).post(
        f"/targeting/trips/{trip.public_id}/visits/",
        {"investor": investor.pk, "date": "2026-05-01", "summary": "介绍投资环境"},
    )
    assert response.status_code == 200
    assert "拜访日期不在本次外出招商的日期范围内" in response.content.decode()
    assert not Visit.objects.exists()


def test_trip_end_before_start_is_refused(cast, units, ref):
    with pytest.raises(ValidationError):
        services_work.trip_save(
            actor=cast["unit_a_staff"],
            unit=units["zone1"],
            title="x",
            region=ref.region("11"),
            start_date=date(2026, 3, 5),
            end_date=date(2026, 3, 1),
        )
    assert not Trip.objects.exists()


def test_unit_b_staff_gets_404_for_unit_a_trip_visit_and_lead(client_for, cast, visit, lead):
    client = client_for(cast["unit_b_staff"])
    assert client.get(f"/targeting/trips/{visit.trip.public_id}/").status_code == 404
    assert client.get(f"/targeting/visits/{visit.public_id}/").status_code == 404
    assert client.get(f"/targeting/leads/{lead.public_id}/").status_code == 404
    response = client.post(f"/targeting/trips/{visit.trip.public_id}/visits/", {})
    assert response.status_code == 404


def test_leader_reads_trips_but_may_not_add_visits_or_convert_leads(
    client_for, cast, visit, lead, audit_count
):
    client = client_for(cast["leader"])
    assert client.get(f"/targeting/trips/{visit.trip.public_id}/").status_code == 200
    before = audit_count()
    response = client.post(
        f"/targeting/trips/{visit.trip.public_id}/visits/",
        {"investor": visit.investor.pk, "date": "2026-03-03", "summary": "x"},
    )
    assert response.status_code == 403
    assert client.get(f"/targeting/leads/{lead.public_id}/convert/").status_code == 403
    assert client.get(f"/targeting/visits/{visit.public_id}/lead/").status_code == 403
    assert audit_count() == before and Visit.objects.count() == 1


def test_cadre_sees_no_targeting_pages(client_for, cast, lead):
    client = client_for(cast["cadre"])
    assert client.get("/targeting/").status_code == 403
    assert client.get("/targeting/leads/").status_code == 403
    assert client.get(f"/targeting/leads/{lead.public_id}/").status_code == 404


def test_a_reported_lead_notifies_the_unit_with_its_deadline(
    cast, units, ref, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lead = services_work.lead_report(
            actor=cast["cadre"],
            unit=units["zone1"],
            name="冷链项目",
            investor_name="某某公司",
            origin_region=ref.region("12"),
            industry=ref.division("59"),
            total_investment=Decimal("5000"),
        )
    assert lead.deadline == timezone.localdate() + timedelta(days=30)
    told = Notification.objects.filter(link=f"/targeting/leads/{lead.public_id}/")
    assert set(told.values_list("recipient__username", flat=True)) >= {"zone1_head", "zone1_staff"}


def test_a_lead_deadline_in_the_past_is_refused(cast, units, ref):
    with pytest.raises(ValidationError):
        services_work.lead_report(
            actor=cast["cadre"],
            unit=units["zone1"],
            name="x",
            investor_name="y",
            origin_region=ref.region("12"),
            industry=ref.division("59"),
            total_investment=Decimal("1"),
            deadline=timezone.localdate() - timedelta(days=1),
        )
    assert not Lead.objects.exists()


def test_a_visit_becomes_a_lead_and_then_a_project_with_its_history(client_for, cast, visit, chain):
    client = client_for(cast["unit_a_staff"])
    link = chain.links.get(code="assembly")
    response = client.post(
        f"/targeting/visits/{visit.public_id}/lead/",
        {
            "name": "精工装备扩产项目",
            "origin_region": visit.investor.enterprise.region.pk,
            "industry": visit.investor.enterprise.industry.pk,
            "link": link.pk,
            "total_investment": "30000",
            "deadline": (timezone.localdate() + timedelta(days=20)).isoformat(),
        },
    )
    assert response.status_code == 302
    lead = Lead.objects.get(name="精工装备扩产项目")
    assert lead.visit == visit and lead.investor == visit.investor
    response = client.post(
        f"/targeting/leads/{lead.public_id}/convert/",
        {
            "name": lead.name,
            "investor_name": lead.investor_name,
            "origin_region": lead.origin_region.pk,
            "industry": lead.industry.pk,
            "total_investment": "30000",
        },
    )
    project = Project.objects.get(name="精工装备扩产项目")
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.code}/"
    lead.refresh_from_db()
    assert lead.status == "converted" and lead.project == project
    assert project.enterprise == visit.investor.enterprise and project.unit == visit.unit
    assert project.is_lead and ProjectLink.objects.get(project=project).link == link
    page = client.get(f"/projects/{project.code}/").content.decode()
    assert 'id="targeting-panel"' in page and lead.name in page
    assert f"/targeting/visits/{visit.public_id}/" in page
    assert f"/targeting/investors/{visit.investor.public_id}/" in page
    assert AuditEvent.objects.filter(object_id=str(lead.public_id), action="update").exists()
    # A converted lead is closed: it cannot become a second project.
    with pytest.raises(ValidationError):
        services_work.lead_convert(actor=cast["unit_a_staff"], lead=lead)


def test_unit_staff_may_not_convert_another_units_lead(cast, units, ref):
    lead = services_work.lead_report(
        actor=cast["cadre"],
        unit=units["town1"],
        name="x",
        investor_name="y",
        origin_region=ref.region("12"),
        industry=ref.division("59"),
        total_investment=Decimal("1"),
    )
    with pytest.raises(PermissionDenied):
        services_work.lead_convert(actor=cast["unit_a_staff"], lead=lead)
    lead.refresh_from_db()
    assert lead.status == "new" and not Project.objects.exists()


def test_dropping_a_lead_needs_a_reason(client_for, cast, lead):
    client = client_for(cast["unit_a_staff"])
    client.post(f"/targeting/leads/{lead.public_id}/drop/", {"reason": ""})
    lead.refresh_from_db()
    assert lead.status == "new"
    client.post(f"/targeting/leads/{lead.public_id}/drop/", {"reason": "对方取消投资计划"})
    lead.refresh_from_db()
    assert lead.status == "dropped" and lead.drop_reason == "对方取消投资计划"


def test_lead_and_trip_lists_query_count_does_not_grow(client_for, cast, units, ref, trip, lead):
    client = client_for(cast["bureau_admin"])
    few = (queries(client, "/targeting/leads/"), queries(client, "/targeting/trips/"))
    for n in range(5):
        services_work.lead_report(
            actor=cast["cadre"],
            unit=units["zone1"],
            name=f"项目{n}",
            investor_name="y",
            origin_region=ref.region("12"),
            industry=ref.division("59"),
            total_investment=Decimal("1"),
        )
        services_work.trip_save(
            actor=cast["unit_a_staff"],
            unit=units["zone1"],
            title=f"行程{n}",
            region=ref.region("31"),
            start_date=date(2026, 4, 1),
            end_date=date(2026, 4, 2),
        )
    assert (queries(client, "/targeting/leads/"), queries(client, "/targeting/trips/")) == few


def test_visit_list_query_count_does_not_grow(client_for, cast, units, make_investor, visit):
    client = client_for(cast["unit_a_head"])
    few = queries(client, "/targeting/visits/")
    for _n in range(5):
        services_work.visit_save(
            actor=cast["unit_a_staff"],
            unit=units["zone1"],
            kind="negotiation",
            investor=make_investor(),
            date=date(2026, 5, 1),
            summary="洽谈",
        )
    assert queries(client, "/targeting/visits/") == few
