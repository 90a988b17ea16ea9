"""The project register and its staged pipeline: derived fields, gates, side states."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhaoshang.core.models import AuditEvent
from zhaoshang.projects import requirements, services
from zhaoshang.projects.evidence import evidence_add
from zhaoshang.projects.models import CountySettings, Project, Transition

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n"
JPG = b"\xff\xd8\xff\xe0" + b"0" * 32


def _pdf(name="合同.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _photo(name="现场.jpg"):
    return SimpleUploadedFile(name, JPG, content_type="image/jpeg")


def _label(code):
    return str(requirements.RULES[code].label)


def _ready_to_sign(project, cast, units):
    evidence_add(actor=cast["unit_a_staff"], project=project, kind="contract", uploaded=_pdf())
    return services.project_update(
        actor=cast["unit_a_staff"],
        project=project,
        signing_date=datetime.date(2026, 3, 5),
        signed_amount=Decimal("18000"),
        team_leader=cast["leader"],
        team_unit=units["zone1"],
        team_manager=cast["unit_a_head"],
        team_assistant=cast["unit_a_staff"],
    )


def _state(project):
    project = Project.objects.get(pk=project.pk)
    return (
        project.stage_id,
        project.version,
        Transition.objects.filter(project=project).count(),
        AuditEvent.objects.count(),
    )


# --- register ----------------------------------------------------------------------------------


def test_create_derives_code_sector_major_and_credit(make_project, ref):
    project = make_project(total_investment=Decimal("60000"))
    assert project.code == f"P{timezone.localtime().year}-00001"
    assert project.sector == 2  # 31 黑色金属冶炼和压延加工业 is secondary
    assert project.is_major  # 6 亿元 ≥ the default 5 亿元 threshold
    assert [(s.unit.code, s.percent) for s in project.credit_shares.all()] == [("zone1", 100)]
    assert project.stage.code == "negotiating"
    assert project.transitions.get().to_stage.code == "negotiating"
    assert AuditEvent.objects.filter(action="create", object_id=project.code).exists()


@pytest.mark.parametrize(
    "division,sector", [("05", 3), ("11", 3), ("43", 3), ("01", 1), ("13", 2), ("65", 3)]
)
def test_sector_comes_from_the_industry(make_project, ref, division, sector):
    assert make_project(industry=ref.division(division)).sector == sector


def test_codes_are_sequential_and_unique(make_project):
    a, b = make_project(), make_project()
    assert int(b.code.rsplit("-", 1)[1]) == int(a.code.rsplit("-", 1)[1]) + 1


def test_codes_go_on_past_99999_in_a_year(make_project):
    # A province-wide deployment registers more than 99999 projects a year; the text maximum
    # "P2026-99999" sorts after "P2026-100000", so the next code must not come from it.
    first = make_project()
    prefix = first.code.rsplit("-", 1)[0]
    Project.objects.filter(pk=first.pk).update(code=f"{prefix}-99999")
    assert make_project().code == f"{prefix}-100000"
    assert make_project().code == f"{prefix}-100001"


def test_major_threshold_is_configurable(make_project):
    row = CountySettings.current()
    row.major_project_threshold = Decimal("100000")
    row.save()
    assert not make_project(total_investment=Decimal("60000")).is_major


def test_staff_cannot_register_for_another_unit(make_project, cast, units):
    before = Project.objects.count()
    with pytest.raises(PermissionDenied):
        make_project(actor=cast["unit_a_staff"], unit=units["town1"])
    assert Project.objects.count() == before


def test_cadre_reports_a_lead_to_any_unit(make_project, cast, units):
    lead = make_project(actor=cast["cadre"], unit=units["town1"], is_lead=True)
    assert lead.is_lead and lead.reported_by == cast["cadre"] and lead.stage.code == "negotiating"


def test_cadre_cannot_register_a_normal_project(make_project, cast, units):
    with pytest.raises(PermissionDenied):
        make_project(actor=cast["cadre"], unit=units["jyj"])


# --- gates -------------------------------------------------------------------------------------


def test_signing_is_refused_until_team_and_contract_are_there(make_project, cast, units, ref):
    project = make_project()
    before = _state(project)
    with pytest.raises(ValidationError) as excinfo:
        services.project_advance_stage(
            actor=cast["unit_a_staff"], project=project, to_stage=ref.stage("signed")
        )
    message = " ".join(excinfo.value.messages)
    for code in ("signing_date", "signed_amount", "contract_file", "team_complete"):
        assert _label(code) in message, code
    assert _state(project) == before
    project = _ready_to_sign(project, cast, units)
    services.project_advance_stage(
        actor=cast["unit_a_staff"], project=project, to_stage=ref.stage("signed")
    )
    project.refresh_from_db()
    assert project.stage.code == "signed"
    transition = project.transitions.first()
    assert transition.from_stage.code == "negotiating" and transition.actor == cast["unit_a_staff"]
    assert transition.days_in_previous == 0
    # The transition keeps the file its gate looked at.
    assert [e.kind for e in transition.evidence.all()] == ["contract"]


def test_team_leader_must_be_a_county_leader(make_project, cast, units, ref):
    project = _ready_to_sign(make_project(), cast, units)
    project = services.project_update(
        actor=cast["unit_a_staff"], project=project, team_leader=cast["unit_a_head"]
    )
    with pytest.raises(ValidationError) as excinfo:
        services.project_advance_stage(
            actor=cast["unit_a_staff"], project=project, to_stage=ref.stage("signed")
        )
    assert _label("team_leader_role") in " ".join(excinfo.value.messages)


def test_a_stage_cannot_be_skipped(make_project, cast, ref):
    project = make_project()
    before = _state(project)
    with pytest.raises(ValidationError) as excinfo:
        services.project_advance_stage(
            actor=cast["unit_a_staff"], project=project, to_stage=ref.stage("landed")
        )
    assert excinfo.value.code == "stage_skipped"
    assert _state(project) == before


def test_an_edit_may_not_remove_what_a_reached_stage_requires(make_project, cast, units, ref):
    project = _ready_to_sign(make_project(), cast, units)
    services.project_advance_stage(
        actor=cast["unit_a_staff"], project=project, to_stage=ref.stage("signed")
    )
    project.refresh_from_db()
    before = _state(project)
    with pytest.raises(ValidationError) as excinfo:
        services.project_update(actor=cast["unit_a_staff"], project=project, team_assistant=None)
    assert _label("team_complete") in " ".join(excinfo.value.messages)
    assert _state(project) == before


def _walk_to(project, cast, units, ref, target):
    from zhaoshang.projects.identity import credit_code_check_char
    from zhaoshang.projects.models import Enterprise

    staff = cast["unit_a_staff"]
    project = _ready_to_sign(project, cast, units)
    order = ["signed", "approving", "landed", "started", "producing"]
    for code in order:
        if code == "landed":
            first17 = "91130000MA0000001"
            enterprise = services.enterprise_save(
                actor=staff,
                name="沧澜特钢有限公司",
                credit_code=first17 + credit_code_check_char(first17),
                registered_locally=True,
            )
            project = services.project_update(
                actor=staff,
                project=project,
                enterprise=enterprise,
                land_secured=True,
                funds_in_place=Decimal("3000"),
            )
            assert Enterprise.objects.filter(pk=enterprise.pk).exists()
        if code == "started":
            evidence_add(actor=staff, project=project, kind="site_photo", uploaded=_photo())
            project = services.project_update(
                actor=staff, project=project, start_date=datetime.date(2026, 6, 1)
            )
        if code == "producing":
            project = services.project_update(
                actor=staff, project=project, production_date=datetime.date(2026, 10, 1)
            )
        services.project_advance_stage(actor=staff, project=project, to_stage=ref.stage(code))
        project.refresh_from_db()
        if code == target:
            break
    return project


def test_full_pipeline_to_production(make_project, cast, units, ref):
    project = _walk_to(make_project(), cast, units, ref, "producing")
    assert project.stage.code == "producing"
    assert [t.to_stage.code for t in project.transitions.order_by("at", "pk")] == [
        "negotiating",
        "signed",
        "approving",
        "landed",
        "started",
        "producing",
    ]
    assert project.stage_deadline is None  # the final stage has no dwell limit


def test_landing_needs_a_registered_enterprise(make_project, cast, units, ref):
    project = _walk_to(make_project(), cast, units, ref, "approving")
    with pytest.raises(ValidationError) as excinfo:
        services.project_advance_stage(
            actor=cast["unit_a_staff"], project=project, to_stage=ref.stage("landed")
        )
    message = " ".join(excinfo.value.messages)
    assert _label("enterprise_registered") in message and _label("funds_in_place") in message


# --- side states -------------------------------------------------------------------------------


def test_pause_needs_reason_and_date_then_resumes_where_it_left(make_project, cast, ref):
    project = make_project()
    staff = cast["unit_a_staff"]
    with pytest.raises(ValidationError):
        services.project_advance_stage(actor=staff, project=project, to_stage=ref.stage("paused"))
    services.project_advance_stage(
        actor=staff,
        project=project,
        to_stage=ref.stage("paused"),
        reason="投资方年度预算调整",
        resume_date=datetime.date(2026, 12, 31),
    )
    project.refresh_from_db()
    assert project.stage.code == "paused" and project.resume_stage.code == "negotiating"
    with pytest.raises(ValidationError):
        services.project_advance_stage(actor=staff, project=project, to_stage=ref.stage("signed"))
    services.project_advance_stage(
        actor=staff, project=project, to_stage=ref.stage("negotiating"), note="恢复洽谈"
    )
    project.refresh_from_db()
    assert project.stage.code == "negotiating" and project.resume_stage is None


def test_drop_needs_a_reason_from_the_list_and_can_reopen(make_project, cast, ref):
    project = make_project()
    staff = cast["unit_a_staff"]
    with pytest.raises(ValidationError):
        services.project_advance_stage(actor=staff, project=project, to_stage=ref.stage("dropped"))
    services.project_advance_stage(
        actor=staff,
        project=project,
        to_stage=ref.stage("dropped"),
        drop_reason=ref.reason("competition"),
    )
    project.refresh_from_db()
    assert project.drop_reason.code == "competition"
    assert project.transitions.first().reason == "被其他地区引走"
    services.project_advance_stage(
        actor=staff, project=project, to_stage=ref.stage("negotiating"), note="重新接洽"
    )
    project.refresh_from_db()
    assert project.stage.code == "negotiating" and project.drop_reason is None


def test_other_units_staff_cannot_move_the_project(make_project, cast, ref):
    project = make_project()
    with pytest.raises(PermissionDenied):
        services.project_advance_stage(
            actor=cast["unit_b_staff"],
            project=project,
            to_stage=ref.stage("dropped"),
            drop_reason=ref.reason("other"),
        )


def test_concurrent_save_is_refused_with_a_clear_message(make_project, cast):
    project = make_project()
    services.project_update(
        actor=cast["unit_a_staff"], project=project, expected_version=1, next_action="回访"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.project_update(
            actor=cast["unit_a_head"], project=project, expected_version=1, next_action="签约"
        )
    assert excinfo.value.code == "conflict"
    assert Project.objects.get(pk=project.pk).next_action == "回访"


# --- credit and verification -------------------------------------------------------------------


def test_credit_shares_must_sum_to_100(make_project, cast, units):
    project = make_project()
    with pytest.raises(ValidationError):
        services.project_set_credit_shares(
            actor=cast["unit_a_staff"],
            project=project,
            shares=[(units["zone1"], Decimal("60")), (units["town1"], Decimal("30"))],
        )
    services.project_set_credit_shares(
        actor=cast["unit_a_staff"],
        project=project,
        shares=[(units["zone1"], Decimal("60")), (units["town1"], Decimal("40"))],
    )
    assert sorted(project.credit_shares.values_list("percent", flat=True)) == [
        Decimal("40"),
        Decimal("60"),
    ]


def test_only_the_bureau_verifies_and_only_landed_projects(make_project, cast, units, ref):
    project = make_project()
    with pytest.raises(ValidationError):
        services.project_verify(actor=cast["bureau_admin"], project=project)
    project = _walk_to(project, cast, units, ref, "landed")
    with pytest.raises(PermissionDenied):
        services.project_verify(actor=cast["unit_a_head"], project=project)
    services.project_verify(actor=cast["bureau_admin"], project=project, note="现场核实")
    project.refresh_from_db()
    assert project.is_verified and project.verified_by == cast["bureau_admin"]


# --- evidence ----------------------------------------------------------------------------------


def test_evidence_is_checked_by_content_and_stored_under_a_generated_name(make_project, cast):
    project = make_project()
    with pytest.raises(ValidationError):
        evidence_add(
            actor=cast["unit_a_staff"],
            project=project,
            kind="contract",
            uploaded=SimpleUploadedFile("合同.pdf", b"MZ\x90\x00 not a pdf"),
        )
    with pytest.raises(ValidationError):
        evidence_add(
            actor=cast["unit_a_staff"],
            project=project,
            kind="contract",
            uploaded=SimpleUploadedFile("run.exe", b"MZ\x90\x00"),
        )
    evidence = evidence_add(
        actor=cast["unit_a_staff"], project=project, kind="contract", uploaded=_pdf()
    )
    assert evidence.original_name == "合同.pdf"
    assert "合同" not in evidence.file.name and evidence.file.name.endswith(".pdf")
