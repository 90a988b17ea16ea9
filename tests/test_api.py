"""The REST API: token and session auth, the same scope and services as the pages, filters by
code, optimistic locking, query counts and the Chinese OpenAPI schema."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from rest_framework.authtoken.models import Token

from zhaoshang.api.serializers import PROJECT_WRITE_FIELDS
from zhaoshang.core.models import AuditEvent
from zhaoshang.orgs.models import Membership
from zhaoshang.projects import services
from zhaoshang.projects.identity import clean_credit_code, credit_code_check_char
from zhaoshang.projects.models import CreditShare, Enterprise, Project, Transition

pytestmark = pytest.mark.django_db

PROJECTS = "/api/v1/projects/"


class Api:
    """A machine client: every request carries the user's token."""

    def __init__(self, client, user):
        self.client = client
        self.user = user
        key = Token.objects.get_or_create(user=user)[0].key
        self.headers = {"Authorization": f"Token {key}"}

    def get(self, url, params=None):
        return self.client.get(url, params or {}, headers=self.headers)

    def _send(self, method, url, data):
        return getattr(self.client, method)(
            url, data, content_type="application/json", headers=self.headers
        )

    def post(self, url, data):
        return self._send("post", url, data)

    def patch(self, url, data):
        return self._send("patch", url, data)

    def put(self, url, data):
        return self._send("put", url, data)


@pytest.fixture
def api():
    return lambda user: Api(Client(), user)


def _state(project):
    project = Project.objects.get(pk=project.pk)
    return (
        project.stage_id,
        project.version,
        project.name,
        Transition.objects.filter(project=project).count(),
        AuditEvent.objects.count(),
    )


def _codes(response):
    assert response.status_code == 200, response.content
    return {row["code"] for row in response.json()["results"]}


def _credit_code(first17="91130000MA0000001"):
    return first17 + credit_code_check_char(first17)


# --- authentication ----------------------------------------------------------------------------


def test_anonymous_gets_401_with_a_token_challenge(client):
    for url in (PROJECTS, "/api/v1/units/", "/api/schema/", "/api/v1/nowhere/"):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"] == "Token"


def test_an_unknown_token_gets_401(client):
    for url in (PROJECTS, "/api/schema/"):
        response = client.get(url, headers={"Authorization": "Token not-a-real-token"})
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
    response = client.get(PROJECTS, headers={"Authorization": "Basic eDp5"})
    assert response.status_code == 401


def test_drf_create_token_issues_a_working_token(client, cast, make_project):
    project = make_project()
    out = io.StringIO()
    call_command("drf_create_token", cast["unit_a_staff"].username, stdout=out)
    key = out.getvalue().split()[2]
    assert Token.objects.get(key=key).user == cast["unit_a_staff"]
    response = client.get(PROJECTS, headers={"Authorization": f"Token {key}"})
    assert _codes(response) == {project.code}


def test_a_deactivated_users_token_stops_working(api, cast):
    staff = cast["unit_a_staff"]
    client = api(staff)
    assert client.get(PROJECTS).status_code == 200
    staff.is_active = False
    staff.save(update_fields=["is_active"])
    assert client.get(PROJECTS).status_code == 401


def test_session_user_reads_the_api(client_for, cast, make_project):
    project = make_project()
    response = client_for(cast["unit_a_staff"]).get(PROJECTS)
    assert _codes(response) == {project.code}


