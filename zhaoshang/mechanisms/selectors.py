"""Reads for the mechanisms pages, the API and the dashboard; each starts from ``restrict``."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Q
from django.urls import reverse

from zhaoshang.core.permissions import get_scoped_or_404, has_action, restrict
from zhaoshang.core.roles import MECHANISM_VIEW, PROCEDURE_HANDLE, REVIEW_OPINE
from zhaoshang.mechanisms.choices import ItemStatus, ProcedureStatus, ReviewStatus, Verdict
from zhaoshang.mechanisms.models import (
    FollowUpTask,
    Meeting,
    Opinion,
    Problem,
    ProjectProcedure,
    Review,
)
from zhaoshang.mechanisms.services_procedures import remaining_days, used_days
from zhaoshang.reference import workdays


def review_list(user):
    return (
        restrict(user, MECHANISM_VIEW, Review)
        .select_related("project", "project__unit")
        .annotate(
            opinion_count=Count("opinions"),
            pending_count=Count("opinions", filter=Q(opinions__verdict=Verdict.PENDING)),
        )
        .order_by("-submitted_on", "-pk")
    )


def review_detail(user, public_id):
    return get_scoped_or_404(
        user,
        MECHANISM_VIEW,
        Review.objects.select_related("project", "project__unit", "submitted_by", "decided_by"),
        public_id=public_id,
    )


def review_opinions(review):
    return review.opinions.select_related("department", "given_by")


def opinions_to_give(user):
    """Open opinions the user's departments owe."""
    return (
        restrict(user, REVIEW_OPINE, Opinion)
        .filter(verdict=Verdict.PENDING, review__status=ReviewStatus.OPEN)
        .select_related("review", "review__project", "department")
        .order_by("due_date", "pk")
    )


def procedure_list(user):
    return restrict(user, MECHANISM_VIEW, ProjectProcedure).select_related(
        "project", "project__unit", "type", "department"
    )


def procedure_detail(user, public_id):
    return get_scoped_or_404(
        user,
        MECHANISM_VIEW,
        ProjectProcedure.objects.select_related("project", "project__unit", "type", "department"),
        public_id=public_id,
    )


def with_clock(procedures, today):
    """Give each procedure ``used`` and ``remaining`` working days, reading the calendar once
    for all of them."""
    procedures = list(procedures)
    starts = [p.running_since for p in procedures if p.running_since] or [today]
    cal = workdays.calendar(min(starts), today)
    for p in procedures:
        p.used = used_days(p, today, cal)
        p.remaining = remaining_days(p, today, cal)
        p.late = -p.remaining if p.remaining is not None and p.remaining < 0 else 0
        p.overdue = bool(p.late) or (
            p.status == ProcedureStatus.DONE and p.used > p.time_limit_days
        )
    return procedures


def may_handle(user, procedure):
    return restrict(user, PROCEDURE_HANDLE, ProjectProcedure).filter(pk=procedure.pk).exists()


@dataclass
class DepartmentRow:
    department: object
    total: int
    done: int
    average_days: Decimal | None
    overdue: int
    open_overdue: int


def department_ranking(user, today, year=None):
    """Departments by average working days per finished procedure and by overdue count, slowest
    first: the 中梗阻 the speech names. ``year`` narrows to procedures accepted that year."""
    rows = restrict(user, MECHANISM_VIEW, ProjectProcedure).exclude(status=ProcedureStatus.WAITING)
    if year:
        rows = rows.filter(accepted_on__year=year)
    late_done = Q(status=ProcedureStatus.DONE, used_days__gt=F("time_limit_days"))
    late_open = Q(running_since__isnull=False, due_date__lt=today)
    grouped = (
        rows.values("department")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=ProcedureStatus.DONE)),
            average=Avg("used_days", filter=Q(status=ProcedureStatus.DONE)),
            overdue=Count("pk", filter=late_done | late_open),
            open_overdue=Count("pk", filter=late_open),
        )
        .order_by()
    )
    from zhaoshang.orgs.models import Unit

    units = Unit.objects.in_bulk([g["department"] for g in grouped])
    result = [
        DepartmentRow(
            department=units[g["department"]],
            total=g["total"],
            done=g["done"],
            average_days=(
                Decimal(str(g["average"])).quantize(Decimal("0.1"), ROUND_HALF_UP)
                if g["average"] is not None
                else None
            ),
            overdue=g["overdue"],
            open_overdue=g["open_overdue"],
        )
        for g in grouped
    ]
    result.sort(key=lambda r: (-r.overdue, -(r.average_days or 0), r.department.position))
    return result


def meeting_list(user):
    return (
        restrict(user, MECHANISM_VIEW, Meeting)
        .select_related("chair")
        .annotate(item_count=Count("items", distinct=True))
        .order_by("-held_on", "-pk")
    )


def meeting_detail(user, public_id):
    return get_scoped_or_404(
        user, MECHANISM_VIEW, Meeting.objects.select_related("chair"), public_id=public_id
    )


def meeting_items(meeting):
    return meeting.items.select_related("project", "project__unit").prefetch_related(
        "stances__attendee", "tasks__owner_unit", "tasks__owner"
    )


def task_list(user):
    return restrict(user, MECHANISM_VIEW, FollowUpTask).select_related(
        "item__meeting", "item__project", "owner_unit", "owner"
    )


def problem_list(user):
    return restrict(user, MECHANISM_VIEW, Problem).select_related(
        "project", "project__unit", "project__team_leader", "owner_unit"
    )


def problem_detail(user, public_id):
    return get_scoped_or_404(
        user,
        MECHANISM_VIEW,
        Problem.objects.select_related("project", "owner_unit"),
        public_id=public_id,
    )


def overdue_opinions(user, today):
    return restrict(user, MECHANISM_VIEW, Opinion).filter(
        verdict=Verdict.PENDING, review__status=ReviewStatus.OPEN, due_date__lt=today
    )


def overdue_procedures(user, today):
    return restrict(user, MECHANISM_VIEW, ProjectProcedure).filter(
        running_since__isnull=False, due_date__lt=today
    )


def overdue_problems(user, today):
    return restrict(user, MECHANISM_VIEW, Problem).filter(
        status=ItemStatus.OPEN, deadline__lt=today
    )


def alerts(user, today):
    """For the dashboard: overdue opinions, procedures and problems the user may see, each as
    ``{"count": n, "url": list page}``; empty when the user does not follow the mechanisms."""
    if not has_action(user, MECHANISM_VIEW):
        return {}
    return {
        "overdue_opinions": {
            "count": overdue_opinions(user, today).count(),
            "url": reverse("mechanisms:review_list") + "?overdue=1",
        },
        "overdue_procedures": {
            "count": overdue_procedures(user, today).count(),
            "url": reverse("mechanisms:procedure_list") + "?overdue=1",
        },
        "overdue_problems": {
            "count": overdue_problems(user, today).count(),
            "url": reverse("mechanisms:problem_list") + "?overdue=1",
        },
    }


def project_panel(user, project, today):
    """What the project page shows of the mechanisms: reviews, procedures and problems."""
    reviews = list(
        restrict(user, MECHANISM_VIEW, Review).filter(project=project).order_by("-submitted_on")
    )
    procedures = with_clock(
        restrict(user, MECHANISM_VIEW, ProjectProcedure)
        .filter(project=project)
        .select_related("type", "department")
        .order_by("position"),
        today,
    )
    problems = list(
        restrict(user, MECHANISM_VIEW, Problem)
        .filter(project=project)
        .select_related("owner_unit")
        .order_by("status", "deadline")
    )
    return {"reviews": reviews, "procedures": procedures, "problems": problems}
