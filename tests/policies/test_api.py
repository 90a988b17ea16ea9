"""The policy API: the same permission layer and services as the pages."""

import datetime as dt
from decimal import Decimal

import pytest

from zhaoshang.policies import services_handbooks, services_rules
from zhaoshang.policies.models import Policy

pytestmark = pytest.mark.django_db


def test_staff_list_search_and_read_policies(client_for, cast, make_policy):
    policy = make_policy(title="沧澜县标准厂房管理办法")
    make_policy(title="沧澜县人才办法", full_text="第一条 人才公寓。")
    client = client_for(cast["unit_b_staff"])
    listed = client.get("/api/v1/policies/").json()
    assert {row["title"] for row in listed["results"]} >= {"沧澜县标准厂房管理办法"}
    found = client.get("/api/v1/policies/", {"q": "标准厂房 租金"}).json()
    assert [row["public_id"] for row in found["results"]] == [str(policy.public_id)]
    shown = client.get(f"/api/v1/policies/{policy.public_id}/").json()
    assert [a["heading"] for a in shown["articles"]] == ["第一条", "第二条", "第三条"]
    assert shown["categories"] == ["land"]


def test_the_bureau_enters_a_policy_and_bad_numbers_are_refused(client_for, cast):
    client = client_for(cast["bureau_admin"])
    body = {
        "title": "沧澜县研发补贴办法",
        "level": "county",
        "issuer": "沧澜县科技局",
        "doc_number": "沧科字[2025]2号",
        "issued_on": "2025-02-01",
        "categories": ["innovation"],
        "full_text": "一、研发补贴。\n二、施行。",
        "key_headings": ["一、"],
    }
    response = client.post("/api/v1/policies/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["doc_number"] == "沧科字〔2025〕2号"
    response = client.post(
        "/api/v1/policies/",
        {**body, "doc_number": "沧科字2025年2号"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "doc_number" in response.json()


def test_unit_staff_cannot_enter_a_policy(client_for, cast, audit_count):
    before, count = audit_count(), Policy.objects.count()
    response = client_for(cast["unit_a_staff"]).post(
        "/api/v1/policies/", {"title": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert Policy.objects.count() == count and audit_count() == before


def test_auditor_cannot_read_the_library(client_for, cast):
    assert client_for(cast["auditor"]).get("/api/v1/policies/").status_code == 403


def test_rules_and_the_lookup(client_for, cast, make_policy):
    policy = make_policy()
    services_rules.rule_save(
        actor=cast["bureau_admin"],
        conditions=[("investment_min", "5000")],
        name="土地出让补助",
        policy=policy,
        article=policy.articles.get(heading="第二条"),
        summary="每亩3万元",
        benefit_kind="land_discount",
        unit_price=Decimal("3"),
    )
    client = client_for(cast["cadre"])
    rules = client.get("/api/v1/policies/incentives/").json()["results"]
    assert rules[0]["name"] == "土地出让补助" and rules[0]["clause"] == "第二条"
    answer = client.post(
        "/api/v1/policies/incentives/lookup/",
        {"total_investment": "8000", "land_area_mu": "60.5"},
        content_type="application/json",
    ).json()
    assert answer["total"] == "181.50"
    match = answer["matches"][0]
    assert match["amount"] == "181.50" and match["clause"] == "第二条"
    assert match["working"].startswith("60.5") and match["working"].endswith("= 181.50")
    bad = client.post(
        "/api/v1/policies/incentives/lookup/", {"industry": "XX"}, content_type="application/json"
    )
    assert bad.status_code == 400


def test_handbooks_are_listed_with_their_download(client_for, cast, make_policy, categories):
    make_policy(issued_on=dt.date(2024, 1, 1))
    edition = services_handbooks.handbook_compile(
        actor=cast["bureau_admin"],
        title="汇编",
        compiler="招商局",
        categories=[categories["land"]],
    )
    rows = client_for(cast["unit_a_staff"]).get("/api/v1/policies/handbooks/").json()["results"]
    assert rows[0]["download"] == f"/policies/handbooks/{edition.public_id}/download/"
