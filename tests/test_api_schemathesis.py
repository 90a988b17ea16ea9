"""Schemathesis against the API, in process: no request it generates from the OpenAPI schema
gets a server error (5xx).

The schema is the one ``/api/schema/`` serves, generated at collection time (the generator needs
no database), so that every operation becomes its own test. Each runs, reads and writes alike,
with the token of the bureau administrator, who may do everything the API offers. Path
parameters are pointed at rows that exist, so that writes reach the services instead of
stopping at 404. The run is deterministic and bounded, so that CI stays stable and quick.
"""

import itertools
import zlib
from types import SimpleNamespace

import pytest
import schemathesis
from django.test.client import ClientHandler
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from tests.assessment.methods import method_text
from tests.mechanisms.api_rows import mechanisms_rows
from zhaoshang.assessment import services_dispatch, services_scores, services_tours
from zhaoshang.assessment.models import AssessmentYear, GroupMember, MonthlyReport, UnitGroup
from zhaoshang.projects import services
from zhaoshang.projects.models import DropReason, Platform, Project, Stage
from zhaoshang.reference.models import RegionGroup

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 25

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 2026,
        "suppress-health-check": ["all"],
        "generation": {
            "max-examples": EXAMPLES_PER_OPERATION,
            "deterministic": True,
            "database": "none",
        },
    }
)
schema = schemathesis.openapi.from_dict(
    SchemaGenerator().get_schema(request=None, public=True), config=CONFIG
)


class InProcessApp:
    """Django as a WSGI app that keeps the test's database connection, and so its
    transaction, open between requests, as Django's own test client does; the plain
    ``WSGIHandler`` closes it at the end of every request."""

    def __init__(self):
        self.handler = ClientHandler(enforce_csrf_checks=True)

    def __call__(self, environ, start_response):
        response = self.handler(environ)
        headers = [*response.items()]
        headers += [
            ("Set-Cookie", cookie.output(header="")) for cookie in response.cookies.values()
        ]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return [response.content]


APP = InProcessApp()


def _open_tour(cast, units):
    """A tour open for scoring with the bureau administrator as its judge, so that generated
    marks reach the service."""
    admin = cast["bureau_admin"]
    year, _new = AssessmentYear.objects.get_or_create(year=2025, defaults={"name": "2025"})
    group, _new = UnitGroup.objects.get_or_create(year=year, code="zones", name="开发区组")
    GroupMember.objects.get_or_create(year=year, unit=units["zone1"], defaults={"group": group})
    tour = services_tours.tour_create(actor=admin, year=year, quarter=1, mode="unit")
    criteria = [{"name": "项目建设进度", "weight": 100, "max_score": 100}]
    services_tours.tour_set_criteria(actor=admin, tour=tour, criteria=criteria)
    services_tours.tour_judge_save(actor=admin, tour=tour, user=admin)
    entry = services_tours.tour_entry_add(actor=admin, tour=tour, unit=units["zone1"])
    return services_tours.tour_open(actor=admin, tour=tour), entry


