"""Investor pages: the database, one investor with contacts and timeline, full personal data on
request (audited), the contacts export, and merging duplicate enterprises."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction, AuditCategory
from zhaoshang.core.exports import xlsx_response
from zhaoshang.core.permissions import can, get_scoped_or_404, has_action, restrict
from zhaoshang.core.roles import (
    INVESTOR_EDIT,
    INVESTOR_VIEW,
    PERSONAL_DATA_EXPORT,
    PERSONAL_DATA_VIEW,
    TARGETING_MANAGE,
)
from zhaoshang.core.views import render_list, require_action, service_call
from zhaoshang.orgs.models import Unit
from zhaoshang.projects.models import Enterprise
from zhaoshang.targeting import selectors
from zhaoshang.targeting import services_investors as services
from zhaoshang.targeting.filtersets import InvestorFilterSet
from zhaoshang.targeting.forms import ContactForm, InvestorForm
from zhaoshang.targeting.models import Contact, Investor
from zhaoshang.targeting.tables import InvestorTable

EXPORT_LIMIT = 20_000
COMPANY = ("name", "credit_code", "region", "industry", "registered_locally")


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def _units(user):
    return restrict(user, INVESTOR_VIEW, Unit)


def investor_list(request):
    user = request.user
    require_action(user, INVESTOR_VIEW)
    return render_list(
        request,
        template="targeting/investor_list.html",
        title=_("Investors"),
        queryset=selectors.investor_list(user),
        filterset_class=InvestorFilterSet,
        filterset_kwargs={"units": _units(user)},
        table_class=InvestorTable,
        extra={
            "can_add": has_action(user, INVESTOR_EDIT),
            "can_export": has_action(user, PERSONAL_DATA_EXPORT),
            "can_merge": has_action(user, TARGETING_MANAGE),
        },
    )


def investor_create(request):
    require_action(request.user, INVESTOR_EDIT)
    form = InvestorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        investor = service_call(
            form, lambda: services.investor_create(actor=request.user, **data), "name"
        )
        if investor:
            messages.success(request, _("Investor added."))
            return redirect("targeting:investor_detail", public_id=investor.public_id)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("New investor"),
            "cancel_url": reverse("targeting:investor_list"),
        },
    )


def investor_edit(request, public_id):
    investor = get_scoped_or_404(request.user, INVESTOR_VIEW, Investor, public_id=public_id)
    if not can(request.user, INVESTOR_EDIT, investor):
        raise PermissionDenied
    company = investor.enterprise
    initial = {name: getattr(company, name) for name in COMPANY}
    initial.update(unit=investor.unit, size=investor.size, tags=investor.tags, note=investor.note)
    form = InvestorForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        saved = service_call(
            form,
            lambda: services.investor_update(actor=request.user, investor=investor, **data),
            "name",
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("targeting:investor_detail", public_id=public_id)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": investor},
            "cancel_url": reverse("targeting:investor_detail", args=[public_id]),
        },
    )


def investor_detail(request, public_id):
    user = request.user
    try:
        investor = selectors.investor_detail(user, public_id)
    except Investor.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "targeting/investor_detail.html",
        {
            "investor": investor,
            "contacts": list(investor.contacts.all()),
            "timeline": selectors.investor_timeline(user, investor),
            "chain_links": investor.enterprise.chain_links.select_related("link", "link__chain"),
            "can_edit": can(user, INVESTOR_EDIT, investor),
            "can_reveal": can(user, PERSONAL_DATA_VIEW, investor),
            "contact_form": ContactForm(),
        },
    )


@require_POST
def contact_add(request, public_id):
    investor = get_scoped_or_404(request.user, INVESTOR_VIEW, Investor, public_id=public_id)
    if not can(request.user, INVESTOR_EDIT, investor):
        raise PermissionDenied
    form = ContactForm(request.POST)
    if form.is_valid():
        saved = service_call(
            form,
            lambda: services.contact_save(
                actor=request.user, investor=investor, **form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, _("Contact added."))
            return redirect("targeting:investor_detail", public_id=public_id)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("New contact of %(name)s") % {"name": investor},
            "cancel_url": reverse("targeting:investor_detail", args=[public_id]),
        },
    )


def contact_detail(request, public_id):
    """The one page that shows a contact's full numbers; opening it is audited."""
    contact = get_scoped_or_404(
        request.user,
        INVESTOR_VIEW,
        Contact.objects.select_related("investor", "investor__enterprise"),
        public_id=public_id,
    )
    full = services.contact_reveal(actor=request.user, contact=contact)
    return render(request, "targeting/contact_detail.html", {"contact": contact, "full": full})


def contacts_export(request):
    """Contacts with full numbers, for those holding the export right; the export is audited."""
    user = request.user
    require_action(user, PERSONAL_DATA_EXPORT)
    investors = selectors.investor_list(user, PERSONAL_DATA_EXPORT)
    filterset = InvestorFilterSet(request.GET or None, queryset=investors, units=_units(user))
    chosen = filterset.qs if filterset.is_bound and filterset.is_valid() else investors
    contacts = (
        Contact.objects.restrict(user, PERSONAL_DATA_EXPORT)
        .filter(investor__in=chosen.values("pk"))
        .select_related("investor__enterprise", "investor__unit")
        .order_by("investor__enterprise__name", "pk")[:EXPORT_LIMIT]
    )
    audit.record(
        actor=user,
        action=AuditAction.EXPORT,
        category=AuditCategory.SECURITY,
        message=f"investor contacts: {request.GET.urlencode()}"[:500],
    )
    headers = [_("Investor"), _("Unit"), _("Name"), _("Position"), _("Phone"), _("ID number")]
    rows = (
        [
            c.investor.enterprise.name,
            c.investor.unit.name,
            c.name,
            c.title,
            c.phone,
            c.id_number,
        ]
        for c in contacts
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(
        filename=f"contacts-{stamp}.xlsx", sheet_title=_("Contacts"), headers=headers, rows=rows
    )


def duplicates(request):
    require_action(request.user, TARGETING_MANAGE)
    return render(
        request,
        "targeting/duplicates.html",
        {"title": _("Duplicate enterprises"), "groups": selectors.duplicate_groups()},
    )


@require_POST
def merge(request):
    require_action(request.user, TARGETING_MANAGE)
    survivor = get_object_or_404(Enterprise, public_id=_uuid(request.POST.get("survivor")))
    duplicate = get_object_or_404(Enterprise, public_id=_uuid(request.POST.get("duplicate")))
    try:
        record = services.enterprise_merge(
            actor=request.user, survivor=survivor, duplicate=duplicate
        )
    except (ValidationError, PermissionDenied) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
    else:
        messages.success(
            request,
            _("%(merged)s was merged into %(survivor)s.")
            % {"merged": record.merged_name, "survivor": survivor.name},
        )
    return redirect("targeting:duplicates")
