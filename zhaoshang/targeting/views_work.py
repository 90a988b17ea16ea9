"""Trips, visits and leads: the field work of the units' investment teams."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core.permissions import can, get_scoped_or_404, has_action, restrict
from zhaoshang.core.roles import INVESTOR_EDIT, INVESTOR_VIEW, PROJECT_CREATE
from zhaoshang.core.views import render_list, require_action, service_call
from zhaoshang.orgs.models import Unit
from zhaoshang.targeting import selectors, services_investors, services_work
from zhaoshang.targeting.filtersets import LeadFilterSet, TripFilterSet, VisitFilterSet
from zhaoshang.targeting.forms import (
    LeadConvertForm,
    LeadDropForm,
    LeadFromVisitForm,
    TripForm,
    VisitForm,
)
from zhaoshang.targeting.models import Lead, Trip, Visit
from zhaoshang.targeting.tables import LeadTable, TripTable, VisitTable


def _units(user):
    return restrict(user, INVESTOR_VIEW, Unit)


def _form_page(request, form, title, cancel_url):
    return render(
        request, "core/form.html", {"form": form, "title": title, "cancel_url": cancel_url}
    )


def _refused(request, exc):
    if isinstance(exc, ValidationError):
        messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, str(exc) or _("You do not have permission to do this."))


# Trips ----------------------------------------------------------------------------------------


def trip_list(request):
    user = request.user
    require_action(user, INVESTOR_VIEW)
    return render_list(
        request,
        template="targeting/trip_list.html",
        title=_("Outbound trips"),
        queryset=selectors.trip_list(user),
        filterset_class=TripFilterSet,
        filterset_kwargs={"units": _units(user)},
        table_class=TripTable,
        extra={"can_add": has_action(user, INVESTOR_EDIT)},
    )


def trip_create(request):
    require_action(request.user, INVESTOR_EDIT)
    form = TripForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        trip = service_call(form, lambda: services_work.trip_save(actor=request.user, **data))
        if trip:
            messages.success(request, _("Trip recorded. Now add the visits."))
            return redirect("targeting:trip_detail", public_id=trip.public_id)
    return _form_page(request, form, _("New outbound trip"), reverse("targeting:trip_list"))


def _trip(user, public_id):
    return get_scoped_or_404(
        user, INVESTOR_VIEW, Trip.objects.select_related("unit", "region"), public_id=public_id
    )


def trip_edit(request, public_id):
    trip = _trip(request.user, public_id)
    if not can(request.user, INVESTOR_EDIT, trip):
        raise PermissionDenied
    form = TripForm(request.POST or None, instance=trip, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        fresh = Trip.objects.get(pk=trip.pk)
        saved = service_call(
            form, lambda: services_work.trip_save(actor=request.user, trip=fresh, **data)
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("targeting:trip_detail", public_id=public_id)
    return _form_page(
        request,
        form,
        _("Edit %(name)s") % {"name": trip},
        reverse("targeting:trip_detail", args=[public_id]),
    )


def trip_detail(request, public_id):
    user = request.user
    trip = _trip(user, public_id)
    can_edit = can(user, INVESTOR_EDIT, trip)
    return render(
        request,
        "targeting/trip_detail.html",
        {
            "trip": trip,
            "members": list(trip.members.all()),
            "visits": list(
                trip.visits.select_related("investor__enterprise").prefetch_related("leads")
            ),
            "can_edit": can_edit,
            "visit_form": VisitForm(user=user, trip=trip, initial={"date": trip.start_date})
            if can_edit
            else None,
        },
    )


def _save_visit(user, data, *, trip=None):
    """A visit, with a new investor first when the form named one."""
    new_name = (data.pop("new_investor", "") or "").strip()
    unit = trip.unit if trip is not None else data.pop("unit")
    with transaction.atomic():
        if not data.get("investor") and new_name:
            data["investor"] = services_investors.investor_create(
                actor=user, unit=unit, name=new_name, region=trip.region if trip else None
            )
        if trip is not None:
            return services_work.visit_save(actor=user, trip=trip, **data)
        return services_work.visit_save(actor=user, unit=unit, **data)


@require_POST
def trip_visit_add(request, public_id):
    user = request.user
    trip = _trip(user, public_id)
    if not can(user, INVESTOR_EDIT, trip):
        raise PermissionDenied
    form = VisitForm(request.POST, user=user, trip=trip)
    if form.is_valid():
        visit = service_call(form, lambda: _save_visit(user, dict(form.cleaned_data), trip=trip))
        if visit:
            messages.success(request, _("Visit to %(name)s recorded.") % {"name": visit.investor})
            return redirect("targeting:trip_detail", public_id=public_id)
    return _form_page(
        request,
        form,
        _("New visit on %(trip)s") % {"trip": trip},
        reverse("targeting:trip_detail", args=[public_id]),
    )


# Visits ---------------------------------------------------------------------------------------


def visit_list(request):
    user = request.user
    require_action(user, INVESTOR_VIEW)
    return render_list(
        request,
        template="targeting/visit_list.html",
        title=_("Visits and negotiations"),
        queryset=selectors.visit_list(user),
        filterset_class=VisitFilterSet,
        filterset_kwargs={"units": _units(user)},
        table_class=VisitTable,
        extra={"can_add": has_action(user, INVESTOR_EDIT)},
    )


def visit_create(request):
    user = request.user
    require_action(user, INVESTOR_EDIT)
    form = VisitForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        visit = service_call(form, lambda: _save_visit(user, dict(form.cleaned_data)))
        if visit:
            messages.success(request, _("Saved."))
            return redirect("targeting:visit_detail", public_id=visit.public_id)
    return _form_page(request, form, _("New visit or negotiation"), reverse("targeting:visit_list"))


def _visit(user, public_id):
    return get_scoped_or_404(
        user,
        INVESTOR_VIEW,
        Visit.objects.select_related("unit", "trip", "investor__enterprise", "recorded_by"),
        public_id=public_id,
    )


def visit_detail(request, public_id):
    visit = _visit(request.user, public_id)
    return render(
        request,
        "targeting/visit_detail.html",
        {
            "visit": visit,
            "leads": list(visit.leads.select_related("unit", "project")),
            "can_edit": can(request.user, INVESTOR_EDIT, visit),
        },
    )


def visit_lead(request, public_id):
    """Turn what a visit found into a lead for the visit's own unit."""
    user = request.user
    visit = _visit(user, public_id)
    if not can(user, INVESTOR_EDIT, visit):
        raise PermissionDenied
    enterprise = visit.investor.enterprise
    initial = {
        "origin_region": enterprise.region,
        "industry": enterprise.industry,
        "deadline": services_work.default_deadline(),
        "description": visit.summary,
        "next_action": visit.follow_up,
    }
    form = LeadFromVisitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        lead = service_call(
            form,
            lambda: services_work.lead_report(
                actor=user, unit=visit.unit, visit=visit, **form.cleaned_data
            ),
        )
        if lead:
            messages.success(request, _("Lead recorded for %(unit)s.") % {"unit": visit.unit})
            return redirect("targeting:lead_detail", public_id=lead.public_id)
    return _form_page(
        request,
        form,
        _("Lead from the visit to %(name)s") % {"name": visit.investor},
        reverse("targeting:visit_detail", args=[public_id]),
    )


