"""一事一议 decision meetings for major projects (MEC-3).

A meeting is county business: everyone who follows the mechanisms reads it and its minutes;
its follow-up tasks are scoped to the units that own them.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.permissions import COUNTY_WIDE, RestrictedQuerySet
from zhaoshang.mechanisms.choices import Decision, ItemStatus, MeetingStatus, Stance, Topic


class Meeting(models.Model):
    unit_scope = COUNTY_WIDE

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=100)
    number = models.CharField(_("minutes number"), max_length=40, blank=True)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chair"),
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("attendees")
    )
    others_present = models.CharField(
        _("also present"),
        max_length=300,
        blank=True,
        help_text=_("People without an account, e.g. the investor's representatives."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision meeting")
        verbose_name_plural = _("decision meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.title


class AgendaItem(models.Model):
    """One matter of one major project put to the meeting, and what the meeting decided."""

    unit_scope = COUNTY_WIDE

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    topic = models.CharField(_("matter"), max_length=20, choices=Topic.choices)
    proposal = models.TextField(_("proposal"))
    material = models.FileField(_("material"), upload_to="meetings/%Y/", blank=True)
    material_name = models.CharField(_("original file name"), max_length=200, blank=True)
    decision = models.CharField(
        _("decision"), max_length=12, choices=Decision.choices, default=Decision.PENDING
    )
    conditions = models.TextField(_("conditions and reasons"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self):
        return f"{self.project.name} · {self.get_topic_display()}"


class AgendaStance(models.Model):
    """An attendee's position on an agenda item, recorded in the minutes."""

    unit_scope = COUNTY_WIDE

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="stances", verbose_name=_("agenda item")
    )
    attendee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("attendee"),
    )
    stance = models.CharField(_("position"), max_length=12, choices=Stance.choices)
    remark = models.CharField(_("remark"), max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendee position")
        verbose_name_plural = _("attendee positions")
        ordering = ["item", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "attendee"], name="one_stance_each")]

    def __str__(self):
        return f"{self.attendee} · {self.get_stance_display()}"


class FollowUpTask(models.Model):
    """Work the meeting assigned: an owner unit (and person), a deadline, done or not."""

    unit_scope = "owner_unit"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("agenda item")
    )
    description = models.CharField(_("task"), max_length=300)
    owner_unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner unit")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person responsible"),
    )
    deadline = models.DateField(_("deadline"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=300, blank=True)
    reminded_on = models.DateField(_("overdue reminder sent"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        ordering = ["deadline", "pk"]

    def __str__(self):
        return self.description
