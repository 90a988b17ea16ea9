"""Writes to the project register. The page, the API and the importer all call these.

``project_advance_stage`` is the only way a project's stage changes.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.permissions import can, has_action, unit_in_scope
from zhaoshang.core.roles import (
    LEAD_CREATE,
    PROJECT_ADVANCE,
    PROJECT_CREATE,
    PROJECT_EDIT,
    PROJECT_INTEGRITY,
    PROJECT_VERIFY,
)
from zhaoshang.projects import integrity, requirements
from zhaoshang.projects.choices import StageKind
from zhaoshang.projects.identity import clean_credit_code, normalise_name
from zhaoshang.projects.models import (
    CountySettings,
    CreditShare,
    Enterprise,
    Project,
    Stage,
    Transition,
)

PROJECT_FIELDS = (
    "name",
    "investor_name",
    "enterprise",
    "origin_region",
    "industry",
    "sector",
    "strategic_field",
    "total_investment",
    "funds_in_place",
    "foreign_funds_usd",
    "is_major",
    "funding_source",
    "project_type",
    "platform",
    "site",
    "land_area_mu",
    "land_secured",
    "unit",
    "stage",
    "next_action",
    "next_action_date",
    "signing_date",
    "signed_amount",
    "start_date",
    "production_date",
    "team_leader",
    "team_unit",
    "team_manager",
    "team_assistant",
    "description",
)
# What a person or a client may supply, in the order of the register form; the rest is derived.
INPUT_FIELDS = (
    "name",
    "investor_name",
    "enterprise",
    "unit",
    "origin_region",
    "industry",
    "strategic_field",
    "total_investment",
    "funds_in_place",
    "foreign_funds_usd",
    "funding_source",
    "project_type",
    "platform",
    "site",
    "land_area_mu",
    "land_secured",
    "next_action",
    "next_action_date",
    "signing_date",
    "signed_amount",
    "start_date",
    "production_date",
    "team_leader",
    "team_unit",
    "team_manager",
    "team_assistant",
    "description",
)
EDITABLE = set(INPUT_FIELDS)


# Drop reasons reserved for resolving suspected repeats (integrity.flag_resolve).
REPEAT_REASONS = ("merged", "repeat")


def _require(condition, message):
    if not condition:
        raise PermissionDenied(message)


def _derive(project, settings_row=None):
    """Fields that are never typed: sector from the industry, major flag from the threshold,
    and the matching keys."""
    settings_row = settings_row or CountySettings.current()
    project.sector = project.industry.sector
    project.is_major = project.total_investment >= settings_row.major_project_threshold
    project.name_key = normalise_name(project.name)
    project.investor_key = normalise_name(project.investor_name)
    project.site_key = "".join((project.site or "").split())


def _deadline(stage, since):
    if stage.max_dwell_days is None or not stage.is_pipeline or stage.is_final:
        return None
    return (timezone.localtime(since) + timedelta(days=stage.max_dwell_days)).date()


def _stages_reached(project):
    """Pipeline stages whose requirements a project must keep meeting."""
    current = project.resume_stage if not project.stage.is_pipeline else project.stage
    if current is None:
        return []
    return list(
        Stage.objects.filter(kind=StageKind.PIPELINE, position__lte=current.position)
        .prefetch_related("requirements")
        .order_by("position")
    )


def _refuse_missing(labels, stage_name):
    if labels:
        raise ValidationError(
            _("%(stage)s needs: %(missing)s.")
            % {"stage": stage_name, "missing": "；".join(map(str, labels))},
            code="requirements_missing",
        )


def _next_code(now):
    year = timezone.localtime(now).year
    prefix = f"P{year}-"
    # Serialise code allocation: the settings row is the lock.
    CountySettings.objects.select_for_update().get_or_create(pk=1)
    # Numbers are zero-padded to five digits but a busy year (a city or province deployment)
    # passes 99999: the longest code is the newest, so compare by length before text.
    last = (
        Project.objects.filter(code__startswith=prefix)
        .order_by(Length("code").desc(), "-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:05d}"


def _snapshot(project):
    return audit.snapshot(project, PROJECT_FIELDS)


@transaction.atomic
def project_create(*, actor, unit, is_lead=False, at=None, **fields):
    if is_lead:
        _require(has_action(actor, LEAD_CREATE), _("You may not report leads."))
    else:
        _require(
            unit_in_scope(actor, PROJECT_CREATE, unit),
            _("You may not register projects for this unit."),
        )
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    now = at or timezone.now()
    first = Stage.objects.filter(kind=StageKind.PIPELINE).order_by("position").first()
    project = Project(
        created_at=now,
        unit=unit,
        stage=first,
        stage_entered_at=now,
        is_lead=is_lead,
        reported_by=actor,
        **fields,
    )
    project.code = _next_code(now)
    project.stage_deadline = _deadline(first, now)
    _derive(project)
    project.full_clean()
    project.save()
    CreditShare.objects.create(project=project, unit=unit, percent=100)
    Transition.objects.create(
        project=project,
        from_stage=None,
        to_stage=first,
        actor=actor,
        at=now,
        note=_("Reported as a lead") if is_lead else _("Project registered"),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=project, after=_snapshot(project))
    integrity.flag_repeats(project)
    return project


def _lock(project, expected_version):
    locked = (
        Project.objects.select_for_update(of=("self",))
        .select_related("stage", "resume_stage")
        .get(pk=project.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(
            _(
                "Someone else saved this project in the meantime. Open the project again to see "
                "their changes, then make yours again."
            ),
            code="conflict",
        )
    return locked


@transaction.atomic
def project_update(*, actor, project, expected_version=None, **fields):
    project = _lock(project, expected_version)
    _require(can(actor, PROJECT_EDIT, project), _("You may not change this project."))
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "unit" in fields and fields["unit"] != project.unit:
        _require(
            unit_in_scope(actor, PROJECT_EDIT, fields["unit"]),
            _("You may not move the project to that unit."),
        )
    before = _snapshot(project)
    for name, value in fields.items():
        setattr(project, name, value)
    _derive(project)
    project.full_clean()
    # A stage already reached keeps its requirements: an edit may not take them away.
    kept = requirements.missing(project, _stages_reached(project))
    if kept:
        raise ValidationError(
            _("The project has already passed stages that need: %(missing)s. Keep them filled in.")
            % {"missing": "；".join(map(str, kept))},
            code="requirements_missing",
        )
    after = _snapshot(project)
    if after == before:
        return project
    project.version += 1
    project.save()
    if "unit" in fields and before["unit"] != after["unit"]:
        _move_credit(project)
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=project, before=before, after=after)
    integrity.flag_repeats(project)
    return project


def _move_credit(project):
    """When the claim moves to another unit, a sole 100 % share moves with it."""
    shares = list(project.credit_shares.all())
    if len(shares) == 1:
        shares[0].unit = project.unit
        shares[0].save(update_fields=["unit"])


@transaction.atomic
def project_advance_stage(
    *,
    actor,
    project,
    to_stage,
    note="",
    reason="",
    resume_date=None,
    drop_reason=None,
    expected_version=None,
    at=None,
):
    """Move a project to ``to_stage``; refuses a skipped stage or a missing requirement and
    names what is missing. Pausing needs a reason and a resume date, dropping a reason from
    the list; a paused or dropped project reopens to the stage it left."""
    project = _lock(project, expected_version)
    _require(can(actor, PROJECT_ADVANCE, project), _("You may not move this project."))
    now = at or timezone.now()
    current = project.stage
    if to_stage.pk == current.pk:
        raise ValidationError(_("The project is already in %(stage)s.") % {"stage": current.name})
    if to_stage.kind == StageKind.PAUSED:
        if not current.is_pipeline or current.is_final:
            raise ValidationError(_("Only an open project can be paused."))
        if not reason or resume_date is None:
            raise ValidationError(_("Pausing needs a reason and a resume date."))
        project.resume_stage, project.pause_reason, project.resume_date = (
            current,
            reason,
            resume_date,
        )
        project.drop_reason = None
    elif to_stage.kind == StageKind.DROPPED:
        if drop_reason is None:
            raise ValidationError(_("Dropping needs a reason from the list."))
        repeat = drop_reason.code in REPEAT_REASONS
        # Ruling a project a repeat is the bureau's call, and applies even in production: an old
        # project passed off as new never counted, whatever stage it claims.
        if repeat and not can(actor, PROJECT_INTEGRITY, project):
            raise PermissionDenied(_("Only the bureau may rule a project a repeat."))
        if current.is_pipeline and current.is_final and not repeat:
            raise ValidationError(_("A project in production cannot be dropped."))
        project.resume_stage = project.resume_stage if not current.is_pipeline else current
        project.drop_reason = drop_reason
        reason = reason or drop_reason.name
    else:
        if current.is_pipeline:
            expected = (
                Stage.objects.filter(kind=StageKind.PIPELINE, position__gt=current.position)
                .order_by("position")
                .first()
            )
            if expected is None or to_stage.pk != expected.pk:
                raise ValidationError(
                    _("A stage cannot be skipped: after %(current)s comes %(next)s.")
                    % {"current": current.name, "next": expected.name if expected else "—"},
                    code="stage_skipped",
                )
        elif to_stage.pk != project.resume_stage_id:
            raise ValidationError(
                _("A %(state)s project reopens to %(stage)s, where it left off.")
                % {"state": current.name, "stage": project.resume_stage.name},
                code="reopen_stage",
            )
        stage = Stage.objects.prefetch_related("requirements").get(pk=to_stage.pk)
        _refuse_missing(requirements.missing(project, [stage]), stage.name)
        project.resume_stage = None
        project.resume_date = None
        project.pause_reason = ""
        project.drop_reason = None
    days = max((now - project.stage_entered_at).days, 0)
    project.stage = to_stage
    project.stage_entered_at = now
    project.stage_deadline = _deadline(to_stage, now)
    project.version += 1
    project.save()
    transition = Transition.objects.create(
        project=project,
        from_stage=current,
        to_stage=to_stage,
        actor=actor,
        at=now,
        days_in_previous=days,
        note=note[:500],
        reason=reason[:200],
    )
    # The transition keeps the files its gate looked at, so the record shows its evidence.
    if to_stage.is_pipeline:
        kinds = requirements.evidence_kinds(
            Stage.objects.prefetch_related("requirements").get(pk=to_stage.pk)
        )
        if kinds:
            transition.evidence.set(project.evidence.filter(kind__in=kinds))
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=project,
        before={"stage": current.name},
        after={"stage": to_stage.name, "note": note, "reason": reason},
    )
    return transition


@transaction.atomic
def project_set_credit_shares(*, actor, project, shares):
    """``shares``: ``[(unit, percent), …]`` summing to exactly 100 (double claims, PRJ-6)."""
    project = _lock(project, None)
    _require(can(actor, PROJECT_EDIT, project), _("You may not change this project."))
    units = [unit for unit, _percent in shares]
    if len(set(units)) != len(units):
        raise ValidationError(_("A unit may appear only once in the credit shares."))
    total = sum((percent for _unit, percent in shares), start=0)
    if total != 100:
        raise ValidationError(
            _("Credit shares must add up to 100 %%; they add up to %(total)s %%.")
            % {"total": total}
        )
    before = {s.unit.name: str(s.percent) for s in project.credit_shares.select_related("unit")}
    project.credit_shares.all().delete()
    for unit, percent in shares:
        share = CreditShare(project=project, unit=unit, percent=percent)
        share.full_clean()
        share.save()
    after = {unit.name: str(percent) for unit, percent in shares}
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=project,
        before={"credit": before},
        after={"credit": after},
    )


@transaction.atomic
def project_verify(*, actor, project, note="", at=None):
    """The bureau confirms a landed project against its evidence; only verified projects count
    in assessment. ``at`` lets the demo and ledger imports keep a historic verification date."""
    project = _lock(project, None)
    _require(can(actor, PROJECT_VERIFY, project), _("You may not verify projects."))
    stage = project.stage
    if not (stage.is_pipeline and stage.landed):
        raise ValidationError(_("Only a landed project can be verified."))
    _refuse_missing(requirements.missing(project, _stages_reached(project)), stage.name)
    if project.verified_at:
        raise ValidationError(_("The project is already verified."))
    project.verified_at = at or timezone.now()
    project.verified_by = actor
    project.save(update_fields=["verified_at", "verified_by", "updated_at"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=project, after={"verified": True, "note": note}
    )
    return project


ENTERPRISE_FIELDS = ("name", "credit_code", "region", "industry", "registered_locally")


@transaction.atomic
def enterprise_save(*, actor, enterprise=None, **fields):
    """Create or update an investor. The credit code is checked (GB 32100-2015)."""
    _require(has_action(actor, PROJECT_EDIT), _("You may not change enterprises."))
    if fields.get("credit_code"):
        fields["credit_code"] = clean_credit_code(fields["credit_code"])
    else:
        fields["credit_code"] = None
    creating = enterprise is None
    enterprise = (
        Enterprise() if creating else Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    )
    before = None if creating else audit.snapshot(enterprise, ENTERPRISE_FIELDS)
    for name, value in fields.items():
        setattr(enterprise, name, value)
    enterprise.name_key = normalise_name(enterprise.name)
    enterprise.full_clean()
    enterprise.save()
    after = audit.snapshot(enterprise, ENTERPRISE_FIELDS)
    if after != before:
        audit.record(
            actor=actor,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            obj=enterprise,
            before=before,
            after=after,
        )
    return enterprise
