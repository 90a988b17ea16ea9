"""Writes of the monthly dispatch (ASM-2): opening, saving and submitting a unit's report, and
the bureau's reminders. Pages, the API and the demo all call these.

A report's figures always come from a stored month-end snapshot. While the report is a draft,
each save re-takes the snapshot, so that what the unit submits is what it last saw; once
submitted, the report and the revision it was filed with are locked, and a later revision only
shows as a correction next to it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.assessment.choices import ReportStatus, YearStatus
from zhaoshang.assessment.models import GroupMember, MonthlyReport, ReportReminder, StalledReason
from zhaoshang.assessment.selectors_dispatch import due_date
from zhaoshang.assessment.snapshots import (
    may_file,
    month_has_ended,
    snapshot_take,
    stalled_codes,
)
from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.notifications import notify
from zhaoshang.core.permissions import has_action, unit_in_scope
from zhaoshang.core.roles import ASSESSMENT_MANAGE, REPORT_FILE, roles_with
from zhaoshang.orgs.models import Membership, Unit
from zhaoshang.projects.models import Project

NARRATIVE = ("work_done", "problems", "next_plan")
# What a submitted report must contain besides a reason for every stalled project.
REQUIRED_NARRATIVE = ("work_done", "next_plan")


def month_label(year, month):
    return _("%(year)s-%(month)02d") % {"year": year.year, "month": month}


def _state(report):
    data = audit.snapshot(report, ("status", "due_date", "is_late", *NARRATIVE))
    data["snapshot_revision"] = report.snapshot.revision if report.snapshot_id else None
    data["reasons"] = {
        r.project.code: r.reason for r in report.stalled_reasons.select_related("project")
    }
    return data


def _check_open_for_filing(actor, year, unit, month, today):
    if not may_file(actor, unit):
        raise PermissionDenied(_("You may not file reports for this unit."))
    if year.status == YearStatus.CLOSED:
        raise ValidationError(_("The assessment year %(year)s is closed.") % {"year": year.year})
    if not GroupMember.objects.filter(year=year, unit=unit).exists():
        raise ValidationError(
            _("%(unit)s is not assessed in %(year)s, so it files no monthly reports.")
            % {"unit": unit.name, "year": year.year}
        )
    if not month_has_ended(year.year, month, today):
        raise ValidationError(
            _("The report for %(month)s can be filed only after the month has ended.")
            % {"month": month_label(year, month)},
            code="month_not_over",
        )


def _sync_reasons(report):
    """One reason row per project the snapshot shows stalled; rows of projects that moved after
    all (in a corrected revision) go, since nothing is asked of them any more."""
    wanted = set(stalled_codes(report.snapshot.figures))
    rows = {r.project.code: r for r in report.stalled_reasons.select_related("project")}
    for code in rows.keys() - wanted:
        rows[code].delete()
    missing = wanted - rows.keys()
    if missing:
        StalledReason.objects.bulk_create(
            StalledReason(report=report, project=project)
            for project in Project.objects.filter(code__in=missing)
        )


@transaction.atomic
def report_open(*, actor, year, unit, month, at=None):
    """The unit's report for the month, created as a draft with the month-end snapshot's
    figures if it does not exist yet."""
    now = at or timezone.now()
    _check_open_for_filing(actor, year, unit, month, timezone.localtime(now).date())
    # Locked so two people opening the same month at once make one report.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    existing = MonthlyReport.objects.filter(year=year, unit=unit, month=month).first()
    if existing is not None:
        return existing
    report = MonthlyReport(
        year=year,
        unit=unit,
        month=month,
        due_date=due_date(year, month),
        snapshot=snapshot_take(actor=actor, year=year, unit=unit, month=month, at=now),
    )
    report.full_clean()
    report.save()
    _sync_reasons(report)
    audit.record(actor=actor, action=AuditAction.CREATE, obj=report, after=_state(report))
    return report


def _lock(report, expected_version):
    locked = (
        MonthlyReport.objects.select_for_update(of=("self",))
        .select_related("year", "unit", "snapshot")
        .get(pk=report.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(
            _(
                "Someone else saved this report in the meantime. Open it again to see their "
                "changes, then make yours again."
            ),
            code="conflict",
        )
    return locked


def _check_editable(actor, report):
    if not may_file(actor, report.unit):
        raise PermissionDenied(_("You may not file reports for this unit."))
    if report.status == ReportStatus.SUBMITTED:
        raise ValidationError(
            _("This report was submitted on %(date)s and is locked.")
            % {"date": timezone.localtime(report.submitted_at).strftime("%Y-%m-%d")},
            code="locked",
        )


def _refresh(actor, report, now):
    """Re-take the month-end snapshot; True when the figures changed since the report last
    showed them (a new revision is then the report's)."""
    snapshot = snapshot_take(
        actor=actor, year=report.year, unit=report.unit, month=report.month, at=now
    )
    if snapshot.pk == report.snapshot_id:
        return False
    report.snapshot = snapshot
    _sync_reasons(report)
    return True


def _set_reasons(report, reasons):
    rows = {r.project.code: r for r in report.stalled_reasons.select_related("project")}
    unknown = sorted(set(reasons) - rows.keys())
    if unknown:
        raise ValidationError(
            _("No reason is asked for these projects: %(codes)s.") % {"codes": "、".join(unknown)},
            code="unknown_project",
        )
    for code, text in reasons.items():
        row = rows[code]
        row.reason = (text or "").strip()
        row.full_clean()
        row.save(update_fields=["reason"])


@transaction.atomic
def report_save(
    *,
    actor,
    report,
    expected_version=None,
    work_done=None,
    problems=None,
    next_plan=None,
    reasons=None,
    at=None,
):
    """Save a draft: the narrative (a field left as None is kept) and reasons by project code.
    The month-end snapshot is re-taken, so the draft shows the latest figures."""
    report = _lock(report, expected_version)
    _check_editable(actor, report)
    now = at or timezone.now()
    before = _state(report)
    _refresh(actor, report, now)
    for name, value in zip(NARRATIVE, (work_done, problems, next_plan), strict=True):
        if value is not None:
            setattr(report, name, value.strip())
    if reasons:
        _set_reasons(report, reasons)
    report.due_date = due_date(report.year, report.month)
    report.full_clean()
    after = _state(report)
    if after == before:
        return report
    report.version += 1
    report.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=report, before=before, after=after)
    return report


