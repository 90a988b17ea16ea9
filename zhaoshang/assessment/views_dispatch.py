"""Monthly dispatch pages: the grid of units × months, its export and reminders, and the
report page where a unit files its month and anyone in scope reads it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.assessment import selectors_dispatch as selectors
from zhaoshang.assessment import services_dispatch as services
from zhaoshang.assessment.choices import ReportStatus, YearStatus
from zhaoshang.assessment.forms_dispatch import GroupFilterForm, ReportForm
from zhaoshang.assessment.models import AssessmentYear, GroupMember
from zhaoshang.assessment.snapshots import differences, may_file, month_has_ended, snapshot_take
from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction, AuditCategory
from zhaoshang.core.exports import xlsx_response
from zhaoshang.core.permissions import get_scoped_or_404, has_action, restrict, unit_in_scope
from zhaoshang.core.roles import ASSESSMENT_MANAGE, ASSESSMENT_VIEW, REPORT_FILE
from zhaoshang.core.views import add_service_errors, require_action
from zhaoshang.orgs.models import Unit


def _year(request, year):
    require_action(request.user, ASSESSMENT_VIEW)
    return get_object_or_404(restrict(request.user, ASSESSMENT_VIEW, AssessmentYear), year=year)


def _refused(request, exc):
    if isinstance(exc, ValidationError):
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.error(request, str(exc) or _("You do not have permission to do this."))


def dispatch_home(request):
    """The newest year's grid; a unit's people see their own row there."""
    require_action(request.user, ASSESSMENT_VIEW)
    year = restrict(request.user, ASSESSMENT_VIEW, AssessmentYear).order_by("-year").first()
    if year is None:
        return render(request, "assessment/dispatch/no_year.html", {"title": _("Monthly dispatch")})
    return redirect("assessment:dispatch_overview", year=year.year)


def _grid(request, year):
    form = GroupFilterForm(request.GET or None, year=year)
    group = form.cleaned_data.get("group") if form.is_valid() else None
    today = timezone.localdate()
    return form, group, selectors.overview(request.user, year, today, group=group), today


_TO_FILE = (selectors.CellStatus.MISSING, selectors.CellStatus.DRAFT, selectors.CellStatus.NOT_DUE)


def overview(request, year):
    year = _year(request, year)
    form, group, rows, today = _grid(request, year)
    # The unit's own filers get their open months as buttons; the bureau works from the grid.
    to_file = [
        (row.unit, cell)
        for row in rows
        if year.status != YearStatus.CLOSED and unit_in_scope(request.user, REPORT_FILE, row.unit)
        for cell in row.cells
        if cell.status in _TO_FILE
    ]
    return render(
        request,
        "assessment/dispatch/overview.html",
        {
            "title": _("Monthly dispatch %(year)s") % {"year": year.year},
            "year": year,
            "years": restrict(request.user, ASSESSMENT_VIEW, AssessmentYear).order_by("-year"),
            "form": form,
            "group": group,
            "rows": rows,
            "to_file": to_file,
            "counts": selectors.month_counts(rows),
            "months": list(selectors.MONTHS),
            "today": today,
            "can_manage": has_action(request.user, ASSESSMENT_MANAGE)
            and year.status != YearStatus.CLOSED,
            "query": request.GET.urlencode(),
        },
    )


def _cell_text(cell):
    if cell.status == selectors.CellStatus.LATE:
        submitted = timezone.localtime(cell.report.submitted_at).date()
        return _("Late (%(date)s)") % {"date": submitted.isoformat()}
    if cell.status == selectors.CellStatus.MISSING:
        return _("Missing since %(date)s") % {"date": cell.due.isoformat()}
    return cell.label


def overview_export(request, year):
    year = _year(request, year)
    _form, _group, rows, _today = _grid(request, year)
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        category=AuditCategory.SECURITY,
        message=f"monthly reports {year.year}: {request.GET.urlencode()}"[:500],
    )
    headers = [_("Unit group"), _("Unit")] + [
        _("M%(month)s") % {"month": m} for m in selectors.MONTHS
    ]
    data = (
        [row.member.group.name, row.unit.name] + [_cell_text(c) for c in row.cells] for row in rows
    )
    return xlsx_response(
        filename=f"monthly-reports-{year.year}-{timezone.localtime():%Y%m%d-%H%M}.xlsx",
        sheet_title=_("Monthly reports"),
        headers=headers,
        rows=data,
    )


@require_POST
def remind(request, year):
    year = _year(request, year)
    require_action(request.user, ASSESSMENT_MANAGE)
    back = reverse("assessment:dispatch_overview", args=[year.year])
    if request.POST.get("query"):
        back += "?" + request.POST["query"]
    try:
        month = int(request.POST.get("month", ""))
    except ValueError:
        month = 0
    if month not in selectors.MONTHS:
        messages.error(request, _("Choose a month."))
        return redirect(back)
    units = None
    if request.POST.get("unit"):
        units = [get_scoped_or_404(request.user, ASSESSMENT_VIEW, Unit, code=request.POST["unit"])]
    try:
        sent = services.reminder_send(actor=request.user, year=year, month=month, units=units)
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
        return redirect(back)
    people = sum(len(p) for _r, p in sent)
    messages.success(
        request,
        _("Reminded %(units)s unit(s) of the report for %(month)s; %(people)s people notified.")
        % {"units": len(sent), "month": services.month_label(year, month), "people": people},
    )
    nobody = [r.unit.name for r, p in sent if not p]
    if nobody:
        messages.warning(
            request,
            _("Nobody in %(units)s can file reports in the system; please call them.")
            % {"units": "、".join(nobody)},
        )
    return redirect(back)


def _figures_context(figures):
    """Rows for the figures table, in pipeline order."""
    stages = [{"code": code, **figures["by_stage"][code]} for code in figures["stage_order"]]
    names = {code: s["name"] for code, s in figures["by_stage"].items()}
    projects = [{**p, "stage_name": names.get(p["stage"], p["stage"])} for p in figures["projects"]]
    return {
        "stages": stages,
        "totals": figures["totals"],
        "new": figures["new"],
        "moved": [p for p in projects if p["progressed"]],
    }


def _report_context(request, year, unit, month, report, form=None):
    user = request.user
    filed = report.snapshot if report is not None else None
    latest = selectors.latest_snapshot(year, unit, month)
    shown = filed or latest
    context = {
        "title": _("%(unit)s · report for %(month)s")
        % {"unit": unit.name, "month": services.month_label(year, month)},
        "year": year,
        "unit": unit,
        "month": month,
        "report": report,
        "due": selectors.due_date(year, month),
        "status": selectors.cell_status(year, month, report, timezone.localdate()),
        "ended": month_has_ended(year.year, month, timezone.localdate()),
        "can_file": may_file(user, unit) and year.status != YearStatus.CLOSED,
        "files_as_bureau": may_file(user, unit) and not unit_in_scope(user, REPORT_FILE, unit),
        "snapshot": shown,
        "reminders": selectors.reminders_for(year, unit, month),
        "form": form,
    }
    if shown is not None:
        context.update(_figures_context(shown.figures))
    corrected = report is not None and report.status == ReportStatus.SUBMITTED
    if corrected and latest is not None and filed is not None and latest.pk != filed.pk:
        context["correction"] = {
            "snapshot": latest,
            "changes": differences(filed.figures, latest.figures),
        }
    if report is not None:
        context["reasons"] = list(
            report.stalled_reasons.select_related("project").order_by("project__code")
        )
    return context


def _form_for(report, data=None):
    names = {code: s["name"] for code, s in report.snapshot.figures["by_stage"].items()}
    stages = {p["code"]: p["stage"] for p in report.snapshot.figures["projects"]}
    reasons = [
        {
            "code": r.project.code,
            "name": r.project.name,
            "stage": stages.get(r.project.code, ""),
            "reason": r.reason,
        }
        for r in report.stalled_reasons.select_related("project").order_by("project__code")
    ]
    initial = {
        "work_done": report.work_done,
        "problems": report.problems,
        "next_plan": report.next_plan,
        "version": report.version,
    }
    return ReportForm(data, initial=initial, reasons=reasons, stage_names=names)


def _unit_in_year(request, year, unit_code, month):
    if month not in selectors.MONTHS:
        raise Http404
    unit = get_scoped_or_404(request.user, ASSESSMENT_VIEW, Unit, code=unit_code)
    if not GroupMember.objects.filter(year=year, unit=unit).exists():
        raise Http404
    return unit


def report_page(request, year, unit, month):
    year = _year(request, year)
    unit = _unit_in_year(request, year, unit, month)
    report = selectors.report_for(year, unit, month)
    if request.method == "POST":
        if not may_file(request.user, unit):
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "open":
            return _open(request, year, unit, month)
        if report is None or report.status == ReportStatus.SUBMITTED:
            raise PermissionDenied
        form = _form_for(report, request.POST)
        if form.is_valid():
            form = _save(request, report, form, submit=action == "submit")
            if form is None:
                return redirect("assessment:report", year=year.year, unit=unit.code, month=month)
        report = selectors.report_for(year, unit, month)
        return render(
            request,
            "assessment/dispatch/report.html",
            _report_context(request, year, unit, month, report, form),
        )
    form = None
    if report is not None and report.status == ReportStatus.DRAFT and may_file(request.user, unit):
        form = _form_for(report)
    return render(
        request,
        "assessment/dispatch/report.html",
        _report_context(request, year, unit, month, report, form),
    )


def _open(request, year, unit, month):
    try:
        services.report_open(actor=request.user, year=year, unit=unit, month=month)
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    return redirect("assessment:report", year=year.year, unit=unit.code, month=month)


def _save(request, report, form, *, submit):
    """Save the draft, then submit it if asked. Returns None when done, else the form to show
    again with the refusal: the typed one if the save failed, else the saved draft's (so what
    was typed is kept and a changed list of stalled projects is shown)."""
    data = form.cleaned_data
    try:
        report = services.report_save(
            actor=request.user,
            report=report,
            expected_version=data["version"],
            work_done=data["work_done"],
            problems=data["problems"],
            next_plan=data["next_plan"],
            reasons=form.reasons(),
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return form
    if not submit:
        messages.success(request, _("The draft was saved."))
        return None
    try:
        report = services.report_submit(
            actor=request.user, report=report, expected_version=report.version
        )
    except ValidationError as exc:
        fresh = _form_for(selectors.report_for(report.year, report.unit, report.month))
        # An unbound form takes errors once it has (empty) cleaned data.
        fresh.full_clean()
        fresh.cleaned_data = {}
        add_service_errors(fresh, exc)
        fresh.mark_missing_reasons()
        return fresh
    message = _("The report was submitted and is now locked.")
    if report.is_late:
        message += " " + _("It was submitted after the due date %(due)s.") % {
            "due": report.due_date.isoformat()
        }
    messages.success(request, message)
    return None


@require_POST
def report_recheck(request, year, unit, month):
    """Take the month-end snapshot again: unchanged figures change nothing, changed ones
    become a new revision shown as a correction."""
    year = _year(request, year)
    unit = _unit_in_year(request, year, unit, month)
    if not may_file(request.user, unit):
        raise PermissionDenied
    before = selectors.latest_snapshot(year, unit, month)
    try:
        snapshot = snapshot_take(actor=request.user, year=year, unit=unit, month=month)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        if before is not None and snapshot.pk == before.pk:
            messages.info(request, _("The figures are unchanged."))
        else:
            messages.warning(
                request,
                _("The figures changed; revision %(revision)s was recorded.")
                % {"revision": snapshot.revision},
            )
    return redirect("assessment:report", year=year.year, unit=unit.code, month=month)
