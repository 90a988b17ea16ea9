"""Helpers shared by the mechanisms pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhaoshang.core.forms import style
from zhaoshang.core.permissions import has_action
from zhaoshang.core.roles import MECHANISM_MANAGE


def require_manage(user):
    if not has_action(user, MECHANISM_MANAGE):
        raise PermissionDenied


def refused(request, exc):
    if isinstance(exc, ValidationError):
        messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, str(exc) or _("You do not have permission to do this."))


def post_action(request, call, success, back):
    """A button on a page: run the service, say what happened, go back to the page."""
    try:
        call()
    except (ValidationError, PermissionDenied) as exc:
        refused(request, exc)
    else:
        messages.success(request, success)
    return redirect(back)


def form_page(request, form, title, cancel_url, multipart=False):
    return render(
        request,
        "mechanisms/form.html",
        {"form": form, "title": title, "cancel_url": cancel_url, "multipart": multipart},
    )


def filtered_page(request, filterset_class, queryset, per_page=25):
    """Filter with the list's FilterSet and cut one page; the template gets both."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    style(filterset.form, compact=True)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return filterset, page, query.urlencode()


def attachment(field, name):
    """Serve an uploaded file as an attachment under its original name."""
    if not field:
        raise Http404
    return FileResponse(field.open("rb"), as_attachment=True, filename=name or field.name)
