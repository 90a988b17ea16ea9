"""Observation tour pages: the list, setting a tour up, scoring on a phone, and the results.

Every write goes through ``services_tours``; a refusal comes back as the service's message.
"""

from io import BytesIO
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from zhaoshang.assessment import selectors_tours as selectors
from zhaoshang.assessment import services_tours as services
from zhaoshang.assessment.choices import TourMethod, TourStatus
from zhaoshang.assessment.forms_tours import (
    CriterionFormSet,
    JudgeForm,
    MarkForm,
    TourForm,
    criteria_rows,
    entry_form,
)
from zhaoshang.assessment.models import TourJudge
from zhaoshang.assessment.tour_results import round_half_up, shown, tour_result
from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction, AuditCategory
from zhaoshang.core.exports import neutralise
from zhaoshang.core.permissions import has_action
from zhaoshang.core.roles import ASSESSMENT_MANAGE, ASSESSMENT_VIEW, TOUR_SCORE
from zhaoshang.core.views import add_service_errors, require_action, service_call

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refused(request, exc):
    if isinstance(exc, ValidationError):
        messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, str(exc) or _("You do not have permission to do this."))


def _require_manager(user):
    if not has_action(user, ASSESSMENT_MANAGE):
        raise PermissionDenied


def _year(request):
    """``?year=2026`` narrows the list to one year (the assessment year's tabs link so)."""
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and len(value) == 4 else None


def tour_list(request):
    user = request.user
    if not (has_action(user, ASSESSMENT_VIEW) or has_action(user, TOUR_SCORE)):
        raise PermissionDenied
    year = _year(request)
    tours = selectors.tour_list(user)
    if year:
        tours = tours.filter(year__year=year)
    return render(
        request,
        "assessment/tours/list.html",
        {
            "title": _("Observation tours"),
            "year": year,
            "to_score": list(selectors.tours_to_score(user)),
            "tours": list(tours),
            "can_manage": has_action(user, ASSESSMENT_MANAGE),
        },
    )


def tour_create(request):
    require_action(request.user, ASSESSMENT_MANAGE)
    form = TourForm(request.POST or None, user=request.user, year=_year(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        tour = service_call(
            form, lambda: services.tour_create(actor=request.user, **data), "quarter"
        )
        if tour:
            messages.success(request, _("Tour created. Now set its criteria, judges and entries."))
            return redirect("assessment:tour_detail", public_id=tour.public_id)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("New observation tour"),
            "cancel_url": reverse("assessment:tour_list"),
        },
    )


def tour_edit(request, public_id):
    tour = selectors.tour_detail(request.user, public_id)
    _require_manager(request.user)
    form = TourForm(request.POST or None, instance=tour, user=request.user)
    if request.method == "POST" and form.is_valid():
        fresh = selectors.tour_detail(request.user, public_id)
        saved = service_call(
            form,
            lambda: services.tour_update(actor=request.user, tour=fresh, **form.cleaned_data),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("assessment:tour_detail", public_id=public_id)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": tour.name},
            "cancel_url": reverse("assessment:tour_detail", args=[public_id]),
        },
    )


def tour_detail(request, public_id):
    user = request.user
    tour = selectors.tour_detail(user, public_id)
    can_manage = has_action(user, ASSESSMENT_MANAGE)
    entries = list(selectors.tour_entries(tour))
    for entry in entries:
        entry.withdrawable = tour.status == TourStatus.DRAFT and selectors.may_withdraw(user, entry)
    may_put_forward = selectors.may_put_forward(user, tour)
    return render(
        request,
        "assessment/tours/detail.html",
        {
            "tour": tour,
            "criteria": list(tour.criteria.all()),
            "judges": list(selectors.tour_judges(tour)),
            "entries": entries,
            "can_manage": can_manage,
            "seat": selectors.judge_seat(user, tour),
            "judge_form": JudgeForm(user=user, prefix="judge") if can_manage else None,
            "entry_form": entry_form(user=user, tour=tour) if may_put_forward else None,
            "sees_results": tour.status == TourStatus.CLOSED or can_manage,
        },
    )


