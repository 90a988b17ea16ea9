"""Investors and contacts: unit scoping (404 out of scope, 403 without the action), masked
personal data in lists and pages, audited full reads, the export right, and merging."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from tests.targeting.conftest import queries
from zhaoshang.core.models import AuditEvent
from zhaoshang.projects import services as project_services
from zhaoshang.projects.models import Enterprise
from zhaoshang.targeting import services_investors, services_work
from zhaoshang.targeting.models import Contact, EnterpriseMerge, Investor, Visit

pytestmark = pytest.mark.django_db


def test_staff_adds_an_investor_with_a_new_enterprise_and_an_audit_row(cast, units, ref):
    investor = services_investors.investor_create(
        actor=cast["unit_a_staff"],
        unit=units["zone1"],
        name="北京华宏重工有限公司",
        region=ref.region("11"),
        tags="500强, 上市公司",
    )
    assert investor.enterprise.name_key == "华宏重工"
    assert investor.tag_list == ["500强", "上市公司"]
    assert AuditEvent.objects.filter(object_type="targeting.investor", action="create").exists()


def test_staff_may_not_add_an_investor_for_another_unit(cast, units, audit_count):
    before = audit_count()
    with pytest.raises(PermissionDenied):
        services_investors.investor_create(
            actor=cast["unit_a_staff"], unit=units["town1"], name="天津某某实业有限公司"
        )
    assert not Enterprise.objects.filter(name="天津某某实业有限公司").exists()
    assert audit_count() == before


def test_the_same_enterprise_is_not_added_twice(make_investor, investor):
    with pytest.raises(Exception, match="已在客商库中|already in the investor database"):
        make_investor(enterprise=investor.enterprise)


def test_unit_b_staff_gets_404_for_unit_a_investor_and_its_contact(client_for, cast, contact):
    client = client_for(cast["unit_b_staff"])
    assert client.get(f"/targeting/investors/{contact.investor.public_id}/").status_code == 404
    assert client.get(f"/targeting/contacts/{contact.public_id}/").status_code == 404
    edit = f"/targeting/investors/{contact.investor.public_id}/edit/"
    assert client.get(edit).status_code == 404


def test_leader_sees_the_investor_but_may_not_edit_nor_see_full_numbers(
    client_for, cast, contact, audit_count
):
    client = client_for(cast["leader"])
    body = client.get(f"/targeting/investors/{contact.investor.public_id}/").content.decode()
    assert "138****1234" in body and "13812341234" not in body
    assert "110101199001011234" not in body
    assert client.get(f"/targeting/investors/{contact.investor.public_id}/edit/").status_code == 403
    before = audit_count()
    assert client.get(f"/targeting/contacts/{contact.public_id}/").status_code == 403
    assert audit_count() == before


def test_lists_show_contacts_masked(client_for, cast, contact):
    body = client_for(cast["bureau_admin"]).get("/targeting/investors/?q=王建华").content.decode()
    assert contact.investor.enterprise.name in body
    assert "13812341234" not in body


def test_a_full_read_shows_the_numbers_and_is_audited(client_for, cast, contact):
    client = client_for(cast["unit_a_head"])
    body = client.get(f"/targeting/contacts/{contact.public_id}/").content.decode()
    assert "13812341234" in body and "110101199001011234" in body
    event = AuditEvent.objects.filter(action="personal_read").latest("pk")
    assert event.actor == cast["unit_a_head"] and event.object_id == str(contact.public_id)
    assert "13812341234" not in str(event.after) + str(event.before) + event.message


def test_contact_changes_are_audited_without_the_numbers(cast, contact):
    services_investors.contact_save(
        actor=cast["unit_a_staff"], contact=contact, phone="139 0000 1111"
    )
    contact.refresh_from_db()
    assert contact.phone == "13900001111"
    event = AuditEvent.objects.filter(object_type="targeting.contact").latest("pk")
    assert "13900001111" not in str(event.after) and "13812341234" not in str(event.before)


def test_a_bad_id_number_is_refused_in_chinese(client_for, cast, investor):
    response = client_for(cast["unit_a_staff"]).post(
        f"/targeting/investors/{investor.public_id}/contacts/",
        {"name": "李四", "phone": "13800001111", "id_number": "12345"},
    )
    assert response.status_code == 200
    assert "身份证号码" in response.content.decode()
    assert not Contact.objects.filter(name="李四").exists()


def test_export_needs_the_personal_data_export_right(client_for, cast, contact, audit_count):
    before = audit_count()
    assert (
        client_for(cast["unit_a_head"]).get("/targeting/investors/contacts.xlsx").status_code == 403
    )
    assert audit_count() == before
    response = client_for(cast["bureau_admin"]).get("/targeting/investors/contacts.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "13812341234" in values
    assert AuditEvent.objects.filter(action="export", actor=cast["bureau_admin"]).exists()


def test_investor_list_query_count_does_not_grow_with_rows(client_for, cast, make_investor):
    client = client_for(cast["bureau_admin"])
    make_investor()
    few = queries(client, "/targeting/investors/")
    for _n in range(6):
        investor = make_investor()
        services_investors.contact_save(actor=cast["unit_a_staff"], investor=investor, name="张三")
    assert queries(client, "/targeting/investors/") == few


def test_merging_moves_history_to_the_survivor_and_leaves_a_record(
    cast, units, ref, make_investor, make_project, visit, contact
):
    admin = cast["bureau_admin"]
    survivor = contact.investor
    duplicate = make_investor(name="北京测试1号精工装备股份有限公司")
    services_investors.contact_save(actor=cast["unit_a_staff"], investor=duplicate, name="李四")
    other_visit = services_work.visit_save(
        actor=cast["unit_a_staff"],
        unit=units["zone1"],
        kind="incoming",
        investor=duplicate,
        date=visit.date,
        summary="来县考察",
    )
    project = make_project(enterprise=duplicate.enterprise)
    dup_enterprise = duplicate.enterprise
    record = services_investors.enterprise_merge(
        actor=admin, survivor=survivor.enterprise, duplicate=dup_enterprise
    )
    assert not Enterprise.objects.filter(pk=dup_enterprise.pk).exists()
    assert not Investor.objects.filter(pk=duplicate.pk).exists()
    assert set(survivor.contacts.values_list("name", flat=True)) == {"王建华", "李四"}
    assert Visit.objects.get(pk=other_visit.pk).investor == survivor
    project.refresh_from_db()
    assert project.enterprise == survivor.enterprise
    assert record.merged_name == "北京测试1号精工装备股份有限公司" and record.moved["projects"] == 1
    assert AuditEvent.objects.filter(
        action="merge", object_id=str(survivor.enterprise.public_id)
    ).exists()
    assert AuditEvent.objects.filter(
        object_type="projects.project", object_id=project.code, action="update"
    ).exists()


def test_unit_staff_may_not_merge_and_nothing_changes(client_for, cast, make_investor, audit_count):
    a, b = make_investor(), make_investor()
    before = audit_count()
    response = client_for(cast["unit_a_staff"]).post(
        "/targeting/investors/duplicates/merge/",
        {"survivor": a.enterprise.public_id, "duplicate": b.enterprise.public_id},
    )
    assert response.status_code == 403
    assert Enterprise.objects.filter(pk=b.enterprise.pk).exists()
    assert audit_count() == before
    assert not EnterpriseMerge.objects.exists()


def test_duplicates_page_groups_same_normalised_names(client_for, cast):
    for name in ("上海瑞丰纸业有限公司", "瑞丰纸业股份有限公司"):
        project_services.enterprise_save(actor=cast["bureau_admin"], name=name)
    body = client_for(cast["bureau_admin"]).get("/targeting/investors/duplicates/").content.decode()
    assert "上海瑞丰纸业有限公司" in body and "瑞丰纸业股份有限公司" in body
    assert body.count('class="card shadow-sm mb-3 dup-group"') >= 1