def _refuse_incomplete(report):
    problems = []
    labels = {
        "work_done": MonthlyReport._meta.get_field("work_done").verbose_name,
        "next_plan": MonthlyReport._meta.get_field("next_plan").verbose_name,
    }
    empty = [str(labels[name]) for name in REQUIRED_NARRATIVE if not getattr(report, name)]
    if empty:
        problems.append(_("Please fill in: %(fields)s.") % {"fields": "、".join(empty)})
    unexplained = [
        f"{r.project.code} {r.project.name}"
        for r in report.stalled_reasons.select_related("project").order_by("project__code")
        if not r.reason
    ]
    if unexplained:
        problems.append(
            _("Give a reason for each project that made no progress this month: %(projects)s.")
            % {"projects": "、".join(unexplained)}
        )
    if problems:
        raise ValidationError([ValidationError(p, code="incomplete") for p in problems])


def report_submit(*, actor, report, expected_version=None, at=None):
    """Submit and lock the report. Refused, naming what is missing, while the narrative or a
    stalled project's reason is empty. If the month's figures changed since the report last
    showed them, the new revision is kept and the submission refused, so that nobody submits
    figures they have not seen."""
    now = at or timezone.now()
    with transaction.atomic():
        report = _lock(report, expected_version)
        _check_editable(actor, report)
        before = _state(report)
        if not _refresh(actor, report, now):
            _refuse_incomplete(report)
            report.status = ReportStatus.SUBMITTED
            report.submitted_at = now
            report.submitted_by = actor
            report.due_date = due_date(report.year, report.month)
            report.is_late = timezone.localtime(now).date() > report.due_date
            report.version += 1
            report.full_clean()
            report.save()
            audit.record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=report,
                before=before,
                after=_state(report),
                message="submitted",
            )
            return report
        report.version += 1
        report.save()
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=report, before=before, after=_state(report)
        )
    raise ValidationError(
        _(
            "The month's figures changed since the report was last saved. Check the updated "
            "figures and the projects that need a reason, then submit again."
        ),
        code="figures_changed",
    )


