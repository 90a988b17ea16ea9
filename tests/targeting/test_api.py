"""/api/v1/targeting/: the same scope as the pages (404 out of scope, 403 without the action),
contacts masked everywhere but on one audited contact read, and a lead reported by API."""

from decimal import Decimal

import pytest
from django.test import Client

from tests.test_api import Api
from zhaoshang.core.models import AuditEvent
from zhaoshang.targeting import services_chains
from zhaoshang.targeting.models import Lead

pytestmark = pytest.mark.django_db
BASE = "/api/v1/targeting"


@pytest.fixture
def api():
    return lambda user: Api(Client(), user)


def test_investor_list_masks_contacts_and_follows_scope(api, cast, contact):
    rows = api(cast["unit_a_staff"]).get(f"{BASE}/investors/").json()["results"]
    assert [r["name"] for r in rows] == [contact.investor.enterprise.name]
    assert rows[0]["contacts"][0]["phone"] == "138****1234"
    assert rows[0]["contacts"][0]["id_number"] == "1101**********1234"
    assert api(cast["unit_b_staff"]).get(f"{BASE}/investors/").json()["results"] == []
    url = f"{BASE}/investors/{contact.investor.public_id}/"
    assert api(cast["unit_b_staff"]).get(url).status_code == 404
    assert api(cast["cadre"]).get(f"{BASE}/investors/").status_code == 403


def test_contact_list_is_masked_and_one_contact_read_is_full_and_audited(api, cast, contact):
    body = api(cast["bureau_admin"]).get(f"{BASE}/contacts/").content.decode()
    assert "13812341234" not in body and "138****1234" in body
    url = f"{BASE}/contacts/{contact.public_id}/"
    before = AuditEvent.objects.count()
    assert api(cast["leader"]).get(url).status_code == 403
    assert AuditEvent.objects.count() == before
    assert api(cast["unit_b_staff"]).get(url).status_code == 404
    data = api(cast["unit_a_staff"]).get(url).json()
    assert data["phone"] == "13812341234" and data["id_number"] == "110101199001011234"
    assert AuditEvent.objects.filter(action="personal_read", actor=cast["unit_a_staff"]).exists()


def test_trips_visits_and_leads_follow_scope(api, cast, visit, lead):
    for path, public_id in (
        ("trips", visit.trip.public_id),
        ("visits", visit.public_id),
        ("leads", lead.public_id),
    ):
        assert api(cast["unit_a_head"]).get(f"{BASE}/{path}/{public_id}/").status_code == 200
        assert api(cast["unit_b_staff"]).get(f"{BASE}/{path}/{public_id}/").status_code == 404
        assert api(cast["approval_officer"]).get(f"{BASE}/{path}/").status_code == 403
    trip = api(cast["leader"]).get(f"{BASE}/trips/{visit.trip.public_id}/").json()
    assert trip["visits"][0]["investor_name"] == visit.investor.enterprise.name


def test_a_cadre_reports_a_lead_through_the_api(api, cast, units):
    response = api(cast["cadre"]).post(
        f"{BASE}/leads/",
        {
            "name": "光伏组件项目",
            "investor_name": "江苏某光伏有限公司",
            "unit": "zone1",
            "origin_region": "32",
            "industry": "38",
            "total_investment": "20000",
            "referrer_kind": "investor",
        },
    )
    assert response.status_code == 201, response.content
    lead = Lead.objects.get(name="光伏组件项目")
    assert lead.unit == units["zone1"] and lead.reported_by == cast["cadre"]
    bad = api(cast["cadre"]).post(f"{BASE}/leads/", {"name": "x"})
    assert bad.status_code == 400 and Lead.objects.count() == 1
    assert api(cast["auditor"]).post(f"{BASE}/leads/", {}).status_code == 403


def test_chains_sites_and_catalogue_are_county_wide_but_need_the_action(
    api, cast, chain, site, units
):
    services_chains.catalogue_item_save(
        actor=cast["bureau_admin"],
        name="整机项目",
        link=chain.links.first(),
        platform=site.platform,
        investment=Decimal("100"),
        content="x",
        contact_unit=units["zone1"],
        status="published",
    )
    client = api(cast["unit_b_staff"])
    chains = client.get(f"{BASE}/chains/").json()
    assert chains[0]["links"][0]["is_weak"] is True
    assert client.get(f"{BASE}/sites/{site.code}/").json()["status"] == "available"
    assert client.get(f"{BASE}/catalogue/").json()["results"][0]["name"] == "整机项目"
    for path in ("chains", "sites", "catalogue"):
        assert api(cast["cadre"]).get(f"{BASE}/{path}/").status_code == 403
