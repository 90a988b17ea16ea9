"""Saved searches and compiled handbooks (小册子, POL-2)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.permissions import COUNTY_WIDE, RestrictedQuerySet
from zhaoshang.policies.models.library import Policy, PolicyCategory


class SavedSearch(models.Model):
    """A search kept by name (its words and filters as a query string), to run again or to
    compile a handbook from. Shared county-wide: the bureau keeps them for everyone."""

    unit_scope = COUNTY_WIDE

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=80, unique=True)
    query = models.CharField(_("search"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Handbook(models.Model):
    """One compiled edition: the DOCX is kept as it was compiled, dated; the policies it holds
    are listed so that the print view shows the same selection."""

    unit_scope = COUNTY_WIDE

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=100)
    compiler = models.CharField(_("compiled by (office)"), max_length=100)
    categories = models.ManyToManyField(
        PolicyCategory, verbose_name=_("categories"), related_name="+"
    )
    policies = models.ManyToManyField(Policy, verbose_name=_("policies"), related_name="+")
    file = models.FileField(_("file"), upload_to="handbooks/%Y/")
    compiled_at = models.DateTimeField(_("compiled at"))
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compiled by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("handbook")
        verbose_name_plural = _("handbooks")
        ordering = ["-compiled_at", "-pk"]

    def __str__(self):
        return self.title
