"""The daily job that reminds people of overdue opinions, procedures, tasks and problems
(MEC reminders): in the app, by e-mail, and on the group robot when one is configured.

Each overdue item is announced once (``reminded_on``), so running the job twice a day or on
several workers sends nothing twice. Overdue opinions go to the department and its head,
procedures to the department and the project team, tasks to their owner, and problems to the
owner unit and the county leader in charge of the project (分包领导).
"""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from zhaoshang.core.jobs import register
from zhaoshang.core.notifications import notify
from zhaoshang.mechanisms import people, robot
from zhaoshang.mechanisms.choices import ItemStatus, ReviewStatus, Verdict
from zhaoshang.mechanisms.models import FollowUpTask, Opinion, Problem, ProjectProcedure


def _opinions(today, lines):
    rows = Opinion.objects.select_for_update(of=("self",)).filter(
        verdict=Verdict.PENDING,
        review__status=ReviewStatus.OPEN,
        due_date__lt=today,
        reminded_on__isnull=True,
    )
    rows = rows.select_related("review__project", "department")
    for opinion in rows:
        values = {
            "department": opinion.department.name,
            "project": opinion.review.project.name,
            "due": opinion.due_date.isoformat(),
        }
        notify(
            users=people.department_people([opinion.department_id]),
            title=_("Overdue: %(department)s's opinion on %(project)s was due on %(due)s") % values,
            link=reverse("mechanisms:review_detail", args=[opinion.review.public_id]),
        )
        lines.append(_("Opinion of %(department)s on %(project)s, due %(due)s") % values)
    return rows.update(reminded_on=today)


def _procedures(today, lines):
    rows = ProjectProcedure.objects.select_for_update(of=("self",)).filter(
        running_since__isnull=False, due_date__lt=today, reminded_on__isnull=True
    )
    rows = rows.select_related("project", "type", "department")
    for procedure in rows:
        values = {
            "procedure": procedure.type.name,
            "project": procedure.project.name,
            "department": procedure.department.name,
            "due": procedure.due_date.isoformat(),
        }
        notify(
            users=people.department_people([procedure.department_id])
            + people.project_team(procedure.project),
            title=_("Overdue: %(procedure)s of %(project)s (%(department)s) was due on %(due)s")
            % values,
            link=reverse("mechanisms:procedure_detail", args=[procedure.public_id]),
        )
        lines.append(_("%(procedure)s of %(project)s at %(department)s, due %(due)s") % values)
    return rows.update(reminded_on=today)


def _tasks(today, lines):
    rows = FollowUpTask.objects.select_for_update(of=("self",)).filter(
        status=ItemStatus.OPEN, deadline__lt=today, reminded_on__isnull=True
    )
    rows = rows.select_related("owner", "owner_unit", "item__meeting")
    for task in rows:
        values = {
            "task": task.description,
            "unit": task.owner_unit.name,
            "due": task.deadline.isoformat(),
        }
        notify(
            users=[task.owner] if task.owner_id else people.unit_people([task.owner_unit_id]),
            title=_("Overdue task (%(unit)s): %(task)s, due %(due)s") % values,
            link=reverse("mechanisms:task_list"),
        )
        lines.append(_("Task of %(unit)s: %(task)s, due %(due)s") % values)
    return rows.update(reminded_on=today)


def _problems(today, lines):
    rows = Problem.objects.select_for_update(of=("self",)).filter(
        status=ItemStatus.OPEN, deadline__lt=today, reminded_on__isnull=True
    )
    rows = rows.select_related("project", "project__team_leader", "owner_unit")
    for problem in rows:
        values = {
            "problem": problem.description,
            "project": problem.project.name,
            "unit": problem.owner_unit.name,
            "due": problem.deadline.isoformat(),
        }
        notify(
            users=people.unit_people([problem.owner_unit_id])
            + people.project_leader(problem.project),
            title=_("Overdue problem of %(project)s (%(unit)s): %(problem)s, due %(due)s") % values,
            link=reverse("mechanisms:problem_list") + f"?project={problem.project.code}",
        )
        lines.append(_("Problem of %(project)s for %(unit)s: %(problem)s, due %(due)s") % values)
    return rows.update(reminded_on=today)


@register("mechanisms.overdue")
@transaction.atomic
def remind_overdue(today):
    lines = []
    counts = {
        "opinions": _opinions(today, lines),
        "procedures": _procedures(today, lines),
        "tasks": _tasks(today, lines),
        "problems": _problems(today, lines),
    }
    if lines:
        robot.post(
            _("Overdue items, %(date)s") % {"date": today.isoformat()},
            "\n".join(f"- {line}" for line in lines),
        )
    return (
        _(
            "%(opinions)s opinions, %(procedures)s procedures, %(tasks)s tasks and %(problems)s "
            "problems newly overdue"
        )
        % counts
    )
