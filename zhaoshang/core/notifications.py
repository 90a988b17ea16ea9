"""In-app notifications (the bell) with an e-mail copy, for reminders and alerts.

A notification belongs to one user and only that user reads or marks it; nothing else about it
is scoped. Writing one is always part of some other service's work (a reminder, an alert), which
audits the business event; the notification itself is the delivery, not a business object.
"""

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.models import Notification


def _clean_link(link):
    # Only a path inside the application: a notification must never send anyone elsewhere.
    if link and (not link.startswith("/") or link.startswith("//")):
        raise ValidationError(_("A notification links only to a page of this system."))
    return link


def _mail(recipients, title, body, link):
    lines = [body] if body else []
    if link:
        lines.append(_("Open in the system: %(link)s") % {"link": link})
    text = "\n\n".join(lines)
    for email in recipients:
        # One message per person: recipients must not see each other's addresses.
        send_mail(title, text, None, [email], fail_silently=True)


@transaction.atomic
def notify(*, users, title, body="", link="", at=None):
    """Give each of ``users`` a notification; those with an e-mail address also get a copy
    once the transaction commits (so a rolled-back reminder sends nothing)."""
    link = _clean_link(link)
    now = at or timezone.now()
    people = {user.pk: user for user in users if user.is_active}
    rows = [
        Notification(recipient=user, title=title[:200], body=body, link=link, created_at=now)
        for user in people.values()
    ]
    Notification.objects.bulk_create(rows)
    emails = sorted({user.email for user in people.values() if user.email})
    if emails:
        transaction.on_commit(lambda: _mail(emails, title, body, link))
    return rows


def unread_count(user):
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user):
    return Notification.objects.filter(recipient=user)


@transaction.atomic
def notification_read(*, actor, notification_id):
    """Mark one of the actor's own notifications read; another user's is not found."""
    notification = (
        Notification.objects.select_for_update().filter(recipient=actor, pk=notification_id).first()
    )
    if notification is None:
        return None
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_read_all(*, actor):
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
