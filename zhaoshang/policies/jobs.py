"""The daily expiry alert: the bureau hears about each policy once, ``NOTICE_DAYS`` before it
expires, so it can look for the successor document in time."""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from zhaoshang.core import jobs
from zhaoshang.core.notifications import notify
from zhaoshang.core.roles import POLICY_MANAGE, roles_with
from zhaoshang.orgs.models import User
from zhaoshang.policies.choices import PolicyStatus
from zhaoshang.policies.models import Policy

NOTICE_DAYS = 30


def _bureau():
    return User.objects.filter(
        is_active=True,
        memberships__role__in=roles_with(POLICY_MANAGE),
        memberships__unit__is_active=True,
    ).distinct()


@jobs.register("policies.expiring")
@transaction.atomic
def alert_expiring(today):
    due = list(
        Policy.objects.select_for_update()
        .filter(
            status=PolicyStatus.IN_FORCE,
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=NOTICE_DAYS),
            expiry_notified_on__isnull=True,
        )
        .order_by("expires_on", "pk")
    )
    if not due:
        return _("No policy expires within %(days)s days.") % {"days": NOTICE_DAYS}
    people = list(_bureau())
    for policy in due:
        notify(
            users=people,
            title=_("Policy expires on %(date)s: %(title)s")
            % {"date": policy.expires_on.isoformat(), "title": policy.title},
            body=_(
                "%(policy)s expires in %(days)s days. Check whether it is extended or "
                "replaced, and record the new document in the library."
            )
            % {"policy": policy, "days": (policy.expires_on - today).days},
            link=reverse("policies:detail", args=[policy.public_id]),
        )
        policy.expiry_notified_on = today
    Policy.objects.bulk_update(due, ["expiry_notified_on"])
    return _("%(count)s expiring policies reported to %(people)s people.") % {
        "count": len(due),
        "people": len(people),
    }
