"""Approval procedure pages: the list with remaining working days, a procedure's steps, the
catalogue, and the departments' ranking (中梗阻) with its export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction, AuditCategory
from zhaoshang.core.exports import xlsx_response
from zhaoshang.core.permissions import get_scoped_or_404, has_action, restrict
from zhaoshang.core.roles import MECHANISM_MANAGE, MECHANISM_VIEW, PROJECT_VIEW
from zhaoshang.core.views import require_action, service_call
from zhaoshang.mechanisms import selectors, services_config, services_procedures
from zhaoshang.mechanisms.filtersets import ProcedureFilterSet
from zhaoshang.mechanisms.forms import ProcedureTypeForm, StepForm
from zhaoshang.mechanisms.models import ProcedureType
from zhaoshang.mechanisms.views_common import filtered_page, form_page, post_action, require_manage
from zhaoshang.projects.models import Project
from zhaoshang.reference.workdays import unknown_years


def procedure_list(request):
    user = request.user
    require_action(user, MECHANISM_VIEW)
    today = timezone.localdate()
    queryset = selectors.procedure_list(user).order_by("due_date", "project__code", "position")
    filterset, page, query = filtered_page(request, ProcedureFilterSet, queryset)
    rows = selectors.with_clock(page.object_list, today)
    return render(
        request,
        "mechanisms/procedure_list.html",
        {
            "title": _("Approval procedures"),
            "filter": filterset,
            "page": page,
            "rows": rows,
            "query": query,
            "unknown_years": unknown_years(today, today),
            "can_manage": has_action(user, MECHANISM_MANAGE),
        },
    )


def procedure_detail(request, public_id):
    user = request.user
    procedure = selectors.procedure_detail(user, public_id)
    today = timezone.localdate()
    may_handle = selectors.may_handle(user, procedure)
    form = None
    if may_handle and procedure.status != "done":
        form = StepForm(request.POST or None, procedure=procedure, initial={"on": today})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            saved = service_call(
                form,
                lambda: services_procedures.procedure_record(
                    actor=user, procedure=procedure, **data
                ),
                "step",
            )
            if saved:
                messages.success(request, _("Recorded."))
                return redirect("mechanisms:procedure_detail", public_id=public_id)
    elif request.method == "POST":
        raise PermissionDenied
    selectors.with_clock([procedure], today)
    return render(
        request,
        "mechanisms/procedure_detail.html",
        {
            "procedure": procedure,
            "events": list(procedure.events.select_related("actor")),
            "form": form,
            "unknown_years": unknown_years(procedure.accepted_on or today, today),
        },
    )


@require_POST
def procedures_draw_up(request, code):
    require_manage(request.user)
    project = get_scoped_or_404(request.user, PROJECT_VIEW, Project, code=code)
    back = reverse("projects:detail", args=[code])
    return post_action(
        request,
        lambda: services_procedures.procedures_draw_up_by_bureau(
            actor=request.user, project=project
        ),
        _("The procedure list is up to date with the catalogue."),
        back,
    )


def catalogue(request):
    require_action(request.user, MECHANISM_VIEW)
    return render(
        request,
        "mechanisms/catalogue.html",
        {
            "title": _("Procedure catalogue"),
            "types": list(
                restrict(request.user, MECHANISM_VIEW, ProcedureType).select_related("department")
            ),
            "can_manage": has_action(request.user, MECHANISM_MANAGE),
        },
    )


def _type_form(request, procedure_type, title):
    require_manage(request.user)
    form = ProcedureTypeForm(request.POST or None, instance=procedure_type)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if procedure_type is not None:
            data.pop("code", None)
        saved = service_call(
            form,
            lambda: services_config.procedure_type_save(
                actor=request.user, procedure_type=procedure_type, **data
            ),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("mechanisms:catalogue")
    return form_page(request, form, title, reverse("mechanisms:catalogue"))


def type_create(request):
    return _type_form(request, None, _("New procedure type"))


def type_edit(request, code):
    require_manage(request.user)
    procedure_type = get_object_or_404(
        restrict(request.user, MECHANISM_MANAGE, ProcedureType), code=code
    )
    return _type_form(request, procedure_type, _("Edit %(name)s") % {"name": procedure_type.name})


def _year(request):
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and len(value) == 4 else None


def ranking(request):
    require_action(request.user, MECHANISM_VIEW)
    year = _year(request)
    today = timezone.localdate()
    return render(
        request,
        "mechanisms/ranking.html",
        {
            "title": _("Departments by approval speed"),
            "rows": selectors.department_ranking(request.user, today, year),
            "year": year,
            "years": range(today.year, today.year - 5, -1),
        },
    )


def ranking_export(request):
    require_action(request.user, MECHANISM_VIEW)
    year = _year(request)
    today = timezone.localdate()
    rows = selectors.department_ranking(request.user, today, year)
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        category=AuditCategory.SECURITY,
        message=f"approval ranking {year or 'all'}",
    )
    return xlsx_response(
        filename=f"{_('Departments by approval speed')}-{year or today.year}.xlsx",
        sheet_title=str(_("Departments by approval speed")),
        headers=[
            _("Rank"),
            _("Department"),
            _("Procedures"),
            _("Done"),
            _("Average working days"),
            _("Overdue"),
            _("Overdue and still open"),
        ],
        rows=[
            [
                index,
                row.department.name,
                row.total,
                row.done,
                row.average_days,
                row.overdue,
                row.open_overdue,
            ]
            for index, row in enumerate(rows, start=1)
        ],
    )
