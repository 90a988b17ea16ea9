"""Home page per role, list pages and their query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhaoshang.orgs import services
from zhaoshang.orgs.models import Unit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "who,expected,absent",
    [
        ("sysadmin", ["启用账号", "新建账号"], ["今日安全概况", "全县单位"]),
        ("secadmin", ["最近的角色分配"], ["今日安全概况", "新建账号"]),
        ("auditor", ["今日安全概况"], ["全县单位", "最近的角色分配"]),
        ("leader", ["全县单位", "乡镇"], ["今日安全概况", "新建账号"]),
        ("bureau_admin", ["全县单位"], ["今日安全概况"]),
        ("unit_a_head", ["沧澜经济开发区 招商小分队", "郑丽娜", "最近的角色分配"], ["全县单位"]),
        ("unit_a_staff", ["沧澜经济开发区 招商小分队", "吴海涛"], ["全县单位", "最近的角色分配"]),
        ("unit_b_staff", ["城关镇 招商小分队"], ["郑丽娜"]),
        ("approval_officer", ["审批经办人"], ["全县单位"]),
        ("assessor", ["考核人员", "全县单位"], ["新建账号"]),
        ("cadre", ["干部"], ["全县单位"]),
    ],
)
def test_home_page_per_role(client_for, cast, who, expected, absent):
    body = client_for(cast[who]).get("/").content.decode()
    for text in expected:
        assert text in body, (who, text)
    for text in absent:
        assert text not in body, (who, text)


@pytest.mark.parametrize(
    "who,visible,hidden",
    [
        ("auditor", ["审计日志"], ["用户账号", "角色分配"]),
        ("sysadmin", ["单位", "用户账号", "角色分配"], ["审计日志"]),
        ("unit_a_staff", ["单位", "用户账号"], ["角色分配", "审计日志"]),
        ("cadre", ["单位"], ["用户账号", "审计日志"]),
    ],
)
def test_navigation_follows_the_role(client_for, cast, who, visible, hidden):
    body = client_for(cast[who]).get("/").content.decode()
    nav = body.split('id="main-nav"')[1].split("</ul>")[0]
    for label in visible:
        assert label in nav, (who, label)
    for label in hidden:
        assert label not in nav, (who, label)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_units(actor, parent, count, prefix):
    for i in range(count):
        services.unit_create(
            actor=actor,
            code=f"{prefix}{i}",
            name=f"测试单位{prefix}{i}",
            kind="township",
            parent=parent,
        )


@pytest.mark.parametrize("url", ["/org/units/", "/org/users/", "/org/roles/", "/audit/"])
def test_list_query_count_does_not_grow_with_rows(client_for, cast, units, url):
    who = "auditor" if url == "/audit/" else "sysadmin"
    client = client_for(cast[who])
    client.get(url)  # warm the session
    few = _queries(client, url + "?per_page=100")
    _add_units(cast["sysadmin"], units["county"], 30, "q")
    for i in range(10):
        services.user_create(
            actor=cast["sysadmin"],
            password="Zs#2026strong",
            username=f"u{i}",
            full_name=f"用户{i}",
            unit=Unit.objects.get(code=f"q{i}"),
        )
        services.membership_grant(
            actor=cast["secadmin"],
            user=cast["cadre"],
            unit=Unit.objects.get(code=f"q{i}"),
            role="cadre",
        )
    many = _queries(client, url + "?per_page=100")
    assert many == few, (url, few, many)


def test_unit_list_filters_by_kind_and_search(client_for, cast):
    client = client_for(cast["leader"])
    body = client.get("/org/units/?kind=resident_group").content.decode()
    assert "驻北京招商组" in body and "城关镇" not in body
    body = client.get("/org/units/?q=柳河").content.decode()
    assert "柳河镇" in body and "驻北京招商组" not in body


def test_phone_numbers_are_masked_in_lists(client_for, cast):
    services.user_update(actor=cast["sysadmin"], user=cast["unit_b_staff"], phone="13912345678")
    body = client_for(cast["sysadmin"]).get("/org/users/?q=town1").content.decode()
    assert "139****5678" in body and "13912345678" not in body


def test_sysadmin_creates_a_unit_through_the_page(client_for, cast, units):
    client = client_for(cast["sysadmin"])
    response = client.post(
        "/org/units/new/",
        {
            "name": "沧澜县科学技术局",
            "code": "kjj",
            "kind": "county_dept",
            "parent": units["county"].pk,
            "position": 50,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(code="kjj")
    assert unit.path == f"{units['county'].path}{unit.pk}/"


def test_bad_unit_input_gets_a_chinese_message_and_saves_nothing(client_for, cast, units):
    client = client_for(cast["sysadmin"])
    count = Unit.objects.count()
    response = client.post(
        "/org/units/new/",
        {"name": "城关镇", "code": "bad code!", "kind": "township", "parent": units["county"].pk},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "已存在" in body  # duplicate name
    assert Unit.objects.count() == count


def test_security_admin_revokes_a_role(client_for, cast):
    from zhaoshang.orgs.models import Membership

    membership = Membership.objects.get(user=cast["cadre"], role="cadre")
    response = client_for(cast["secadmin"]).post(f"/org/roles/{membership.public_id}/revoke/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_yes_no_filter_defaults_to_all(client_for, cast, units):
    services.unit_update(actor=cast["sysadmin"], unit=units["town12"], is_active=False)
    client = client_for(cast["sysadmin"])
    assert "前进乡" in client.get("/org/units/?q=前进").content.decode()
    assert "前进乡" in client.get("/org/units/?q=前进&is_active=0").content.decode()
    assert "前进乡" not in client.get("/org/units/?q=前进&is_active=1").content.decode()
    page = client.get("/org/units/").content.decode()
    assert '<option value="" selected>全部</option>' in page


def test_leaders_see_stalled_counts_per_unit_and_staff_their_stalled_projects(
    client_for, cast, make_project
):
    import datetime

    from zhaoshang.projects import services

    project = make_project()
    services.project_update(
        actor=cast["unit_a_staff"],
        project=project,
        next_action="回访",
        next_action_date=datetime.date(2020, 1, 1),
    )
    leader = client_for(cast["leader"]).get("/").content.decode()
    section = leader.split('id="home-stalled-units"')[1].split("</section>")[0]
    assert "沧澜经济开发区" in section and 'text-danger fw-semibold">1<' in section
    staff = client_for(cast["unit_a_staff"]).get("/").content.decode()
    assert project.name in staff.split('id="home-my-stalled"')[1].split("</section>")[0]
    other = client_for(cast["unit_b_staff"]).get("/").content.decode()
    assert project.name not in other
