"""The mechanisms pages: who sees what, scope (404) and rights (403), forms that go through the
services, and list pages whose query count does not grow with their rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhaoshang.mechanisms import services_problems, services_procedures
from zhaoshang.mechanisms.choices import ProcedureStatus, ProcedureStep, ReviewStatus
from zhaoshang.mechanisms.models import Opinion, Problem, ProjectProcedure, Review

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def reviewed(make_project, group, catalogue, pass_review):
    def make(n=1, **fields):
        projects = [make_project(**fields) for _ in range(n)]
        for project in projects:
            pass_review(project, on=dt.date(2026, 3, 2))
        return projects

    return make


def test_the_hub_shows_alerts_and_an_officers_work(client_for, cast, reviewed, officers):
    reviewed()
    body = client_for(officers["sthj"]).get(reverse("mechanisms:index")).content.decode()
    assert "本部门办理的审批事项" in body and "环境影响评价审批" in body
    assert client_for(cast["cadre"]).get(reverse("mechanisms:index")).status_code == 403


@pytest.mark.parametrize(
    "name",
    ["review_list", "procedure_list", "meeting_list", "task_list", "problem_list", "ranking"],
)
def test_list_pages_keep_their_query_count(client_for, cast, reviewed, name, units):
    client = client_for(cast["leader"])
    url = reverse(f"mechanisms:{name}")
    one = _queries(client, url)
    projects = reviewed(3)
    for project in projects:
        services_problems.problem_save(
            actor=cast["unit_a_staff"],
            project=project,
            category="power",
            description="临时用电不足",
            owner_unit=units["zjj"],
            deadline=dt.date(2026, 4, 1),
        )
    assert _queries(client, url) <= one + 2


def test_an_officer_sees_only_their_departments_procedures(client_for, reviewed, officers):
    reviewed(2)
    body = client_for(officers["sthj"]).get(reverse("mechanisms:procedure_list")).content.decode()
    assert body.count('class="procedure-row"') == 2
    assert 'data-department="fgw"' not in body


def test_another_units_procedure_is_not_found(client_for, cast, reviewed):
    (project,) = reviewed()
    procedure = ProjectProcedure.objects.filter(project=project).first()
    url = reverse("mechanisms:procedure_detail", args=[procedure.public_id])
    assert client_for(cast["unit_b_staff"]).get(url).status_code == 404
    assert client_for(cast["unit_a_staff"]).get(url).status_code == 200


def test_a_unit_may_see_but_not_handle_a_procedure(client_for, cast, reviewed):
    (project,) = reviewed()
    procedure = ProjectProcedure.objects.filter(project=project).first()
    url = reverse("mechanisms:procedure_detail", args=[procedure.public_id])
    client = client_for(cast["unit_a_staff"])
    assert client.post(url, {"step": "accept", "on": "2026-03-03"}).status_code == 403
    procedure.refresh_from_db()
    assert procedure.status == ProcedureStatus.WAITING


def test_an_officer_records_a_step_on_the_page(client_for, reviewed, officers):
    (project,) = reviewed()
    procedure = ProjectProcedure.objects.get(project=project, type__code="hp")
    url = reverse("mechanisms:procedure_detail", args=[procedure.public_id])
    client = client_for(officers["sthj"])
    response = client.post(url, {"step": "accept", "on": "2026-03-03"})
    assert response.status_code == 302
    response = client.post(url, {"step": "done", "on": "2026-03-05", "document_number": ""})
    assert "请填写批文文号" in response.content.decode()
    procedure.refresh_from_db()
    assert procedure.status == ProcedureStatus.ACCEPTED


def test_an_officer_gives_an_opinion_on_the_review_page(
    client_for, make_project, cast, group, officers
):
    from zhaoshang.mechanisms import services_review

    review = services_review.review_submit(
        actor=cast["bureau_admin"], project=make_project(), summary="综合审定材料"
    )
    opinion = Opinion.objects.get(review=review, department__code="zrzy")
    url = reverse("mechanisms:review_detail", args=[review.public_id])
    client = client_for(officers["zrzy"])
    body = client.get(url).content.decode()
    assert body.count("opinion-form") == 1
    prefix = f"o{opinion.pk}"
    client.post(
        reverse("mechanisms:opinion_give", args=[review.public_id, opinion.pk]),
        {f"{prefix}-verdict": "disagree", f"{prefix}-text": "不符合国土空间规划"},
    )
    opinion.refresh_from_db()
    assert opinion.verdict == "disagree"
    other = Opinion.objects.get(review=review, department__code="fgw")
    response = client.post(
        reverse("mechanisms:opinion_give", args=[review.public_id, other.pk]),
        {f"o{other.pk}-verdict": "agree"},
    )
    assert response.status_code == 403
    assert client_for(cast["unit_b_staff"]).get(url).status_code == 404


def test_the_bureau_submits_a_project_on_the_page(client_for, make_project, cast, group):
    project = make_project()
    client = client_for(cast["bureau_admin"])
    response = client.post(
        reverse("mechanisms:review_create"), {"project": project.code, "summary": "材料"}
    )
    assert response.status_code == 302
    assert Review.objects.get(project=project).status == ReviewStatus.OPEN
    staff = client_for(cast["unit_a_staff"])
    assert staff.get(reverse("mechanisms:review_create")).status_code == 403


def test_the_project_page_shows_the_mechanisms_panel(client_for, cast, reviewed):
    (project,) = reviewed()
    body = (
        client_for(cast["unit_a_staff"])
        .get(reverse("projects:detail", args=[project.code]))
        .content.decode()
    )
    assert 'id="mechanisms-panel"' in body and "环境影响评价审批" in body


def test_the_leader_filters_the_problems_of_projects_they_lead(
    client_for, cast, make_project, units
):
    led = make_project(team_leader=cast["leader"])
    other = make_project()
    for project in (led, other):
        services_problems.problem_save(
            actor=cast["unit_a_staff"],
            project=project,
            category="land",
            description=f"{project.name}征地未完成",
            owner_unit=units["zrzy"],
            deadline=dt.date(2026, 5, 1),
        )
    body = (
        client_for(cast["leader"])
        .get(reverse("mechanisms:problem_list") + "?led_by_me=1&status=open")
        .content.decode()
    )
    assert f"{led.name}征地未完成" in body and f"{other.name}征地未完成" not in body


def test_the_owner_unit_resolves_a_problem(client_for, cast, make_project, units, officers):
    problem = services_problems.problem_save(
        actor=cast["unit_a_staff"],
        project=make_project(),
        category="permits",
        description="环评批复未下达",
        owner_unit=units["sthj"],
        deadline=dt.date(2026, 5, 1),
    )
    url = reverse("mechanisms:problem_resolve", args=[problem.public_id])
    assert client_for(cast["unit_b_staff"]).post(url, {"result": "x"}).status_code == 404
    client_for(officers["sthj"]).post(url, {"result": "已批复"})
    problem.refresh_from_db()
    assert problem.status == "done" and problem.resolution == "已批复"


def test_the_ranking_exports_to_excel(client_for, cast, reviewed, officers):
    (project,) = reviewed()
    procedure = ProjectProcedure.objects.get(project=project, type__code="lxba")
    services_procedures.procedure_record(
        actor=officers["fgw"],
        procedure=procedure,
        step=ProcedureStep.ACCEPT,
        on=dt.date(2026, 3, 3),
    )
    response = client_for(cast["leader"]).get(reverse("mechanisms:ranking_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_calendar_page_shows_the_fallback_and_the_bureau_edits(client_for, cast):
    client = client_for(cast["bureau_admin"])
    body = client.get(reverse("reference:calendar") + "?year=2031").content.decode()
    assert 'id="calendar-fallback"' in body
    client.post(
        reverse("reference:calendar") + "?year=2031",
        {"date": "2031-10-01", "is_workday": "0", "name": "国庆节"},
    )
    body = client.get(reverse("reference:calendar") + "?year=2031").content.decode()
    assert "国庆节" in body and 'id="calendar-fallback"' not in body
    staff = client_for(cast["unit_a_staff"])
    assert staff.get(reverse("reference:calendar")).status_code == 200
    response = staff.post(reverse("reference:calendar"), {"date": "2031-10-02", "is_workday": "0"})
    assert response.status_code == 403


def test_problem_rows_are_unit_scoped(client_for, cast, make_project, units):
    services_problems.problem_save(
        actor=cast["unit_a_staff"],
        project=make_project(),
        category="road",
        description="进场道路未硬化",
        owner_unit=units["jtj"],
        deadline=dt.date(2026, 5, 1),
    )
    assert Problem.objects.count() == 1
    body = client_for(cast["unit_b_staff"]).get(reverse("mechanisms:problem_list")).content.decode()
    assert "进场道路未硬化" not in body