def _targeting_rows(cast, units):
    """An investor with a contact, a trip with a visit, a lead, a site and a catalogue
    project, named by the targeting endpoints' path parameters."""
    from datetime import date
    from decimal import Decimal

    from zhaoshang.reference.models import IndustryDivision, Region
    from zhaoshang.targeting import services_chains, services_investors, services_work

    staff, admin = cast["unit_a_staff"], cast["bureau_admin"]
    beijing, division = Region.objects.get(code="11"), IndustryDivision.objects.get(code="35")
    investor = services_investors.investor_create(
        actor=staff, unit=units["zone1"], name="北京测试农机有限公司", region=beijing
    )
    contact = services_investors.contact_save(
        actor=staff, investor=investor, name="王建华", phone="13812341234"
    )
    trip = services_work.trip_save(
        actor=staff,
        unit=units["zone1"],
        title="赴京招商",
        region=beijing,
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 3),
    )
    visit = services_work.visit_save(
        actor=staff, trip=trip, investor=investor, date=date(2026, 3, 2), summary="拜访"
    )
    lead = services_work.lead_report(
        actor=staff,
        unit=units["zone1"],
        visit=visit,
        name="农机扩产项目",
        origin_region=beijing,
        industry=division,
        total_investment=Decimal("100"),
    )
    chain = services_chains.chain_save(actor=admin, code="tgt", name="农机制造", kind="leading")
    link = services_chains.link_save(
        actor=admin, chain=chain, code="tgt-a", name="整机", segment="mid"
    )
    platform = Platform.objects.get(code="zone1-park")
    site = services_chains.site_save(
        actor=admin,
        code="tgt-site",
        platform=platform,
        kind="parcel",
        name="A-01",
        area_mu=Decimal("10"),
    )
    item = services_chains.catalogue_item_save(
        actor=admin,
        name="整机项目",
        link=link,
        platform=platform,
        investment=Decimal("1"),
        content="x",
        contact_unit=units["zone1"],
        status="published",
    )
    return {
        "/api/v1/targeting/investors/": {"public_id": str(investor.public_id)},
        "/api/v1/targeting/contacts/": {"public_id": str(contact.public_id)},
        "/api/v1/targeting/trips/": {"public_id": str(trip.public_id)},
        "/api/v1/targeting/visits/": {"public_id": str(visit.public_id)},
        "/api/v1/targeting/leads/": {"public_id": str(lead.public_id)},
        "/api/v1/targeting/sites/": {"code": site.code},
        "/api/v1/targeting/catalogue/": {"public_id": str(item.public_id)},
    }


def _policy_rows(cast):
    """A policy with an incentive rule citing it, and a handbook, named by the policy
    endpoints' path parameters (the more specific paths first: they share a prefix)."""
    from datetime import date
    from decimal import Decimal

    from zhaoshang.policies import services as policy_services
    from zhaoshang.policies import services_handbooks, services_rules
    from zhaoshang.policies.models import PolicyCategory

    admin = cast["bureau_admin"]
    land = PolicyCategory.objects.get(code="land")
    policy = policy_services.policy_create(
        actor=admin,
        title="沧澜县标准厂房管理办法",
        level="county",
        issuer="沧澜县人民政府办公室",
        doc_number="沧政办发〔2024〕3号",
        issued_on=date(2024, 1, 22),
        full_text="第一条 目的。\n第二条 前三年免收租金。",
        categories=[land],
    )
    rule = services_rules.rule_save(
        actor=admin,
        conditions=[("sector", "2")],
        name="标准厂房免租",
        policy=policy,
        summary="免租",
        benefit_kind="fixed",
        amount=Decimal("10"),
    )
    handbook = services_handbooks.handbook_compile(
        actor=admin, title="汇编", compiler="招商局", categories=[land]
    )
    return {
        "/api/v1/policies/incentives/": {"public_id": str(rule.public_id)},
        "/api/v1/policies/handbooks/": {"public_id": str(handbook.public_id)},
        "/api/v1/policies/": {"public_id": str(policy.public_id)},
    }


