"""The working-day calendar page: a year's holidays and make-up working days, loaded from the
holiday package and corrected by the bureau."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhaoshang.core.forms import StyledMixin
from zhaoshang.core.permissions import has_action
from zhaoshang.core.roles import MECHANISM_MANAGE, MECHANISM_VIEW
from zhaoshang.core.views import service_call
from zhaoshang.reference import selectors, services_calendar
from zhaoshang.reference.models_calendar import CalendarDay, CalendarYear


class DayForm(StyledMixin, forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    is_workday = forms.TypedChoiceField(
        label=gettext_lazy("Kind of day"),
        choices=[("0", gettext_lazy("Holiday")), ("1", gettext_lazy("Make-up working day"))],
        coerce=lambda v: v == "1",
    )
    name = forms.CharField(label=gettext_lazy("Holiday name"), max_length=40, required=False)


def _require_view(user):
    if not (has_action(user, MECHANISM_VIEW) or selectors.can_view(user)):
        raise PermissionDenied


def _require_manage(user):
    if not has_action(user, MECHANISM_MANAGE):
        raise PermissionDenied


def _year(request):
    value = request.GET.get("year") or request.POST.get("year") or ""
    if value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return timezone.localdate().year


def _back(year):
    return reverse("reference:calendar") + f"?year={year}"


def calendar(request):
    user = request.user
    _require_view(user)
    year = _year(request)
    can_manage = has_action(user, MECHANISM_MANAGE)
    form = DayForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        _require_manage(user)
        if form.is_valid():
            data = form.cleaned_data
            saved = service_call(
                form,
                lambda: services_calendar.calendar_set_day(actor=user, **data),
                "is_workday",
            )
            if saved:
                messages.success(request, _("Saved."))
                return redirect(_back(data["date"].year))
    known = CalendarYear.objects.filter(year=year).first()
    days = list(CalendarDay.objects.filter(date__year=year))
    return render(
        request,
        "reference/calendar.html",
        {
            "title": _("Working-day calendar"),
            "year": year,
            "years": range(timezone.localdate().year + 1, timezone.localdate().year - 4, -1),
            "known": known,
            "holidays": [d for d in days if not d.is_workday],
            "workdays": [d for d in days if d.is_workday],
            "package_has_year": services_calendar.package_days(year) is not None,
            "can_manage": can_manage,
            "form": form,
            "today": timezone.localdate(),
        },
    )


@require_POST
def calendar_load(request):
    _require_manage(request.user)
    year = _year(request)
    try:
        count = services_calendar.calendar_load_year(actor=request.user, year=year)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(count)s days of %(year)s loaded.") % {"count": count, "year": year}
        )
    return redirect(_back(year))


@require_POST
def calendar_remove(request, date):
    _require_manage(request.user)
    try:
        parsed = dt.date.fromisoformat(date)
    except ValueError:
        raise Http404 from None
    day = get_object_or_404(CalendarDay, date=parsed)
    services_calendar.calendar_remove_day(actor=request.user, day=day)
    messages.success(request, _("Removed."))
    return redirect(_back(day.date.year))
