"""Quarterly observation tours (项目观摩拉练, ASM-3): entries, judges, criteria and marks."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhaoshang.assessment.choices import TourMethod, TourMode, TourStatus
from zhaoshang.assessment.models.years import AssessmentYear
from zhaoshang.core.permissions import COUNTY_WIDE, RestrictedQuerySet

SCORE = {"max_digits": 7, "decimal_places": 2}
QUARTERS = [
    (1, _("first quarter")),
    (2, _("second quarter")),
    (3, _("third quarter")),
    (4, _("fourth quarter")),
]


class Tour(models.Model):
    """One tour: who presents what, who judges, by which criteria and which method."""

    unit_scope = COUNTY_WIDE

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    year = models.ForeignKey(
        AssessmentYear, on_delete=models.CASCADE, related_name="tours", verbose_name=_("year")
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=QUARTERS, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    name = models.CharField(_("name"), max_length=80)
    held_on = models.DateField(_("date"), null=True, blank=True)
    method = models.CharField(
        _("method"),
        max_length=10,
        choices=TourMethod.choices,
        default=TourMethod.WEIGHTED_AVERAGE,
    )
    mode = models.CharField(
        _("scoring form"), max_length=10, choices=TourMode.choices, default=TourMode.PER_PROJECT
    )
    place_first = models.DecimalField(
        _("points for first place"),
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0.01"))],
        **SCORE,
    )
    place_step = models.DecimalField(
        _("points less per place"),
        default=Decimal("3"),
        validators=[MinValueValidator(0)],
        **SCORE,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TourStatus.choices, default=TourStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # When the marks were frozen; a closed tour is never reopened, since rankings read it.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("observation tour")
        verbose_name_plural = _("observation tours")
        ordering = ["-year__year", "quarter", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter"],
                name="one_tour_per_quarter",
                violation_error_message=_("This year already has a tour for that quarter."),
            )
        ]

    def __str__(self):
        return self.name


class TourCriterion(models.Model):
    """A criterion judges mark, out of ``max_score``; its weight counts in the total."""

    unit_scope = COUNTY_WIDE

    tour = models.ForeignKey(
        Tour, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("tour")
    )
    name = models.CharField(_("name"), max_length=40)
    weight = models.DecimalField(_("weight (%)"), validators=[MinValueValidator(0)], **SCORE)
    max_score = models.DecimalField(
        _("maximum mark"), default=Decimal("100"), validators=[MinValueValidator(1)], **SCORE
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tour criterion")
        verbose_name_plural = _("tour criteria")
        ordering = ["tour", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tour", "name"], name="criterion_name_unique_in_tour")
        ]

    def __str__(self):
        return self.name


class TourJudge(models.Model):
    """A judge of a tour; a weighted average gives some judges more say (e.g. county leaders)."""

    unit_scope = COUNTY_WIDE

    tour = models.ForeignKey(
        Tour, on_delete=models.CASCADE, related_name="judges", verbose_name=_("tour")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tour_judgings",
        verbose_name=_("judge"),
    )
    weight = models.DecimalField(
        _("weight"),
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Counts in a weighted average only."),
        **SCORE,
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tour judge")
        verbose_name_plural = _("tour judges")
        ordering = ["tour", "pk"]
        constraints = [models.UniqueConstraint(fields=["tour", "user"], name="one_judge_seat")]

    def __str__(self):
        return str(self.user)


class TourEntry(models.Model):
    """What a unit presents on the tour: a project, or (per-unit scoring) the unit itself."""

    unit_scope = "unit"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    tour = models.ForeignKey(
        Tour, on_delete=models.CASCADE, related_name="entries", verbose_name=_("tour")
    )
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # A unit may put its own projects forward; it may withdraw only those.
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("put forward by"),
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tour entry")
        verbose_name_plural = _("tour entries")
        ordering = ["tour", "position", "pk"]
        # NULL never equals NULL in a unique index, hence one constraint per form mode.
        constraints = [
            models.UniqueConstraint(
                fields=["tour", "project"],
                condition=Q(project__isnull=False),
                name="project_once_per_tour",
                violation_error_message=_("This project is already on the tour."),
            ),
            models.UniqueConstraint(
                fields=["tour", "unit"],
                condition=Q(project__isnull=True),
                name="unit_once_per_tour",
                violation_error_message=_("This unit is already on the tour."),
            ),
        ]

    def __str__(self):
        return str(self.project or self.unit)


class TourMark(models.Model):
    """One judge's mark for one entry: per criterion, or a place when the tour votes."""

    unit_scope = "entry__unit"

    entry = models.ForeignKey(
        TourEntry, on_delete=models.CASCADE, related_name="marks", verbose_name=_("entry")
    )
    judge = models.ForeignKey(
        TourJudge, on_delete=models.CASCADE, related_name="marks", verbose_name=_("judge")
    )
    criterion = models.ForeignKey(
        TourCriterion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="marks",
        verbose_name=_("criterion"),
    )
    score = models.DecimalField(_("mark"), null=True, blank=True, **SCORE)
    place = models.PositiveSmallIntegerField(
        _("place"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    # Set by the service, so that marks loaded for past tours carry the tour's day.
    marked_at = models.DateTimeField(_("marked at"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tour mark")
        verbose_name_plural = _("tour marks")
        ordering = ["entry", "judge", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "judge", "criterion"],
                condition=Q(criterion__isnull=False),
                name="one_mark_per_criterion",
            ),
            models.UniqueConstraint(
                fields=["entry", "judge"],
                condition=Q(criterion__isnull=True),
                name="one_place_per_entry",
            ),
            models.UniqueConstraint(
                fields=["judge", "place"],
                condition=Q(place__isnull=False),
                name="each_place_once_per_judge",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0), name="mark_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.entry} · {self.judge}"