@pytest.fixture
def rows(cast, units, make_project):
    """Rows that exist: what the path parameters name, and the codes a body or a filter may
    use for its related rows."""
    project = make_project(unit=units["zone1"])
    Platform.objects.create(code="zone1-park", name="经开区装备制造园", unit=units["zone1"])
    enterprise = services.enterprise_save(actor=cast["bureau_admin"], name="沧澜测试实业有限公司")
    unit_codes = ["zone1", "zone1-office", "town1", "county"]
    people = [cast["unit_a_head"].username, cast["unit_a_staff"].username]
    tour, entry = _open_tour(cast, units)
    admin = cast["bureau_admin"]
    report = services_dispatch.report_open(
        actor=admin, year=tour.year, unit=units["zone1"], month=1
    )
    services_scores.method_save(actor=admin, year=tour.year, document=method_text("efficacy.yaml"))
    ranking = services_scores.ranking_publish(actor=admin, year=tour.year, through_month=12)
    mechanisms = mechanisms_rows(cast, units, make_project)
    targeting = _targeting_rows(cast, units)
    policies = _policy_rows(cast)
    return SimpleNamespace(
        project=project,
        report=report,
        turn=itertools.count(),
        paths={
            "/api/v1/projects/": {"code": project.code, "project_code": project.code},
            "/api/v1/enterprises/": {"public_id": str(enterprise.public_id)},
            "/api/v1/units/": {"code": "zone1"},
            "/api/v1/reference/industries/": {"code": "31"},
            "/api/v1/reference/regions/": {"code": "11"},
            "/api/v1/reference/region-groups/": {"code": "jjj"},
            "/api/v1/reference/strategic-fields/": {"code": "1"},
            "/api/v1/reference/stages/": {"code": "signed"},
            "/api/v1/reference/drop-reasons/": {"code": "other"},
            "/api/v1/assessment/tours/": {"public_id": str(tour.public_id)},
            "/api/v1/assessment/reports/": {"public_id": str(report.public_id)},
            "/api/v1/assessment/rankings/": {"public_id": str(ranking.public_id)},
            "/api/v1/assessment/scores/": {"year": 2025},
            **targeting,
            **policies,
            **mechanisms,
        },
        codes={
            "unit": unit_codes,
            "team_unit": unit_codes,
            "industry": ["31", "65", "35", "01"],
            "origin_region": ["11", "31", "44", "KR"],
            "region": ["11", "13"],
            "region_group": list(RegionGroup.objects.values_list("code", flat=True)),
            "strategic_field": ["1", "9"],
            "platform": list(Platform.objects.values_list("code", flat=True)),
            "enterprise": [str(enterprise.public_id)],
            "team_leader": [cast["leader"].username],
            "team_manager": people,
            "team_assistant": people,
            "stage": list(Stage.objects.values_list("code", flat=True)),
            # Steps a new project can take without first gathering a stage's evidence.
            "to_stage": ["paused", "dropped", "negotiating"],
            "drop_reason": list(DropReason.objects.values_list("code", flat=True)),
            "entry": [str(entry.public_id)],
            "department": ["fgw", "sthj"],
            "owner_unit": unit_codes,
        },
    )


def _aim(values, rows, turn):
    """Generated codes become codes of existing rows, so that a request gets past the lookups
    into the services. The turn varies the pick: few distinct strings are generated."""
    for name, value in values.items():
        choices = rows.codes.get(name)
        if choices and isinstance(value, str):
            digest = zlib.crc32(value.encode("utf-8", "surrogatepass"))
            values[name] = choices[(digest + turn) % len(choices)]


@pytest.fixture
def token(cast):
    return Token.objects.get_or_create(user=cast["bureau_admin"])[0].key


@schema.parametrize()
def test_no_generated_request_gets_a_server_error(case, rows, token):
    if case.path_parameters:
        prefix = next(p for p in rows.paths if case.operation.path.startswith(p))
        case.path_parameters = {**case.path_parameters, **rows.paths[prefix]}
    # Every other request names existing rows and the version just read, as a well-behaved
    # client does; the others are sent as generated.
    turn = next(rows.turn)
    if turn % 2:
        for values in (case.query, case.body):
            if isinstance(values, dict):
                _aim(values, rows, turn)
        if isinstance(case.body, dict) and "version" in case.body:
            case.body["version"] = Project.objects.get(pk=rows.project.pk).version
            if case.operation.path.startswith("/api/v1/assessment/reports/"):
                case.body["version"] = MonthlyReport.objects.get(pk=rows.report.pk).version
    case.call_and_validate(
        app=APP, headers={"Authorization": f"Token {token}"}, checks=[not_a_server_error]
    )
