"""The periodic task that runs every registered job once a day (``core.jobs``).

huey's consumer (``manage.py run_huey``) runs it: against SQLite under DATA_DIR by default,
on Redis when JOBS_REDIS_URL is set, so several app servers share one schedule. Each job is
safe to run twice, so a second consumer or a manual ``run_jobs`` does no harm.
"""

import logging

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zhaoshang.core import jobs

logger = logging.getLogger(__name__)


def run_jobs_today(today=None):
    """Run every job for ``today`` (the county's date); log each result, return them."""
    today = today or timezone.localdate()
    results = jobs.run_all(today)
    for name, summary, error in results:
        if error is not None:
            logger.error("job %s failed: %r", name, error)
        else:
            logger.info("job %s: %s", name, summary)
    return results


@db_periodic_task(crontab(minute="0", hour=str(settings.JOBS_HOUR)))
def daily_jobs():
    return run_jobs_today()
