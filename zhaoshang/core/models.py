"""The audit trail: append-only, hash-chained events (DESIGN section 4)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.choices import AuditCategory


class AuditEvent(models.Model):
    """One security or business event.

    Each row stores the hash of the row before it; ``manage.py audit_verify`` recomputes the
    chain, so a row edited or deleted behind the application's back is found.
    """

    created_at = models.DateTimeField(_("time"), db_index=True)
    category = models.CharField(_("category"), max_length=10, choices=AuditCategory.choices)
    action = models.CharField(_("event"), max_length=40, db_index=True)
    success = models.BooleanField(_("succeeded"), default=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(_("actor user name"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-pk"]

    def __str__(self):
        return f"#{self.pk} {self.action} {self.actor_name}"


class AuditChainHead(models.Model):
    """The single row holding the last hash. Locking it serialises writers of the chain, and
    comparing it with the last event finds rows cut off the end."""

    last_event_id = models.BigIntegerField(_("last event"), default=0)
    last_hash = models.CharField(_("last hash"), max_length=64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")

    def __str__(self):
        return f"{self.last_event_id}:{self.last_hash[:12]}"


class Notification(models.Model):
    """A message for one user inside the application (the bell), e.g. a report reminder.

    E-mail is only a copy sent when the user has an address; the in-app row is what counts,
    since intranet users often have no mail.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.title