def test_session_writes_need_the_csrf_token(cast, make_project):
    project = make_project()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast["unit_a_staff"])
    response = browser.patch(
        f"{PROJECTS}{project.code}/",
        {"name": "改名项目", "version": project.version},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Project.objects.get(pk=project.pk).name == project.name


# --- scope -------------------------------------------------------------------------------------


def test_unit_staff_lists_only_their_units_projects(api, cast, units, make_project):
    mine = make_project()
    theirs = make_project(actor=cast["unit_b_staff"], unit=units["town1"])
    assert _codes(api(cast["unit_a_staff"]).get(PROJECTS)) == {mine.code}
    assert _codes(api(cast["unit_b_staff"]).get(PROJECTS)) == {theirs.code}
    assert _codes(api(cast["bureau_admin"]).get(PROJECTS)) == {mine.code, theirs.code}


def test_unit_staff_gets_404_for_other_units_project_and_changes_nothing(
    api, cast, units, make_project, ref
):
    project = make_project(actor=cast["unit_b_staff"], unit=units["town1"])
    client = api(cast["unit_a_staff"])
    url = f"{PROJECTS}{project.code}/"
    before = _state(project)
    assert client.get(url).status_code == 404
    assert client.get(f"{url}transitions/").status_code == 404
    assert client.patch(url, {"name": "冒领项目", "version": project.version}).status_code == 404
    response = client.put(
        url,
        {
            "name": "冒领项目",
            "investor_name": "某公司",
            "unit": "zone1",
            "origin_region": "11",
            "industry": "31",
            "total_investment": "100",
            "version": project.version,
        },
    )
    assert response.status_code == 404
    response = client.post(f"{url}transitions/", {"to_stage": "dropped", "drop_reason": "other"})
    assert response.status_code == 404
    assert _state(project) == before


def test_leader_reads_but_may_not_change(api, cast, make_project):
    project = make_project()
    client = api(cast["leader"])
    url = f"{PROJECTS}{project.code}/"
    assert client.get(url).json()["code"] == project.code
    before = _state(project)
    response = client.patch(url, {"name": "领导改名", "version": project.version})
    assert response.status_code == 403
    response = client.post(f"{url}transitions/", {"to_stage": "paused"})
    assert response.status_code == 403
    assert client.post(PROJECTS, {"name": "x"}).status_code == 403
    assert _state(project) == before


def test_in_scope_without_the_action_is_403_with_the_services_message(
    api, cast, units, make_project
):
    """Unit A's staff who also assess county-wide see unit B's project but may not change it."""
    project = make_project(actor=cast["unit_b_staff"], unit=units["town1"])
    staff = cast["unit_a_staff"]
    Membership.objects.create(user=staff, unit=units["county"], role="assessor")
    client = api(staff)
    url = f"{PROJECTS}{project.code}/"
    before = _state(project)
    assert client.get(url).status_code == 200
    response = client.patch(url, {"name": "冒领项目", "version": project.version})
    assert response.status_code == 403
    response = client.post(f"{url}transitions/", {"to_stage": "dropped", "drop_reason": "other"})
    assert response.status_code == 403
    with translation.override("zh-hans"):
        assert response.json()["detail"] == gettext("You may not move this project.")
    assert _state(project) == before


def test_cadre_has_no_project_api(api, cast):
    client = api(cast["cadre"])
    assert client.get(PROJECTS).status_code == 403
    assert client.get("/api/v1/enterprises/").status_code == 403


def test_create_refuses_a_unit_outside_the_users_scope(api, cast):
    response = api(cast["unit_a_staff"]).post(
        PROJECTS,
        {
            "name": "越权登记项目",
            "investor_name": "某投资公司",
            "unit": "town1",
            "origin_region": "11",
            "industry": "31",
            "total_investment": "1000",
        },
    )
    assert response.status_code == 400 and "unit" in response.json()
    assert not Project.objects.exists()


def test_unit_filter_offers_only_visible_units(api, cast, units, make_project):
    make_project(actor=cast["unit_b_staff"], unit=units["town1"])
    response = api(cast["unit_a_staff"]).get(PROJECTS, {"unit": "town1"})
    assert response.status_code == 400 and "unit" in response.json()


# --- writes through the services ---------------------------------------------------------------


def test_create_runs_the_same_service_as_the_page(api, cast):
    response = api(cast["unit_a_staff"]).post(
        PROJECTS,
        {
            "name": "高端农机装备制造项目",
            "investor_name": "江苏农机集团",
            "unit": "zone1",
            "origin_region": "32",
            "industry": "35",
            "strategic_field": "2",
            "total_investment": "60000",
            "team_manager": cast["unit_a_head"].username,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    project = Project.objects.get(code=body["code"])
    assert body["code"].startswith(f"P{timezone.localdate().year}-")
    assert response["Location"].endswith(f"{PROJECTS}{project.code}/")
    assert (body["sector"], body["is_major"], body["stage"]["code"]) == (2, True, "negotiating")
    assert body["unit"] == {"code": "zone1", "name": "沧澜经济开发区"}
    assert body["industry"]["code"] == "35" and body["team_manager"] == "zone1_head"
    assert body["version"] == 1 and body["suspected_repeat"] is False
    assert project.reported_by == cast["unit_a_staff"]
    assert CreditShare.objects.get(project=project).percent == 100
    assert Transition.objects.filter(project=project).count() == 1
    event = AuditEvent.objects.get(action="create", object_id=project.code)
    assert event.actor == cast["unit_a_staff"]


def test_read_only_fields_are_ignored_on_create(api, cast):
    response = api(cast["unit_a_staff"]).post(
        PROJECTS,
        {
            "name": "只读字段测试项目",
            "investor_name": "某实业公司",
            "unit": "zone1",
            "origin_region": "11",
            "industry": "65",
            "total_investment": "100",
            "code": "P1999-99999",
            "sector": 1,
            "is_major": True,
            "stage": "producing",
            "verified_at": "2026-01-01T00:00:00+08:00",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["code"] != "P1999-99999"
    assert (body["sector"], body["is_major"], body["stage"]["code"]) == (3, False, "negotiating")
    assert body["verified_at"] is None


def test_bad_input_gets_chinese_field_errors_and_saves_nothing(api, cast):
    response = api(cast["unit_a_staff"]).post(
        PROJECTS, {"name": "", "unit": "zone1", "industry": "XX", "total_investment": "-5"}
    )
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) >= {"name", "investor_name", "origin_region", "industry", "total_investment"}
    assert errors["investor_name"] == ["该字段是必填项。"]
    assert not Project.objects.exists()


def test_update_needs_the_version_and_refuses_a_stale_one(api, cast, make_project):
    project = make_project()
    client = api(cast["unit_a_staff"])
    url = f"{PROJECTS}{project.code}/"
    response = client.patch(url, {"name": "无版本号"})
    assert response.status_code == 400 and "version" in response.json()
    response = client.patch(url, {"next_action": "约见客商", "version": 1})
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2 and response.json()["next_action"] == "约见客商"
    before = _state(project)
    response = client.patch(url, {"name": "过期修改", "version": 1})
    assert response.status_code == 409
    with pytest.raises(ValidationError) as refused:
        services.project_update(
            actor=cast["unit_a_staff"], project=project, expected_version=1, name="过期修改"
        )
    assert response.json()["detail"] == refused.value.messages[0]
    assert _state(project) == before


def test_put_changes_the_project_through_the_service(api, cast, make_project):
    project = make_project()
    response = api(cast["unit_a_staff"]).put(
        f"{PROJECTS}{project.code}/",
        {
            "name": "软件园项目",
            "investor_name": "乙软件",
            "unit": "zone1",
            "origin_region": "31",
            "industry": "65",
            "total_investment": "80000",
            "version": project.version,
        },
    )
    assert response.status_code == 200, response.content
    project.refresh_from_db()
    assert (project.name, project.sector, project.is_major) == ("软件园项目", 3, True)
    assert AuditEvent.objects.filter(action="update", object_id=project.code).exists()


def test_an_edit_that_breaks_a_reached_stage_is_refused_with_the_services_message(
    api, cast, units, make_project
):
    from zhaoshang.projects.models import Stage, StageRequirement

    project = make_project(signing_date=datetime.date(2026, 3, 5))
    # Make the first stage require a signing date, so the edit below takes away what it needs.
    first = Stage.objects.get(code="negotiating")
    StageRequirement.objects.create(stage=first, rule="signing_date")
    response = api(cast["unit_a_staff"]).patch(
        f"{PROJECTS}{project.code}/", {"signing_date": None, "version": project.version}
    )
    assert response.status_code == 400
    assert "签约日期" in response.json()["non_field_errors"][0]
    assert Project.objects.get(pk=project.pk).signing_date == datetime.date(2026, 3, 5)


def test_write_fields_are_the_services_editable_fields():
    assert set(PROJECT_WRITE_FIELDS) == services.EDITABLE


# --- transitions -------------------------------------------------------------------------------


def _page_refusal(client_for, user, project, to_stage):
    client = client_for(user)
    response = client.post(f"/projects/{project.code}/transition/", {"to_stage": to_stage})
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_stage_skip_is_refused_with_the_pages_message_and_changes_nothing(
    api, cast, client_for, make_project
):
    project = make_project()
    before = _state(project)
    response = api(cast["unit_a_staff"]).post(
        f"{PROJECTS}{project.code}/transitions/", {"to_stage": "approving", "version": 1}
    )
    assert response.status_code == 400
    message = response.json()["non_field_errors"]
    assert message == _page_refusal(client_for, cast["unit_a_staff"], project, "approving")
    assert "跳过" in message[0]
    assert _state(project) == before


def test_a_missing_requirement_is_named_as_on_the_page(api, cast, client_for, make_project):
    project = make_project()
    before = _state(project)
    response = api(cast["unit_a_staff"]).post(
        f"{PROJECTS}{project.code}/transitions/", {"to_stage": "signed"}
    )
    assert response.status_code == 400
    message = response.json()["non_field_errors"]
    assert message == _page_refusal(client_for, cast["unit_a_staff"], project, "signed")
    assert "签约日期" in message[0]
    assert _state(project) == before


def test_pause_through_the_api_and_list_the_transitions(api, cast, make_project):
    project = make_project()
    client = api(cast["unit_a_staff"])
    url = f"{PROJECTS}{project.code}/transitions/"
    response = client.post(url, {"to_stage": "paused"})
    assert response.status_code == 400
    with translation.override("zh-hans"):
        expected = gettext("Pausing needs a reason and a resume date.")
    assert response.json()["non_field_errors"] == [expected]
    response = client.post(
        url,
        {
            "to_stage": "paused",
            "reason": "客商资金调整",
            "resume_date": "2026-09-01",
            "note": "等待集团决策",
            "version": 1,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["from_stage"]["code"] == "negotiating" and body["to_stage"]["code"] == "paused"
    assert body["actor"] == "zone1_staff" and body["reason"] == "客商资金调整"
    project.refresh_from_db()
    assert project.stage.code == "paused" and project.version == 2
    listed = client.get(url).json()["results"]
    assert [(t["from_stage"], t["to_stage"]["code"]) for t in listed][0] == (
        {"code": "negotiating", "name": "洽谈"},
        "paused",
    )
    assert listed[-1]["from_stage"] is None
    response = client.post(url, {"to_stage": "negotiating", "version": 1})
    assert response.status_code == 409
    assert Project.objects.get(pk=project.pk).stage.code == "paused"


def test_drop_needs_an_active_reason_code(api, cast, make_project, ref):
    project = make_project()
    client = api(cast["unit_a_staff"])
    url = f"{PROJECTS}{project.code}/transitions/"
    response = client.post(url, {"to_stage": "dropped", "drop_reason": "no-such-reason"})
    assert response.status_code == 400 and "drop_reason" in response.json()
    response = client.post(url, {"to_stage": "dropped", "drop_reason": "other"})
    assert response.status_code == 201
    assert Project.objects.get(pk=project.pk).drop_reason == ref.reason("other")


# --- lists -------------------------------------------------------------------------------------


def test_filters_take_codes(api, cast, make_project, ref):
    steel = make_project(name="精品钢材项目", investor_name="甲钢铁", industry=ref.division("31"))
    software = make_project(
        name="软件园项目",
        investor_name="乙软件",
        industry=ref.division("65"),
        origin_region=ref.region("31"),
        strategic_field=ref.field("1"),
        total_investment=Decimal("80000"),
    )
    client = api(cast["bureau_admin"])
    assert _codes(client.get(PROJECTS, {"industry": "65"})) == {software.code}
    assert _codes(client.get(PROJECTS, {"sector": "2"})) == {steel.code}
    assert _codes(client.get(PROJECTS, {"stage": "negotiating"})) == {steel.code, software.code}
    assert _codes(client.get(PROJECTS, {"stage": "signed"})) == set()
    assert _codes(client.get(PROJECTS, {"strategic_field": "1"})) == {software.code}
    assert _codes(client.get(PROJECTS, {"origin_region": "11"})) == {steel.code}
    assert _codes(client.get(PROJECTS, {"unit": "zone1"})) == {steel.code, software.code}
    assert _codes(client.get(PROJECTS, {"unit": "town1"})) == set()
    assert _codes(client.get(PROJECTS, {"is_major": "1"})) == {software.code}
    assert _codes(client.get(PROJECTS, {"q": "钢材"})) == {steel.code}
    group = ref.region("11").groups.first()
    assert steel.code in _codes(client.get(PROJECTS, {"region_group": group.code}))
    ordered = client.get(PROJECTS, {"o": "-total_investment"}).json()["results"]
    assert [row["code"] for row in ordered] == [software.code, steel.code]
    response = client.get(PROJECTS, {"stage": "no-such-stage"})
    assert response.status_code == 400 and "stage" in response.json()


def test_a_nul_character_in_a_code_is_refused_not_a_server_error(api, cast, make_project):
    """PostgreSQL refuses NUL even in a lookup; the API answers 400 on both databases."""
    project = make_project()
    client = api(cast["unit_a_staff"])
    response = client.get(PROJECTS, {"stage": "signed\x00"})
    assert response.status_code == 400 and "stage" in response.json()
    response = client.post(
        PROJECTS,
        {
            "name": "空字符项目",
            "investor_name": "某公司",
            "unit": "zone1",
            "origin_region": "11\x00",
            "industry": "31",
            "total_investment": "1",
        },
    )
    assert response.status_code == 400 and "origin_region" in response.json()
    response = client.post(f"{PROJECTS}{project.code}/transitions/", {"to_stage": "\x00"})
    assert response.status_code == 400 and "to_stage" in response.json()


def test_list_pages(api, cast, make_project):
    for _ in range(3):
        make_project()
    client = api(cast["bureau_admin"])
    body = client.get(PROJECTS, {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    assert client.get(PROJECTS, {"page": 9}).status_code == 404


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_projects(api, cast, units, make_project):
    team = {
        "team_leader": cast["leader"],
        "team_unit": units["zone1"],
        "team_manager": cast["unit_a_head"],
        "team_assistant": cast["unit_a_staff"],
    }
    for _ in range(10):
        make_project(**team)
    client = api(cast["bureau_admin"])
    url = f"{PROJECTS}?page_size=200"
    ten = _queries(client, url)
    for _ in range(50):
        make_project(**team)
    sixty = _queries(client, url)
    assert sixty == ten < 20
    assert client.get(url).json()["count"] == 60


def test_transition_list_query_count_does_not_grow(api, cast, make_project, ref):
    project = make_project()
    client = api(cast["unit_a_staff"])
    url = f"{PROJECTS}{project.code}/transitions/"
    one = _queries(client, url)
    for stage, kwargs in (
        ("paused", {"reason": "等待", "resume_date": datetime.date(2026, 9, 1)}),
        ("negotiating", {}),
        ("dropped", {"drop_reason": ref.reason("other")}),
    ):
        services.project_advance_stage(
            actor=cast["unit_a_staff"], project=project, to_stage=ref.stage(stage), **kwargs
        )
    assert _queries(client, url) == one


# --- enterprises, units, reference -------------------------------------------------------------


def test_enterprise_create_checks_the_credit_code(api, cast):
    client = api(cast["unit_a_staff"])
    bad = _credit_code()[:-1] + ("0" if _credit_code()[-1] != "0" else "1")
    response = client.post(
        "/api/v1/enterprises/", {"name": "沧澜新材料有限公司", "credit_code": bad}
    )
    assert response.status_code == 400
    with pytest.raises(ValidationError) as refused, translation.override("zh-hans"):
        clean_credit_code(bad)
    assert response.json()["credit_code"] == refused.value.messages
    assert not Enterprise.objects.exists()
    spaced = " ".join(_credit_code()[i : i + 6] for i in range(0, 18, 6))
    response = client.post(
        "/api/v1/enterprises/",
        {
            "name": "沧澜新材料有限公司",
            "credit_code": spaced,
            "region": "13",
            "industry": "30",
            "registered_locally": True,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["credit_code"] == _credit_code() and body["region"]["code"] == "13"
    enterprise = Enterprise.objects.get(public_id=body["public_id"])
    assert response["Location"].endswith(f"/api/v1/enterprises/{enterprise.public_id}/")
    assert AuditEvent.objects.filter(action="create", object_id=str(enterprise.public_id)).exists()


def test_enterprise_patch_keeps_what_it_does_not_name(api, cast):
    enterprise = services.enterprise_save(
        actor=cast["bureau_admin"], name="甲公司", credit_code=_credit_code(), region=None
    )
    url = f"/api/v1/enterprises/{enterprise.public_id}/"
    response = api(cast["unit_a_staff"]).patch(url, {"registered_locally": True})
    assert response.status_code == 200, response.content
    enterprise.refresh_from_db()
    assert enterprise.credit_code == _credit_code() and enterprise.registered_locally


def test_enterprises_are_read_by_viewers_and_written_by_editors(api, cast):
    enterprise = services.enterprise_save(actor=cast["bureau_admin"], name="乙公司")
    client = api(cast["assessor"])
    assert client.get("/api/v1/enterprises/").json()["count"] == 1
    assert client.get(f"/api/v1/enterprises/{enterprise.public_id}/").status_code == 200
    response = client.patch(f"/api/v1/enterprises/{enterprise.public_id}/", {"name": "改名"})
    assert response.status_code == 403
    assert client.post("/api/v1/enterprises/", {"name": "丙公司"}).status_code == 403
    assert Enterprise.objects.get().name == "乙公司"


def test_project_names_its_enterprise_by_public_id(api, cast, make_project):
    enterprise = services.enterprise_save(
        actor=cast["bureau_admin"], name="丁公司", credit_code=_credit_code()
    )
    project = make_project()
    response = api(cast["unit_a_staff"]).patch(
        f"{PROJECTS}{project.code}/",
        {"enterprise": str(enterprise.public_id), "version": project.version},
    )
    assert response.status_code == 200, response.content
    assert response.json()["enterprise"] == {
        "public_id": str(enterprise.public_id),
        "name": "丁公司",
        "credit_code": _credit_code(),
    }
    response = api(cast["unit_a_staff"]).patch(
        f"{PROJECTS}{project.code}/", {"enterprise": "not-a-uuid", "version": 2}
    )
    assert response.status_code == 400 and "enterprise" in response.json()


def test_units_are_scoped(api, cast):
    client = api(cast["unit_a_staff"])
    assert _codes(client.get("/api/v1/units/")) == {"zone1", "zone1-office"}
    assert client.get("/api/v1/units/town1/").status_code == 404
    body = client.get("/api/v1/units/zone1-office/").json()
    assert body["parent"] == "zone1" and body["kind"] == "dev_zone"
    assert "town1" in _codes(api(cast["bureau_admin"]).get("/api/v1/units/", {"page_size": 200}))
    assert api(cast["auditor"]).get("/api/v1/units/").status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/reference/industries/31/",
        "/api/v1/reference/regions/11/",
        "/api/v1/reference/strategic-fields/1/",
        "/api/v1/reference/stages/signed/",
        "/api/v1/reference/drop-reasons/other/",
    ],
)
def test_reference_rows_by_code(api, cast, url):
    response = api(cast["unit_a_staff"]).get(url)
    assert response.status_code == 200
    assert response.json()["code"] == url.rstrip("/").rsplit("/", 1)[1]


def test_reference_is_read_only_and_needs_project_work(api, cast, ref):
    client = api(cast["unit_a_staff"])
    stage = client.get("/api/v1/reference/stages/signed/").json()
    assert "signing_date" in [r["rule"] for r in stage["requirements"]]
    assert client.get("/api/v1/reference/industries/31/").json()["sector"] == 2
    group = ref.region("11").groups.first()
    body = client.get(f"/api/v1/reference/region-groups/{group.code}/").json()
    assert "11" in body["regions"]
    assert client.post("/api/v1/reference/stages/", {"code": "x"}).status_code == 405
    assert client.patch("/api/v1/reference/stages/signed/", {"name": "x"}).status_code == 405
    assert api(cast["auditor"]).get("/api/v1/reference/industries/").status_code == 403


# --- schema ------------------------------------------------------------------------------------


def test_schema_is_openapi_3_in_chinese(api, cast):
    response = api(cast["unit_a_staff"]).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/projects/",
        "/api/v1/projects/{code}/",
        "/api/v1/projects/{project_code}/transitions/",
        "/api/v1/enterprises/",
        "/api/v1/units/",
        "/api/v1/reference/industries/",
        "/api/v1/reference/region-groups/",
        "/api/v1/reference/drop-reasons/",
    } <= set(schema["paths"])
    project = schema["components"]["schemas"]["ProjectWriteRequest"]["properties"]
    assert project["name"]["title"] == "项目名称"
    assert project["unit"]["title"] == "申报单位"
    assert "项目" in schema["paths"]["/api/v1/projects/"]["get"]["tags"]


def test_the_openapi_schema_is_generated_without_a_single_warning(tmp_path):
    # A warning (such as two choice sets both named "status") makes the deployment check fail.
    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    text = (tmp_path / "schema.yaml").read_text()
    assert "ItemStatusEnum:" in text and "ReviewStatusEnum:" in text
