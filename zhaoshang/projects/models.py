"""The project register (PRJ-1), its staged pipeline (PRJ-2/3) and the evidence behind it."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.permissions import RestrictedQuerySet
from zhaoshang.projects.choices import (
    EvidenceKind,
    FlagStatus,
    FundingSource,
    ProjectType,
    SpotCheckOutcome,
    StageKind,
)
from zhaoshang.reference.choices import Sector

MONEY = {"max_digits": 14, "decimal_places": 2}
_NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class CountySettings(models.Model):
    """County-wide numbers the bureau sets (one row)."""

    major_project_threshold = models.DecimalField(
        _("major project threshold (10k yuan)"),
        default=Decimal("50000"),
        validators=_NON_NEGATIVE,
        help_text=_("A project whose total investment reaches this amount is a major project."),
        **MONEY,
    )
    local_region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("the county's own province"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("county settings")
        verbose_name_plural = _("county settings")

    def __str__(self):
        return str(self.major_project_threshold)

    @classmethod
    def current(cls):
        return cls.objects.get_or_create(pk=1)[0]


class Stage(models.Model):
    """A stage of the pipeline, as data: its order, dwell limit and requirements."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=StageKind.choices)
    position = models.PositiveSmallIntegerField(_("order"), unique=True)
    max_dwell_days = models.PositiveIntegerField(
        _("maximum days in this stage"),
        null=True,
        blank=True,
        help_text=_("A project that stays longer is stalled. Empty means no limit."),
    )
    is_final = models.BooleanField(_("final stage"), default=False)
    landed = models.BooleanField(
        _("counts as landed"),
        default=False,
        help_text=_("Projects in this stage or a later one count as landed."),
    )

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["position"]

    def __str__(self):
        return self.name

    @property
    def is_pipeline(self):
        return self.kind == StageKind.PIPELINE


class StageRequirement(models.Model):
    """One thing a project must have to enter a stage; ``rule`` names a rule in
    ``projects/requirements.py`` so that the bureau can add or remove rules per stage."""

    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="requirements"
    )
    rule = models.CharField(_("requirement"), max_length=40)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("stage requirement")
        verbose_name_plural = _("stage requirements")
        ordering = ["stage__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "rule"], name="stage_requirement_unique")
        ]

    def __str__(self):
        return f"{self.stage}: {self.rule}"


class DropReason(models.Model):
    """Why a deal fell through (the county learns from these)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("drop reason")
        verbose_name_plural = _("drop reasons")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class Platform(models.Model):
    """A carrier platform (承载平台) that hosts projects: a zone, the new district, a park."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("managing unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="platforms",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("carrier platform")
        verbose_name_plural = _("carrier platforms")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class Enterprise(models.Model):
    """An investor. ``name_key`` is the normalised name used to find the same investor under
    a slightly different spelling."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    name_key = models.CharField(_("normalised name"), max_length=120, db_index=True, editable=False)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, null=True, blank=True, unique=True
    )
    region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    industry = models.ForeignKey(
        "reference.IndustryDivision",
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_locally = models.BooleanField(_("registered in the county"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Project(models.Model):
    """A project in the register, claimed by one unit and followed stage by stage."""

    unit_scope = "unit"

    code = models.SlugField(_("project code"), max_length=20, unique=True, editable=False)
    name = models.CharField(_("project name"), max_length=120)
    name_key = models.CharField(_("normalised name"), max_length=120, db_index=True, editable=False)
    investor_name = models.CharField(_("investor"), max_length=120)
    investor_key = models.CharField(
        _("normalised investor"), max_length=120, db_index=True, editable=False
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("registered enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    origin_region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("origin region"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    industry = models.ForeignKey(
        "reference.IndustryDivision",
        verbose_name=_("industry"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sector = models.PositiveSmallIntegerField(_("sector"), choices=Sector.choices, editable=False)
    strategic_field = models.ForeignKey(
        "reference.StrategicField",
        verbose_name=_("strategic emerging field"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    total_investment = models.DecimalField(
        _("total investment (10k yuan)"), validators=_NON_NEGATIVE, **MONEY
    )
    funds_in_place = models.DecimalField(
        _("funds in place (10k yuan)"), default=Decimal("0"), validators=_NON_NEGATIVE, **MONEY
    )
    foreign_funds_usd = models.DecimalField(
        _("foreign funds in place (10k US dollars)"),
        default=Decimal("0"),
        validators=_NON_NEGATIVE,
        **MONEY,
    )
    is_major = models.BooleanField(_("major project"), default=False, editable=False)
    funding_source = models.CharField(
        _("funding source"),
        max_length=12,
        choices=FundingSource.choices,
        default=FundingSource.ENTERPRISE,
    )
    project_type = models.CharField(
        _("project type"), max_length=12, choices=ProjectType.choices, default=ProjectType.NEW
    )
    platform = models.ForeignKey(
        Platform,
        verbose_name=_("carrier platform"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    site = models.CharField(_("site"), max_length=200, blank=True)
    site_key = models.CharField(_("normalised site"), max_length=200, blank=True, editable=False)
    land_area_mu = models.DecimalField(
        _("land need (mu)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_NON_NEGATIVE,
    )
    land_secured = models.BooleanField(_("land or building secured"), default=False)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("claiming unit"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="projects"
    )
    stage_entered_at = models.DateTimeField(_("in this stage since"))
    stage_deadline = models.DateField(_("stage deadline"), null=True, blank=True, db_index=True)
    resume_stage = models.ForeignKey(
        Stage,
        verbose_name=_("stage to resume"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resume_date = models.DateField(_("resume date"), null=True, blank=True)
    pause_reason = models.CharField(_("pause reason"), max_length=200, blank=True)
    drop_reason = models.ForeignKey(
        DropReason,
        verbose_name=_("drop reason"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    next_action = models.CharField(_("next action"), max_length=200, blank=True)
    next_action_date = models.DateField(_("next action date"), null=True, blank=True, db_index=True)
    signing_date = models.DateField(_("signing date"), null=True, blank=True)
    signed_amount = models.DecimalField(
        _("signed amount (10k yuan)"), null=True, blank=True, validators=_NON_NEGATIVE, **MONEY
    )
    start_date = models.DateField(_("construction start date"), null=True, blank=True)
    production_date = models.DateField(_("production date"), null=True, blank=True)
    team_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("county leader in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    team_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    team_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project manager"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    team_assistant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project assistant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_lead = models.BooleanField(_("reported as a lead"), default=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    suspected_repeat = models.BooleanField(_("suspected repeat"), default=False, db_index=True)
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    # Not auto_now_add: a project registered from an old ledger keeps its real date.
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "stage"], name="project_unit_stage"),
            models.Index(fields=["stage", "created_at"], name="project_stage_created"),
            # The list's most used view: one stage, largest investment first. At a million
            # projects the sort and the count read this index instead of the table.
            models.Index(
                fields=["stage", "-total_investment", "-id"], name="project_stage_investment"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_verified(self):
        return self.verified_at is not None


class CreditShare(models.Model):
    """How a project's credit is split between units; the shares of a project sum to 100 %."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="credit_shares"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="credit_shares"
    )
    percent = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("credit share")
        verbose_name_plural = _("credit shares")
        ordering = ["-percent", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["project", "unit"], name="credit_share_unique")
        ]

    def __str__(self):
        return f"{self.unit} {self.percent}%"


