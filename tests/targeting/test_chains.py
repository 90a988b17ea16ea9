"""Industry chains with weak links, the chain map's data, link pages, the project panel (chain
link and site), platform sites, the promotion catalogue exports and the targeting matrix."""

import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from openpyxl import load_workbook

from zhaoshang.core.models import AuditEvent
from zhaoshang.projects import services as project_services
from zhaoshang.targeting import selectors, services_chains, services_work
from zhaoshang.targeting.models import Chain, ProjectLink, Site

pytestmark = pytest.mark.django_db


def _local(cast, link, name):
    enterprise = project_services.enterprise_save(
        actor=cast["bureau_admin"], name=name, registered_locally=True
    )
    return services_chains.link_enterprise_add(
        actor=cast["bureau_admin"], link=link, enterprise=enterprise, role="local"
    )


def test_a_link_is_weak_below_its_threshold_of_local_enterprises_and_projects(
    cast, chain, make_project
):
    castings = chain.links.get(code="castings")
    _local(cast, castings, "沧澜铸锻有限公司")
    by_code = {link.code: link for link in selectors.links_with_strength([chain.pk])}
    assert by_code["castings"].is_weak and by_code["castings"].strength == 1
    project = make_project()
    services_chains.project_link_set(actor=cast["unit_a_staff"], project=project, link=castings)
    by_code = {link.code: link for link in selectors.links_with_strength([chain.pk])}
    assert not by_code["castings"].is_weak and by_code["castings"].project_count == 1
    assert by_code["assembly"].is_weak and by_code["service"].is_weak


def test_chain_map_page_highlights_weak_links_and_links_to_them(client_for, cast, chain):
    _local(cast, chain.links.get(code="assembly"), "沧澜农机整机有限公司")
    _local(cast, chain.links.get(code="assembly"), "沧澜拖拉机有限公司")
    body = client_for(cast["unit_b_staff"]).get(f"/targeting/chains/{chain.code}/").content
    body = body.decode()
    data = json.loads(
        body.split('id="chain-data" type="application/json">')[1].split("</script>")[0]
    )
    links = {link["name"]: link for segment in data["segments"] for link in segment["links"]}
    assert links["铸锻件"]["weak"] and not links["整机制造"]["weak"]
    assert links["整机制造"]["url"] == "/targeting/links/assembly/"
    weak = body.split('id="weak-links"')[1].split("</div>")[0]
    assert "铸锻件" in weak and "整机制造" not in weak
    assert "<script>" not in body.split('id="chain-data"')[0].split("</head>")[1]


def test_link_page_lists_locals_projects_and_targets(client_for, cast, chain, make_project, ref):
    link = chain.links.get(code="castings")
    _local(cast, link, "沧澜铸锻有限公司")
    target = project_services.enterprise_save(
        actor=cast["bureau_admin"], name="江苏精铸有限公司", region=ref.region("32")
    )
    services_chains.link_enterprise_add(
        actor=cast["bureau_admin"], link=link, enterprise=target, role="target"
    )
    project = make_project(name="铸件扩产项目")
    services_chains.project_link_set(actor=cast["unit_a_staff"], project=project, link=link)
    body = client_for(cast["leader"]).get("/targeting/links/castings/").content.decode()
    assert "沧澜铸锻有限公司" in body.split('id="link-locals"')[1].split("</section>")[0]
    targets = body.split('id="link-targets"')[1].split("</section>")[0]
    assert "江苏精铸有限公司" in targets and "江苏" in targets
    assert "铸件扩产项目" in body.split('id="link-projects"')[1].split("</section>")[0]


def test_projects_on_a_link_follow_project_scope(client_for, cast, chain, make_project, units):
    project = make_project(name="城关镇铸件项目", unit=units["town1"], actor=cast["unit_b_staff"])
    services_chains.project_link_set(
        actor=cast["unit_b_staff"], project=project, link=chain.links.get(code="castings")
    )
    body = client_for(cast["unit_a_staff"]).get("/targeting/links/castings/").content.decode()
    assert "城关镇铸件项目" not in body


def test_only_the_bureau_maintains_chains(client_for, cast, chain, audit_count):
    before = audit_count()
    client = client_for(cast["unit_a_head"])
    assert client.get("/targeting/chains/new/").status_code == 403
    assert client.post(f"/targeting/chains/{chain.code}/links/new/", {}).status_code == 403
    with pytest.raises(PermissionDenied):
        services_chains.chain_save(actor=cast["unit_a_head"], code="x", name="x", kind="leading")
    assert audit_count() == before and Chain.objects.count() == 1
    assert client_for(cast["approval_officer"]).get("/targeting/chains/").status_code == 403


def test_project_panel_sets_the_chain_link(client_for, cast, chain, make_project):
    project = make_project()
    link = chain.links.get(code="service")
    client = client_for(cast["unit_a_staff"])
    response = client.post(f"/targeting/projects/{project.code}/link/", {"link": link.pk})
    assert response.status_code == 302
    assert ProjectLink.objects.get(project=project).link == link
    assert (
        client_for(cast["leader"])
        .post(f"/targeting/projects/{project.code}/link/", {"link": ""})
        .status_code
        == 403
    )
    assert (
        client_for(cast["unit_b_staff"])
        .post(f"/targeting/projects/{project.code}/link/", {"link": ""})
        .status_code
        == 404
    )
    assert ProjectLink.objects.filter(project=project).exists()


