"""Carrier platforms with their parcels and buildings, the promotion catalogue with its DOCX
and XLSX exports, and the project page's chain link and site actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction, AuditCategory
from zhaoshang.core.exports import xlsx_response
from zhaoshang.core.forms import style
from zhaoshang.core.permissions import can, get_scoped_or_404, has_action
from zhaoshang.core.roles import INVESTOR_VIEW, PROJECT_EDIT, PROJECT_VIEW, TARGETING_MANAGE
from zhaoshang.core.views import require_action, service_call
from zhaoshang.projects.models import Platform, Project
from zhaoshang.targeting import catalogue_docx as docx_catalogue
from zhaoshang.targeting import selectors
from zhaoshang.targeting import services_chains as services
from zhaoshang.targeting.choices import CatalogueStatus, SiteStatus
from zhaoshang.targeting.filtersets import SiteFilterSet
from zhaoshang.targeting.forms import (
    CatalogueItemForm,
    ProjectLinkForm,
    SiteAssignForm,
    SiteForm,
)
from zhaoshang.targeting.models import CatalogueItem, Site


def _form_page(request, form, title, cancel_url):
    return render(
        request, "core/form.html", {"form": form, "title": title, "cancel_url": cancel_url}
    )


def platform_list(request):
    user = request.user
    require_action(user, INVESTOR_VIEW)
    sites = selectors.site_list(user)
    filterset = SiteFilterSet(request.GET or None, queryset=sites)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else sites
    style(filterset.form, compact=True)
    platforms = Platform.objects.select_related("unit").annotate(
        site_count=Count("sites", distinct=True),
        available_count=Count("sites", filter=Q(sites__status=SiteStatus.AVAILABLE), distinct=True),
    )
    return render(
        request,
        "targeting/platform_list.html",
        {
            "title": _("Carrier platforms"),
            "platforms": list(platforms),
            "sites": list(rows),
            "filter": filterset,
            "can_manage": has_action(user, TARGETING_MANAGE),
        },
    )


def site_create(request):
    require_action(request.user, TARGETING_MANAGE)
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        site = service_call(
            form, lambda: services.site_save(actor=request.user, **form.cleaned_data)
        )
        if site:
            messages.success(request, _("Saved."))
            return redirect("targeting:platforms")
    return _form_page(request, form, _("New parcel or building"), reverse("targeting:platforms"))


def site_edit(request, code):
    require_action(request.user, TARGETING_MANAGE)
    site = get_object_or_404(Site, code=code)
    form = SiteForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        fresh = Site.objects.get(pk=site.pk)
        saved = service_call(
            form, lambda: services.site_save(actor=request.user, site=fresh, **form.cleaned_data)
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("targeting:platforms")
    return _form_page(
        request, form, _("Edit %(name)s") % {"name": site}, reverse("targeting:platforms")
    )


@require_POST
def site_release(request, code):
    site = get_scoped_or_404(request.user, INVESTOR_VIEW, Site, code=code)
    project = site.project
    try:
        services.site_release(actor=request.user, site=site)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("%(site)s is available again.") % {"site": site.name})
    if project is not None and can(request.user, PROJECT_VIEW, project):
        return redirect("projects:detail", code=project.code)
    return redirect("targeting:platforms")


# Catalogue ------------------------------------------------------------------------------------


def catalogue_list(request):
    user = request.user
    require_action(user, INVESTOR_VIEW)
    can_manage = has_action(user, TARGETING_MANAGE)
    items = selectors.catalogue_list(user)
    if not can_manage:
        items = items.filter(status=CatalogueStatus.PUBLISHED)
    return render(
        request,
        "targeting/catalogue_list.html",
        {"title": _("Promotion catalogue"), "items": list(items), "can_manage": can_manage},
    )


def catalogue_create(request):
    require_action(request.user, TARGETING_MANAGE)
    form = CatalogueItemForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        item = service_call(
            form, lambda: services.catalogue_item_save(actor=request.user, **form.cleaned_data)
        )
        if item:
            messages.success(request, _("Saved."))
            return redirect("targeting:catalogue")
    return _form_page(request, form, _("New catalogue project"), reverse("targeting:catalogue"))


def catalogue_edit(request, public_id):
    require_action(request.user, TARGETING_MANAGE)
    item = get_object_or_404(CatalogueItem, public_id=public_id)
    form = CatalogueItemForm(request.POST or None, instance=item, user=request.user)
    if request.method == "POST" and form.is_valid():
        fresh = CatalogueItem.objects.get(pk=item.pk)
        saved = service_call(
            form,
            lambda: services.catalogue_item_save(
                actor=request.user, item=fresh, **form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("targeting:catalogue")
    return _form_page(
        request, form, _("Edit %(name)s") % {"name": item}, reverse("targeting:catalogue")
    )


def _published(user):
    return selectors.catalogue_list(user).filter(status=CatalogueStatus.PUBLISHED)


def _audit_export(user, what):
    audit.record(
        actor=user, action=AuditAction.EXPORT, category=AuditCategory.SECURITY, message=what
    )


def catalogue_docx(request):
    user = request.user
    require_action(user, INVESTOR_VIEW)
    items = list(_published(user))
    _audit_export(user, "promotion catalogue docx")
    content = docx_catalogue.render(items)
    response = HttpResponse(content, content_type=docx_catalogue.DOCX_TYPE)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f"attachment; filename=catalogue-{stamp}.docx"
    return response


XLSX_COLUMNS = [
    (_("No."), lambda n, i: n),
    (_("Project name"), lambda n, i: i.name),
    (_("Industry chain"), lambda n, i: i.link.chain.name),
    (_("Chain link"), lambda n, i: i.link.name),
    (_("Carrier platform"), lambda n, i: i.platform.name),
    (_("Site"), lambda n, i: i.site.name if i.site else ""),
    (_("Estimated investment (10k yuan)"), lambda n, i: i.investment),
    (_("What will be built"), lambda n, i: i.content),
    (_("Market prospects"), lambda n, i: i.market),
    (_("Local conditions"), lambda n, i: i.conditions),
    (_("Incentives"), lambda n, i: i.incentives),
    (_("Contact unit"), lambda n, i: i.contact_unit.name),
]


def catalogue_xlsx(request):
    user = request.user
    require_action(user, INVESTOR_VIEW)
    items = list(_published(user))
    _audit_export(user, "promotion catalogue xlsx")
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(
        filename=f"catalogue-{stamp}.xlsx",
        sheet_title=_("Promotion catalogue"),
        headers=[label for label, _get in XLSX_COLUMNS],
        rows=([get(n, item) for _label, get in XLSX_COLUMNS] for n, item in enumerate(items, 1)),
    )


# The project page's panel ---------------------------------------------------------------------


def _project_for_edit(user, code):
    project = get_scoped_or_404(user, PROJECT_VIEW, Project, code=code)
    if not can(user, PROJECT_EDIT, project):
        raise PermissionDenied
    return project


@require_POST
def project_link(request, code):
    project = _project_for_edit(request.user, code)
    form = ProjectLinkForm(request.POST)
    if form.is_valid():
        services.project_link_set(
            actor=request.user, project=project, link=form.cleaned_data["link"]
        )
        messages.success(request, _("Chain link saved."))
    else:
        messages.error(request, _("Choose a chain link."))
    return redirect("projects:detail", code=code)


@require_POST
def project_site(request, code):
    project = _project_for_edit(request.user, code)
    form = SiteAssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an available parcel or building."))
        return redirect("projects:detail", code=code)
    try:
        site = services.site_assign(
            actor=request.user, project=project, site=form.cleaned_data["site"]
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("%(site)s is now the project's site.") % {"site": site.name})
    return redirect("projects:detail", code=code)
