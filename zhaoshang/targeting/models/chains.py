"""Industry chains (产业链, TGT-2): links up, mid and downstream, the enterprises on each link
here and elsewhere, and the projects built around them."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.permissions import COUNTY_WIDE, RestrictedQuerySet
from zhaoshang.targeting.choices import ChainKind, LinkRole, Segment


class Chain(models.Model):
    """A chain of one of the county's leading industries or of a strategic emerging field."""

    unit_scope = COUNTY_WIDE

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ChainKind.choices)
    strategic_field = models.ForeignKey(
        "reference.StrategicField",
        verbose_name=_("strategic emerging field"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("industry chain")
        verbose_name_plural = _("industry chains")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class ChainLink(models.Model):
    """A link of a chain. It is weak when fewer local enterprises and projects than
    ``weak_below`` sit on it: that is where the county packages projects to attract."""

    unit_scope = COUNTY_WIDE

    chain = models.ForeignKey(
        Chain, verbose_name=_("industry chain"), on_delete=models.CASCADE, related_name="links"
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40)
    segment = models.CharField(_("segment"), max_length=4, choices=Segment.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    weak_below = models.PositiveSmallIntegerField(
        _("weak below"),
        default=2,
        validators=[MinValueValidator(1)],
        help_text=_("The link is weak while it has fewer local enterprises and projects."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chain link")
        verbose_name_plural = _("chain links")
        ordering = ["chain__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "name"], name="chain_link_name_unique")
        ]

    def __str__(self):
        return f"{self.chain.name} · {self.name}"


class LinkEnterprise(models.Model):
    """An enterprise on a link: a local one, or a target elsewhere to be courted."""

    unit_scope = COUNTY_WIDE

    link = models.ForeignKey(
        ChainLink, verbose_name=_("chain link"), on_delete=models.CASCADE, related_name="members"
    )
    enterprise = models.ForeignKey(
        "projects.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="chain_links",
    )
    role = models.CharField(_("role"), max_length=10, choices=LinkRole.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise on a link")
        verbose_name_plural = _("enterprises on links")
        ordering = ["link", "role", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["link", "enterprise"], name="link_enterprise_unique")
        ]

    def __str__(self):
        return f"{self.link}: {self.enterprise}"


class ProjectLink(models.Model):
    """Which chain link a project builds: one per project, chosen on the project's page."""

    unit_scope = "project__unit"

    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="chain_link",
    )
    link = models.ForeignKey(
        ChainLink, verbose_name=_("chain link"), on_delete=models.PROTECT, related_name="projects"
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("project's chain link")
        verbose_name_plural = _("projects' chain links")

    def __str__(self):
        return f"{self.project_id}: {self.link}"