def tour_criteria(request, public_id):
    tour = selectors.tour_detail(request.user, public_id)
    _require_manager(request.user)
    formset = CriterionFormSet(request.POST or None, queryset=tour.criteria.all())
    error = None
    if request.method == "POST" and formset.is_valid():
        try:
            services.tour_set_criteria(
                actor=request.user, tour=tour, criteria=criteria_rows(formset)
            )
        except (ValidationError, PermissionDenied) as exc:
            error = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        else:
            messages.success(request, _("Criteria saved."))
            return redirect("assessment:tour_detail", public_id=public_id)
    return render(
        request,
        "assessment/tours/criteria.html",
        {
            "tour": tour,
            "formset": formset,
            "error": error,
            "votes": tour.method == TourMethod.PLACE_VOTES,
        },
    )


def _post_action(request, public_id, call, success):
    """A button on the tour page: run the service, say what happened, back to the page."""
    tour = selectors.tour_detail(request.user, public_id)
    try:
        call(tour)
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, success)
    return redirect("assessment:tour_detail", public_id=public_id)


@require_POST
def judge_add(request, public_id):
    _require_manager(request.user)
    tour = selectors.tour_detail(request.user, public_id)
    form = JudgeForm(request.POST, user=request.user, prefix="judge")
    if not form.is_valid():
        messages.error(request, _("Choose a judge who may score tours, and a weight."))
        return redirect("assessment:tour_detail", public_id=public_id)
    data = form.cleaned_data
    return _post_action(
        request,
        tour.public_id,
        lambda t: services.tour_judge_save(
            actor=request.user, tour=t, user=data["user"], weight=data["weight"]
        ),
        _("%(user)s is a judge.") % {"user": data["user"]},
    )


@require_POST
def judge_remove(request, public_id, pk):
    _require_manager(request.user)
    tour = selectors.tour_detail(request.user, public_id)
    judge = TourJudge.objects.filter(tour=tour, pk=pk).select_related("user", "tour").first()
    if judge is None:
        return redirect("assessment:tour_detail", public_id=public_id)
    return _post_action(
        request,
        public_id,
        lambda t: services.tour_judge_remove(actor=request.user, judge=judge),
        _("%(user)s is no longer a judge.") % {"user": judge.user},
    )


@require_POST
def entry_add(request, public_id):
    tour = selectors.tour_detail(request.user, public_id)
    if not selectors.may_put_forward(request.user, tour):
        raise PermissionDenied
    form = entry_form(request.POST, user=request.user, tour=tour)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("assessment:tour_detail", public_id=public_id)
    data = form.cleaned_data
    return _post_action(
        request,
        public_id,
        lambda t: services.tour_entry_add(
            actor=request.user, tour=t, unit=data.get("unit"), project=data.get("project")
        ),
        _("Added to the tour."),
    )


@require_POST
def entry_remove(request, public_id, entry_id):
    tour = selectors.tour_detail(request.user, public_id)
    entry = selectors.entry_for(tour, entry_id)
    if not selectors.may_withdraw(request.user, entry):
        raise PermissionDenied
    return _post_action(
        request,
        public_id,
        lambda t: services.tour_entry_remove(actor=request.user, entry=entry),
        _("Taken off the tour."),
    )


@require_POST
def tour_open(request, public_id):
    _require_manager(request.user)
    return _post_action(
        request,
        public_id,
        lambda t: services.tour_open(actor=request.user, tour=t),
        _("Scoring is open: judges can mark now."),
    )


@require_POST
def tour_close(request, public_id):
    _require_manager(request.user)
    return _post_action(
        request,
        public_id,
        lambda t: services.tour_close(actor=request.user, tour=t),
        _("The tour is closed; its marks are frozen and its results count."),
    )


# Scoring -------------------------------------------------------------------------------------


def _judge_or_403(request, public_id):
    # Whoever may see the tour and is no judge on it is refused (403), not told it is absent.
    action = TOUR_SCORE if has_action(request.user, TOUR_SCORE) else ASSESSMENT_VIEW
    tour = selectors.tour_detail(request.user, public_id, action=action)
    seat = selectors.judge_seat(request.user, tour)
    if seat is None:
        raise PermissionDenied(_("You are not a judge on this tour."))
    return tour, seat


