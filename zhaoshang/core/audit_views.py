"""The audit log page, for the audit administrator alone. Reading or exporting it is itself
recorded in the log."""

import django_filters
import django_tables2 as tables
from django import forms
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction, AuditCategory
from zhaoshang.core.exports import xlsx_response
from zhaoshang.core.filters import YesNoFilter
from zhaoshang.core.models import AuditEvent
from zhaoshang.core.permissions import has_action
from zhaoshang.core.roles import AUDIT_EXPORT, AUDIT_VIEW
from zhaoshang.core.views import render_list

EXPORT_LIMIT = 100_000


class AuditFilterSet(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(
        label=gettext_lazy("Category"), choices=AuditCategory.choices
    )
    action = django_filters.ChoiceFilter(label=gettext_lazy("Event"), choices=AuditAction.choices)
    actor_name = django_filters.CharFilter(label=gettext_lazy("User name"), lookup_expr="iexact")
    ip = django_filters.CharFilter(label=gettext_lazy("IP address"))
    success = YesNoFilter(label=gettext_lazy("Succeeded"))
    object_repr = django_filters.CharFilter(label=gettext_lazy("Object"), lookup_expr="icontains")
    start = django_filters.DateFilter(
        label=gettext_lazy("From"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = django_filters.DateFilter(
        label=gettext_lazy("To"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEvent
        fields = ["category", "action", "actor_name", "ip", "success", "object_repr"]


class AuditTable(tables.Table):
    id = tables.Column(verbose_name=gettext_lazy("No."))
    action = tables.Column(verbose_name=gettext_lazy("event"))
    changes = tables.TemplateColumn(
        template_name="core/_audit_changes.html",
        verbose_name=gettext_lazy("Changes"),
        orderable=False,
    )

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "created_at",
            "action",
            "success",
            "actor_name",
            "ip",
            "object_type",
            "object_repr",
            "message",
        ]
        attrs = {"class": "table table-sm table-hover align-middle small"}

    def render_object_type(self, value):
        return object_type_label(value)

    def render_action(self, record):
        return dict(AuditAction.choices).get(record.action, record.action)


def object_type_label(label):
    """``orgs.membership`` → the model's verbose name, for people who read the log."""
    try:
        return apps.get_model(label)._meta.verbose_name
    except (LookupError, ValueError):
        return label


def _filtered(request):
    qs = AuditEvent.objects.all()
    filterset = AuditFilterSet(request.GET or None, queryset=qs)
    return filterset.qs if filterset.is_bound and filterset.is_valid() else qs


def audit_list(request):
    if not has_action(request.user, AUDIT_VIEW):
        raise PermissionDenied
    audit.record(
        action=AuditAction.AUDIT_READ,
        category=AuditCategory.SECURITY,
        actor=request.user,
        message=request.GET.urlencode()[:500],
    )
    return render_list(
        request,
        template="core/audit_list.html",
        title=_("Audit log"),
        queryset=AuditEvent.objects.all(),
        filterset_class=AuditFilterSet,
        table_class=AuditTable,
        extra={"can_export": has_action(request.user, AUDIT_EXPORT)},
    )


def audit_export(request):
    if not has_action(request.user, AUDIT_EXPORT):
        raise PermissionDenied
    # Newest first: if the limit cuts, it cuts the oldest rows.
    rows = _filtered(request).order_by("-pk")[:EXPORT_LIMIT]
    labels = dict(AuditAction.choices)
    audit.record(
        action=AuditAction.EXPORT,
        category=AuditCategory.SECURITY,
        actor=request.user,
        message=f"audit log: {request.GET.urlencode()}"[:500],
    )
    headers = [
        _("No."),
        _("Time"),
        _("Event"),
        _("Succeeded"),
        _("User name"),
        _("IP address"),
        _("Request id"),
        _("Object type"),
        _("Object"),
        _("Before"),
        _("After"),
        _("Message"),
        _("Hash"),
    ]
    data = (
        [
            e.pk,
            e.created_at,
            labels.get(e.action, e.action),
            e.success,
            e.actor_name,
            e.ip,
            e.request_id,
            object_type_label(e.object_type),
            e.object_repr,
            e.before,
            e.after,
            e.message,
            e.hash,
        ]
        for e in rows.iterator(chunk_size=2000)
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(
        filename=f"audit-{stamp}.xlsx", sheet_title=_("Audit log"), headers=headers, rows=data
    )
