"""Pages for assessment years and their unit groups: the year list, a year's groups with their
member units (and the units in no group), and the forms that change them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.assessment import selectors_years as selectors
from zhaoshang.assessment import services_years as services
from zhaoshang.assessment.forms_years import (
    AssignForm,
    GroupForm,
    YearCreateForm,
    YearEditForm,
)
from zhaoshang.assessment.tables_years import YearTable
from zhaoshang.core.permissions import has_action
from zhaoshang.core.roles import ASSESSMENT_MANAGE, ASSESSMENT_VIEW
from zhaoshang.core.views import require_action, service_call
from zhaoshang.orgs.models import Unit


def _form_page(request, form, title, cancel_url):
    return render(
        request, "core/form.html", {"form": form, "title": title, "cancel_url": cancel_url}
    )


def _refused(request, exc):
    """A refused button press: the service's reason, on the page the user came from."""
    if isinstance(exc, ValidationError):
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.error(request, str(exc) or _("You do not have permission to do this."))


def year_list(request):
    require_action(request.user, ASSESSMENT_VIEW)
    years = selectors.year_list(request.user).order_by("-year")
    return render(
        request,
        "assessment/years/list.html",
        {
            "title": _("Assessment years"),
            "table": YearTable(years),
            "can_manage": has_action(request.user, ASSESSMENT_MANAGE),
        },
    )


def year_create(request):
    require_action(request.user, ASSESSMENT_MANAGE)
    form = YearCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        year = service_call(
            form,
            lambda: services.year_create(
                actor=request.user,
                year=data["year"],
                name=data["name"],
                report_due_day=data["report_due_day"],
                copy_groups=data["copy_groups"],
            ),
        )
        if year:
            messages.success(request, _("%(year)s was created.") % {"year": year.name})
            return redirect("assessment:year_detail", year=year.year)
    return _form_page(request, form, _("New assessment year"), reverse("assessment:years"))


def year_detail(request, year):
    """The year's groups with their member units, and the units in no group."""
    year = selectors.year_or_404(request.user, year)
    can_manage = has_action(request.user, ASSESSMENT_MANAGE) and year.is_open
    groups = selectors.groups_with_members(request.user, year)
    return render(
        request,
        "assessment/years/detail.html",
        {
            "title": year.name,
            "year": year,
            "groups": groups,
            "unassigned": list(selectors.unassigned_units(year))
            if has_action(request.user, ASSESSMENT_MANAGE)
            else None,
            "can_manage": can_manage,
            "can_edit_year": has_action(request.user, ASSESSMENT_MANAGE),
            "assign_form": AssignForm(year=year, user=request.user) if can_manage else None,
        },
    )


def year_edit(request, year):
    require_action(request.user, ASSESSMENT_MANAGE)
    year = selectors.year_or_404(request.user, year)
    form = YearEditForm(request.POST or None, instance=year)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ("name", "status", "report_due_day")}
        fresh = type(year).objects.get(pk=year.pk)
        saved = service_call(
            form, lambda: services.year_update(actor=request.user, year=fresh, **fields)
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("assessment:year_detail", year=saved.year)
    return _form_page(
        request,
        form,
        _("Edit %(year)s") % {"year": year.name},
        reverse("assessment:year_detail", args=[year.year]),
    )


def group_create(request, year):
    require_action(request.user, ASSESSMENT_MANAGE)
    year = selectors.year_or_404(request.user, year)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = service_call(
            form,
            lambda: services.group_create(
                actor=request.user,
                year=year,
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
            ),
        )
        if group:
            messages.success(request, _("Group %(name)s was created.") % {"name": group.name})
            return redirect("assessment:year_detail", year=year.year)
    return _form_page(
        request,
        form,
        _("New group in %(year)s") % {"year": year.name},
        reverse("assessment:year_detail", args=[year.year]),
    )


def group_edit(request, year, code):
    require_action(request.user, ASSESSMENT_MANAGE)
    year = selectors.year_or_404(request.user, year)
    group = selectors.group_for(year, code)
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        saved = service_call(
            form,
            lambda: services.group_update(
                actor=request.user,
                group=type(group).objects.get(pk=group.pk),
                name=form.cleaned_data["name"],
            ),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("assessment:year_detail", year=year.year)
    return _form_page(
        request,
        form,
        _("Rename %(group)s") % {"group": group.name},
        reverse("assessment:year_detail", args=[year.year]),
    )


def _button(request, year, call, success):
    """Run a one-button service and go back to the year's groups, with its answer."""
    try:
        call()
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, success)
    return redirect("assessment:year_detail", year=year.year)


@require_POST
def group_move(request, year, code):
    require_action(request.user, ASSESSMENT_MANAGE)
    year = selectors.year_or_404(request.user, year)
    group = selectors.group_for(year, code)
    offset = -1 if request.POST.get("direction") == "up" else 1
    return _button(
        request,
        year,
        lambda: services.group_move(actor=request.user, group=group, offset=offset),
        _("The order of the groups was changed."),
    )


@require_POST
def group_delete(request, year, code):
    require_action(request.user, ASSESSMENT_MANAGE)
    year = selectors.year_or_404(request.user, year)
    group = selectors.group_for(year, code)
    return _button(
        request,
        year,
        lambda: services.group_delete(actor=request.user, group=group),
        _("Group %(name)s was deleted.") % {"name": group.name},
    )


@require_POST
def members_assign(request, year):
    require_action(request.user, ASSESSMENT_MANAGE)
    year = selectors.year_or_404(request.user, year)
    form = AssignForm(request.POST, year=year, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("assessment:year_detail", year=year.year)
    group = form.cleaned_data["group"]
    units = list(form.cleaned_data["units"])
    return _button(
        request,
        year,
        lambda: services.members_assign(actor=request.user, group=group, units=units),
        _("%(n)d units are now in %(group)s.") % {"n": len(units), "group": group.name},
    )


@require_POST
def member_remove(request, year):
    require_action(request.user, ASSESSMENT_MANAGE)
    year = selectors.year_or_404(request.user, year)
    code = request.POST.get("unit", "")
    # PostgreSQL refuses a NUL even in a lookup, and no code has one.
    unit = Unit.objects.filter(code=code).first() if "\x00" not in code else None
    if unit is None:
        messages.error(request, _("There is no such unit."))
        return redirect("assessment:year_detail", year=year.year)
    return _button(
        request,
        year,
        lambda: services.member_remove(actor=request.user, year=year, unit=unit),
        _("%(unit)s was taken out of the groups of %(year)s.")
        % {"unit": unit.name, "year": year.name},
    )
