"""Targeting rows made through the services, in unit A (zone1) unless a test says otherwise."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhaoshang.projects.models import Platform
from zhaoshang.targeting import services_chains, services_investors, services_work


def queries(client, url):
    client.get(url)  # the session and the user's roles are read once, on the first request
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def make_investor(cast, units, ref):
    counter = {"n": 0}

    def make(actor=None, unit=None, **fields):
        counter["n"] += 1
        data = {
            "name": f"测试{counter['n']}号精工装备有限公司",
            "region": ref.region("11"),
            "industry": ref.division("34"),
        }
        data.update(fields)
        return services_investors.investor_create(
            actor=actor or cast["unit_a_staff"], unit=unit or units["zone1"], **data
        )

    return make


@pytest.fixture
def investor(make_investor):
    return make_investor()


@pytest.fixture
def contact(cast, investor):
    return services_investors.contact_save(
        actor=cast["unit_a_staff"],
        investor=investor,
        name="王建华",
        title="总经理",
        phone="13812341234",
        id_number="110101199001011234",
    )


@pytest.fixture
def trip(cast, units, ref):
    return services_work.trip_save(
        actor=cast["unit_a_staff"],
        unit=units["zone1"],
        title="赴北京装备企业招商",
        region=ref.region("11"),
        city="北京",
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 4),
        budget=Decimal("2.5"),
        members=[cast["unit_a_staff"], cast["unit_a_head"]],
    )


@pytest.fixture
def visit(cast, trip, investor):
    return services_work.visit_save(
        actor=cast["unit_a_staff"],
        trip=trip,
        investor=investor,
        date=date(2026, 3, 3),
        summary="介绍投资环境，对方有扩产意向。",
        outcome="有投资意向",
        follow_up="安排来县考察",
        follow_up_date=date(2026, 4, 1),
    )


@pytest.fixture
def lead(cast, units, ref):
    return services_work.lead_report(
        actor=cast["cadre"],
        unit=units["zone1"],
        name="精密铸件扩产项目",
        investor_name="北京精铸科技有限公司",
        origin_region=ref.region("11"),
        industry=ref.division("33"),
        total_investment=Decimal("12000"),
        referrer_kind="investor",
        referrer_name="北京某装备企业",
    )


@pytest.fixture
def platform(units):
    return Platform.objects.get_or_create(
        code="zone1-park", defaults={"name": "经开区装备制造园", "unit": units["zone1"]}
    )[0]


@pytest.fixture
def chain(cast):
    admin = cast["bureau_admin"]
    chain = services_chains.chain_save(
        actor=admin, code="farm-machinery", name="农机制造产业链", kind="leading"
    )
    for n, (code, name, segment) in enumerate(
        [
            ("castings", "铸锻件", "up"),
            ("assembly", "整机制造", "mid"),
            ("service", "农机服务", "down"),
        ]
    ):
        services_chains.link_save(
            actor=admin, chain=chain, code=code, name=name, segment=segment, position=n
        )
    return chain


@pytest.fixture
def site(cast, platform):
    return services_chains.site_save(
        actor=cast["bureau_admin"],
        code="z1-a01",
        platform=platform,
        kind="parcel",
        name="装备园A-01地块",
        area_mu=Decimal("85"),
        price=Decimal("18"),
    )
