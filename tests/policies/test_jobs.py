"""The daily expiry alert tells the bureau about each policy once."""

import datetime as dt

import pytest

from zhaoshang.core import jobs
from zhaoshang.core.models import Notification
from zhaoshang.policies.jobs import alert_expiring

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)


def test_policies_expiring_soon_are_reported_once_to_the_bureau(make_policy, cast):
    soon = make_policy(title="快到期的政策", expires_on=dt.date(2026, 12, 20))
    make_policy(title="远未到期", expires_on=dt.date(2027, 6, 1))
    make_policy(title="已过期", expires_on=dt.date(2026, 11, 1), issued_on=dt.date(2020, 1, 1))
    alert_expiring(TODAY)
    notes = Notification.objects.filter(title__contains="快到期的政策")
    assert notes.filter(recipient=cast["bureau_admin"]).count() == 1
    assert not notes.filter(recipient=cast["unit_a_staff"]).exists()
    assert not Notification.objects.filter(title__contains="远未到期").exists()
    assert not Notification.objects.filter(title__contains="已过期").exists()
    assert notes.first().link == f"/policies/{soon.public_id}/"
    alert_expiring(TODAY + dt.timedelta(days=1))
    assert Notification.objects.filter(title__contains="快到期的政策").count() == notes.count()


def test_the_job_is_registered():
    assert "policies.expiring" in {job.name for job in jobs.registered()}
