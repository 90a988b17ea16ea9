"""The project team's problem list (问题清单, MEC-4): what stands in the way until 投产."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.mechanisms.choices import ItemStatus, ProblemCategory
from zhaoshang.mechanisms.models.scoping import TwoPathQuerySet


class Problem(models.Model):
    """One problem of one project, owned by the unit that must solve it by a deadline.

    The project's unit keeps the list; the owner unit sees what it must solve."""

    unit_scope = "project__unit"
    department_scope = "owner_unit"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="problems",
        verbose_name=_("project"),
    )
    category = models.CharField(_("category"), max_length=12, choices=ProblemCategory.choices)
    description = models.CharField(_("problem"), max_length=300)
    owner_unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner unit")
    )
    deadline = models.DateField(_("deadline"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    resolution = models.CharField(_("how it was solved"), max_length=300, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("raised by"),
    )
    raised_on = models.DateField(_("raised on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    reminded_on = models.DateField(_("overdue reminder sent"), null=True, blank=True)

    objects = TwoPathQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["status", "deadline", "pk"]

    def __str__(self):
        return self.description
