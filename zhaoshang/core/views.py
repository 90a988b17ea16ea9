"""Cross-cutting pages: the home page per role, the health check, and list-page helpers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from zhaoshang.core import home
from zhaoshang.core.forms import style
from zhaoshang.core.permissions import has_action


@never_cache
@require_GET
def healthz(request):
    """Answers without login so a load balancer or monitor can poll it."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def home_page(request):
    return render(request, "core/home.html", {"sections": home.sections_for(request.user)})


def add_service_errors(form, exc, default_field=None):
    """Put a service's ValidationError on the form: per field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(default_field if default_field in form.fields else None, exc.messages)


def service_call(form, call, default_field=None):
    """Run a service; a refusal becomes a form error instead of an exception page."""
    try:
        return call()
    except ValidationError as exc:
        add_service_errors(form, exc, default_field)
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or _("You do not have permission to do this."))
    return None


def require_action(user, action):
    """A list page for an action the user holds nowhere is forbidden, not merely empty."""
    if not has_action(user, action):
        raise PermissionDenied


def render_list(
    request,
    *,
    template,
    title,
    queryset,
    filterset_class,
    table_class,
    extra=None,
    filterset_kwargs=None,
    table_kwargs=None,
):
    """One FilterSet feeds the table; pagination and sorting come from the query string."""
    filterset = filterset_class(request.GET or None, queryset=queryset, **(filterset_kwargs or {}))
    style(filterset.form, compact=True)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    table = table_class(rows, **(table_kwargs or {}))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    context = {"title": title, "filter": filterset, "table": table}
    context.update(extra or {})
    return render(request, template, context)
