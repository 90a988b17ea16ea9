"""Reference data (PRJ-1, TGT-1): GB/T 4754-2017, the 2018 sector rule, the strategic
emerging fields, source regions and their groups, and who may read and change them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhaoshang.core.models import AuditEvent
from zhaoshang.reference import selectors, services
from zhaoshang.reference.choices import RegionKind, Sector
from zhaoshang.reference.models import (
    IndustryDivision,
    IndustrySection,
    Region,
    RegionGroup,
    StrategicField,
)
from zhaoshang.reference.sectors import sector_for

pytestmark = pytest.mark.django_db

SECTION_RANGES = {
    "A": (1, 5),
    "B": (6, 12),
    "C": (13, 43),
    "D": (44, 46),
    "E": (47, 50),
    "F": (51, 52),
    "G": (53, 60),
    "H": (61, 62),
    "I": (63, 65),
    "J": (66, 69),
    "K": (70, 70),
    "L": (71, 72),
    "M": (73, 75),
    "N": (76, 79),
    "O": (80, 82),
    "P": (83, 83),
    "Q": (84, 85),
    "R": (86, 90),
    "S": (91, 96),
    "T": (97, 97),
}


# The loaded data ---------------------------------------------------------------------------


def test_twenty_sections_and_97_contiguous_divisions():
    sections = list(IndustrySection.objects.values_list("code", flat=True))
    assert sections == list("ABCDEFGHIJKLMNOPQRST")
    codes = list(IndustryDivision.objects.values_list("code", flat=True))
    assert codes == [f"{n:02d}" for n in range(1, 98)]


def test_each_division_sits_in_its_section():
    for code, section in IndustryDivision.objects.values_list("code", "section__code"):
        low, high = SECTION_RANGES[section]
        assert low <= int(code) <= high, (code, section)


@pytest.mark.parametrize(
    "code,name",
    [
        ("01", "农业"),
        ("05", "农、林、牧、渔专业及辅助性活动"),
        ("11", "开采专业及辅助性活动"),
        ("13", "农副食品加工业"),
        ("22", "造纸和纸制品业"),
        ("31", "黑色金属冶炼和压延加工业"),
        ("43", "金属制品、机械和设备修理业"),
        ("44", "电力、热力生产和供应业"),
        ("65", "软件和信息技术服务业"),
        ("96", "基层群众自治组织及其他组织"),
        ("97", "国际组织"),
    ],
)
def test_division_names_are_the_2017_names(code, name):
    assert IndustryDivision.objects.get(code=code).name == name


def test_section_names_spot_check():
    names = dict(IndustrySection.objects.values_list("code", "name"))
    assert names["A"] == "农、林、牧、渔业"
    assert names["D"] == "电力、热力、燃气及水生产和供应业"
    assert names["I"] == "信息传输、软件和信息技术服务业"
    assert names["T"] == "国际组织"


def test_division_str_is_code_and_name():
    assert str(IndustryDivision.objects.get(code="13")) == "13 农副食品加工业"


@pytest.mark.parametrize(
    "code,sector",
    [
        ("01", Sector.PRIMARY),
        ("04", Sector.PRIMARY),
        ("05", Sector.TERTIARY),
        ("06", Sector.SECONDARY),
        ("11", Sector.TERTIARY),
        ("12", Sector.SECONDARY),
        ("31", Sector.SECONDARY),
        ("43", Sector.TERTIARY),
        ("44", Sector.SECONDARY),
        ("48", Sector.SECONDARY),
        ("51", Sector.TERTIARY),
        ("65", Sector.TERTIARY),
        ("97", Sector.TERTIARY),
    ],
)
def test_sector_follows_the_2018_rule(code, sector):
    division = IndustryDivision.objects.select_related("section").get(code=code)
    assert division.sector == sector
    assert sector_for(division.section.code, code) == sector


def test_divisions_per_sector():
    counts = {s: IndustryDivision.objects.filter(sector=s).count() for s in Sector}
    # 一产 01–04; 二产 06–10, 12, 13–42, 44–50; 三产 05, 11, 43 and 51–97.
    assert counts == {Sector.PRIMARY: 4, Sector.SECONDARY: 43, Sector.TERTIARY: 50}


def test_nine_strategic_emerging_fields():
    fields = dict(StrategicField.objects.values_list("code", "name"))
    assert list(fields) == [str(n) for n in range(1, 10)]
    assert fields["1"] == "新一代信息技术产业"
    assert fields["5"] == "新能源汽车产业"
    assert fields["9"] == "相关服务业"


def test_34_province_level_divisions():
    provinces = Region.objects.filter(kind=RegionKind.PROVINCE)
    assert provinces.count() == 34
    names = dict(provinces.values_list("code", "name"))
    assert names["11"] == "北京市"
    assert names["65"] == "新疆维吾尔自治区"
    assert names["71"] == "台湾省"
    assert names["81"] == "香港特别行政区"
    assert names["82"] == "澳门特别行政区"


def test_foreign_countries_include_the_usual_investors_and_a_catch_all():
    countries = set(Region.objects.filter(kind=RegionKind.COUNTRY).values_list("name", flat=True))
    for name in ("韩国", "日本", "新加坡", "美国", "德国", "以色列", "阿联酋", "新西兰"):
        assert name in countries
    assert Region.objects.get(code="ZZ").name == "其他国家或地区"
    assert list(Region.objects.filter(kind=RegionKind.COUNTRY))[-1].code == "ZZ"


@pytest.mark.parametrize(
    "code,name,members",
    [
        ("jjj", "京津冀", ["11", "12", "13"]),
        ("csj", "长三角", ["31", "32", "33", "34"]),
        ("zsj", "珠三角/粤港澳大湾区", ["44", "81", "82"]),
    ],
)
def test_region_groups_are_seeded(code, name, members):
    group = RegionGroup.objects.get(code=code)
    assert group.name == name
    assert [r.code for r in selectors.regions_in_group(group)] == members


def test_a_region_may_be_in_several_groups(cast):
    guangdong = Region.objects.get(code="44")
    services.region_group_create(
        actor=cast["bureau_admin"], code="hn", name="华南", regions=[guangdong]
    )
    assert [g.code for g in selectors.groups_of(guangdong)] == ["zsj", "hn"]


# Services ----------------------------------------------------------------------------------


def test_division_rename_keeps_the_computed_sector_and_is_audited(cast, audit_count):
    division = IndustryDivision.objects.get(code="43")
    before = audit_count()
    services.division_update(actor=cast["bureau_admin"], division=division, name="设备修理业")
    division.refresh_from_db()
    assert division.name == "设备修理业" and division.sector == Sector.TERTIARY
    assert audit_count() == before + 1
    event = AuditEvent.objects.first()
    assert event.action == "update" and event.object_id == "43"
    assert event.before["name"] == "金属制品、机械和设备修理业"
    assert event.after["name"] == "设备修理业"


def test_region_create_rejects_a_code_that_does_not_fit_the_kind(cast):
    with pytest.raises(ValidationError) as info:
        services.region_create(
            actor=cast["bureau_admin"], code="KR1", name="测试", kind=RegionKind.COUNTRY
        )
    assert "code" in str(info.value)
    with pytest.raises(ValidationError):
        services.region_create(
            actor=cast["bureau_admin"], code="99", name="测试国", kind=RegionKind.COUNTRY
        )
    assert not Region.objects.filter(name__startswith="测试").exists()


def test_new_country_goes_before_the_catch_all(cast):
    region = services.region_create(
        actor=cast["bureau_admin"], code="pl", name="波兰", kind=RegionKind.COUNTRY
    )
    assert region.code == "PL"
    assert list(Region.objects.filter(kind=RegionKind.COUNTRY))[-2:] == [
        region,
        Region.objects.get(code="ZZ"),
    ]


def test_region_update_cannot_change_the_code(cast):
    region = Region.objects.get(code="KR")
    with pytest.raises(ValidationError):
        services.region_update(actor=cast["bureau_admin"], region=region, code="KP")
    assert Region.objects.filter(code="KR").exists()


@pytest.mark.parametrize("who", ["unit_a_staff", "leader", "sysadmin"])
def test_services_refuse_without_reference_manage(cast, audit_count, who):
    actor = cast[who]
    before = audit_count()
    group = RegionGroup.objects.get(code="jjj")
    with pytest.raises(PermissionDenied):
        services.region_group_update(actor=actor, group=group, name="改名")
    with pytest.raises(PermissionDenied):
        services.region_group_delete(actor=actor, group=group)
    with pytest.raises(PermissionDenied):
        services.division_update(
            actor=actor, division=IndustryDivision.objects.get(code="13"), name="改名"
        )
    with pytest.raises(PermissionDenied):
        services.region_create(actor=actor, code="PL", name="波兰", kind=RegionKind.COUNTRY)
    assert RegionGroup.objects.get(code="jjj").name == "京津冀"
    assert IndustryDivision.objects.get(code="13").name == "农副食品加工业"
    assert not Region.objects.filter(code="PL").exists()
    assert audit_count() == before


# Pages -------------------------------------------------------------------------------------


def test_bureau_admin_creates_edits_and_deletes_a_group(client_for, cast, audit_count):
    client = client_for(cast["bureau_admin"])
    start = audit_count()
    shandong, korea = Region.objects.get(code="37"), Region.objects.get(code="KR")
    response = client.post(
        "/reference/groups/new/",
        {"name": "环渤海", "code": "hbh", "description": "环渤海经济圈", "regions": [shandong.pk]},
    )
    assert response.status_code == 302, response.content.decode()
    group = RegionGroup.objects.get(code="hbh")
    assert [r.code for r in selectors.regions_in_group(group)] == ["37"]
    created = AuditEvent.objects.first()
    assert created.action == "create" and created.after["regions"] == ["37"]

    response = client.post(
        "/reference/groups/hbh/edit/",
        {
            "name": "环渤海",
            "description": "环渤海及日韩",
            "regions": [shandong.pk, korea.pk],
            "position": group.position,
        },
    )
    assert response.status_code == 302, response.content.decode()
    updated = AuditEvent.objects.first()
    assert updated.action == "update"
    assert updated.before["regions"] == ["37"] and updated.after["regions"] == ["37", "KR"]

    response = client.post("/reference/groups/hbh/delete/")
    assert response.status_code == 302
    assert not RegionGroup.objects.filter(code="hbh").exists()
    assert Region.objects.filter(code__in=["37", "KR"]).count() == 2
    deleted = AuditEvent.objects.first()
    assert deleted.action == "delete" and deleted.before["name"] == "环渤海"
    assert audit_count() == start + 3


def test_bureau_admin_renames_a_division_through_the_page(client_for, cast):
    client = client_for(cast["bureau_admin"])
    page = client.get("/reference/divisions/05/edit/").content.decode()
    assert "农、林、牧、渔专业及辅助性活动" in page
    response = client.post("/reference/divisions/05/edit/", {"name": "农林牧渔服务业"})
    assert response.status_code == 302
    division = IndustryDivision.objects.get(code="05")
    assert division.name == "农林牧渔服务业" and division.sector == Sector.TERTIARY


def test_bureau_admin_adds_and_edits_a_region(client_for, cast):
    client = client_for(cast["bureau_admin"])
    response = client.post(
        "/reference/regions/new/", {"code": "pl", "kind": "country", "name": "波兰"}
    )
    assert response.status_code == 302, response.content.decode()
    response = client.post(
        "/reference/regions/PL/edit/",
        {"name": "波兰共和国", "short_name": "波兰", "position": 1500},
    )
    assert response.status_code == 302, response.content.decode()
    region = Region.objects.get(code="PL")
    assert (region.name, region.short_name, region.kind) == ("波兰共和国", "波兰", "country")


def test_duplicate_region_name_is_a_form_error(client_for, cast, audit_count):
    before = audit_count()
    response = client_for(cast["bureau_admin"]).post(
        "/reference/regions/new/", {"code": "XK", "kind": "country", "name": "韩国"}
    )
    assert response.status_code == 200
    assert not Region.objects.filter(code="XK").exists()
    assert audit_count() == before


EDIT_URLS = [
    "/reference/divisions/13/edit/",
    "/reference/regions/new/",
    "/reference/regions/KR/edit/",
    "/reference/groups/new/",
    "/reference/groups/jjj/edit/",
]


@pytest.mark.parametrize("who", ["unit_a_staff", "leader"])
@pytest.mark.parametrize("url", EDIT_URLS)
def test_readers_get_403_on_edit_pages(client_for, cast, who, url):
    assert client_for(cast[who]).get(url).status_code == 403


@pytest.mark.parametrize("who", ["unit_a_staff", "leader"])
def test_denied_posts_change_nothing_and_write_no_audit(client_for, cast, audit_count, who):
    client = client_for(cast[who])
    before = audit_count()
    posts = [
        ("/reference/divisions/13/edit/", {"name": "改名"}),
        ("/reference/regions/new/", {"code": "PL", "kind": "country", "name": "波兰"}),
        ("/reference/regions/KR/edit/", {"name": "改名", "position": 1}),
        ("/reference/groups/new/", {"code": "x", "name": "新组"}),
        ("/reference/groups/jjj/edit/", {"name": "改名", "position": 1}),
        ("/reference/groups/jjj/delete/", {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert IndustryDivision.objects.get(code="13").name == "农副食品加工业"
    assert Region.objects.get(code="KR").name == "韩国"
    assert not Region.objects.filter(code="PL").exists()
    assert not RegionGroup.objects.filter(code="x").exists()
    assert RegionGroup.objects.get(code="jjj").name == "京津冀"
    assert audit_count() == before


LIST_URLS = [
    "/reference/",
    "/reference/industries/",
    "/reference/strategic-fields/",
    "/reference/regions/",
    "/reference/groups/",
]


@pytest.mark.parametrize("url", LIST_URLS)
def test_anonymous_is_sent_to_log_in(client_for, url):
    response = client_for(None).get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["unit_a_staff", "leader", "bureau_admin"])
@pytest.mark.parametrize("url", LIST_URLS)
def test_project_workers_read_the_lists(client_for, cast, who, url):
    assert client_for(cast[who]).get(url).status_code == 200


@pytest.mark.parametrize("who", ["cadre", "sysadmin", "auditor"])
def test_others_may_not_read_the_lists(client_for, cast, who):
    assert client_for(cast[who]).get("/reference/regions/").status_code == 403


def test_readers_see_no_edit_buttons(client_for, cast):
    body = client_for(cast["unit_a_staff"]).get("/reference/groups/").content.decode()
    assert "京津冀" in body and "/reference/groups/jjj/edit/" not in body
    body = client_for(cast["bureau_admin"]).get("/reference/groups/").content.decode()
    assert "/reference/groups/jjj/edit/" in body and "data-confirm" in body


def test_navigation_shows_reference_data_to_the_bureau_only(client_for, cast):
    def nav(who):
        body = client_for(cast[who]).get("/").content.decode()
        return body.split('id="main-nav"')[1].split("</ul>")[0]

    assert "/reference/" in nav("bureau_admin")
    assert "/reference/" not in nav("unit_a_staff")


def test_industry_list_filters_by_section_sector_and_search(client_for, cast):
    client = client_for(cast["leader"])
    body = client.get("/reference/industries/?section=C&sector=3").content.decode()
    assert "金属制品、机械和设备修理业" in body and "农副食品加工业" not in body
    body = client.get("/reference/industries/?q=造纸").content.decode()
    assert "造纸和纸制品业" in body and "农副食品加工业" not in body


def test_region_list_filters_by_kind_and_group(client_for, cast):
    client = client_for(cast["leader"])
    body = client.get("/reference/regions/?kind=country&per_page=100").content.decode()
    assert "韩国" in body and "河北省" not in body
    body = client.get("/reference/regions/?group=jjj").content.decode()
    assert "河北省" in body and "上海市" not in body


def test_index_shows_the_counts(client_for, cast):
    response = client_for(cast["leader"]).get("/reference/")
    counts = response.context["counts"]
    assert (counts["sections"], counts["divisions"], counts["strategic_fields"]) == (20, 97, 9)
    assert counts["provinces"] == 34
    assert [s["count"] for s in counts["sectors"]] == [4, 43, 50]
    assert [g.code for g in response.context["groups"]] == ["jjj", "csj", "zsj"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/reference/",
        "/reference/industries/?per_page=100",
        "/reference/regions/?per_page=200",
        "/reference/groups/?per_page=100",
    ],
)
def test_list_query_count_does_not_grow_with_rows(client_for, cast, url):
    admin = cast["bureau_admin"]
    client = client_for(admin)
    client.get(url)  # warm the session
    few = _queries(client, url)
    new_regions = [
        services.region_create(
            actor=admin, code=f"X{chr(65 + i)}", name=f"测试地区{i}", kind=RegionKind.COUNTRY
        )
        for i in range(15)
    ]
    for i in range(5):
        services.region_group_create(
            actor=admin, code=f"g{i}", name=f"测试分组{i}", regions=new_regions[i::5]
        )
    many = _queries(client, url)
    assert many == few, (url, few, many)