def evidence_path(instance, filename):
    """Stored under a generated name: the uploader's file name is kept only as metadata."""
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"evidence/{instance.project_id}/{uuid.uuid4().hex}.{suffix}"


class Evidence(models.Model):
    """A file that proves something about a project: contract, licence, site photo…"""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("original file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class Transition(models.Model):
    """One recorded step of a project: who moved it, when, from where to where, and why."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_stage = models.ForeignKey(
        Stage,
        verbose_name=_("from stage"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_stage = models.ForeignKey(
        Stage, verbose_name=_("to stage"), on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), db_index=True)
    days_in_previous = models.PositiveIntegerField(_("days in the previous stage"), null=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    evidence = models.ManyToManyField(Evidence, verbose_name=_("evidence"), blank=True)

    class Meta:
        verbose_name = _("stage transition")
        verbose_name_plural = _("stage transitions")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.project_id}: {self.from_stage} → {self.to_stage}"


class RepeatFlag(models.Model):
    """A suspicion that ``project`` repeats ``earlier`` (PRJ-6), until the bureau resolves it."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="repeat_flags"
    )
    earlier = models.ForeignKey(
        Project, verbose_name=_("earlier project"), on_delete=models.CASCADE, related_name="+"
    )
    reasons = models.JSONField(_("reasons"), default=list)
    score = models.PositiveSmallIntegerField(_("similarity"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN
    )
    resolution_note = models.CharField(_("resolution note"), max_length=300, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("flagged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("suspected repeat")
        verbose_name_plural = _("suspected repeats")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "earlier"], name="repeat_flag_unique")
        ]

    def __str__(self):
        return f"{self.project_id} ~ {self.earlier_id}"


class SpotCheck(models.Model):
    """A reproducible random draw of landed projects for on-site checking."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=100)
    seed = models.BigIntegerField(_("random seed"))
    size = models.PositiveIntegerField(_("sample size"))
    population = models.PositiveIntegerField(_("projects in the population"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    drawn_at = models.DateTimeField(_("drawn at"), auto_now_add=True)

    class Meta:
        verbose_name = _("spot check")
        verbose_name_plural = _("spot checks")
        ordering = ["-drawn_at", "-pk"]

    def __str__(self):
        return self.title


class SpotCheckItem(models.Model):
    """One drawn project and what the check on site found."""

    spot_check = models.ForeignKey(
        SpotCheck, verbose_name=_("spot check"), on_delete=models.CASCADE, related_name="items"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="spot_checks"
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=12,
        choices=SpotCheckOutcome.choices,
        default=SpotCheckOutcome.PENDING,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("spot check item")
        verbose_name_plural = _("spot check items")
        ordering = ["spot_check", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["spot_check", "project"], name="spot_check_item_unique")
        ]

    def __str__(self):
        return f"{self.spot_check_id}: {self.project_id}"