def score_list(request, public_id):
    tour, seat = _judge_or_403(request, public_id)
    entries = selectors.judge_entries(tour, seat)
    for entry in entries:
        entry.my_total_shown = shown(entry.my_total) if entry.my_total is not None else ""
    marked = sum(1 for e in entries if e.marked)
    return render(
        request,
        "assessment/tours/score_list.html",
        {
            "tour": tour,
            "entries": entries,
            "marked": marked,
            "percent": round(100 * marked / len(entries)) if entries else 0,
            "votes": tour.method == TourMethod.PLACE_VOTES,
        },
    )


def score_entry(request, public_id, entry_id):
    tour, seat = _judge_or_403(request, public_id)
    entry = selectors.entry_for(tour, entry_id)
    criteria = list(tour.criteria.all())
    count = tour.entries.count()
    taken = selectors.places_taken(seat, entry)
    saved = selectors.judge_marks(seat, entry)
    initial = {f"criterion_{pk}": f"{m.score.normalize():f}" for pk, m in saved.items() if pk}
    if None in saved:
        initial["place"] = str(saved[None].place)
    form = MarkForm(
        request.POST or None,
        initial=initial,
        tour=tour,
        criteria=criteria,
        entry_count=count,
        taken=taken,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.tour_mark_save(
                actor=request.user,
                entry=entry,
                scores=None if "place" in data else form.scores(),
                place=data.get("place"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                (_("Saved: %(entry)s.") if changed else _("No change: %(entry)s."))
                % {"entry": entry.project.name if entry.project_id else entry.unit.name},
            )
            return redirect("assessment:tour_score", public_id=public_id)
    return render(
        request,
        "assessment/tours/score_entry.html",
        {"tour": tour, "entry": entry, "form": form, "open": tour.status == TourStatus.SCORING},
    )


# Results -------------------------------------------------------------------------------------


def _results_tour(request, public_id):
    """Units see a tour's results once it is closed; the bureau sees them as they come in."""
    tour = selectors.tour_detail(request.user, public_id)
    if tour.status != TourStatus.CLOSED and not has_action(request.user, ASSESSMENT_MANAGE):
        raise PermissionDenied(_("The results are published when the tour closes."))
    return tour


def tour_results(request, public_id):
    tour = _results_tour(request, public_id)
    result = tour_result(tour)
    return render(
        request,
        "assessment/tours/results.html",
        {
            "tour": tour,
            "result": result,
            "votes": tour.method == TourMethod.PLACE_VOTES,
            "trimmed": tour.method == TourMethod.TRIMMED_MEAN,
        },
    )


def tour_results_export(request, public_id):
    tour = _results_tour(request, public_id)
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        category=AuditCategory.SECURITY,
        obj=tour,
        message=f"tour results: {tour.name}",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    workbook = _results_workbook(tour, tour_result(tour))
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    filename = quote(f"{tour.name}-{stamp}.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _sheet(workbook, title, headers, rows):
    sheet = workbook.create_sheet(title[:31])
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(v) if isinstance(v, str) else v for v in row])
    sheet.freeze_panes = "A2"


def _judge_rows(result, votes):
    for entry in result.entries:
        for line in entry.judges or [None]:
            row = [entry.unit, entry.project]
            if line is None:
                row += ["", None]
                row += [] if votes else [None] * len(result.criteria)
                row += [None, ""]
            else:
                row += [line.judge, line.weight]
                if votes:
                    row += [line.place]
                else:
                    row += [m.mark for m in line.marks]
                    row += [round_half_up(line.total, 4), line.dropped_label]
            yield [*row, entry.value, entry.formula]


def _results_workbook(tour, result):
    """Two sheets: the units' results, and every judge's marks with each entry's working."""
    votes = tour.method == TourMethod.PLACE_VOTES
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        _("Unit results"),
        [_("Unit"), _("Entries"), _("Result"), _("Working")],
        ([u.unit, len(u.entries), u.value, u.formula] for u in result.units),
    )
    headers = [_("Unit"), _("Project"), _("Judge"), _("Judge weight")]
    if votes:
        headers += [_("Place")]
    else:
        headers += [
            f"{c.name}（{_('out of %(max)s') % {'max': shown(c.max_score)}}）"
            for c in result.criteria
        ]
        headers += [_("Judge's mark (out of 100)"), _("Left out")]
    headers += [_("Entry result"), _("Working")]
    _sheet(workbook, _("Marks by judge"), headers, _judge_rows(result, votes))
    return workbook
