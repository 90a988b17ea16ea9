"""A project's approval procedures and what the approving departments recorded (MEC-2).

The clock: a procedure's time limit in working days starts the day after it is accepted (受理);
returning it for more material (补正) stops the clock, and it runs again from the day after the
material is resubmitted. ``used_days`` holds the working days of the finished stretches and
``running_since`` the start of the current one; ``due_date`` is kept for overdue queries.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhaoshang.mechanisms.choices import ProcedureStatus, ProcedureStep
from zhaoshang.mechanisms.models.config import ProcedureType
from zhaoshang.mechanisms.models.scoping import TwoPathQuerySet


class ProjectProcedure(models.Model):
    """One procedure on a project's list, handled by one department."""

    unit_scope = "project__unit"
    department_scope = "department"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="procedures",
        verbose_name=_("project"),
    )
    type = models.ForeignKey(
        ProcedureType, on_delete=models.PROTECT, related_name="+", verbose_name=_("procedure")
    )
    # Copied from the catalogue when the list is drawn up: a later change to the catalogue does
    # not move work already under way.
    department = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    time_limit_days = models.PositiveSmallIntegerField(_("time limit (working days)"))
    mandatory = models.BooleanField(_("mandatory"), default=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProcedureStatus.choices,
        default=ProcedureStatus.WAITING,
        db_index=True,
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    running_since = models.DateField(_("clock running since"), null=True, blank=True)
    used_days = models.PositiveSmallIntegerField(_("working days used"), default=0)
    due_date = models.DateField(_("due"), null=True, blank=True, db_index=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    reminded_on = models.DateField(_("overdue reminder sent"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TwoPathQuerySet.as_manager()

    class Meta:
        verbose_name = _("approval procedure")
        verbose_name_plural = _("approval procedures")
        ordering = ["project", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "type"], name="procedure_once_per_project"),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(document_number=""),
                name="done_procedure_has_number",
            ),
        ]

    def __str__(self):
        return f"{self.project.name} · {self.type.name}"


class ProcedureEvent(models.Model):
    """One step recorded on a procedure: its history, and the evidence of the clock."""

    unit_scope = "procedure__project__unit"
    department_scope = "procedure__department"

    procedure = models.ForeignKey(
        ProjectProcedure,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("procedure"),
    )
    step = models.CharField(_("step"), max_length=10, choices=ProcedureStep.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = TwoPathQuerySet.as_manager()

    class Meta:
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")
        ordering = ["procedure", "on", "pk"]

    def __str__(self):
        return f"{self.get_step_display()} {self.on:%Y-%m-%d}"
