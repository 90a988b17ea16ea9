"""What the bureau configures: the leading group, the opinion time limit and decision rule, and
the catalogue of approval procedures (MEC-1, MEC-2)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.permissions import COUNTY_WIDE, RestrictedQuerySet
from zhaoshang.mechanisms.choices import DecisionRule


class MechanismSettings(models.Model):
    """The county's single row of review settings."""

    unit_scope = COUNTY_WIDE

    opinion_days = models.PositiveSmallIntegerField(
        _("working days for an opinion"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Each member department gives its opinion within this many working days."),
    )
    # Projects signed before the group existed went through no review; the gates spare them.
    review_since = models.DateField(
        _("reviews required for signings from"),
        null=True,
        blank=True,
        help_text=_(
            "Projects signed before this date need no review to have been signed or to land. "
            "Set when the leading group is first formed."
        ),
    )
    decision_rule = models.CharField(
        _("decision"),
        max_length=10,
        choices=DecisionRule.choices,
        default=DecisionRule.ANY_AGAINST_BLOCKS,
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("review settings")
        verbose_name_plural = _("review settings")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def get(cls):
        return cls.objects.get_or_create(pk=1)[0]


class LeadingGroupMember(models.Model):
    """A department on the project leading group; each one gives an opinion on every review."""

    unit_scope = COUNTY_WIDE

    department = models.OneToOneField(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("leading group member")
        verbose_name_plural = _("leading group members")
        ordering = ["position", "pk"]

    def __str__(self):
        return str(self.department)


class ProcedureType(models.Model):
    """A kind of approval procedure (立项备案, 环评, 施工许可…): its department, its time limit
    in working days, and the projects that need it."""

    unit_scope = COUNTY_WIDE

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=40, unique=True)
    department = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    time_limit_days = models.PositiveSmallIntegerField(
        _("time limit (working days)"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    mandatory = models.BooleanField(
        _("mandatory"),
        default=True,
        help_text=_("Mandatory procedures must be done before the project may land."),
    )
    for_primary = models.BooleanField(_("primary industry projects"), default=True)
    for_secondary = models.BooleanField(_("secondary industry projects"), default=True)
    for_tertiary = models.BooleanField(_("tertiary industry projects"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("procedure type")
        verbose_name_plural = _("procedure types")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name

    def applies_to(self, sector):
        return {1: self.for_primary, 2: self.for_secondary, 3: self.for_tertiary}.get(sector, True)
