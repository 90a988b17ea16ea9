"""The policy library (POL-1): documents, their articles and attachments, and the categories
they are filed under. Every row is county-wide: the library is the same for every unit."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.permissions import COUNTY_WIDE, RestrictedQuerySet
from zhaoshang.policies.choices import PolicyLevel, PolicyStatus


class PolicyCategory(models.Model):
    """A heading policies are filed and handbooks are sectioned under (民营经济, 用地, 税收…)."""

    unit_scope = COUNTY_WIDE

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=30, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy category")
        verbose_name_plural = _("policy categories")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class Policy(models.Model):
    """One policy document: who issued it, under which 文号, when it runs, and its text.

    ``replaced_by`` links an amended or repealed document to the one that amended or repealed
    it; the newer document lists the older ones as ``replaces``.
    """

    unit_scope = COUNTY_WIDE

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=PolicyLevel.choices)
    issuer = models.CharField(_("issuer"), max_length=100)
    doc_number = models.CharField(
        _("document reference number"),
        max_length=40,
        blank=True,
        help_text=_("As printed, e.g. 国发〔2021〕7号; leave empty when the document has none."),
    )
    issued_on = models.DateField(_("issue date"))
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PolicyStatus.choices,
        default=PolicyStatus.IN_FORCE,
        db_index=True,
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("amended or repealed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    categories = models.ManyToManyField(
        PolicyCategory, verbose_name=_("categories"), related_name="policies"
    )
    industries = models.ManyToManyField(
        "reference.IndustryDivision",
        verbose_name=_("applicable industries"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty when the policy is not tied to particular industries."),
    )
    strategic_fields = models.ManyToManyField(
        "reference.StrategicField",
        verbose_name=_("applicable strategic emerging fields"),
        blank=True,
        related_name="+",
    )
    regions = models.CharField(
        _("applicable regions"),
        max_length=200,
        blank=True,
        help_text=_("Where it applies, e.g. the whole province, or one development zone."),
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the text was taken from, e.g. a government website or gazette."),
    )
    full_text = models.TextField(_("full text"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when the bureau was told the policy is about to expire, so it is told once; cleared
    # when the expiry date changes.
    expiry_notified_on = models.DateField(_("expiry alert sent on"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["level", "issued_on"], name="policy_level_issued")]

    def __str__(self):
        return f"{self.title}（{self.doc_number}）" if self.doc_number else self.title


class PolicyArticle(models.Model):
    """One article (第一条, 一、…) of a policy's text: the unit search finds and handbooks cite.

    ``search_title`` and ``search_body`` hold the segmented words the full-text index reads
    (words separated by spaces); the services write them with the article.
    """

    unit_scope = COUNTY_WIDE

    policy = models.ForeignKey(
        Policy, on_delete=models.CASCADE, related_name="articles", verbose_name=_("policy")
    )
    position = models.PositiveIntegerField(_("order"))
    chapter = models.CharField(_("chapter"), max_length=100, blank=True)
    heading = models.CharField(_("clause"), max_length=30, blank=True)
    text = models.TextField(_("text"))
    is_key = models.BooleanField(
        _("key article"), default=False, help_text=_("Printed in handbooks.")
    )
    search_title = models.TextField(_("indexed title"), editable=False, default="")
    search_body = models.TextField(_("indexed text"), editable=False, default="")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy article")
        verbose_name_plural = _("policy articles")
        ordering = ["policy", "position"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "position"], name="article_position_unique")
        ]

    def __str__(self):
        return f"{self.policy.title} {self.heading}".strip()

    @property
    def label(self):
        return self.heading or self.text[:12]


class PolicyAttachment(models.Model):
    """A file that belongs to a policy (the signed PDF, an annex form); stored under a
    generated name and always served as a download."""

    unit_scope = COUNTY_WIDE

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    policy = models.ForeignKey(
        Policy, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("policy")
    )
    name = models.CharField(_("file name"), max_length=150)
    file = models.FileField(_("file"), upload_to="policies/%Y/")
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy attachment")
        verbose_name_plural = _("policy attachments")
        ordering = ["policy", "pk"]

    def __str__(self):
        return self.name
