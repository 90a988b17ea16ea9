"""The mechanisms hub page and the bureau's settings (leading group, opinion time limit)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.permissions import has_action, restrict
from zhaoshang.core.roles import MECHANISM_MANAGE, MECHANISM_VIEW, PROCEDURE_HANDLE
from zhaoshang.core.views import require_action, service_call
from zhaoshang.mechanisms import selectors, services_config
from zhaoshang.mechanisms.choices import ProcedureStatus
from zhaoshang.mechanisms.forms import SettingsForm
from zhaoshang.mechanisms.models import LeadingGroupMember, MechanismSettings, ProjectProcedure
from zhaoshang.mechanisms.views_common import form_page, require_manage


def index(request):
    user = request.user
    require_action(user, MECHANISM_VIEW)
    today = timezone.localdate()
    to_handle = []
    if has_action(user, PROCEDURE_HANDLE):
        to_handle = selectors.with_clock(
            restrict(user, PROCEDURE_HANDLE, ProjectProcedure)
            .exclude(status=ProcedureStatus.DONE)
            .select_related("project", "type", "department")
            .order_by("due_date", "pk")[:10],
            today,
        )
    return render(
        request,
        "mechanisms/index.html",
        {
            "title": _("Mechanisms"),
            "today": today,
            "alerts": selectors.alerts(user, today),
            "opinions": list(selectors.opinions_to_give(user)[:10]),
            "to_handle": to_handle,
            "members": list(
                restrict(user, MECHANISM_VIEW, LeadingGroupMember)
                .filter(is_active=True)
                .select_related("department")
            ),
            "settings_row": MechanismSettings.get(),
            "can_manage": has_action(user, MECHANISM_MANAGE),
        },
    )


def settings_edit(request):
    require_manage(request.user)
    row = MechanismSettings.get()
    members = LeadingGroupMember.objects.filter(is_active=True)
    form = SettingsForm(request.POST or None, instance=row, members=members)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = list(data.pop("departments"))
        saved = service_call(
            form,
            lambda: services_config.settings_update(actor=request.user, departments=chosen, **data),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("mechanisms:index")
    return form_page(
        request, form, _("Leading group and review settings"), reverse("mechanisms:index")
    )
