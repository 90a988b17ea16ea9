"""The assessment year, its unit groups and the targets each unit is given (ASM-1)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.assessment.choices import TargetMetric, YearStatus
from zhaoshang.core.permissions import COUNTY_WIDE, RestrictedQuerySet

QUANTITY = {"max_digits": 14, "decimal_places": 2}
# A target "by the end of December" is the year's target; earlier months are milestones.
YEAR_MONTH = 12
QUARTER_MONTHS = (3, 6, 9)
MILESTONE_MONTHS = tuple(range(1, YEAR_MONTH))
# Amounts in 万元 (or 万美元); every other metric counts projects and takes whole numbers.
AMOUNT_METRICS = frozenset(
    {TargetMetric.TOTAL_INVESTMENT, TargetMetric.FUNDS_IN_PLACE, TargetMetric.FOREIGN_FUNDS}
)


class AssessmentYear(models.Model):
    """One year of assessment: groups, targets, the dispatch calendar and method versions."""

    unit_scope = COUNTY_WIDE

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField(_("name"), max_length=60)
    status = models.CharField(
        _("status"), max_length=10, choices=YearStatus.choices, default=YearStatus.OPEN
    )
    report_due_day = models.PositiveSmallIntegerField(
        _("report due day"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("A month's report is due on this day of the following month."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment year")
        verbose_name_plural = _("assessment years")
        ordering = ["-year"]

    def __str__(self):
        return self.name or str(self.year)

    @property
    def is_open(self):
        return self.status == YearStatus.OPEN


class UnitGroup(models.Model):
    """Units are ranked only against the others of their group (乡镇组, 开发区组…)."""

    unit_scope = COUNTY_WIDE

    year = models.ForeignKey(
        AssessmentYear, on_delete=models.CASCADE, related_name="groups", verbose_name=_("year")
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=40)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit group")
        verbose_name_plural = _("unit groups")
        ordering = ["year", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="group_code_unique_in_year"),
            models.UniqueConstraint(fields=["year", "name"], name="group_name_unique_in_year"),
        ]

    def __str__(self):
        return self.name


class GroupMember(models.Model):
    """A unit assessed in a group; the year is repeated so a unit sits in one group a year."""

    unit_scope = "unit"

    year = models.ForeignKey(AssessmentYear, on_delete=models.CASCADE, verbose_name=_("year"))
    group = models.ForeignKey(
        UnitGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("group")
    )
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group__position", "unit__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["year", "unit"], name="one_group_per_unit_and_year")
        ]

    def __str__(self):
        return f"{self.group} · {self.unit}"

    def clean(self):
        if self.group_id and self.year_id and self.group.year_id != self.year_id:
            raise ValidationError(_("The group belongs to another assessment year."))


class Target(models.Model):
    """A quantity a unit must reach by the end of ``month`` (12 = the year's target).

    Monthly or quarterly milestones (时序目标) are simply further rows with earlier months;
    they are cumulative from January.
    """

    unit_scope = "unit"

    year = models.ForeignKey(
        AssessmentYear, on_delete=models.CASCADE, related_name="targets", verbose_name=_("year")
    )
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    metric = models.CharField(_("indicator"), max_length=20, choices=TargetMetric.choices)
    month = models.PositiveSmallIntegerField(
        _("by the end of month"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    value = models.DecimalField(_("target"), validators=[MinValueValidator(0)], **QUANTITY)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("updated by"),
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["year", "unit__sort_key", "metric", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit", "metric", "month"], name="one_target_per_metric_and_month"
            )
        ]

    def __str__(self):
        return f"{self.unit} · {self.get_metric_display()} · {self.month}"
