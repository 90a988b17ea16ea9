"""Pipeline settings pages for the bureau (REFERENCE_MANAGE): stages with their dwell limits
and requirements, drop reasons, carrier platforms and the county's numbers. Every change goes
through ``settings_services``."""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zhaoshang.core.roles import REFERENCE_MANAGE
from zhaoshang.core.views import require_action, service_call
from zhaoshang.projects import settings_services
from zhaoshang.projects.forms_settings import (
    CountySettingsForm,
    DropReasonForm,
    PlatformForm,
    StageForm,
)
from zhaoshang.projects.models import (
    CountySettings,
    DropReason,
    Platform,
    Project,
    Stage,
    StageRequirement,
)
from zhaoshang.projects.requirements import RULES


def _stages():
    return Stage.objects.annotate(project_count=Count("projects")).prefetch_related(
        Prefetch("requirements", queryset=StageRequirement.objects.order_by("position"))
    )


def index(request):
    require_action(request.user, REFERENCE_MANAGE)
    stages = list(_stages())
    for stage in stages:
        stage.rule_labels = [
            RULES[r.rule].label for r in stage.requirements.all() if r.rule in RULES
        ]
    county = CountySettings.objects.select_related("local_region").get(
        pk=CountySettings.current().pk
    )
    return render(
        request,
        "projects/settings_index.html",
        {
            "title": _("Pipeline settings"),
            "stages": stages,
            "reasons": DropReason.objects.annotate(project_count=Count("projects")),
            "platforms": Platform.objects.select_related("unit").annotate(
                project_count=Count("projects")
            ),
            "county": county,
            "major_count": Project.objects.filter(is_major=True).count(),
            "protected_reasons": settings_services.PROTECTED_REASONS,
        },
    )


def _form_page(request, form, title, save, template="core/form.html", **extra):
    """Show ``form``; on a valid POST call ``save(cleaned_data)`` (a service) and go back to
    the settings page, or show the service's refusal on the form."""
    if (
        request.method == "POST"
        and form.is_valid()
        and service_call(form, lambda: save(form.cleaned_data))
    ):
        messages.success(request, _("Saved."))
        return redirect("projects:settings")
    context = {"form": form, "title": title, "cancel_url": reverse("projects:settings")}
    context.update(extra)
    return render(request, template, context)


def stage_edit(request, code):
    require_action(request.user, REFERENCE_MANAGE)
    stage = get_object_or_404(_stages(), code=code)
    title = _("Stage %(name)s") % {"name": stage.name}
    form = StageForm(request.POST or None, instance=stage)
    return _form_page(
        request,
        form,
        title,
        lambda data: settings_services.stage_update(
            actor=request.user, stage=Stage.objects.get(pk=stage.pk), **data
        ),
        template="projects/settings_stage.html",
        stage=stage,
    )


def reason_create(request):
    require_action(request.user, REFERENCE_MANAGE)
    return _form_page(
        request,
        DropReasonForm(request.POST or None),
        _("New drop reason"),
        lambda data: settings_services.drop_reason_create(actor=request.user, **data),
    )


def reason_edit(request, code):
    require_action(request.user, REFERENCE_MANAGE)
    reason = get_object_or_404(DropReason, code=code)
    title = _("Drop reason %(name)s") % {"name": reason.name}
    return _form_page(
        request,
        DropReasonForm(request.POST or None, instance=reason),
        title,
        lambda data: settings_services.drop_reason_update(
            actor=request.user, reason=DropReason.objects.get(pk=reason.pk), **data
        ),
    )


def platform_create(request):
    require_action(request.user, REFERENCE_MANAGE)
    return _form_page(
        request,
        PlatformForm(request.POST or None, user=request.user),
        _("New carrier platform"),
        lambda data: settings_services.platform_create(actor=request.user, **data),
    )


def platform_edit(request, code):
    require_action(request.user, REFERENCE_MANAGE)
    platform = get_object_or_404(Platform, code=code)
    title = _("Carrier platform %(name)s") % {"name": platform.name}
    return _form_page(
        request,
        PlatformForm(request.POST or None, instance=platform, user=request.user),
        title,
        lambda data: settings_services.platform_update(
            actor=request.user, platform=Platform.objects.get(pk=platform.pk), **data
        ),
    )


def county_edit(request):
    require_action(request.user, REFERENCE_MANAGE)
    return _form_page(
        request,
        CountySettingsForm(request.POST or None, instance=CountySettings.current()),
        _("County settings"),
        lambda data: settings_services.county_settings_update(actor=request.user, **data),
    )
