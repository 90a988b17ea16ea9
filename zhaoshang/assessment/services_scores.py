"""Writes for methods, bonus/deduction items, manual adjustments and published rankings."""

import datetime as dt
import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.assessment import engine, freeze, schema
from zhaoshang.assessment.choices import AdjustmentStatus
from zhaoshang.assessment.models import (
    Adjustment,
    AssessmentYear,
    Method,
    Ranking,
    ScoreItem,
)
from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.models import AuditEvent
from zhaoshang.core.permissions import has_action, unit_in_scope
from zhaoshang.core.roles import ASSESSMENT_APPROVE, ASSESSMENT_MANAGE
from zhaoshang.projects.choices import StageKind
from zhaoshang.projects.models import Stage

MONTH_NAMES = {m: f"{m}月" for m in range(1, 13)}


def _require_manage(actor):
    if not has_action(actor, ASSESSMENT_MANAGE):
        raise PermissionDenied(_("Only the investment bureau runs the assessment."))


def _lock_year(year):
    return AssessmentYear.objects.select_for_update().get(pk=year.pk)


def method_document(year, document):
    """Validate a document against the stages that exist and the year's groups."""
    try:
        return _validate(year, document)
    except RecursionError:
        raise ValidationError(_("The method is nested too deeply.")) from None


def _validate(year, document):
    # Only pipeline stages can mark "landed" or a band's stage: 暂缓 and 终止 have no place in
    # the order of stages.
    return schema.validate(
        document,
        stages=set(Stage.objects.filter(kind=StageKind.PIPELINE).values_list("code", flat=True)),
        groups=set(year.groups.values_list("code", flat=True)),
    )


@transaction.atomic
def method_save(*, actor, year, document, note=""):
    """Add a new version of the year's method (versions are never edited)."""
    _require_manage(actor)
    year = _lock_year(year)
    if isinstance(document, str):
        document = schema.parse(document)
    normalised = method_document(year, document)
    latest = year.methods.order_by("-version").first()
    if latest is not None and latest.document == normalised:
        raise ValidationError(_("Nothing changed: this is the method already in force."))
    version = (year.methods.aggregate(v=Max("version"))["v"] or 0) + 1
    canonical = json.dumps(normalised, sort_keys=True, ensure_ascii=False)
    method = Method(
        year=year,
        version=version,
        name=normalised["name"],
        document=normalised,
        digest=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        note=note,
        created_by=actor,
    )
    method.full_clean()
    method.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=method,
        after={"year": year.year, "version": version, "name": method.name, "note": note},
    )
    return method


def current_method(year):
    return year.methods.order_by("-version").first()


@transaction.atomic
def score_item_add(*, actor, year, unit, kind, code, occurred_on, occurrences=1, note):
    _require_manage(actor)
    item = ScoreItem(
        year=year,
        unit=unit,
        kind=kind,
        code=code,
        occurred_on=occurred_on,
        occurrences=occurrences,
        note=note,
        entered_by=actor,
    )
    item.full_clean()
    if occurred_on.year != year.year:
        raise ValidationError({"occurred_on": _("The date must fall within the year.")})
    item.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=item,
        after=audit.snapshot(item, ["unit", "kind", "code", "occurred_on", "occurrences", "note"]),
    )
    return item


@transaction.atomic
def score_item_delete(*, actor, item):
    _require_manage(actor)
    before = audit.snapshot(item, ["unit", "kind", "code", "occurred_on", "occurrences", "note"])
    audit.record(actor=actor, action=AuditAction.DELETE, obj=item, before=before)
    item.delete()


@transaction.atomic
def adjustment_request(*, actor, year, unit, points, reason):
    """Propose a manual change to a unit's total; it counts only once someone else approves."""
    _require_manage(actor)
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("A manual adjustment needs a reason.")})
    if not points:
        raise ValidationError({"points": _("An adjustment of zero points changes nothing.")})
    adjustment = Adjustment(
        year=year, unit=unit, points=points, reason=reason.strip(), requested_by=actor
    )
    adjustment.full_clean()
    adjustment.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=adjustment,
        after={"unit": unit.name, "points": str(points), "reason": adjustment.reason},
    )
    return adjustment


