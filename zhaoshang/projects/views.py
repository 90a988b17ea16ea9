"""Project pages: the register list (with export), detail, create/edit, leads."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction, AuditCategory
from zhaoshang.core.exports import xlsx_response
from zhaoshang.core.forms import style
from zhaoshang.core.permissions import can, get_scoped_or_404, has_action, restrict
from zhaoshang.core.roles import (
    LEAD_CREATE,
    PROJECT_ADVANCE,
    PROJECT_CREATE,
    PROJECT_EDIT,
    PROJECT_EXPORT,
    PROJECT_IMPORT,
    PROJECT_INTEGRITY,
    PROJECT_VERIFY,
    PROJECT_VIEW,
)
from zhaoshang.core.templatetags.zs import wan
from zhaoshang.core.views import render_list, require_action, service_call
from zhaoshang.orgs.models import Unit
from zhaoshang.projects import panels, selectors, services
from zhaoshang.projects.filtersets import ProjectFilterSet
from zhaoshang.projects.forms import EvidenceForm, LeadForm, ProjectForm, TransitionForm
from zhaoshang.projects.models import Project, Stage
from zhaoshang.projects.tables import ProjectTable
from zhaoshang.projects.timeline import timeline
from zhaoshang.targeting import services_work as lead_services

EXPORT_LIMIT = 50_000


def _filterset(request, queryset):
    return ProjectFilterSet(
        request.GET or None,
        queryset=queryset,
        units=restrict(request.user, PROJECT_VIEW, Unit),
    )


def project_list(request):
    require_action(request.user, PROJECT_VIEW)
    return render_list(
        request,
        template="projects/list.html",
        title=_("Projects"),
        queryset=selectors.project_list(request.user),
        filterset_class=ProjectFilterSet,
        filterset_kwargs={"units": restrict(request.user, PROJECT_VIEW, Unit)},
        table_class=ProjectTable,
        extra={
            "can_add": has_action(request.user, PROJECT_CREATE),
            "can_export": has_action(request.user, PROJECT_EXPORT),
            "can_import": has_action(request.user, PROJECT_IMPORT),
            "can_lead": has_action(request.user, LEAD_CREATE),
            "stalled_first": selectors.stalled_for(request.user)[:5],
        },
    )


EXPORT_COLUMNS = [
    (_("Project code"), lambda p: p.code),
    (_("Project name"), lambda p: p.name),
    (_("Investor"), lambda p: p.investor_name),
    (_("Claiming unit"), lambda p: p.unit.name),
    (_("Stage"), lambda p: p.stage.name),
    (_("Industry"), lambda p: f"{p.industry.code} {p.industry.name}"),
    (_("Sector"), lambda p: p.get_sector_display()),
    (_("Strategic emerging field"), lambda p: p.strategic_field.name if p.strategic_field else ""),
    (_("Origin region"), lambda p: p.origin_region.name),
    (_("Total investment (10k yuan)"), lambda p: p.total_investment),
    (_("Funds in place (10k yuan)"), lambda p: p.funds_in_place),
    (_("Major project"), lambda p: _("Yes") if p.is_major else _("No")),
    (_("Carrier platform"), lambda p: p.platform.name if p.platform else ""),
    (_("Site"), lambda p: p.site),
    (_("Signing date"), lambda p: p.signing_date),
    (_("Start date"), lambda p: p.start_date),
    (_("Production date"), lambda p: p.production_date),
    (_("Next action"), lambda p: p.next_action),
    (_("Next action date"), lambda p: p.next_action_date),
    (_("Stalled"), lambda p: _("Yes") if p.stalled else _("No")),
    (_("Verified"), lambda p: _("Yes") if p.verified_at else _("No")),
    (_("Suspected repeat"), lambda p: _("Yes") if p.suspected_repeat else _("No")),
]


def project_export(request):
    """The filtered list as xlsx or csv; cells that a spreadsheet would run are neutralised."""
    require_action(request.user, PROJECT_EXPORT)
    filterset = _filterset(request, selectors.project_list(request.user, PROJECT_EXPORT))
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    rows = rows[:EXPORT_LIMIT]
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        category=AuditCategory.SECURITY,
        message=f"projects: {request.GET.urlencode()}"[:500],
    )
    headers = [label for label, _get in EXPORT_COLUMNS]
    data = ([get(p) for _label, get in EXPORT_COLUMNS] for p in rows)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if request.GET.get("format") == "csv":
        from zhaoshang.core.exports import csv_response

        return csv_response(filename=f"projects-{stamp}.csv", headers=headers, rows=data)
    return xlsx_response(
        filename=f"projects-{stamp}.xlsx", sheet_title=_("Projects"), headers=headers, rows=data
    )


def project_detail(request, code):
    try:
        project = selectors.project_detail(request.user, code)
    except Project.DoesNotExist:
        from django.http import Http404

        raise Http404 from None
    user = request.user
    next_stage = (
        Stage.objects.filter(kind="pipeline", position__gt=project.stage.position)
        .order_by("position")
        .first()
        if project.stage.is_pipeline
        else None
    )
    transition_form = TransitionForm(initial={"version": project.version})
    style(transition_form)
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "timeline": timeline(project),
            "shares": project.credit_shares.select_related("unit"),
            "evidence": project.evidence.select_related("uploaded_by"),
            "flags": project.repeat_flags.select_related(
                "earlier", "earlier__unit", "earlier__stage"
            ),
            "next_stage": next_stage,
            "side_stages": Stage.objects.exclude(kind="pipeline"),
            "transition_form": transition_form,
            "evidence_form": EvidenceForm(),
            "can_edit": can(user, PROJECT_EDIT, project),
            "can_advance": can(user, PROJECT_ADVANCE, project),
            "can_verify": can(user, PROJECT_VERIFY, project),
            "can_integrity": can(user, PROJECT_INTEGRITY, project),
            "investment": wan(project.total_investment),
            "panels": panels.render_context(request, project),
        },
    )


def _form_page(request, form, title, cancel_url):
    return render(
        request, "projects/form.html", {"form": form, "title": title, "cancel_url": cancel_url}
    )


def project_create(request):
    require_action(request.user, PROJECT_CREATE)
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        unit = data.pop("unit")
        project = service_call(
            form, lambda: services.project_create(actor=request.user, unit=unit, **data)
        )
        if project:
            messages.success(
                request, _("Project %(code)s was registered.") % {"code": project.code}
            )
            if project.suspected_repeat:
                messages.warning(
                    request, _("It looks like an earlier project; the bureau will check it.")
                )
            return redirect("projects:detail", code=project.code)
    return _form_page(request, form, _("Register a project"), reverse("projects:list"))


def project_edit(request, code):
    project = get_scoped_or_404(request.user, PROJECT_VIEW, Project, code=code)
    if not can(request.user, PROJECT_EDIT, project):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        fresh = Project.objects.get(pk=project.pk)
        saved = service_call(
            form,
            lambda: services.project_update(
                actor=request.user, project=fresh, expected_version=version, **data
            ),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("projects:detail", code=saved.code)
    return _form_page(
        request,
        form,
        _("Edit %(name)s") % {"name": project},
        reverse("projects:detail", args=[code]),
    )


def lead_create(request):
    """Any cadre reports a lead; it waits in the targeting app for the unit's follow-up."""
    require_action(request.user, LEAD_CREATE)
    form = LeadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        lead = service_call(
            form, lambda: lead_services.lead_report(actor=request.user, unit=unit, **data)
        )
        if lead:
            messages.success(
                request,
                _("Thank you. The lead was passed to %(unit)s for follow-up by %(date)s.")
                % {"unit": unit.name, "date": lead.deadline.isoformat()},
            )
            return redirect("home")
    return _form_page(request, form, _("Report an investment lead"), reverse("home"))