def test_a_project_takes_an_available_parcel_from_its_page(client_for, cast, site, make_project):
    project = make_project()
    client = client_for(cast["unit_a_staff"])
    assert "装备园A-01地块" in client.get(f"/projects/{project.code}/").content.decode()
    response = client.post(f"/targeting/projects/{project.code}/site/", {"site": site.pk})
    assert response.status_code == 302
    site.refresh_from_db()
    project.refresh_from_db()
    assert site.status == "taken" and site.project == project
    assert project.platform == site.platform and "装备园A-01地块" in project.site
    assert project.land_secured
    other = make_project()
    with pytest.raises(ValidationError):
        services_chains.site_assign(actor=cast["unit_a_staff"], project=other, site=site)
    services_chains.site_release(actor=cast["unit_a_staff"], site=site)
    site.refresh_from_db()
    assert site.status == "available" and site.project is None


def test_another_units_staff_may_not_take_a_site_for_a_project(cast, site, make_project):
    project = make_project()
    with pytest.raises(PermissionDenied):
        services_chains.site_assign(actor=cast["unit_b_staff"], project=project, site=site)
    site.refresh_from_db()
    assert site.status == "available"


def test_a_parcel_needs_its_area_and_only_the_bureau_adds_sites(cast, platform):
    with pytest.raises(ValidationError):
        services_chains.site_save(
            actor=cast["bureau_admin"], code="p1", platform=platform, kind="parcel", name="x"
        )
    with pytest.raises(PermissionDenied):
        services_chains.site_save(
            actor=cast["unit_a_staff"],
            code="p1",
            platform=platform,
            kind="parcel",
            name="x",
            area_mu=Decimal("10"),
        )
    assert not Site.objects.exists()


def test_platform_page_lists_sites_with_availability(client_for, cast, site):
    body = client_for(cast["unit_b_staff"]).get("/targeting/platforms/?status=available")
    assert "装备园A-01地块" in body.content.decode()
    assert client_for(cast["cadre"]).get("/targeting/platforms/").status_code == 403


@pytest.fixture
def catalogue_item(cast, chain, platform, site, units):
    return services_chains.catalogue_item_save(
        actor=cast["bureau_admin"],
        name="智能农机整机项目",
        link=chain.links.get(code="assembly"),
        platform=platform,
        site=site,
        investment=Decimal("50000"),
        content="建设年产5000台智能拖拉机生产线。",
        incentives='=HYPERLINK("http://x")',
        contact_unit=units["zone1"],
        status="published",
    )


def test_catalogue_docx_uses_the_official_layout(client_for, cast, catalogue_item):
    response = client_for(cast["unit_a_staff"]).get("/targeting/catalogue/catalogue.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "招商项目册" and document.paragraphs[0].style.name == "Title"
    assert "一、农机制造产业链" in texts and "（一）智能农机整机项目" in texts
    section = document.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert document.tables[0].rows[1].cells[1].text == "智能农机整机项目"


def test_catalogue_xlsx_neutralises_formulas_and_leaves_drafts_out(
    client_for, cast, catalogue_item, chain, platform, units
):
    services_chains.catalogue_item_save(
        actor=cast["bureau_admin"],
        name="草稿项目",
        link=chain.links.first(),
        platform=platform,
        investment=Decimal("1"),
        content="x",
        contact_unit=units["zone1"],
    )
    response = client_for(cast["leader"]).get("/targeting/catalogue/catalogue.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == "智能农机整机项目"
    assert rows[1][10].startswith("'=")
    assert AuditEvent.objects.filter(action="export", actor=cast["leader"]).exists()


def test_matrix_marks_cells_where_nobody_works(client_for, cast, chain, units, ref):
    services_work.lead_report(
        actor=cast["cadre"],
        unit=units["zone1"],
        name="铸件项目",
        investor_name="北京某公司",
        origin_region=ref.region("11"),
        industry=ref.division("33"),
        total_investment=Decimal("100"),
        link=chain.links.get(code="castings"),
    )
    body = client_for(cast["bureau_admin"]).get("/targeting/matrix/").content.decode()
    table = body.split('id="matrix-table"')[1]
    rows = {row.split("</a>")[0].rsplit("· ", 1)[-1]: row for row in table.split("<tr>")[2:]}
    castings = rows["铸锻件"]
    cells = castings.split("<td")[1:]
    assert "zs-worked" in cells[0] and "经开区" in cells[0]
    assert all("zs-empty" in cell for cell in cells[1:])
    assert all("zs-empty" in cell for cell in rows["整机制造"].split("<td")[1:])


def _more_rows(cast, chain, platform, units, n):
    admin = cast["bureau_admin"]
    for i in range(n):
        link = services_chains.link_save(
            actor=admin, chain=chain, code=f"extra-{n}-{i}", name=f"环节{n}-{i}", segment="down"
        )
        _local(cast, link, f"沧澜配套{n}-{i}有限公司")
        services_chains.site_save(
            actor=admin,
            code=f"s-{n}-{i}",
            platform=platform,
            kind="building",
            name=f"厂房{n}-{i}",
            floor_area_m2=Decimal("1000"),
        )
        services_chains.catalogue_item_save(
            actor=admin,
            name=f"包装项目{n}-{i}",
            link=link,
            platform=platform,
            investment=Decimal("100"),
            content="x",
            contact_unit=units["zone1"],
            status="published",
        )


@pytest.mark.parametrize(
    "url",
    ["/targeting/chains/", "/targeting/platforms/", "/targeting/catalogue/", "/targeting/matrix/"],
)
def test_county_wide_pages_query_count_does_not_grow(client_for, cast, chain, platform, units, url):
    from tests.targeting.conftest import queries

    client = client_for(cast["unit_a_staff"])
    _more_rows(cast, chain, platform, units, 1)
    few = queries(client, url)
    _more_rows(cast, chain, platform, units, 4)
    assert queries(client, url) == few
