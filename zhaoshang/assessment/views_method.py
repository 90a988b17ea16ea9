"""The year's method (read, edit, import, export) and the inputs the bureau enters by hand:
bonus/deduction items and manual adjustments."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zhaoshang.assessment import describe, schema
from zhaoshang.assessment import services_scores as services
from zhaoshang.assessment.choices import AdjustmentStatus
from zhaoshang.assessment.forms_scores import (
    AdjustmentForm,
    DecisionForm,
    MethodForm,
    MethodUploadForm,
    ScoreItemForm,
)
from zhaoshang.assessment.models import Adjustment, GroupMember, ScoreItem
from zhaoshang.assessment.views_scores import get_year
from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.permissions import has_action, restrict
from zhaoshang.core.roles import ASSESSMENT_APPROVE, ASSESSMENT_MANAGE, ASSESSMENT_VIEW
from zhaoshang.core.views import require_action, service_call
from zhaoshang.orgs.models import Unit
from zhaoshang.projects.models import Stage


def _version(year, request):
    methods = list(year.methods.select_related("created_by").order_by("-version"))
    wanted = request.GET.get("version")
    chosen = next((m for m in methods if str(m.version) == wanted), methods[0] if methods else None)
    return chosen, methods


def method_detail(request, year):
    require_action(request.user, ASSESSMENT_VIEW)
    year = get_year(request.user, year)
    method, versions = _version(year, request)
    context = {"year": year, "method": method, "versions": versions}
    if method is not None:
        document = method.document
        stages = {s.code: s for s in Stage.objects.all()}
        groups = dict(year.groups.values_list("code", "name"))
        context.update(
            qualifying=describe.qualifying(document["qualifying"], stages, groups),
            indicators=[
                {
                    **indicator,
                    "metric_text": describe.metric(indicator["metric"], stages),
                    "scoring_text": describe.scoring(indicator["scoring"], stages),
                }
                for indicator in document["indicators"]
            ],
            tiers=describe.tiers(document["tiers"]),
        )
    context["can_manage"] = has_action(request.user, ASSESSMENT_MANAGE)
    return render(request, "assessment/method.html", context)


def _require_manage(user):
    if not has_action(user, ASSESSMENT_MANAGE):
        raise PermissionDenied


def method_edit(request, year):
    _require_manage(request.user)
    year = get_year(request.user, year)
    current = services.current_method(year)
    source = request.GET.get("from")
    initial = ""
    if source:
        earlier = get_year(request.user, source)
        previous = services.current_method(earlier)
        initial = schema.dump_yaml(previous.document) if previous else ""
    elif current is not None:
        initial = schema.dump_yaml(current.document)
    form = MethodForm(request.POST or None, initial={"text": initial})
    upload = MethodUploadForm()
    if request.method == "POST" and form.is_valid() and _saved(request, year, form, "text"):
        return redirect("assessment:method", year=year.year)
    other_years = restrict(request.user, ASSESSMENT_VIEW, year.__class__).exclude(pk=year.pk)
    context = {"year": year, "form": form, "upload": upload, "other_years": other_years}
    return render(request, "assessment/method_edit.html", context)


def _saved(request, year, form, field):
    """Save the method typed or uploaded in ``field``; a refusal lands on that field."""
    method = service_call(
        form,
        lambda: services.method_save(
            actor=request.user,
            year=year,
            document=form.cleaned_data[field],
            note=form.cleaned_data["note"],
        ),
        field,
    )
    if method is not None:
        messages.success(
            request, _("Version %(v)s of the method is saved.") % {"v": method.version}
        )
    return method is not None


def method_upload(request, year):
    _require_manage(request.user)
    year = get_year(request.user, year)
    form = MethodUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and _saved(request, year, form, "file"):
        return redirect("assessment:method", year=year.year)
    context = {
        "year": year,
        "form": MethodForm(initial={"text": ""}),
        "upload": form,
        "other_years": [],
    }
    return render(request, "assessment/method_edit.html", context)


def method_download(request, year, fmt):
    require_action(request.user, ASSESSMENT_VIEW)
    year = get_year(request.user, year)
    method, _versions = _version(year, request)
    if method is None:
        return redirect("assessment:method", year=year.year)
    if fmt == "json":
        body, content_type = schema.dump_json(method.document), "application/json"
    else:
        body, content_type = schema.dump_yaml(method.document), "application/yaml"
    audit.record(actor=request.user, action=AuditAction.EXPORT, obj=method, message=fmt)
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    filename = f"method-{year.year}-v{method.version}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _member_units(user, year, action):
    ids = GroupMember.objects.filter(year=year).values("unit_id")
    return restrict(user, action, Unit).filter(pk__in=ids).order_by("sort_key")


def _item_codes(year):
    """Item codes the current method counts, so an item entered always has an effect."""
    method = services.current_method(year)
    codes = []
    if method is not None:
        for indicator in method.document["indicators"]:
            if indicator["metric"]["source"] == "items":
                codes += [(c, f"{c}（{indicator['name']}）") for c in indicator["metric"]["codes"]]
    return codes


def items(request, year):
    require_action(request.user, ASSESSMENT_VIEW)
    year = get_year(request.user, year)
    can_manage = has_action(request.user, ASSESSMENT_MANAGE)
    form = None
    if can_manage:
        form = ScoreItemForm(
            request.POST or None,
            units=_member_units(request.user, year, ASSESSMENT_MANAGE),
            codes=_item_codes(year),
        )
        if request.method == "POST" and form.is_valid():
            item = service_call(
                form,
                lambda: services.score_item_add(actor=request.user, year=year, **form.cleaned_data),
            )
            if item is not None:
                messages.success(request, _("The item is recorded."))
                return redirect("assessment:items", year=year.year)
    rows = (
        restrict(request.user, ASSESSMENT_VIEW, ScoreItem)
        .filter(year=year)
        .select_related("unit", "entered_by")
    )
    context = {"year": year, "form": form, "rows": rows, "can_manage": can_manage}
    return render(request, "assessment/items.html", context)


def item_delete(request, year, public_id):
    _require_manage(request.user)
    year = get_year(request.user, year)
    item = get_object_or_404(
        restrict(request.user, ASSESSMENT_MANAGE, ScoreItem), year=year, public_id=public_id
    )
    if request.method == "POST":
        services.score_item_delete(actor=request.user, item=item)
        messages.success(request, _("The item is deleted."))
    return redirect("assessment:items", year=year.year)


def adjustments(request, year):
    require_action(request.user, ASSESSMENT_VIEW)
    year = get_year(request.user, year)
    can_manage = has_action(request.user, ASSESSMENT_MANAGE)
    form = None
    if can_manage:
        form = AdjustmentForm(
            request.POST or None, units=_member_units(request.user, year, ASSESSMENT_MANAGE)
        )
        if request.method == "POST" and form.is_valid():
            adjustment = service_call(
                form,
                lambda: services.adjustment_request(
                    actor=request.user, year=year, **form.cleaned_data
                ),
            )
            if adjustment is not None:
                messages.success(request, _("The adjustment awaits approval by a second person."))
                return redirect("assessment:adjustments", year=year.year)
    rows = (
        restrict(request.user, ASSESSMENT_VIEW, Adjustment)
        .filter(year=year)
        .select_related("unit", "requested_by", "decided_by")
    )
    context = {
        "year": year,
        "form": form,
        "rows": rows,
        "can_manage": can_manage,
        "can_approve": has_action(request.user, ASSESSMENT_APPROVE),
        "pending": AdjustmentStatus.PENDING,
    }
    return render(request, "assessment/adjustments.html", context)


def adjustment_decide(request, year, public_id):
    year = get_year(request.user, year)
    adjustment = get_object_or_404(
        restrict(request.user, ASSESSMENT_VIEW, Adjustment), year=year, public_id=public_id
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.adjustment_decide(
                actor=request.user,
                adjustment=adjustment,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["decision_note"],
            )
            messages.success(request, _("The decision is recorded."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("assessment:adjustments", year=year.year)
