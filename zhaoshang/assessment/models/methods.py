"""Assessment methods as data (ASM-5), the inputs the bureau enters, and rankings (ASM-4)."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.assessment.choices import AdjustmentStatus, ScoreItemKind
from zhaoshang.assessment.models.years import AssessmentYear
from zhaoshang.core.permissions import COUNTY_WIDE, RestrictedQuerySet

POINTS = {"max_digits": 9, "decimal_places": 4}
_USER = {
    "to": settings.AUTH_USER_MODEL,
    "on_delete": models.PROTECT,
    "related_name": "+",
}


class Method(models.Model):
    """One version of a year's assessment method; versions are never edited, only added.

    ``document`` holds the method in the schema of ``assessment.schema`` (qualifying rules,
    indicators, rounding, tiers); the newest version is the one in force.
    """

    unit_scope = COUNTY_WIDE

    year = models.ForeignKey(
        AssessmentYear, on_delete=models.CASCADE, related_name="methods", verbose_name=_("year")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=120)
    document = models.JSONField(_("method"))
    digest = models.CharField(_("digest"), max_length=64)
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(verbose_name=_("created by"), **_USER)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment method")
        verbose_name_plural = _("assessment methods")
        ordering = ["-year__year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="one_method_version")
        ]

    def __str__(self):
        return f"{self.name} v{self.version}"


class ScoreItem(models.Model):
    """A bonus or deduction occurrence the bureau records for a unit (e.g. 受到市级表彰).

    The method's indicators count these by ``code``; the method decides the points and caps.
    """

    unit_scope = "unit"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    year = models.ForeignKey(
        AssessmentYear, on_delete=models.CASCADE, related_name="score_items", verbose_name=_("year")
    )
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ScoreItemKind.choices)
    code = models.SlugField(_("item code"), max_length=40)
    occurred_on = models.DateField(_("date"))
    occurrences = models.PositiveSmallIntegerField(
        _("occurrences"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    note = models.CharField(_("note"), max_length=300)
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    entered_by = models.ForeignKey(verbose_name=_("entered by"), **_USER)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bonus or deduction")
        verbose_name_plural = _("bonuses and deductions")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self):
        return f"{self.unit} · {self.code}"


class Adjustment(models.Model):
    """A manual change to a unit's total: needs a reason and a second person's approval."""

    unit_scope = "unit"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    year = models.ForeignKey(
        AssessmentYear, on_delete=models.CASCADE, related_name="adjustments", verbose_name=_("year")
    )
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    points = models.DecimalField(_("points (+/-)"), **POINTS)
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AdjustmentStatus.choices,
        default=AdjustmentStatus.PENDING,
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    requested_by = models.ForeignKey(verbose_name=_("requested by"), **_USER)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(verbose_name=_("decided by"), null=True, blank=True, **_USER)
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("manual adjustment")
        verbose_name_plural = _("manual adjustments")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.unit} · {self.points}"


class Ranking(models.Model):
    """A published ranking, frozen: the inputs, the result and a hash over both.

    A later computation is compared with it and differences are shown; it is never rewritten.
    """

    unit_scope = COUNTY_WIDE

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    year = models.ForeignKey(
        AssessmentYear, on_delete=models.CASCADE, related_name="rankings", verbose_name=_("year")
    )
    method = models.ForeignKey(Method, on_delete=models.PROTECT, verbose_name=_("method"))
    through_month = models.PositiveSmallIntegerField(
        _("through month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    title = models.CharField(_("title"), max_length=120)
    inputs = models.JSONField(_("inputs"))
    result = models.JSONField(_("result"))
    digest = models.CharField(_("digest"), max_length=64)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(verbose_name=_("published by"), **_USER)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("published ranking")
        verbose_name_plural = _("published rankings")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.title
