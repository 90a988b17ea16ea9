"""Pipeline settings (PRJ-2/3/4): stages as data with dwell limits and requirements, drop
reasons, carrier platforms, the major-project threshold; only the bureau changes them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhaoshang.core.models import AuditEvent
from zhaoshang.projects import requirements, services, settings_services
from zhaoshang.projects.evidence import evidence_add
from zhaoshang.projects.forms import TransitionForm
from zhaoshang.projects.models import (
    CountySettings,
    DropReason,
    Platform,
    Project,
    Stage,
    StageRequirement,
)

pytestmark = pytest.mark.django_db

SETTINGS = "/projects/settings/"


def _rules(code):
    return list(
        StageRequirement.objects.filter(stage__code=code)
        .order_by("position")
        .values_list("rule", flat=True)
    )


def _stage_post(stage, **overrides):
    data = {
        "name": stage.name,
        "max_dwell_days": stage.max_dwell_days or "",
        "rules": _rules(stage.code),
    }
    data.update(overrides)
    return data


def _everything():
    """A picture of all settings, to prove a refused write changed nothing."""
    return (
        list(Stage.objects.values_list("code", "name", "max_dwell_days")),
        list(StageRequirement.objects.values_list("stage__code", "rule")),
        list(DropReason.objects.values_list("code", "name", "is_active", "position")),
        list(Platform.objects.values_list("code", "name", "unit_id")),
        CountySettings.current().major_project_threshold,
        list(Project.objects.values_list("pk", "is_major", "stage_deadline")),
        AuditEvent.objects.count(),
    )


# --- county settings ---------------------------------------------------------------------------


def test_threshold_change_recomputes_major_flags(make_project, cast, client_for):
    small = make_project(total_investment=Decimal("20000"))
    large = make_project(total_investment=Decimal("80000"))
    assert (small.is_major, large.is_major) == (False, True)
    response = client_for(cast["bureau_admin"]).post(
        f"{SETTINGS}county/", {"major_project_threshold": "15000"}
    )
    assert response.status_code == 302
    assert set(Project.objects.values_list("is_major", flat=True)) == {True}
    client_for(cast["bureau_admin"]).post(
        f"{SETTINGS}county/", {"major_project_threshold": "100000"}
    )
    assert set(Project.objects.values_list("is_major", flat=True)) == {False}
    event = AuditEvent.objects.filter(object_type="projects.countysettings").latest("pk")
    assert event.before["major_project_threshold"] == "15000.00"
    assert event.after["major_project_threshold"] == "100000.00"
    # A new project follows the new threshold too.
    assert not make_project(total_investment=Decimal("90000")).is_major


def test_saving_the_same_threshold_writes_no_audit_row(cast):
    current = CountySettings.current().major_project_threshold
    before = AuditEvent.objects.count()
    settings_services.county_settings_update(
        actor=cast["bureau_admin"], major_project_threshold=Decimal(int(current))
    )
    assert AuditEvent.objects.count() == before


# --- stages ------------------------------------------------------------------------------------


def _entered(project, when):
    Project.objects.filter(pk=project.pk).update(stage_entered_at=when)


def test_dwell_change_recomputes_deadlines_of_projects_in_that_stage(
    make_project, cast, client_for
):
    # 23:30 on 1 March in Beijing is still 1 March locally but 15:30 UTC: the local date counts.
    late_evening = timezone.make_aware(datetime.datetime(2026, 3, 1, 23, 30))
    first, second = make_project(), make_project()
    _entered(first, late_evening)
    _entered(second, late_evening + datetime.timedelta(days=10))
    other = make_project()
    Project.objects.filter(pk=other.pk).update(stage=Stage.objects.get(code="signed"))
    other_deadline = Project.objects.get(pk=other.pk).stage_deadline
    negotiating = Stage.objects.get(code="negotiating")
    client = client_for(cast["bureau_admin"])
    response = client.post(
        f"{SETTINGS}stages/negotiating/", _stage_post(negotiating, max_dwell_days="30")
    )
    assert response.status_code == 302
    deadlines = dict(Project.objects.values_list("pk", "stage_deadline"))
    assert deadlines[first.pk] == datetime.date(2026, 3, 31)
    assert deadlines[second.pk] == datetime.date(2026, 4, 10)
    assert deadlines[other.pk] == other_deadline
    event = AuditEvent.objects.filter(object_type="projects.stage").latest("pk")
    assert (event.before["max_dwell_days"], event.after["max_dwell_days"]) == (90, 30)
    client.post(f"{SETTINGS}stages/negotiating/", _stage_post(negotiating, max_dwell_days=""))
    assert Project.objects.get(pk=first.pk).stage_deadline is None
    assert Project.objects.get(pk=other.pk).stage_deadline == other_deadline


def test_deadlines_are_written_in_batches(make_project, monkeypatch):
    monkeypatch.setattr(settings_services, "DEADLINE_BATCH", 2)
    projects = [make_project() for _ in range(5)]
    stage = Stage.objects.get(code="negotiating")
    stage.max_dwell_days = 7
    stage.save()
    assert settings_services.recompute_stage_deadlines(stage) == 5
    for p in projects:
        p.refresh_from_db()
        assert p.stage_deadline == timezone.localdate(p.stage_entered_at) + datetime.timedelta(7)
    assert settings_services.recompute_stage_deadlines(stage) == 0


def test_removing_the_contract_requirement_lets_signing_go_ahead_without_it(
    make_project, cast, units, client_for, ref
):
    project = services.project_update(
        actor=cast["unit_a_staff"],
        project=make_project(),
        signing_date=datetime.date(2026, 3, 5),
        signed_amount=Decimal("18000"),
        team_leader=cast["leader"],
        team_unit=units["zone1"],
        team_manager=cast["unit_a_head"],
        team_assistant=cast["unit_a_staff"],
    )
    with pytest.raises(ValidationError) as refused:
        services.project_advance_stage(
            actor=cast["unit_a_staff"], project=project, to_stage=ref.stage("signed")
        )
    contract = str(requirements.RULES["contract_file"].label)
    assert contract in " ".join(refused.value.messages)
    signed = ref.stage("signed")
    rules = [r for r in _rules("signed") if r != "contract_file"]
    response = client_for(cast["bureau_admin"]).post(
        f"{SETTINGS}stages/signed/", _stage_post(signed, rules=rules)
    )
    assert response.status_code == 302
    assert _rules("signed") == rules
    services.project_advance_stage(
        actor=cast["unit_a_staff"], project=project, to_stage=ref.stage("signed")
    )
    assert Project.objects.get(pk=project.pk).stage.code == "signed"


def test_adding_a_requirement_makes_a_transition_ask_for_it(make_project, cast, client_for, ref):
    project = make_project()
    approving = ref.stage("approving")
    assert requirements.missing(project, [Stage.objects.get(pk=approving.pk)]) == []
    client_for(cast["bureau_admin"]).post(
        f"{SETTINGS}stages/approving/", _stage_post(approving, rules=["business_license"])
    )
    stage = Stage.objects.prefetch_related("requirements").get(pk=approving.pk)
    assert requirements.missing(project, [stage]) == [requirements.RULES["business_license"].label]
    evidence_add(
        actor=cast["unit_a_staff"],
        project=project,
        kind="license",
        uploaded=SimpleUploadedFile("执照.pdf", b"%PDF-1.4 x"),
    )
    assert requirements.missing(project, [stage]) == []


def test_stage_rename_keeps_names_unique(cast, client_for):
    negotiating = Stage.objects.get(code="negotiating")
    client = client_for(cast["bureau_admin"])
    response = client.post(f"{SETTINGS}stages/negotiating/", _stage_post(negotiating, name="签约"))
    assert response.status_code == 200
    assert Stage.objects.get(code="negotiating").name == "洽谈"
    response = client.post(f"{SETTINGS}stages/negotiating/", _stage_post(negotiating, name="接洽"))
    assert response.status_code == 302 and Stage.objects.get(code="negotiating").name == "接洽"


def test_side_states_have_neither_deadline_nor_requirements(cast):
    paused = Stage.objects.get(code="paused")
    with pytest.raises(ValidationError):
        settings_services.stage_update(actor=cast["bureau_admin"], stage=paused, max_dwell_days=5)
    with pytest.raises(ValidationError):
        settings_services.stage_update(
            actor=cast["bureau_admin"], stage=paused, rules=["signing_date"]
        )
    with pytest.raises(ValidationError):
        settings_services.stage_update(
            actor=cast["bureau_admin"], stage=Stage.objects.get(code="signed"), rules=["nope"]
        )
    assert Stage.objects.get(code="paused").max_dwell_days is None
    assert not StageRequirement.objects.filter(stage__code="paused").exists()


def test_stage_page_offers_only_what_applies(cast, client_for):
    client = client_for(cast["bureau_admin"])
    body = client.get(f"{SETTINGS}stages/signed/").content.decode()
    assert 'name="max_dwell_days"' in body and 'value="contract_file"' in body
    body = client.get(f"{SETTINGS}stages/producing/").content.decode()
    assert 'name="max_dwell_days"' not in body and 'value="production_date"' in body
    body = client.get(f"{SETTINGS}stages/dropped/").content.decode()
    assert 'name="max_dwell_days"' not in body and 'name="rules"' not in body


# --- drop reasons and platforms ---------------------------------------------------------------


def test_drop_reason_add_rename_deactivate(cast, client_for):
    client = client_for(cast["bureau_admin"])
    response = client.post(f"{SETTINGS}reasons/new/", {"code": "site", "name": "选址未定"})
    assert response.status_code == 302
    reason = DropReason.objects.get(code="site")
    assert reason.position == DropReason.objects.order_by("-position").first().position
    client.post(
        f"{SETTINGS}reasons/site/edit/",
        {"name": "选址未落实", "position": reason.position, "is_active": "on"},
    )
    assert DropReason.objects.get(code="site").name == "选址未落实"
    assert reason in TransitionForm().fields["drop_reason"].queryset
    client.post(f"{SETTINGS}reasons/site/edit/", {"name": "选址未落实", "position": 1})
    assert not DropReason.objects.get(code="site").is_active
    assert reason not in TransitionForm().fields["drop_reason"].queryset


@pytest.mark.parametrize("code", sorted(settings_services.PROTECTED_REASONS))
def test_reasons_used_by_integrity_cannot_be_deactivated(cast, client_for, code):
    reason = DropReason.objects.get(code=code)
    before = AuditEvent.objects.count()
    response = client_for(cast["bureau_admin"]).post(
        f"{SETTINGS}reasons/{code}/edit/", {"name": reason.name, "position": reason.position}
    )
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert DropReason.objects.get(code=code).is_active
    assert AuditEvent.objects.count() == before


def test_platform_add_and_edit(cast, client_for, units):
    client = client_for(cast["bureau_admin"])
    response = client.post(
        f"{SETTINGS}platforms/new/",
        {"code": "steel-park", "name": "铁矿上下游产业园", "unit": units["zone1"].pk},
    )
    assert response.status_code == 302
    platform = Platform.objects.get(code="steel-park")
    assert platform.unit == units["zone1"] and platform.position == 1
    client.post(
        f"{SETTINGS}platforms/steel-park/edit/",
        {"name": "铁矿上下游循环产业园", "unit": units["zone2"].pk, "position": 3},
    )
    platform.refresh_from_db()
    assert (platform.name, platform.unit, platform.position) == (
        "铁矿上下游循环产业园",
        units["zone2"],
        3,
    )
    event = AuditEvent.objects.filter(object_type="projects.platform").latest("pk")
    assert event.before["name"] == "铁矿上下游产业园"
    assert event.after["name"] == "铁矿上下游循环产业园"
    body = client.get(SETTINGS).content.decode()
    assert "铁矿上下游循环产业园" in body


# --- who may change settings -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["unit_a_staff", "unit_a_head", "leader", "auditor"])
def test_denied_settings_writes_change_nothing_and_write_no_audit_row(
    make_project, cast, client_for, units, who
):
    make_project()
    Platform.objects.create(code="zone1", name="经开区", unit=units["zone1"])
    before = _everything()
    client = client_for(cast[who])
    posts = {
        "county/": {"major_project_threshold": "1"},
        "stages/negotiating/": {"name": "接洽", "max_dwell_days": "1", "rules": ["start_date"]},
        "reasons/new/": {"code": "x", "name": "某原因"},
        "reasons/funds/edit/": {"name": "改名", "position": "1"},
        "platforms/new/": {"code": "p", "name": "某平台"},
        "platforms/zone1/edit/": {"name": "改名", "position": "1"},
    }
    assert client.get(SETTINGS).status_code == 403
    for url, data in posts.items():
        assert client.post(f"{SETTINGS}{url}", data).status_code == 403, url
    assert _everything() == before


def test_services_refuse_without_the_right(cast):
    before = _everything()
    actor = cast["unit_a_staff"]
    calls = [
        lambda: settings_services.county_settings_update(
            actor=actor, major_project_threshold=Decimal("1")
        ),
        lambda: settings_services.stage_update(
            actor=actor, stage=Stage.objects.get(code="signed"), max_dwell_days=1
        ),
        lambda: settings_services.drop_reason_create(actor=actor, code="x", name="某原因"),
        lambda: settings_services.drop_reason_update(
            actor=actor, reason=DropReason.objects.get(code="other"), is_active=False
        ),
        lambda: settings_services.platform_create(actor=actor, code="p", name="某平台"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert _everything() == before


# --- the overview page -------------------------------------------------------------------------


def test_settings_page_query_count_does_not_grow(cast, client_for, units):
    client = client_for(cast["bureau_admin"])
    client.get(SETTINGS)
    with CaptureQueriesContext(connection) as few:
        assert client.get(SETTINGS).status_code == 200
    for n in range(8):
        Platform.objects.create(code=f"p{n}", name=f"平台{n}", unit=units["zone1"])
        DropReason.objects.create(code=f"r{n}", name=f"原因{n}")
    with CaptureQueriesContext(connection) as more:
        body = client.get(SETTINGS).content.decode()
    assert len(more.captured_queries) == len(few.captured_queries)
    assert "平台7" in body and "原因7" in body
