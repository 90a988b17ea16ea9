"""The policy pages: who sees what, entering a policy three ways, the lookup, the project
panel, and query counts that do not grow with the rows."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from tests.policies.conftest import TEXT
from zhaoshang.policies import services_handbooks, services_rules
from zhaoshang.policies.models import Policy
from zhaoshang.projects.models import Platform

pytestmark = pytest.mark.django_db

PAGES = ["/policies/", "/policies/incentives/", "/policies/lookup/", "/policies/handbooks/"]


@pytest.mark.parametrize(
    "who",
    [
        "leader",
        "unit_a_staff",
        "unit_b_staff",
        "cadre",
        "approval_officer",
        "assessor",
        "bureau_admin",
    ],
)
@pytest.mark.parametrize("url", PAGES)
def test_every_business_role_reads_the_library(client_for, cast, who, url):
    assert client_for(cast[who]).get(url).status_code == 200


@pytest.mark.parametrize("who", ["auditor", "sysadmin", "secadmin"])
@pytest.mark.parametrize("url", PAGES)
def test_administrator_roles_do_not(client_for, cast, who, url):
    assert client_for(cast[who]).get(url).status_code == 403


@pytest.mark.parametrize(
    "url", ["/policies/new/", "/policies/import/", "/policies/incentives/new/"]
)
def test_unit_staff_may_not_open_the_bureaus_forms(client_for, cast, url):
    assert client_for(cast["unit_a_staff"]).get(url).status_code == 403


def test_an_unknown_policy_is_404(client_for, cast):
    client = client_for(cast["unit_a_staff"])
    assert client.get("/policies/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_unit_staff_cannot_post_a_policy_and_nothing_changes(
    client_for, cast, categories, audit_count
):
    before, count = audit_count(), Policy.objects.count()
    response = client_for(cast["unit_a_staff"]).post(
        "/policies/new/",
        {
            "title": "x",
            "level": "county",
            "issuer": "x",
            "issued_on": "2024-01-01",
            "categories": [categories["land"].pk],
            "full_text": TEXT,
        },
    )
    assert response.status_code == 403
    assert Policy.objects.count() == count and audit_count() == before


def _form(categories, **fields):
    data = {
        "title": "沧澜县标准厂房租金减免办法",
        "level": "county",
        "issuer": "沧澜县人民政府办公室",
        "doc_number": "沧政办发（2025）4号",
        "issued_on": "2025-01-10",
        "categories": [categories["land"].pk, categories["sme"].pk],
        "full_text": TEXT,
        "key_headings": "第二条",
    }
    data.update(fields)
    return data


def test_the_bureau_enters_a_policy_by_form(client_for, cast, categories):
    response = client_for(cast["bureau_admin"]).post("/policies/new/", _form(categories))
    policy = Policy.objects.get(title="沧澜县标准厂房租金减免办法")
    assert response.status_code == 302 and response["Location"].endswith(
        f"/policies/{policy.public_id}/"
    )
    assert policy.doc_number == "沧政办发〔2025〕4号"
    assert list(policy.articles.filter(is_key=True).values_list("heading", flat=True)) == ["第二条"]


def test_a_bad_document_number_is_explained_and_the_text_kept(client_for, cast, categories):
    response = client_for(cast["bureau_admin"]).post(
        "/policies/new/", _form(categories, doc_number="沧政办发2025年4号")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "国发〔2021〕7号" in body and "入驻标准厂房的企业" in body
    assert not Policy.objects.filter(title="沧澜县标准厂房租金减免办法").exists()


def test_a_pasted_document_fills_the_form_without_saving(client_for, cast):
    count = Policy.objects.count()
    response = client_for(cast["bureau_admin"]).post(
        "/policies/import/",
        {"text": "沧澜县标准厂房租金减免办法\n沧政办发[2025]4号\n" + TEXT},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="沧澜县标准厂房租金减免办法"' in body
    assert 'value="沧政办发〔2025〕4号"' in body
    assert "第二条 入驻标准厂房的企业" in body
    assert Policy.objects.count() == count


def test_an_uploaded_docx_fills_the_form(client_for, cast):
    document = Document()
    for line in [
        "关于支持研发投入的若干措施",
        "冀政办字〔2024〕2号",
        "一、研发补贴。",
        "二、平台奖励。",
    ]:
        document.add_paragraph(line)
    buffer = BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("措施.docx", buffer.getvalue())
    body = (
        client_for(cast["bureau_admin"])
        .post("/policies/import/", {"document": upload})
        .content.decode()
    )
    assert 'value="关于支持研发投入的若干措施"' in body and "二、平台奖励。" in body


def test_a_file_that_is_not_a_docx_is_refused_on_the_page(client_for, cast):
    upload = SimpleUploadedFile("措施.pdf", b"%PDF-1.4")
    response = client_for(cast["bureau_admin"]).post("/policies/import/", {"document": upload})
    assert response.status_code == 200 and ".docx" in response.content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    ["/policies/", "/policies/?q=标准厂房+租金", "/policies/incentives/", "/policies/handbooks/"],
)
def test_list_query_count_does_not_grow_with_rows(client_for, cast, make_policy, url):
    client = client_for(cast["unit_a_staff"])

    def add(n):
        policy = make_policy(title=f"标准厂房政策{n}")
        services_rules.rule_save(
            actor=cast["bureau_admin"],
            conditions=[("sector", "2")],
            name=f"规则{n}",
            policy=policy,
            article=policy.articles.first(),
            summary="x",
            benefit_kind="fixed",
            amount=Decimal("1"),
        )
        services_handbooks.handbook_compile(
            actor=cast["bureau_admin"],
            title=f"汇编{n}",
            compiler="招商局",
            categories=policy.categories.all(),
        )

    add(0)
    client.get(url)
    few = _count(client, url)
    for n in range(1, 9):
        add(n)
    assert _count(client, url) == few


def test_the_lookup_gives_amounts_and_the_clause(client_for, cast, make_policy):
    policy = make_policy(title="沧澜县招商引资优惠政策若干规定")
    services_rules.rule_save(
        actor=cast["bureau_admin"],
        conditions=[("investment_min", "5000")],
        name="工业项目土地出让补助",
        policy=policy,
        article=policy.articles.get(heading="第二条"),
        summary="每亩补助3万元",
        benefit_kind="land_discount",
        unit_price=Decimal("3"),
        cap=Decimal("600"),
    )
    body = (
        client_for(cast["cadre"])
        .get("/policies/lookup/?total_investment=8000&land_area_mu=60")
        .content.decode()
    )
    assert "工业项目土地出让补助" in body and "180.00" in body and "第二条" in body
    body = (
        client_for(cast["cadre"])
        .get("/policies/lookup/?total_investment=3000&land_area_mu=60")
        .content.decode()
    )
    assert "工业项目土地出让补助" not in body


def test_a_projects_page_lists_its_incentives(client_for, cast, make_policy, make_project, units):
    policy = make_policy()
    services_rules.rule_save(
        actor=cast["bureau_admin"],
        conditions=[("section", "C")],
        name="设备购置补贴",
        policy=policy,
        article=policy.articles.first(),
        summary="超过部分5%",
        benefit_kind="percent_above",
        rate=Decimal("5"),
        threshold=Decimal("2000"),
        cap=Decimal("500"),
    )
    Platform.objects.create(code="p1", name="园区", unit=units["zone1"])
    project = make_project(total_investment=Decimal("6000"))
    body = client_for(cast["unit_a_staff"]).get(f"/projects/{project.code}/").content.decode()
    assert 'id="project-incentives"' in body
    assert "设备购置补贴" in body and "200.00" in body
    # An auditor (no policy rights) never sees the panel: the project page is not theirs either.


def test_the_policy_page_lists_the_projects_it_applies_to_within_scope(
    client_for, cast, make_policy, make_project, units
):
    policy = make_policy()
    services_rules.rule_save(
        actor=cast["bureau_admin"],
        conditions=[("investment_min", "10000")],
        name="大项目奖励",
        policy=policy,
        summary="x",
        benefit_kind="fixed",
        amount=Decimal("100"),
    )
    mine = make_project(total_investment=Decimal("20000"))
    theirs = make_project(
        unit=units["town1"], actor=cast["unit_b_staff"], total_investment=Decimal("30000")
    )
    small = make_project(total_investment=Decimal("500"))
    body = client_for(cast["unit_a_staff"]).get(f"/policies/{policy.public_id}/").content.decode()
    assert mine.name in body and theirs.name not in body and small.name not in body
    body = client_for(cast["bureau_admin"]).get(f"/policies/{policy.public_id}/").content.decode()
    assert mine.name in body and theirs.name in body


def test_status_links_show_both_ways(client_for, cast, make_policy):
    old = make_policy(issued_on=dt.date(2019, 1, 1), title="旧办法")
    new = make_policy(title="新办法")
    client = client_for(cast["bureau_admin"])
    response = client.post(
        f"/policies/{old.public_id}/status/", {"status": "repealed", "replaced_by": new.pk}
    )
    assert response.status_code == 302
    assert "新办法" in client.get(f"/policies/{old.public_id}/").content.decode()
    assert "旧办法" in client.get(f"/policies/{new.public_id}/").content.decode()


def test_attachments_upload_and_download_as_files(client_for, cast, make_policy):
    policy = make_policy()
    client = client_for(cast["bureau_admin"])
    client.post(
        f"/policies/{policy.public_id}/attachments/",
        {"file": SimpleUploadedFile("原件.pdf", b"%PDF-1.4 x")},
    )
    attachment = policy.attachments.get()
    response = client_for(cast["cadre"]).get(f"/policies/attachments/{attachment.public_id}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert "attachment" in response["Content-Disposition"]


def test_a_search_is_saved_and_offered(client_for, cast, make_policy):
    client = client_for(cast["bureau_admin"])
    client.post("/policies/searches/", {"name": "厂房租金", "query": "q=标准厂房+租金&x=<b>"})
    body = client.get("/policies/").content.decode()
    assert "厂房租金" in body and "?q=%E6%A0%87" in body and "&lt;b&gt;" not in body
