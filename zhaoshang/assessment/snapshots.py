"""Month-end snapshots (ASM-2): a unit's projects as they stood when a month ended, frozen.

The stage a project was in at the month's end is read from its transitions, not from its
current stage, so a snapshot taken days later (when the unit files its report) still shows the
month's end. Amounts have no history in the register and are taken as recorded when the
snapshot is taken, per project as well as summed, so that a bulletin regenerated later shows the
same amounts; a later change shows up as a corrected revision, never as a silent edit.
"""

import hashlib
import json
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.assessment.models import GroupMember, MonthlySnapshot
from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.permissions import unit_in_scope
from zhaoshang.core.roles import ASSESSMENT_MANAGE, REPORT_FILE
from zhaoshang.orgs.models import Unit
from zhaoshang.projects.choices import StageKind
from zhaoshang.projects.models import Project, Stage, Transition

CENT = Decimal("0.01")
ZERO = Decimal("0")


def month_start(year, month):
    """The first instant of ``month`` in the county's time zone."""
    return datetime.combine(date(year, month, 1), time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def month_end(year, month):
    """The first instant after ``month`` (exclusive end)."""
    return month_start(year + 1, 1) if month == 12 else month_start(year, month + 1)


def month_has_ended(year, month, today):
    return today >= month_end(year, month).date()


def _money(value):
    return str((value or ZERO).quantize(CENT, rounding=ROUND_HALF_UP))


def _year_number(year):
    return getattr(year, "year", year)


def _project_scope(unit, number):
    """The unit's own projects and its sub-units', except sub-units assessed on their own that
    year (they file their own reports; counting them twice would inflate the county's sums)."""
    own = GroupMember.objects.filter(year__year=number, unit__path__startswith=unit.path).exclude(
        unit=unit
    )
    q = Q(unit__path__startswith=unit.path)
    for path in own.values_list("unit__path", flat=True):
        q &= ~Q(unit__path__startswith=path)
    return q


def month_figures(*, unit, year, month):
    """The figures of ``unit`` (and its sub-units) at the end of ``month`` of ``year`` (an
    AssessmentYear or a plain year number), as a JSON-ready dict:

    ``by_stage`` maps each stage code to its name, project count and amounts (Decimal strings,
    万元); ``stage_order`` lists the codes in pipeline order; ``totals`` and ``new`` (registered
    in the month) sum them up; ``projects`` lists each project with its stage at the month's end,
    whether it moved in the month (any transition), whether it was new and whether it was open
    (in a pipeline stage before the final one).
    """
    number = _year_number(year)
    start, end = month_start(number, month), month_end(number, month)
    stages = list(Stage.objects.order_by("position"))
    by_pk = {stage.pk: stage for stage in stages}
    registered = Project.objects.filter(_project_scope(unit, number), created_at__lt=end)
    projects = list(
        registered.order_by("code").values(
            "pk", "code", "name", "created_at", "total_investment", "funds_in_place"
        )
    )
    # The newest transition before the end wins; ties in time go to the later row.
    stage_at_end, moved = {}, set()
    transitions = (
        Transition.objects.filter(project__in=registered.values("pk"), at__lt=end)
        .order_by("project_id", "at", "pk")
        .values_list("project_id", "to_stage_id", "at")
    )
    for project_id, to_stage_id, at in transitions:
        stage_at_end[project_id] = to_stage_id
        if at >= start:
            moved.add(project_id)
    by_stage = {
        stage.code: {
            "name": stage.name,
            "count": 0,
            "total_investment": ZERO,
            "funds_in_place": ZERO,
        }
        for stage in stages
    }
    totals = {"count": 0, "total_investment": ZERO, "funds_in_place": ZERO}
    new = {"count": 0, "total_investment": ZERO, "funds_in_place": ZERO}
    rows = []
    for project in projects:
        stage = by_pk.get(stage_at_end.get(project["pk"]))
        if stage is None:
            continue
        is_new = project["created_at"] >= start
        buckets = [by_stage[stage.code], totals] + ([new] if is_new else [])
        for bucket in buckets:
            bucket["count"] += 1
            bucket["total_investment"] += project["total_investment"]
            bucket["funds_in_place"] += project["funds_in_place"]
        rows.append(
            {
                "code": project["code"],
                "name": project["name"],
                "stage": stage.code,
                "progressed": project["pk"] in moved,
                "new": is_new,
                "open": stage.kind == StageKind.PIPELINE and not stage.is_final,
                "total_investment": _money(project["total_investment"]),
                "funds_in_place": _money(project["funds_in_place"]),
            }
        )
    for bucket in [*by_stage.values(), totals, new]:
        bucket["total_investment"] = _money(bucket["total_investment"])
        bucket["funds_in_place"] = _money(bucket["funds_in_place"])
    return {
        "unit": unit.code,
        "year": number,
        "month": month,
        "stage_order": [stage.code for stage in stages],
        "by_stage": by_stage,
        "totals": totals,
        "new": new,
        "projects": rows,
    }


def digest(figures):
    text = json.dumps(figures, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stalled_codes(figures):
    """Codes of the projects that need a reason: open at the month's end and not moved in it."""
    return [p["code"] for p in figures["projects"] if p["open"] and not p["progressed"]]


def may_file(user, unit):
    """The unit's own filers, or the bureau entering a report received on paper (代为填报);
    the same people may take the unit's snapshots."""
    return unit_in_scope(user, REPORT_FILE, unit) or unit_in_scope(user, ASSESSMENT_MANAGE, unit)


@transaction.atomic
def snapshot_take(*, actor, year, unit, month, at=None):
    """The newest snapshot of the unit's month, taken now: the existing newest revision when
    nothing changed, otherwise a new revision marked as a correction of the one before."""
    # No actor: the system freezing a month that has ended (a bulletin read it first).
    if actor is not None and not may_file(actor, unit):
        raise PermissionDenied(_("You may not take snapshots of this unit's figures."))
    now = at or timezone.now()
    if not month_has_ended(year.year, month, timezone.localtime(now).date()):
        raise ValidationError(_("A month's figures can be taken only after the month ends."))
    # The unit row serialises revision numbers for its snapshots.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    latest = (
        MonthlySnapshot.objects.filter(year=year, unit=unit, month=month)
        .order_by("-revision")
        .first()
    )
    figures = month_figures(unit=unit, year=year, month=month)
    sealed = digest(figures)
    if latest is not None and latest.digest == sealed:
        return latest
    changes = differences(latest.figures, figures) if latest is not None else []
    if latest is not None and not changes:
        # Revisions frozen before snapshots recorded amounts per project differ only in form;
        # a "correction" with nothing to show would mislead the unit.
        return latest
    snapshot = MonthlySnapshot(
        year=year,
        unit=unit,
        month=month,
        revision=1 if latest is None else latest.revision + 1,
        taken_at=now,
        taken_by=actor,
        figures=figures,
        digest=sealed,
    )
    if latest is not None:
        snapshot.note = (
            _("Correction of revision %(revision)s: %(changes)s")
            % {
                "revision": latest.revision,
                "changes": "；".join(str(c["label"]) for c in changes),
            }
        )[:200]
    snapshot.full_clean()
    snapshot.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=snapshot,
        after={"revision": snapshot.revision, "digest": sealed, "note": snapshot.note},
    )
    return snapshot


