"""The targeting demo: ~200 investors with fictional contacts, trips to the three target
regions, leads (two already projects), the speech's chains with weak links, sites and a
published catalogue; a second run adds nothing."""

import pytest

from zhaoshang.projects.demo import PLATFORMS
from zhaoshang.projects.models import Platform
from zhaoshang.targeting import selectors
from zhaoshang.targeting.demo import load_demo_targeting
from zhaoshang.targeting.models import (
    CatalogueItem,
    Chain,
    Contact,
    Investor,
    Lead,
    Site,
    Trip,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(units):
    for position, (code, name, unit) in enumerate(PLATFORMS):
        Platform.objects.get_or_create(
            code=code, defaults={"name": name, "unit": units[unit], "position": position}
        )
    load_demo_targeting()


def test_demo_has_the_speechs_chains_with_weak_links(demo):
    names = set(Chain.objects.values_list("name", flat=True))
    for industry in ("钢铁", "造纸", "热电", "纺纱", "农机制造", "食品加工", "生猪", "肉鸡"):
        assert f"{industry}产业链" in names
    assert {"奶牛产业链", "果菜产业链", "海产品产业链"} <= names
    assert Chain.objects.filter(kind="strategic").count() >= 3
    links = selectors.links_with_strength()
    assert 10 <= sum(link.is_weak for link in links) < len(links)


def test_demo_investors_trips_and_leads(demo):
    assert 190 <= Investor.objects.count() <= 220
    phones = list(Contact.objects.values_list("phone", flat=True))
    assert len(phones) >= 200 and all(p.startswith("1990000") for p in phones)
    groups = set(Trip.objects.values_list("region__groups__code", flat=True))
    assert {"jjj", "csj", "zsj"} <= groups
    assert Trip.objects.filter(unit__code="bj-group").count() >= 3
    converted = Lead.objects.filter(status="converted").select_related("project")
    assert converted.count() == 2 and all(lead.project.is_lead for lead in converted)
    assert Lead.objects.filter(status="new").exists()
    assert Lead.objects.exclude(referrer_kind="cadre").exists()


def test_demo_sites_and_catalogue_and_idempotence(demo):
    assert Site.objects.filter(status="available").count() >= 10
    assert CatalogueItem.objects.filter(status="published").count() >= 8
    counts = (Investor.objects.count(), Lead.objects.count(), Site.objects.count())
    load_demo_targeting()
    assert (Investor.objects.count(), Lead.objects.count(), Site.objects.count()) == counts