def _filers(units):
    """Active holders of REPORT_FILE on each unit, directly or through an ancestor."""
    paths = {unit.pk: unit.path for unit in units}
    prefixes = {p[: i + 1] for p in paths.values() for i, c in enumerate(p) if c == "/"}
    memberships = (
        Membership.objects.filter(
            role__in=roles_with(REPORT_FILE), unit__path__in=prefixes, user__is_active=True
        )
        .select_related("user", "unit")
        .order_by("user__username")
    )
    holders = {pk: {} for pk in paths}
    for membership in memberships:
        for pk, path in paths.items():
            if path.startswith(membership.unit.path):
                holders[pk][membership.user_id] = membership.user
    return {pk: list(users.values()) for pk, users in holders.items()}


@transaction.atomic
def reminder_send(*, actor, year, month, units=None, at=None):
    """Remind units of the month's report: the given ones, or every unit whose report is
    missing (due date passed, not submitted). Each unit gets a reminder row, and its filers a
    notification (and an e-mail where they have an address). A unit already reminded today is
    skipped in a reminder to all, and refused when named alone. Returns ``[(reminder, people
    notified)]``; a unit with nobody to notify still gets its reminder row (the bureau calls)."""
    now = at or timezone.now()
    today = timezone.localtime(now).date()
    if units is not None and not units:
        raise ValidationError(_("Choose at least one unit to remind."))
    for unit in units or []:
        if not unit_in_scope(actor, ASSESSMENT_MANAGE, unit):
            raise PermissionDenied(_("You may not send reminders to this unit."))
    if units is None and not has_action(actor, ASSESSMENT_MANAGE):
        raise PermissionDenied(_("You may not send reminders."))
    if year.status == YearStatus.CLOSED:
        raise ValidationError(_("The assessment year %(year)s is closed.") % {"year": year.year})
    if not month_has_ended(year.year, month, today):
        raise ValidationError(
            _("The report for %(month)s is not due before the month has ended.")
            % {"month": month_label(year, month)}
        )
    members = GroupMember.objects.filter(year=year).select_related("unit")
    if units is not None:
        members = members.filter(unit__in=units)
        outside = {u.pk for u in units} - set(members.values_list("unit_id", flat=True))
        if outside:
            raise ValidationError(
                _("%(units)s is not assessed in %(year)s.")
                % {
                    "units": "、".join(u.name for u in units if u.pk in outside),
                    "year": year.year,
                }
            )
    filed = set(
        MonthlyReport.objects.filter(
            year=year, month=month, status=ReportStatus.SUBMITTED
        ).values_list("unit_id", flat=True)
    )
    reminded_today = set(
        ReportReminder.objects.filter(year=year, month=month, sent_at__date__gte=today).values_list(
            "unit_id", flat=True
        )
    )
    due = due_date(year, month)
    targets = []
    for member in members:
        unit = member.unit
        if unit.pk in filed:
            if units is not None:
                raise ValidationError(
                    _("%(unit)s has already submitted the report for %(month)s.")
                    % {"unit": unit.name, "month": month_label(year, month)}
                )
            continue
        if units is None and (due >= today or not unit_in_scope(actor, ASSESSMENT_MANAGE, unit)):
            continue
        if unit.pk in reminded_today:
            if units is not None:
                raise ValidationError(
                    _("%(unit)s was already reminded today.") % {"unit": unit.name}
                )
            continue
        targets.append(unit)
    if not targets:
        raise ValidationError(
            _("No unit has a missing report for %(month)s that was not reminded today.")
            % {"month": month_label(year, month)}
        )
    holders = _filers(targets)
    sent = []
    for unit in targets:
        reminder = ReportReminder(year=year, unit=unit, month=month, sent_at=now, sent_by=actor)
        reminder.full_clean()
        reminder.save()
        people = holders[unit.pk]
        sent.append((reminder, people))
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=reminder,
            after={"month": month, "notified": [user.username for user in people]},
        )
        link = reverse("assessment:report", args=[year.year, unit.code, month])
        if due < today:
            body = _(
                "The monthly report of %(unit)s for %(month)s was due on %(due)s and has not "
                "been submitted. Please file it as soon as possible."
            )
        else:
            body = _("The monthly report of %(unit)s for %(month)s is due on %(due)s.")
        values = {"unit": unit.name, "month": month_label(year, month), "due": due.isoformat()}
        notify(
            users=people,
            title=_("Reminder: monthly report for %(month)s") % values,
            body=body % values,
            link=link,
            at=now,
        )
    return sent
