"""Outbound trips (外出招商) and every visit, incoming visit and negotiation (洽谈记录)."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.permissions import RestrictedQuerySet
from zhaoshang.targeting.choices import VisitKind

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Trip(models.Model):
    """A unit's trip to a source region: who went, what it cost, whom they saw."""

    unit_scope = "unit"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="trips"
    )
    title = models.CharField(_("title"), max_length=100)
    region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("destination region"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    city = models.CharField(_("city"), max_length=40, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), related_name="trips", blank=True
    )
    budget = models.DecimalField(_("budget (10k yuan)"), default=Decimal("0"), **MONEY)
    expenses = models.DecimalField(_("actual expenses (10k yuan)"), null=True, blank=True, **MONEY)
    purpose = models.TextField(_("purpose"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbound trip")
        verbose_name_plural = _("outbound trips")
        ordering = ["-start_date", "-pk"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The trip cannot end before it starts.")})


class Visit(models.Model):
    """One contact with an investor: a visit on a trip, their visit here, a negotiation."""

    unit_scope = "unit"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="visits"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=VisitKind.choices)
    trip = models.ForeignKey(
        Trip,
        verbose_name=_("trip"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="visits",
    )
    investor = models.ForeignKey(
        "targeting.Investor",
        verbose_name=_("investor"),
        on_delete=models.CASCADE,
        related_name="visits",
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("venue"), max_length=100, blank=True)
    participants = models.CharField(_("who took part"), max_length=200, blank=True)
    summary = models.TextField(_("what was discussed"))
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)
    follow_up = models.CharField(_("follow-up action"), max_length=200, blank=True)
    follow_up_date = models.DateField(_("follow-up by"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"

    def clean(self):
        super().clean()
        if self.follow_up and not self.follow_up_date:
            raise ValidationError({"follow_up_date": _("Give the date the follow-up is due.")})
        if self.trip_id and self.kind != VisitKind.OUTBOUND:
            raise ValidationError({"kind": _("A visit on a trip is a visit on a trip.")})
