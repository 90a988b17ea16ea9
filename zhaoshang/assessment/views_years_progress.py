"""Progress against targets (ASM-1: "each unit sees its own progress"): a unit's own figures
as cards, everyone's as a table for the bureau and the leaders, and the table as xlsx."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.assessment import selectors_years as selectors
from zhaoshang.assessment.forms_years import ProgressFilterForm
from zhaoshang.assessment.selectors_years import default_month
from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction, AuditCategory
from zhaoshang.core.exports import xlsx_response
from zhaoshang.core.roles import ASSESSMENT_VIEW
from zhaoshang.core.views import require_action


def _filters(request, year):
    initial = {"month": default_month(year)}
    data = request.GET.copy() if request.GET else None
    if data is not None and not data.get("month"):
        data["month"] = initial["month"]
    form = ProgressFilterForm(data, year=year, initial=initial)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["month"], form.cleaned_data["group"]
    return ProgressFilterForm(year=year, initial=initial), initial["month"], None


def progress(request, year):
    require_action(request.user, ASSESSMENT_VIEW)
    year = selectors.year_or_404(request.user, year)
    form, month, group = _filters(request, year)
    rows, metrics = selectors.progress(request.user, year, month, group)
    # One unit (its own staff) reads cards; several units (the bureau, leaders) a table.
    single = len(rows) == 1 and group is None
    return render(
        request,
        "assessment/targets/progress.html",
        {
            "title": _("Progress against targets, %(year)s") % {"year": year.year},
            "year": year,
            "month": month,
            "filter_form": form,
            "rows": rows,
            "metrics": metrics,
            "single": single,
            "query": request.GET.urlencode(),
        },
    )


def progress_export(request, year):
    require_action(request.user, ASSESSMENT_VIEW)
    year = selectors.year_or_404(request.user, year)
    _form, month, group = _filters(request, year)
    rows, metrics = selectors.progress(request.user, year, month, group)
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        category=AuditCategory.SECURITY,
        message=f"assessment progress {year.year}-{month:02d}: {request.GET.urlencode()}"[:500],
    )
    headers = [_("Group"), _("Unit code"), _("Unit")]
    for metric in metrics:
        label = metric.label
        headers += [
            _("%(metric)s: done") % {"metric": label},
            _("%(metric)s: year target") % {"metric": label},
            _("%(metric)s: completion rate (%%)") % {"metric": label},
            _("%(metric)s: due by now") % {"metric": label},
            _("%(metric)s: status") % {"metric": label},
        ]
    data = []
    for row in rows:
        line = [row.member.group.name, row.member.unit.code, row.member.unit.name]
        for cell in row.cells:
            line += [cell.value, cell.target, cell.percent, cell.due, cell.status_label]
        data.append(line)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(
        filename=f"progress-{year.year}-{month:02d}-{stamp}.xlsx",
        sheet_title=_("Progress"),
        headers=headers,
        rows=data,
    )
