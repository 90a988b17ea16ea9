"""Run the periodic jobs once, by hand or from cron where no task consumer runs."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from zhaoshang.core import jobs
from zhaoshang.mechanisms.tasks import run_jobs_today


class Command(BaseCommand):
    help = "Run every registered periodic job (reminders, escalations, alerts) once."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as of this date (YYYY-MM-DD); default today.")
        parser.add_argument("--list", action="store_true", help="Only list the jobs.")

    def handle(self, *args, date=None, list=False, **options):
        if list:
            for job in jobs.registered():
                self.stdout.write(job.name)
            return
        today = None
        if date:
            try:
                today = dt.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date {date!r} is not a date (YYYY-MM-DD).") from None
        failed = 0
        for name, summary, error in run_jobs_today(today):
            if error is not None:
                failed += 1
                self.stderr.write(f"{name}: FAILED {error!r}")
            else:
                self.stdout.write(f"{name}: {summary}")
        if failed:
            raise CommandError(f"{failed} job(s) failed.")
