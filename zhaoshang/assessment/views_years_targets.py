"""Target pages: the grid of units × indicators, a unit's targets with milestones, and the xlsx
export, template and import (preview, then all or nothing).

Between preview and commit the upload waits in Django's storage under a generated name; the
session holds its path and SHA-256, so any app server can finish the import and the commit
re-reads exactly the file that was previewed (as the project ledger import does).
"""

import hashlib
import uuid
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhaoshang.assessment import selectors_years as selectors
from zhaoshang.assessment import services_years as services
from zhaoshang.assessment import targets_import
from zhaoshang.assessment.forms_years import ProgressFilterForm, TargetsForm
from zhaoshang.assessment.models import GroupMember, Target
from zhaoshang.assessment.models.years import YEAR_MONTH
from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction, AuditCategory
from zhaoshang.core.forms import StyledMixin
from zhaoshang.core.permissions import has_action, restrict, unit_in_scope
from zhaoshang.core.roles import ASSESSMENT_MANAGE, ASSESSMENT_VIEW
from zhaoshang.core.views import require_action, service_call
from zhaoshang.projects import importer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FOLDER = "imports"


def _xlsx(data, name):
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def _group_filter(request, year):
    form = ProgressFilterForm(request.GET or None, year=year)
    del form.fields["month"]
    group = form.cleaned_data.get("group") if form.is_valid() else None
    return form, group


def targets_grid(request, year):
    require_action(request.user, ASSESSMENT_VIEW)
    year = selectors.year_or_404(request.user, year)
    form, group = _group_filter(request, year)
    rows, metrics = selectors.targets_grid(request.user, year, group)
    can_manage = has_action(request.user, ASSESSMENT_MANAGE)
    table = [
        {
            "member": member,
            "cells": [
                (plan.get(metric.value, {}).get(YEAR_MONTH), len(plan.get(metric.value, {})) > 1)
                for metric in metrics
            ],
            "editable": can_manage
            and year.is_open
            and unit_in_scope(request.user, ASSESSMENT_MANAGE, member.unit),
        }
        for member, plan in rows
    ]
    return render(
        request,
        "assessment/targets/grid.html",
        {
            "title": _("Targets %(year)s") % {"year": year.year},
            "year": year,
            "filter_form": form,
            "metrics": metrics,
            "rows": table,
            "can_manage": can_manage and year.is_open,
        },
    )


def _member_or_404(user, year, unit_code):
    member = (
        restrict(user, ASSESSMENT_VIEW, GroupMember)
        .filter(year=year, unit__code=unit_code)
        .select_related("unit", "group")
        .first()
    )
    if member is None:
        raise Http404
    return member


def targets_edit(request, year, unit):
    year = selectors.year_or_404(request.user, year)
    member = _member_or_404(request.user, year, unit)
    if not unit_in_scope(request.user, ASSESSMENT_MANAGE, member.unit):
        raise PermissionDenied
    plan = selectors.targets_by_unit(request.user, year, [member.unit_id]).get(member.unit_id, {})
    form = TargetsForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        changed = service_call(
            form,
            lambda: services.targets_save(
                actor=request.user, year=year, unit=member.unit, plan=form.plan()
            ),
        )
        if changed is not None:
            messages.success(
                request,
                _("Targets of %(unit)s saved: %(n)d indicators changed.")
                % {"unit": member.unit.name, "n": changed},
            )
            grid = reverse("assessment:targets", args=[year.year])
            return redirect(f"{grid}?group={member.group.code}")
    return render(
        request,
        "assessment/targets/edit.html",
        {
            "title": _("Targets of %(unit)s, %(year)s")
            % {"unit": member.unit.name, "year": year.year},
            "year": year,
            "member": member,
            "form": form,
            "closed": not year.is_open,
        },
    )


def targets_export(request, year):
    require_action(request.user, ASSESSMENT_VIEW)
    year = selectors.year_or_404(request.user, year)
    targets = (
        restrict(request.user, ASSESSMENT_VIEW, Target).filter(year=year).select_related("unit")
    )
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        category=AuditCategory.SECURITY,
        message=f"assessment targets {year.year}",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return _xlsx(targets_import.build_export(targets), f"targets-{year.year}-{stamp}.xlsx")