# Leads ----------------------------------------------------------------------------------------


def lead_list(request):
    user = request.user
    require_action(user, INVESTOR_VIEW)
    return render_list(
        request,
        template="targeting/lead_list.html",
        title=_("Leads"),
        queryset=selectors.lead_list(user),
        filterset_class=LeadFilterSet,
        filterset_kwargs={"units": _units(user)},
        table_class=LeadTable,
    )


def _lead(user, public_id):
    try:
        return (
            selectors.lead_list(user)
            .select_related("investor__enterprise", "visit", "visit__trip", "referrer_enterprise")
            .get(public_id=public_id)
        )
    except Lead.DoesNotExist:
        raise Http404 from None


def lead_detail(request, public_id):
    user = request.user
    lead = _lead(user, public_id)
    can_edit = can(user, INVESTOR_EDIT, lead)
    return render(
        request,
        "targeting/lead_detail.html",
        {
            "lead": lead,
            "can_edit": can_edit and lead.is_open,
            "can_convert": can_edit and lead.is_open and can(user, PROJECT_CREATE, lead),
            "drop_form": LeadDropForm(),
            "today": timezone.localdate(),
            "visits": list(
                lead.investor.visits.select_related("trip", "unit")[:20] if lead.investor else []
            ),
        },
    )


def _post_lead(request, public_id, call, success):
    lead = _lead(request.user, public_id)
    if not can(request.user, INVESTOR_EDIT, lead):
        raise PermissionDenied
    try:
        call(lead)
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, success)
    return redirect("targeting:lead_detail", public_id=public_id)


@require_POST
def lead_take_up(request, public_id):
    return _post_lead(
        request,
        public_id,
        lambda lead: services_work.lead_take_up(actor=request.user, lead=lead),
        _("The lead is being followed up."),
    )


@require_POST
def lead_drop(request, public_id):
    form = LeadDropForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _post_lead(
        request,
        public_id,
        lambda lead: services_work.lead_drop(actor=request.user, lead=lead, reason=reason),
        _("The lead was dropped."),
    )


def lead_convert(request, public_id):
    user = request.user
    lead = _lead(user, public_id)
    if not can(user, INVESTOR_EDIT, lead):
        raise PermissionDenied
    initial = {
        "name": lead.name,
        "investor_name": lead.investor_name,
        "origin_region": lead.origin_region,
        "industry": lead.industry,
        "total_investment": lead.total_investment,
        "next_action": lead.next_action,
        "description": lead.description,
    }
    form = LeadConvertForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        project = service_call(
            form, lambda: services_work.lead_convert(actor=user, lead=lead, **data)
        )
        if project:
            messages.success(
                request,
                _("Project %(code)s was registered from the lead.") % {"code": project.code},
            )
            return redirect("projects:detail", code=project.code)
    return _form_page(
        request,
        form,
        _("Register %(name)s as a project") % {"name": lead.name},
        reverse("targeting:lead_detail", args=[public_id]),
    )
