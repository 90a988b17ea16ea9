"""Reference data pages: readable by everyone who works with projects, edited by the bureau."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core.views import render_list, service_call
from zhaoshang.reference import forms, selectors, services
from zhaoshang.reference.filtersets import (
    DivisionFilterSet,
    RegionFilterSet,
    RegionGroupFilterSet,
    StrategicFieldFilterSet,
)
from zhaoshang.reference.models import Region, RegionGroup
from zhaoshang.reference.tables import (
    DivisionTable,
    RegionGroupTable,
    RegionTable,
    StrategicFieldTable,
)


def _require_view(user):
    if not selectors.can_view(user):
        raise PermissionDenied


def _require_manage(user):
    if not selectors.can_manage(user):
        raise PermissionDenied


def _table(table_class, can_manage):
    """Readers get the same table without the edit column."""
    return table_class if can_manage else partial(table_class, exclude=("actions",))


def _form_page(request, form, title, cancel):
    return render(
        request, "core/form.html", {"form": form, "title": title, "cancel_url": reverse(cancel)}
    )


def index(request):
    _require_view(request.user)
    return render(
        request,
        "reference/index.html",
        {
            "title": _("Reference data"),
            "counts": selectors.counts(),
            "groups": selectors.region_group_list(),
            "can_manage": selectors.can_manage(request.user),
        },
    )


# Industries --------------------------------------------------------------------------------


def industry_list(request):
    _require_view(request.user)
    can_manage = selectors.can_manage(request.user)
    return render_list(
        request,
        template="reference/industry_list.html",
        title=_("Industry divisions"),
        queryset=selectors.division_list(),
        filterset_class=DivisionFilterSet,
        table_class=_table(DivisionTable, can_manage),
        extra={"sections": selectors.section_list()},
    )


def division_edit(request, code):
    _require_manage(request.user)
    division = get_object_or_404(selectors.division_list(), code=code)
    form = forms.DivisionForm(request.POST or None, instance=division)
    if request.method == "POST" and form.is_valid():
        saved = service_call(
            form,
            lambda: services.division_update(
                actor=request.user, division=division, name=form.cleaned_data["name"]
            ),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect(f"{reverse('reference:industry_list')}?section={saved.section.code}")
    title = _("Edit %(name)s") % {"name": division}
    return _form_page(request, form, title, "reference:industry_list")


def strategic_field_list(request):
    _require_view(request.user)
    return render_list(
        request,
        template="core/list.html",
        title=_("Strategic emerging fields"),
        queryset=selectors.strategic_field_list(),
        filterset_class=StrategicFieldFilterSet,
        table_class=StrategicFieldTable,
    )


# Regions -----------------------------------------------------------------------------------


def region_list(request):
    _require_view(request.user)
    can_manage = selectors.can_manage(request.user)
    return render_list(
        request,
        template="reference/region_list.html",
        title=_("Source regions"),
        queryset=selectors.region_list(),
        filterset_class=RegionFilterSet,
        table_class=_table(RegionTable, can_manage),
        extra={"can_add": can_manage},
    )


def region_create(request):
    _require_manage(request.user)
    form = forms.RegionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        region = service_call(
            form, lambda: services.region_create(actor=request.user, **form.cleaned_data)
        )
        if region:
            messages.success(request, _("Region %(name)s was created.") % {"name": region.name})
            return redirect("reference:region_list")
    return _form_page(request, form, _("New source region"), "reference:region_list")


def region_edit(request, code):
    _require_manage(request.user)
    region = get_object_or_404(Region, code=code)
    form = forms.RegionForm(request.POST or None, instance=region)
    if request.method == "POST" and form.is_valid():
        saved = service_call(
            form,
            lambda: services.region_update(actor=request.user, region=region, **form.cleaned_data),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("reference:region_list")
    title = _("Edit %(name)s") % {"name": region.name}
    return _form_page(request, form, title, "reference:region_list")


# Region groups -----------------------------------------------------------------------------


def group_list(request):
    _require_view(request.user)
    can_manage = selectors.can_manage(request.user)
    return render_list(
        request,
        template="reference/group_list.html",
        title=_("Region groups"),
        queryset=selectors.region_group_list(),
        filterset_class=RegionGroupFilterSet,
        table_class=_table(RegionGroupTable, can_manage),
        extra={"can_add": can_manage},
    )


def group_create(request):
    _require_manage(request.user)
    form = forms.RegionGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = service_call(
            form, lambda: services.region_group_create(actor=request.user, **form.cleaned_data)
        )
        if group:
            messages.success(
                request, _("Region group %(name)s was created.") % {"name": group.name}
            )
            return redirect("reference:group_list")
    return _form_page(request, form, _("New region group"), "reference:group_list")


def group_edit(request, code):
    _require_manage(request.user)
    group = get_object_or_404(RegionGroup, code=code)
    form = forms.RegionGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        saved = service_call(
            form,
            lambda: services.region_group_update(
                actor=request.user, group=group, **form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("reference:group_list")
    title = _("Edit %(name)s") % {"name": group.name}
    return _form_page(request, form, title, "reference:group_list")


@require_POST
def group_delete(request, code):
    _require_manage(request.user)
    group = get_object_or_404(RegionGroup, code=code)
    services.region_group_delete(actor=request.user, group=group)
    messages.success(request, _("Region group %(name)s was deleted.") % {"name": group.name})
    return redirect("reference:group_list")
