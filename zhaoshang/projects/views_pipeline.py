"""Moving projects through the pipeline: the detail page's buttons, the kanban board's drag,
evidence upload and download, and verification. All of them go through the services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction, AuditCategory
from zhaoshang.core.permissions import get_scoped_or_404
from zhaoshang.core.roles import PROJECT_VIEW
from zhaoshang.core.views import require_action
from zhaoshang.projects import selectors, services
from zhaoshang.projects.evidence import evidence_add
from zhaoshang.projects.forms import EvidenceForm, TransitionForm
from zhaoshang.projects.models import Project, Stage

KANBAN_PER_COLUMN = 60


def _refusal(exc):
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("You do not have permission to do this.")


def _advance(request, project, data):
    return services.project_advance_stage(
        actor=request.user,
        project=project,
        to_stage=data["to_stage"],
        note=data.get("note") or "",
        reason=data.get("reason") or "",
        resume_date=data.get("resume_date"),
        drop_reason=data.get("drop_reason"),
        expected_version=data.get("version"),
    )


@require_POST
def project_transition(request, code):
    """The detail page's stage buttons. A refusal comes back as a message naming what is
    missing; nothing changes."""
    project = get_scoped_or_404(request.user, PROJECT_VIEW, Project, code=code)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the stage to move to."))
        return redirect("projects:detail", code=code)
    try:
        transition = _advance(request, project, form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("Moved to %(stage)s.") % {"stage": transition.to_stage.name})
    return redirect("projects:detail", code=code)


def kanban(request):
    require_action(request.user, PROJECT_VIEW)
    base = selectors.project_list(request.user)
    unit_code = request.GET.get("unit")
    if unit_code:
        base = base.filter(unit__code=unit_code)
    columns = []
    for stage in Stage.objects.filter(kind="pipeline").order_by("position"):
        in_stage = base.filter(stage=stage)
        columns.append(
            {
                "stage": stage,
                "count": in_stage.count(),
                "projects": list(
                    in_stage.order_by("-stalled", "stage_entered_at")[:KANBAN_PER_COLUMN]
                ),
            }
        )
    return render(
        request, "projects/kanban.html", {"columns": columns, "title": _("Pipeline board")}
    )


@require_POST
def kanban_move(request, code):
    """A drag on the board: the same service as the detail page; the answer says whether the
    card may stay where it was dropped."""
    project = get_scoped_or_404(request.user, PROJECT_VIEW, Project, code=code)
    stage = Stage.objects.filter(code=request.POST.get("to_stage", "")).first()
    if stage is None:
        return JsonResponse({"ok": False, "message": _("Unknown stage.")}, status=400)
    try:
        _advance(request, project, {"to_stage": stage})
    except (ValidationError, PermissionDenied) as exc:
        return JsonResponse({"ok": False, "message": _refusal(exc)}, status=409)
    return JsonResponse({"ok": True, "message": _("Moved to %(stage)s.") % {"stage": stage.name}})


@require_POST
def evidence_upload(request, code):
    project = get_scoped_or_404(request.user, PROJECT_VIEW, Project, code=code)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a kind and a file."))
        return redirect("projects:detail", code=code)
    try:
        evidence_add(
            actor=request.user,
            project=project,
            kind=form.cleaned_data["kind"],
            uploaded=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("The file was attached."))
    return redirect("projects:detail", code=code)


def evidence_download(request, public_id):
    """Always a download, never rendered inline: uploads are untrusted."""
    evidence = get_scoped_or_404(
        request.user, PROJECT_VIEW, Project, evidence__public_id=public_id
    ).evidence.get(public_id=public_id)
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        category=AuditCategory.SECURITY,
        obj=evidence,
        message=evidence.original_name,
    )
    response = FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name
    )
    response["Content-Type"] = "application/octet-stream"
    return response


@require_POST
def project_verify(request, code):
    project = get_scoped_or_404(request.user, PROJECT_VIEW, Project, code=code)
    try:
        services.project_verify(
            actor=request.user, project=project, note=request.POST.get("note", "")
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("The project is verified and will count in the assessment."))
    return redirect("projects:detail", code=code)
