"""The bulletin (通报): choose a period, read it as a printable page, download DOCX or XLSX."""

from urllib.parse import quote, urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction, AuditCategory
from zhaoshang.core.roles import ASSESSMENT_VIEW
from zhaoshang.core.views import require_action
from zhaoshang.orgs.models import Unit
from zhaoshang.reports import bulletin_docx, bulletin_xlsx
from zhaoshang.reports.bulletin_tables import shown, tables
from zhaoshang.reports.figures import period_figures
from zhaoshang.reports.forms import BulletinForm, initial_choice


def _county_name():
    county = Unit.objects.filter(parent__isnull=True).order_by("path").first()
    return county.name if county else ""


def _chosen(request):
    """(form, cleaned choice or None): an empty query string means the default period."""
    data = request.GET if "year" in request.GET else initial_choice(request.user)
    form = BulletinForm(data, user=request.user)
    return form, (form.cleaned_data if data is not None and form.is_valid() else None)


def _figures(request, choice, *, fresh=False):
    return period_figures(
        user=request.user,
        year=choice["year"],
        first_month=choice["first_month"],
        last_month=choice["last_month"],
        group=choice["group"],
        fresh=fresh,
    )


def _title(figures):
    county = _county_name()
    scope = f"{figures.group.name}" if figures.group is not None else ""
    return _("%(county)s%(scope)s investment promotion bulletin, %(period)s") % {
        "county": county,
        "scope": scope,
        "period": figures.label,
    }


def _issuer():
    return _("%(county)s investment promotion leading group office") % {"county": _county_name()}


def bulletin(request):
    require_action(request.user, ASSESSMENT_VIEW)
    form, choice = _chosen(request)
    context = {"title": _("Bulletin"), "form": form, "figures": None}
    if choice is not None:
        figures = _figures(request, choice)
        context.update(
            figures=figures,
            bulletin_title=_title(figures),
            issuer=_issuer(),
            tables=[_shown(t) for t in tables(figures)],
            query=_query(form.data),
        )
    return render(request, "reports/bulletin.html", context)


def _shown(table):
    columns = table["columns"]
    cells = [
        [(shown(v, c.kind), c.kind) for v, c in zip(row, columns, strict=True)]
        for row in table["rows"]
    ]
    return {**table, "cells": cells}


def _query(data):
    return urlencode({k: v for k, v in data.items() if v not in (None, "")})


def _download(request, kind):
    require_action(request.user, ASSESSMENT_VIEW)
    form, choice = _chosen(request)
    if choice is None:
        raise Http404
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        category=AuditCategory.SECURITY,
        message=f"bulletin {kind}: {_query(form.data)}"[:500],
    )
    # A document that leaves the system carries the figures of the moment it is made.
    figures = _figures(request, choice, fresh=True)
    title = _title(figures)
    if kind == "docx":
        body = bulletin_docx.render(figures, issuer=_issuer(), title=title)
        content_type = bulletin_docx.DOCX_TYPE
    else:
        body = bulletin_xlsx.render(figures, title=title)
        content_type = bulletin_xlsx.XLSX_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title)}.{kind}"
    return response


def bulletin_docx_view(request):
    return _download(request, "docx")


def bulletin_xlsx_view(request):
    return _download(request, "xlsx")