_MEASURES = (
    ("count", lambda: _("number of projects")),
    ("total_investment", lambda: _("total investment")),
    ("funds_in_place", lambda: _("funds in place")),
)


def differences(old, new):
    """What changed between two revisions' figures, as ``{label, before, after}`` rows: the
    totals, the new projects of the month, each stage, and each project's stage or progress."""
    rows = []

    def compare(prefix, a, b):
        for key, name in _MEASURES:
            before, after = (a or {}).get(key, 0), (b or {}).get(key, 0)
            if str(before) != str(after):
                rows.append({"label": f"{prefix}{name()}", "before": before, "after": after})

    compare(_("All projects: "), old.get("totals"), new.get("totals"))
    compare(_("New this month: "), old.get("new"), new.get("new"))
    for code in dict.fromkeys(new.get("stage_order", []) + old.get("stage_order", [])):
        a, b = old["by_stage"].get(code), new["by_stage"].get(code)
        compare(f"{(b or a)['name']}：", a, b)
    names = {code: s["name"] for code, s in {**old["by_stage"], **new["by_stage"]}.items()}
    before = {p["code"]: p for p in old["projects"]}
    after = {p["code"]: p for p in new["projects"]}
    for code in sorted(before.keys() | after.keys()):
        a, b = before.get(code), after.get(code)
        label = f"{code} {(b or a)['name']}"
        shown_a = names.get(a["stage"], a["stage"]) if a else "—"
        shown_b = names.get(b["stage"], b["stage"]) if b else "—"
        if shown_a != shown_b:
            rows.append({"label": label, "before": shown_a, "after": shown_b})
            continue
        if a and b and a["progressed"] != b["progressed"]:
            rows.append(
                {
                    "label": _("%(project)s moved this month") % {"project": label},
                    "before": _("yes") if a["progressed"] else _("no"),
                    "after": _("yes") if b["progressed"] else _("no"),
                }
            )
        for key, name in _MEASURES[1:]:
            # Revisions from before amounts were kept per project have nothing to compare.
            if a and b and key in a and key in b and a[key] != b[key]:
                rows.append({"label": f"{label}：{name()}", "before": a[key], "after": b[key]})
    return rows
