"""Monthly dispatch (每月一调度, ASM-2): month-end snapshots, unit reports and reminders."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.assessment.choices import ReportStatus
from zhaoshang.assessment.models.years import AssessmentYear
from zhaoshang.core.permissions import RestrictedQuerySet

MONTH = [MinValueValidator(1), MaxValueValidator(12)]


class MonthlySnapshot(models.Model):
    """A unit's projects as they stood at a month's end, frozen.

    Snapshots are never edited: taking one again after the data changed adds a revision that
    is shown as a correction of the one before, so a published figure never changes silently.
    """

    unit_scope = "unit"

    year = models.ForeignKey(AssessmentYear, on_delete=models.CASCADE, verbose_name=_("year"))
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    taken_at = models.DateTimeField(_("taken at"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("taken by"),
    )
    figures = models.JSONField(_("figures"), default=dict)
    digest = models.CharField(_("digest"), max_length=64)
    note = models.CharField(_("correction note"), max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("month-end snapshot")
        verbose_name_plural = _("month-end snapshots")
        ordering = ["year", "month", "unit__sort_key", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit", "month", "revision"], name="one_snapshot_revision"
            )
        ]

    def __str__(self):
        return f"{self.unit} · {self.year.year}-{self.month:02d} · r{self.revision}"


class MonthlyReport(models.Model):
    """A unit's report for one month: figures from the snapshot, narrative, stalled reasons."""

    unit_scope = "unit"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    year = models.ForeignKey(
        AssessmentYear, on_delete=models.CASCADE, related_name="reports", verbose_name=_("year")
    )
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    snapshot = models.ForeignKey(
        MonthlySnapshot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("snapshot"),
    )
    work_done = models.TextField(_("work done this month"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    next_plan = models.TextField(_("plan for next month"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("submitted by"),
    )
    is_late = models.BooleanField(_("late"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["-year__year", "-month", "unit__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["year", "unit", "month"], name="one_report_per_month")
        ]

    def __str__(self):
        return f"{self.unit} · {self.year.year}-{self.month:02d}"


class StalledReason(models.Model):
    """Why an open project made no progress in the report's month."""

    unit_scope = "report__unit"

    report = models.ForeignKey(
        MonthlyReport,
        on_delete=models.CASCADE,
        related_name="stalled_reasons",
        verbose_name=_("report"),
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    reason = models.CharField(_("reason for no progress"), max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("reason for no progress")
        verbose_name_plural = _("reasons for no progress")
        ordering = ["report", "project__code"]
        constraints = [
            models.UniqueConstraint(fields=["report", "project"], name="one_reason_per_project")
        ]

    def __str__(self):
        return f"{self.report} · {self.project}"


class ReportReminder(models.Model):
    """The bureau reminded a unit of a report not yet filed."""

    unit_scope = "unit"

    year = models.ForeignKey(AssessmentYear, on_delete=models.CASCADE, verbose_name=_("year"))
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("sent by"),
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.unit} · {self.year.year}-{self.month:02d}"
