"""Investors (Enterprise) and a project's credit shares: small pages around the register."""

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhaoshang.core.filters import YesNoFilter
from zhaoshang.core.forms import StyledMixin
from zhaoshang.core.permissions import can, get_scoped_or_404, has_action
from zhaoshang.core.roles import PROJECT_EDIT, PROJECT_VIEW
from zhaoshang.core.views import render_list, require_action, service_call
from zhaoshang.orgs.models import Unit
from zhaoshang.projects import services
from zhaoshang.projects.forms import EnterpriseForm
from zhaoshang.projects.models import Enterprise, Project


class EnterpriseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Search"), method="search")
    registered_locally = YesNoFilter(label=gettext_lazy("registered in the county"))

    class Meta:
        model = Enterprise
        fields = ["q", "registered_locally", "region"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(credit_code__iexact=value))


class EnterpriseTable(tables.Table):
    name = tables.Column(linkify=("projects:enterprise_edit", {"public_id": tables.A("public_id")}))
    project_count = tables.Column(verbose_name=gettext_lazy("Projects"))

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "credit_code",
            "region",
            "industry",
            "registered_locally",
            "project_count",
        ]
        attrs = {"class": "table table-sm table-hover align-middle"}


def enterprise_list(request):
    require_action(request.user, PROJECT_VIEW)
    return render_list(
        request,
        template="projects/enterprise_list.html",
        title=_("Enterprises"),
        queryset=Enterprise.objects.select_related("region", "industry").annotate(
            project_count=Count("projects")
        ),
        filterset_class=EnterpriseFilterSet,
        table_class=EnterpriseTable,
        extra={"can_add": has_action(request.user, PROJECT_EDIT)},
    )


def enterprise_edit(request, public_id=None):
    require_action(request.user, PROJECT_EDIT)
    enterprise = Enterprise.objects.filter(public_id=public_id).first() if public_id else None
    if public_id and enterprise is None:
        from django.http import Http404

        raise Http404
    form = EnterpriseForm(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        saved = service_call(
            form,
            lambda: services.enterprise_save(
                actor=request.user, enterprise=enterprise, **form.cleaned_data
            ),
            default_field="credit_code",
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("projects:enterprise_list")
    title = _("Edit %(name)s") % {"name": enterprise} if enterprise else _("New enterprise")
    return render(
        request,
        "core/form.html",
        {"form": form, "title": title, "cancel_url": reverse("projects:enterprise_list")},
    )


class CreditShareForm(StyledMixin, forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=Unit.objects.none())
    percent = forms.DecimalField(
        label=gettext_lazy("share (%)"), max_digits=5, decimal_places=2, min_value=0.01
    )


def credit_edit(request, code):
    """Split a double-claimed project between units; the shares must add up to 100 %."""
    project = get_scoped_or_404(request.user, PROJECT_VIEW, Project, code=code)
    if not can(request.user, PROJECT_EDIT, project):
        raise PermissionDenied
    formset_class = forms.formset_factory(CreditShareForm, extra=2, can_delete=True)
    initial = [{"unit": s.unit, "percent": s.percent} for s in project.credit_shares.all()]
    formset = formset_class(request.POST or None, initial=initial, prefix="share")
    # Credit may go to any unit of the county: a double claim is, by nature, across units.
    units = Unit.objects.filter(is_active=True).exclude(kind="county")
    for form in formset:
        form.fields["unit"].queryset = units
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"
    error = None
    if request.method == "POST" and formset.is_valid():
        shares = [
            (f.cleaned_data["unit"], f.cleaned_data["percent"])
            for f in formset
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            services.project_set_credit_shares(actor=request.user, project=project, shares=shares)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Saved."))
            return redirect("projects:detail", code=code)
    return render(
        request,
        "projects/credit.html",
        {"project": project, "formset": formset, "error": error},
    )
