"""The hub page, industry chains with their map, a link's enterprises, projects and targets,
and the targeting matrix."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core.permissions import get_scoped_or_404, has_action, restrict
from zhaoshang.core.roles import (
    INVESTOR_EDIT,
    INVESTOR_VIEW,
    PERSONAL_DATA_EXPORT,
    PROJECT_VIEW,
    TARGETING_MANAGE,
)
from zhaoshang.core.views import require_action, service_call
from zhaoshang.projects.models import Platform, Project
from zhaoshang.targeting import matrix, selectors
from zhaoshang.targeting import services_chains as services
from zhaoshang.targeting.choices import LeadStatus, LinkRole, Segment, SiteStatus
from zhaoshang.targeting.forms import ChainForm, LinkEnterpriseForm, LinkForm
from zhaoshang.targeting.models import Chain, ChainLink, LinkEnterprise


def index(request):
    user = request.user
    require_action(user, INVESTOR_VIEW)
    today = timezone.localdate()
    leads = selectors.lead_list(user)
    chains = selectors.chain_list(user)
    return render(
        request,
        "targeting/index.html",
        {
            "title": _("Targeting"),
            "counts": {
                "investors": selectors.investor_list(user).count(),
                "trips": selectors.trip_list(user).count(),
                "visits": selectors.visit_list(user).count(),
                "open_leads": leads.filter(
                    status__in=[LeadStatus.NEW, LeadStatus.FOLLOWING]
                ).count(),
                "overdue_leads": selectors.overdue_leads(user, today).count(),
                "weak_links": sum(c.weak_count for c in chains),
                "available_sites": selectors.site_list(user)
                .filter(status=SiteStatus.AVAILABLE)
                .count(),
                "catalogue": selectors.catalogue_list(user).count(),
            },
            "overdue": list(selectors.overdue_leads(user, today).order_by("deadline")[:8]),
            "can_edit": has_action(user, INVESTOR_EDIT),
            "can_manage": has_action(user, TARGETING_MANAGE),
            "can_export": has_action(user, PERSONAL_DATA_EXPORT),
        },
    )


def chain_list(request):
    user = request.user
    require_action(user, INVESTOR_VIEW)
    return render(
        request,
        "targeting/chain_list.html",
        {
            "title": _("Industry chains"),
            "chains": selectors.chain_list(user),
            "can_manage": has_action(user, TARGETING_MANAGE),
        },
    )


def _graph(segments):
    """What the chain map draws: the segments in order, each with its links, their counts,
    weakness and page URL. The script lays them out (columns on a PC, rows on a phone)."""
    return {
        "segments": [
            {
                "label": str(segment["label"]),
                "links": [
                    {
                        "name": link.name,
                        "weak": link.is_weak,
                        "local": link.local_count,
                        "projects": link.project_count,
                        "targets": link.target_count,
                        "url": reverse("targeting:link_detail", args=[link.code]),
                    }
                    for link in segment["links"]
                ],
            }
            for segment in segments
        ]
    }


def chain_detail(request, code):
    user = request.user
    chain = get_scoped_or_404(user, INVESTOR_VIEW, Chain, code=code)
    links = selectors.links_with_strength([chain.pk])
    segments = [
        {"label": label, "links": [link for link in links if link.segment == value]}
        for value, label in Segment.choices
    ]
    return render(
        request,
        "targeting/chain_detail.html",
        {
            "chain": chain,
            "segments": segments,
            "weak": [link for link in links if link.is_weak],
            "graph": {
                **_graph(segments),
                "text": {
                    "local": _("Local enterprises"),
                    "projects": _("Projects"),
                    "targets": _("Targets"),
                    "weak": _("Weak link"),
                },
            },
            "can_manage": has_action(user, TARGETING_MANAGE),
        },
    )


def link_detail(request, code):
    user = request.user
    try:
        link = selectors.link_detail(user, code)
    except ChainLink.DoesNotExist:
        raise Http404 from None
    members = list(link.members.select_related("enterprise", "enterprise__region"))
    can_manage = has_action(user, TARGETING_MANAGE)
    return render(
        request,
        "targeting/link_detail.html",
        {
            "link": link,
            "locals": [m for m in members if m.role == LinkRole.LOCAL],
            "targets": [m for m in members if m.role == LinkRole.TARGET],
            "projects": list(
                restrict(user, PROJECT_VIEW, Project)
                .filter(chain_link__link=link)
                .select_related("stage", "unit", "origin_region")
            ),
            "leads": list(
                selectors.lead_list(user).filter(
                    link=link, status__in=[LeadStatus.NEW, LeadStatus.FOLLOWING]
                )
            ),
            "catalogue": list(selectors.catalogue_list(user).filter(link=link)),
            "can_manage": can_manage,
            "member_form": LinkEnterpriseForm() if can_manage else None,
        },
    )


def chain_create(request):
    require_action(request.user, TARGETING_MANAGE)
    form = ChainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chain = service_call(
            form, lambda: services.chain_save(actor=request.user, **form.cleaned_data)
        )
        if chain:
            messages.success(request, _("Chain saved. Now add its links."))
            return redirect("targeting:chain_detail", code=chain.code)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("New industry chain"), "cancel_url": reverse("targeting:chains")},
    )


def chain_edit(request, code):
    require_action(request.user, TARGETING_MANAGE)
    chain = get_object_or_404(Chain, code=code)
    form = ChainForm(request.POST or None, instance=chain)
    if request.method == "POST" and form.is_valid():
        fresh = Chain.objects.get(pk=chain.pk)
        saved = service_call(
            form, lambda: services.chain_save(actor=request.user, chain=fresh, **form.cleaned_data)
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("targeting:chain_detail", code=saved.code)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": chain},
            "cancel_url": reverse("targeting:chain_detail", args=[code]),
        },
    )


def link_create(request, code):
    require_action(request.user, TARGETING_MANAGE)
    chain = get_object_or_404(Chain, code=code)
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        link = service_call(
            form,
            lambda: services.link_save(actor=request.user, chain=chain, **form.cleaned_data),
        )
        if link:
            messages.success(request, _("Link saved."))
            return redirect("targeting:link_detail", code=link.code)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("New link of %(chain)s") % {"chain": chain},
            "cancel_url": reverse("targeting:chain_detail", args=[code]),
        },
    )


def link_edit(request, code):
    require_action(request.user, TARGETING_MANAGE)
    link = get_object_or_404(ChainLink, code=code)
    form = LinkForm(request.POST or None, instance=link)
    if request.method == "POST" and form.is_valid():
        fresh = ChainLink.objects.get(pk=link.pk)
        saved = service_call(
            form, lambda: services.link_save(actor=request.user, link=fresh, **form.cleaned_data)
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("targeting:link_detail", code=saved.code)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": link},
            "cancel_url": reverse("targeting:link_detail", args=[code]),
        },
    )


@require_POST
def link_member_add(request, code):
    require_action(request.user, TARGETING_MANAGE)
    link = get_object_or_404(ChainLink, code=code)
    form = LinkEnterpriseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the enterprise and whether it is local or a target."))
    else:
        try:
            services.link_enterprise_add(actor=request.user, link=link, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Enterprise added to the link."))
    return redirect("targeting:link_detail", code=code)


@require_POST
def link_member_remove(request, code, pk):
    require_action(request.user, TARGETING_MANAGE)
    row = get_object_or_404(LinkEnterprise, link__code=code, pk=pk)
    services.link_enterprise_remove(actor=request.user, row=row)
    messages.success(request, _("Enterprise taken off the link."))
    return redirect("targeting:link_detail", code=code)


def matrix_page(request):
    user = request.user
    require_action(user, INVESTOR_VIEW)
    platforms = list(Platform.objects.all())
    chosen = next((p for p in platforms if p.code == request.GET.get("platform")), None)
    return render(
        request,
        "targeting/matrix.html",
        {
            "title": _("Targeting matrix"),
            "platforms": platforms,
            "platform": chosen,
            **matrix.build(user, chosen),
        },
    )
