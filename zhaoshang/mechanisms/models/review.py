"""Comprehensive review by the project leading group (综合审定, MEC-1)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.permissions import RestrictedQuerySet, scope_paths
from zhaoshang.mechanisms.choices import ReviewStatus, Verdict
from zhaoshang.mechanisms.models.scoping import TwoPathQuerySet, _units


class ReviewQuerySet(RestrictedQuerySet):
    """The project's unit sees its reviews; a member department sees those it gives an opinion
    on (an EXISTS, so a review is listed once however many opinions match)."""

    def restrict(self, user, action):
        paths = scope_paths(user, action)
        if not paths:
            return self.none()
        units = _units(paths)
        asked = Opinion.objects.filter(review=OuterRef("pk"), department__in=units)
        return self.filter(Q(project__unit__in=units) | Exists(asked))


class Review(models.Model):
    """One submission of a project to the leading group, and the group's decision."""

    unit_scope = "project__unit"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("project"),
    )
    summary = models.TextField(_("material summary"))
    material = models.FileField(_("material"), upload_to="reviews/%Y/", blank=True, max_length=200)
    material_name = models.CharField(_("original file name"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_on = models.DateField(_("submitted on"))
    due_date = models.DateField(_("opinions due"), db_index=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_note = models.TextField(_("decision and conditions"), blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("comprehensive review")
        verbose_name_plural = _("comprehensive reviews")
        ordering = ["-submitted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status="open"),
                name="one_open_review_per_project",
                violation_error_message=_("The project already has a review awaiting opinions."),
            )
        ]

    def __str__(self):
        return f"{self.project.name} · {self.submitted_on:%Y-%m-%d}"


class Opinion(models.Model):
    """A member department's opinion on a review, due within the group's time limit."""

    unit_scope = "review__project__unit"
    department_scope = "department"

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="opinions", verbose_name=_("review")
    )
    department = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    verdict = models.CharField(
        _("opinion"), max_length=12, choices=Verdict.choices, default=Verdict.PENDING
    )
    text = models.TextField(_("conditions or reasons"), blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("given by"),
    )
    given_on = models.DateField(_("given on"), null=True, blank=True)
    due_date = models.DateField(_("due"), db_index=True)
    # Set when the overdue reminder went out, so each department is reminded once.
    reminded_on = models.DateField(_("overdue reminder sent"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TwoPathQuerySet.as_manager()

    class Meta:
        verbose_name = _("department opinion")
        verbose_name_plural = _("department opinions")
        ordering = ["review", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "department"], name="one_opinion_each")
        ]

    def __str__(self):
        return f"{self.department} · {self.get_verdict_display()}"