@transaction.atomic
def adjustment_decide(*, actor, adjustment, approve, note=""):
    adjustment = Adjustment.objects.select_for_update().get(pk=adjustment.pk)
    if not unit_in_scope(actor, ASSESSMENT_APPROVE, adjustment.unit):
        raise PermissionDenied(_("You may not approve score adjustments."))
    if adjustment.requested_by_id == actor.pk:
        raise ValidationError(
            _("An adjustment must be approved by someone other than the person who asked for it.")
        )
    if adjustment.status != AdjustmentStatus.PENDING:
        raise ValidationError(_("This adjustment has already been decided."))
    if not approve and not note.strip():
        raise ValidationError({"decision_note": _("Say why the adjustment is rejected.")})
    adjustment.status = AdjustmentStatus.APPROVED if approve else AdjustmentStatus.REJECTED
    adjustment.decided_by = actor
    adjustment.decided_at = timezone.now()
    adjustment.decision_note = note.strip()
    adjustment.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=adjustment,
        before={"status": AdjustmentStatus.PENDING},
        after={"status": adjustment.status, "note": adjustment.decision_note},
    )
    return adjustment


def run(*, year, method, through_month, as_of=None):
    """Compute now: ``(engine result, inputs JSON, result JSON)``."""
    result = engine.compute(
        year=year, document=method.document, through_month=through_month, as_of=as_of
    )
    return result, freeze.inputs_json(result.inputs), freeze.result_json(result)


@transaction.atomic
def ranking_publish(*, actor, year, through_month, title="", as_of=None):
    """Freeze the current method's result for the period: inputs, result and their hash."""
    _require_manage(actor)
    year = _lock_year(year)
    method = current_method(year)
    if method is None:
        raise ValidationError(_("Enter the year's assessment method before publishing a ranking."))
    if not 1 <= through_month <= 12:
        raise ValidationError(_("Choose a month from 1 to 12."))
    as_of = as_of or timezone.localdate()
    _result, inputs, result = run(
        year=year, method=method, through_month=through_month, as_of=as_of
    )
    if not result["units"]:
        raise ValidationError(_("No unit is in an assessment group this year."))
    ranking = Ranking(
        year=year,
        method=method,
        through_month=through_month,
        title=title.strip() or default_title(year, through_month),
        inputs=inputs,
        result=result,
        published_at=timezone.now(),
        published_by=actor,
    )
    ranking.digest = _digest(ranking)
    ranking.full_clean()
    ranking.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=ranking,
        after={"title": ranking.title, "method": str(method), "digest": ranking.digest},
    )
    return ranking


def default_title(year, through_month):
    if through_month == 12:
        return _("%(year)s annual investment promotion ranking") % {"year": year.year}
    return _("%(year)s investment promotion ranking, January to %(month)s") % {
        "year": year.year,
        "month": MONTH_NAMES[through_month],
    }


def ranking_recheck(ranking):
    """Compute the published ranking again from today's data with the same method and
    period; returns the differences (empty when nothing changed). Nothing is written."""
    as_of = dt.date.fromisoformat(ranking.inputs["as_of"])
    _result, _inputs, fresh = run(
        year=ranking.year, method=ranking.method, through_month=ranking.through_month, as_of=as_of
    )
    return freeze.differences(ranking.result, fresh)


def _digest(ranking):
    header = {
        "year": ranking.year.year,
        "through_month": ranking.through_month,
        "method": ranking.method.digest,
        "method_version": ranking.method.version,
    }
    return freeze.digest(header, ranking.inputs, ranking.result)


def ranking_intact(ranking):
    """Whether the stored ranking still matches the hash taken at publication.

    The hash is checked against the row and against the copy written into the audit trail
    when the ranking was published: the audit trail is append-only and hash-chained, so
    rewriting a ranking together with its own digest column is still detected.
    """
    published = (
        AuditEvent.objects.filter(
            object_type=Ranking._meta.label_lower,
            object_id=str(ranking.public_id),
            action=AuditAction.CREATE,
        )
        .order_by("pk")
        .values_list("after", flat=True)
        .first()
    )
    recorded = (published or {}).get("digest")
    return _digest(ranking) == ranking.digest == recorded
