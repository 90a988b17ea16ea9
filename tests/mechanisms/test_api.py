"""/api/v1/mechanisms/: the same objects and services as the pages, with the same scope."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from zhaoshang.mechanisms import services_review
from zhaoshang.mechanisms.models import Opinion, Problem, ProjectProcedure

pytestmark = pytest.mark.django_db
BASE = "/api/v1/mechanisms/"


class Api:
    def __init__(self, user):
        self.client = Client()
        key = Token.objects.get_or_create(user=user)[0].key
        self.headers = {"Authorization": f"Token {key}"}

    def get(self, url, params=None):
        return self.client.get(url, params or {}, headers=self.headers)

    def post(self, url, data):
        return self.client.post(url, data, content_type="application/json", headers=self.headers)


@pytest.fixture
def reviewed(make_project, group, catalogue, pass_review):
    project = make_project()
    pass_review(project, on=dt.date(2026, 3, 2))
    return project


def test_an_officer_lists_only_their_departments_procedures(reviewed, officers, cast):
    rows = Api(officers["sthj"]).get(BASE + "procedures/").json()["results"]
    assert [r["type"] for r in rows] == ["环境影响评价审批"]
    assert rows[0]["remaining"] is None and rows[0]["status"] == "waiting"
    assert Api(cast["unit_b_staff"]).get(BASE + "procedures/").json()["count"] == 0
    assert Api(cast["cadre"]).get(BASE + "procedures/").status_code == 403


def test_steps_go_through_the_service(reviewed, officers, cast):
    procedure = ProjectProcedure.objects.get(project=reviewed, type__code="hp")
    url = f"{BASE}procedures/{procedure.public_id}/steps/"
    assert Api(cast["unit_a_staff"]).post(url, {"step": "accept"}).status_code == 403
    assert Api(officers["fgw"]).post(url, {"step": "accept"}).status_code == 404
    answer = Api(officers["sthj"]).post(url, {"step": "accept", "on": "2026-03-03"})
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "accepted" and answer.json()["due_date"] == "2026-03-31"
    refused = Api(officers["sthj"]).post(url, {"step": "done", "on": "2026-03-04"})
    assert refused.status_code == 400 and "document_number" in refused.json()


def test_an_officer_gives_an_opinion_through_the_api(make_project, cast, group, officers):
    review = services_review.review_submit(
        actor=cast["bureau_admin"], project=make_project(), summary="材料"
    )
    url = f"{BASE}reviews/{review.public_id}/opinion/"
    answer = Api(officers["fgw"]).post(url, {"department": "sthj", "verdict": "agree"})
    assert answer.status_code == 403
    answer = Api(officers["fgw"]).post(
        url, {"department": "fgw", "verdict": "disagree", "text": ""}
    )
    assert answer.status_code == 400 and "text" in answer.json()
    answer = Api(officers["fgw"]).post(url, {"department": "fgw", "verdict": "agree"})
    assert answer.status_code == 200
    assert Opinion.objects.get(review=review, department__code="fgw").verdict == "agree"


def test_the_bureau_submits_and_units_may_not(make_project, cast, group):
    project = make_project()
    data = {"project": project.code, "summary": "材料"}
    assert Api(cast["unit_a_staff"]).post(BASE + "reviews/", data).status_code == 403
    answer = Api(cast["bureau_admin"]).post(BASE + "reviews/", data)
    assert answer.status_code == 201 and len(answer.json()["opinions"]) == 3


def test_the_team_adds_and_the_owner_resolves_a_problem(make_project, cast, officers):
    project = make_project()
    data = {
        "project": project.code,
        "category": "permits",
        "description": "排污指标未落实",
        "owner_unit": "sthj",
        "deadline": "2026-04-30",
    }
    assert Api(cast["unit_b_staff"]).post(BASE + "problems/", data).status_code == 400
    answer = Api(cast["unit_a_staff"]).post(BASE + "problems/", data)
    assert answer.status_code == 201
    public_id = answer.json()["public_id"]
    answer = Api(officers["sthj"]).post(
        f"{BASE}problems/{public_id}/resolve/", {"resolution": "指标已调剂"}
    )
    assert answer.status_code == 200 and answer.json()["status"] == "done"
    assert Problem.objects.get().resolution == "指标已调剂"


def test_list_query_counts_do_not_grow(make_project, group, catalogue, pass_review, cast):
    client = Api(cast["leader"])

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = [BASE + name + "/" for name in ("reviews", "procedures", "meetings", "problems")]
    project = make_project()
    pass_review(project)
    before = [count(url) for url in urls]
    for _ in range(3):
        pass_review(make_project())
    assert [count(url) for url in urls] == before