def targets_template(request, year):
    require_action(request.user, ASSESSMENT_MANAGE)
    year = selectors.year_or_404(request.user, year)
    members = [
        m
        for m in selectors.visible_members(request.user, year)
        if unit_in_scope(request.user, ASSESSMENT_MANAGE, m.unit)
    ]
    name = _("targets-template-%(year)s") % {"year": year.year}
    return _xlsx(targets_import.build_template(year, members), f"{name}.xlsx")


# --- import --------------------------------------------------------------------------------


class UploadForm(StyledMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Targets file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


def _session_key(year):
    return f"targets_import_{year.year}"


def _forget(request, year):
    pending = request.session.pop(_session_key(year), None)
    if pending and default_storage.exists(pending["path"]):
        default_storage.delete(pending["path"])


def _load(pending):
    if not pending or not default_storage.exists(pending["path"]):
        return None
    with default_storage.open(pending["path"], "rb") as handle:
        data = handle.read()
    return data if hashlib.sha256(data).hexdigest() == pending["sha256"] else None


def _upload_page(request, year, form, status=200):
    return render(
        request,
        "assessment/targets/import.html",
        {
            "title": _("Import targets, %(year)s") % {"year": year.year},
            "year": year,
            "form": form,
            "columns": targets_import.COLUMNS,
            "metric_names": list(targets_import.METRIC_NAMES.values()),
            "max_mb": settings.IMPORT_MAX_MB,
        },
        status=status,
    )


def _open_year(request, number):
    require_action(request.user, ASSESSMENT_MANAGE)
    year = selectors.year_or_404(request.user, number)
    if not year.is_open:
        messages.error(
            request,
            _("%(year)s is closed. Reopen it before changing its groups or targets.")
            % {"year": year.name},
        )
    return year


def import_upload(request, year):
    year = _open_year(request, year)
    if not year.is_open:
        return redirect("assessment:targets", year=year.year)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            data = importer.inspect_upload(uploaded)
        except ValidationError as exc:
            form.add_error("file", exc)
            return _upload_page(request, year, form, status=400)
        _forget(request, year)
        path = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.xlsx", ContentFile(data))
        request.session[_session_key(year)] = {
            "path": path,
            "sha256": hashlib.sha256(data).hexdigest(),
            "name": (uploaded.name or "")[-200:],
        }
        return redirect("assessment:targets_import_preview", year=year.year)
    return _upload_page(request, year, form)


def _preview_page(request, year, pending, result, status=200, failed=False):
    return render(
        request,
        "assessment/targets/import_preview.html",
        {
            "title": _("Check the targets before importing"),
            "year": year,
            "pending": pending,
            "result": result,
            "errors": sorted(result.errors, key=lambda e: e.row),
            "failed": failed,
        },
        status=status,
    )


def import_preview(request, year):
    year = _open_year(request, year)
    pending = request.session.get(_session_key(year))
    data = _load(pending)
    if data is None or not year.is_open:
        if year.is_open:
            messages.info(request, _("Upload a targets file first."))
        return redirect("assessment:targets_import", year=year.year)
    try:
        result = targets_import.check(actor=request.user, year=year, data=data)
    except ValidationError as exc:
        _forget(request, year)
        form = UploadForm()
        form.add_error(None, exc)
        return _upload_page(request, year, form, status=400)
    return _preview_page(request, year, pending, result)


@require_POST
def import_commit(request, year):
    year = _open_year(request, year)
    pending = request.session.get(_session_key(year))
    data = _load(pending)
    if data is None or request.POST.get("sha256") != pending["sha256"]:
        messages.error(
            request, _("This preview is out of date; upload the file again to import it.")
        )
        return redirect("assessment:targets_import", year=year.year)
    try:
        result = targets_import.apply(
            actor=request.user,
            year=year,
            data=data,
            file_name=pending["name"],
            sha256=pending["sha256"],
        )
    except (ValidationError, PermissionDenied) as exc:
        _forget(request, year)
        form = UploadForm()
        form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        return _upload_page(request, year, form, status=400)
    if result.errors:
        return _preview_page(request, year, pending, result, status=400, failed=True)
    _forget(request, year)
    messages.success(
        request,
        _("Targets imported: %(n)d indicators of %(units)d units changed.")
        % {"n": len(result.changes), "units": len({c.unit.pk for c in result.changes})},
    )
    return redirect("assessment:targets", year=year.year)
